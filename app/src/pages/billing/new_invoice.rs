use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use super::fields::{FieldMessage, FormProblems, Input};
use super::today_value;
use crate::auth::Permission;
use crate::billing::{CreateInvoice, MatterRef, NewInvoiceForm, billable_matters};
use crate::components::{PageHeader, SubmitButton};
use crate::error::{AppError, FieldError};
use crate::pages::matters::{ClientChoice, ClientPicker};
use crate::site::user_can;

/// The fields the new-invoice form shows messages under.
const FIELDS: &[&str] = &["client_id", "matter_ids", "from", "to"];

/// `/billing/invoices/new`: drafts an invoice for a client (`?client={id}` picks that client to
/// start with) from the unbilled work of its matters, or empty.
#[component]
pub fn NewInvoicePage() -> impl IntoView {
    view! {
        <Title text="New invoice"/>
        <A href="/billing/invoices" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All invoices"</A>
        <div class="mt-3">
            <PageHeader title="New invoice" subtitle="A draft gathers the client's unbilled billable time and expenses. Check it, then issue it."/>
        </div>
        {if user_can(Permission::BillingManage) {
            view! { <NewInvoiceForm/> }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your role does not prepare invoices. Ask your firm's administrator if you need to."</p> }.into_any()
        }}
    }
}

#[component]
fn NewInvoiceForm() -> impl IntoView {
    let client = ClientChoice::from_url();
    let matters = RwSignal::new(Vec::<Uuid>::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(today_value());
    let empty = RwSignal::new(false);
    let create = ServerAction::<CreateInvoice>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = create.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(invoice)) = server.get() {
            navigate(
                &format!("/billing/invoices/{}", invoice.id),
                Default::default(),
            );
        }
    });
    // The matters ticked are the client's they were ticked for.
    Effect::new(move |last: Option<Option<Uuid>>| {
        let now = client.get().map(|c| c.id);
        if last.is_some_and(|last| last != now) {
            matters.set(Vec::new());
        }
        now
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = untrack(|| client.get()) else {
            local.set(Some(AppError::Invalid(vec![FieldError {
                field: "client_id".into(),
                message: "Choose the client to bill.".into(),
            }])));
            return;
        };
        local.set(None);
        create.dispatch(CreateInvoice {
            form: NewInvoiceForm {
                client_id: chosen.id.to_string(),
                matter_ids: matters
                    .get_untracked()
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                from: from.get_untracked(),
                to: to.get_untracked(),
                empty: if empty.get_untracked() {
                    "true".into()
                } else {
                    String::new()
                },
            },
        });
    };
    view! {
        <form data-testid="invoice-form" novalidate on:submit=submit
            class="max-w-2xl space-y-5 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <div class="space-y-1">
                <ClientPicker choice=client/>
                <FieldMessage id="new-invoice-client_id-error" name="client_id" errors hint=None/>
            </div>
            <MatterChoices client chosen=matters errors/>
            <div class="grid gap-4 sm:grid-cols-2">
                <Input form="new-invoice" name="from" posted="form[from]" label="Work from" kind="date" value=from errors
                    hint="Leave empty to include all earlier work."/>
                <Input form="new-invoice" name="to" posted="form[to]" label="Work up to" kind="date" value=to errors/>
            </div>
            <label class="flex items-start gap-3">
                <input type="checkbox" name="form[empty]" value="true" data-testid="invoice-empty"
                    prop:checked=move || empty.get()
                    on:change=move |ev| empty.set(event_target_checked(&ev))
                    class="mt-1 h-4 w-4 rounded border-slate-300 text-indigo-600"/>
                <span>
                    <span class="block text-sm font-medium text-slate-900">"Start with an empty invoice"</span>
                    <span class="block text-sm text-slate-500">"Add its lines by hand instead of from unbilled work."</span>
                </span>
            </label>
            <FormProblems errors fields=FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label="Create draft" pending=create.pending()/>
            </div>
        </form>
    }
}

/// The client's matters the user may bill, as checkboxes (`form[matter_ids][i]`).
#[component]
fn MatterChoices(
    client: ClientChoice,
    chosen: RwSignal<Vec<Uuid>>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    // Loaded in the browser only, following the chosen client: rendered on the server under a
    // Suspense that waited for the URL's client, the list left the page unhydrated.
    let matters = LocalResource::new(move || {
        let client = client.get().map(|c| c.id);
        async move {
            match client {
                Some(id) => billable_matters(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <fieldset class="space-y-2" aria-describedby="new-invoice-matter_ids-error">
            <legend class="text-sm font-medium text-slate-700">"Matters"</legend>
            <p class="text-xs text-slate-500">"Tick the matters to bill, or none to bill all of the client's matters."</p>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading matters…"</p> }>
                {move || matters.get().map(|result| match result {
                    Ok(None) => view! {
                        <p class="text-sm text-slate-500">"Choose the client first."</p>
                    }.into_any(),
                    Ok(Some(list)) if list.is_empty() => view! {
                        <p class="text-sm text-slate-500">"This client has no matter you may bill. Open a matter for them first."</p>
                    }.into_any(),
                    Ok(Some(list)) => view! {
                        <div data-testid="invoice-matters" class="space-y-1">
                            {list.into_iter().enumerate().map(|(index, matter)| view! { <MatterBox index matter chosen/> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
            <FieldMessage id="new-invoice-matter_ids-error" name="matter_ids" errors hint=None/>
        </fieldset>
    }
}

/// One matter's checkbox.
#[component]
fn MatterBox(index: usize, matter: MatterRef, chosen: RwSignal<Vec<Uuid>>) -> impl IntoView {
    let id = matter.id;
    view! {
        <label class="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name=format!("form[matter_ids][{index}]") value=id.to_string()
                prop:checked=move || chosen.with(|list| list.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.update(|list| {
                        list.retain(|m| *m != id);
                        if on {
                            list.push(id);
                        }
                    });
                }
                class="h-4 w-4 rounded border-slate-300 text-indigo-600"/>
            <span class="font-mono text-xs text-slate-500">{matter.number}</span>
            <span class="text-slate-900">{matter.title}</span>
        </label>
    }
}
