use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::client_picker::{ClientChoice, ClientPicker};
use super::editor::{MatterEditor, MatterFields};
use super::load_options;
use crate::auth::Permission;
use crate::components::{FormError, PageHeader, SubmitButton};
use crate::conflicts::{OpeningForm, SearchConflicts};
use crate::error::{AppError, FieldError};
use crate::matters::CreateMatter;
use crate::pages::conflicts::{
    ConflictHits, DecisionFields, DecisionPicker, PartyRows, PartyRowsEditor,
};
use crate::site::user_can;

/// `/matters/new`: opens a matter for a client (`?client={id}` picks that client to start with).
#[component]
pub fn NewMatterPage() -> impl IntoView {
    view! {
        <Title text="New matter"/>
        <A href="/matters" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← All matters"</A>
        <div class="mt-3">
            <PageHeader title="New matter" subtitle="It gets the next number of the year; you and the responsible lawyer join its team. Run the conflict check before opening it."/>
        </div>
        {if user_can(Permission::MattersWrite) {
            view! { <NewMatterForm/> }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your role does not open matters. Ask your firm's administrator if you need to."</p> }.into_any()
        }}
    }
}

#[component]
fn NewMatterForm() -> impl IntoView {
    let client = ClientChoice::from_url();
    let fields = MatterFields::opened(today());
    let parties = PartyRows::new();
    let decision = DecisionFields::new();
    let options = load_options();
    let search = ServerAction::<SearchConflicts>::new();
    let create = ServerAction::<CreateMatter>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = create.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    // The names the last check searched; a check must cover the names as they are now.
    let checked = RwSignal::new(None::<Vec<String>>);
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(matter)) = server.get() {
            navigate(&format!("/matters/{}", matter.id), Default::default());
        }
    });
    let names = move |client_name: String| {
        let mut names = vec![client_name];
        names.extend(parties.names());
        names
    };
    let run_check = move |_| {
        if let Some(chosen) = client.require() {
            let names = untrack(|| names(chosen.name));
            checked.set(Some(names.clone()));
            search.dispatch(SearchConflicts {
                names: names.join("\n"),
                client_id: Some(chosen.id),
            });
        }
    };
    let stale = move || {
        let current = client.get().map(|c| names(c.name));
        checked.get().is_none_or(|last| Some(last) != current)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        let opening = OpeningForm {
            parties: parties.forms(),
            conflict: decision.form(),
        };
        // Every problem is shown at once: the client, the fields, the parties and the check.
        let chosen = client.require();
        let mut problems = Vec::new();
        for result in [form.validate().err(), opening.validate().err()] {
            if let Some(AppError::Invalid(found)) = result {
                problems.extend(found);
            }
        }
        if untrack(stale) {
            problems.push(FieldError {
                field: "conflicts".into(),
                message: "Run the conflict check on the client and parties as they are now.".into(),
            });
        }
        let ok = problems.is_empty();
        local.set((!ok).then_some(AppError::Invalid(problems)));
        if let (true, Some(chosen)) = (ok, chosen) {
            create.dispatch(CreateMatter {
                client_id: chosen.id,
                form,
                opening,
            });
        }
    };
    let conflicts_error = move || errors.get().and_then(|e| e.field("conflicts"));
    view! {
        <form data-testid="matter-form" novalidate on:submit=submit
            class="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <ClientPicker choice=client/>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the form…"</p> }>
                {move || options.get().map(|result| match result {
                    Ok(options) => view! { <MatterEditor fields errors options/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
            <PartyRowsEditor parties errors/>
            <section class="space-y-3 border-t border-slate-100 pt-4">
                <div class="flex flex-wrap items-center justify-between gap-3">
                    <div>
                        <h2 class="text-sm font-semibold text-slate-900">"Conflict check"</h2>
                        <p class="text-xs text-slate-500">"Searches the firm's clients, related parties and matter titles for the client and every party."</p>
                    </div>
                    <button type="button" data-testid="conflict-run" on:click=run_check disabled=move || search.pending().get()
                        class="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-100 disabled:opacity-60">
                        {move || if search.pending().get() { "Searching…" } else { "Run conflict check" }}
                    </button>
                </div>
                {move || conflicts_error().map(|m| view! { <p data-testid="error-conflicts" class="text-xs text-red-600">{m}</p> })}
                {move || search.value().get().map(|result| match result {
                    Ok(results) => view! {
                        {move || stale().then(|| view! {
                            <p class="text-xs text-amber-700">"The client or the parties changed since this check: run it again."</p>
                        })}
                        <ConflictHits results/>
                        <DecisionPicker fields=decision errors/>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </section>
            <FormError errors/>
            <div class="flex justify-end">
                <SubmitButton label="Open matter" pending=create.pending()/>
            </div>
        </form>
    }
}

/// Today where the firm is, as `YYYY-MM-DD`.
fn today() -> String {
    crate::pages::time::iso(crate::pages::time::today())
}
