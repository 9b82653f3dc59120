//! The platform console at `admin.{base domain}`: every firm, with suspension (for a stated
//! reason, shown to the firm's users), reactivation, and support sessions (for a stated reason,
//! recorded in the firm's own audit log).

use leptos::prelude::*;
use leptos_meta::Title;

use super::layout::SignOutButton;
use crate::auth::UserInfo;
use crate::components::{DataTable, PageHeader};
use crate::platform::{
    FirmSummary, ReactivateFirm, ScheduleFirmDeletion, StartSupport, SuspendFirm, list_firms,
};

/// The console's home: the firms table, for a signed-in platform admin.
#[component]
pub fn PlatformHome(admin: UserInfo) -> impl IntoView {
    let suspend = ServerAction::<SuspendFirm>::new();
    let reactivate = ServerAction::<ReactivateFirm>::new();
    let delete = ServerAction::<ScheduleFirmDeletion>::new();
    let firms = Resource::new(
        move || {
            (
                suspend.version().get(),
                reactivate.version().get(),
                delete.version().get(),
            )
        },
        |_| list_firms(),
    );
    let support = ServerAction::<StartSupport>::new();
    // The firm whose suspension or support form is open, if any.
    let open = RwSignal::new(None::<(String, Form)>);
    Effect::new(move |_| {
        if let (Some(Ok(_)), _) | (_, Some(Ok(_))) = (suspend.value().get(), delete.value().get()) {
            open.set(None);
        }
    });
    // A support session opens on the firm's own host.
    Effect::new(move |_| {
        if let Some(Ok(link)) = support.value().get() {
            let _ = window().location().assign(&link);
        }
    });
    view! {
        <Title text="Platform"/>
        <header class="bg-slate-900 text-slate-100">
            <div class="mx-auto flex max-w-6xl items-center justify-between px-4 py-3 sm:px-6">
                <span class="text-sm font-semibold">"Docket Platform"</span>
                <div class="flex items-center gap-3 text-sm">
                    <span data-testid="user-name" class="text-slate-300" title=admin.email>{admin.name}</span>
                    <SignOutButton/>
                </div>
            </div>
        </header>
        <main class="mx-auto max-w-6xl px-4 py-8 sm:px-6">
            <PageHeader title="Platform administration" subtitle="Every firm on Docket."/>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading firms…"</p> }>
                {move || firms.get().map(|result| match result {
                    Ok(list) => view! { <FirmsTable firms=list suspend reactivate support delete open/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </main>
    }
}

/// The two forms a firm's row can open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Suspend,
    Support,
    Delete,
}

#[component]
fn FirmsTable(
    firms: Vec<FirmSummary>,
    suspend: ServerAction<SuspendFirm>,
    reactivate: ServerAction<ReactivateFirm>,
    support: ServerAction<StartSupport>,
    delete: ServerAction<ScheduleFirmDeletion>,
    open: RwSignal<Option<(String, Form)>>,
) -> impl IntoView {
    view! {
        <DataTable testid="firms-table" columns=vec![("Firm", ""), ("Address", ""), ("Status", ""), ("Plan", ""), ("Created", ""), ("", "")]>
            {firms.into_iter().map(|f| {
                let active = f.status == "active";
                let badge = if active { "bg-emerald-50 text-emerald-700" } else { "bg-amber-50 text-amber-800" };
                let slug = f.slug.clone();
                let showing = {
                    let slug = slug.clone();
                    move || open.get().filter(|(s, _)| *s == slug).map(|(_, form)| form)
                };
                let actions = if active {
                    let (a, b, c) = (slug.clone(), slug.clone(), slug.clone());
                    view! {
                        <button type="button" data-testid=format!("support-{slug}")
                            on:click=move |_| open.set(Some((a.clone(), Form::Support)))
                            class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Support…"</button>
                        <button type="button" data-testid=format!("suspend-{slug}")
                            on:click=move |_| open.set(Some((b.clone(), Form::Suspend)))
                            class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Suspend…"</button>
                        <button type="button" data-testid=format!("delete-{slug}")
                            on:click=move |_| open.set(Some((c.clone(), Form::Delete)))
                            class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Delete…"</button>
                    }.into_any()
                } else {
                    let slug = slug.clone();
                    view! {
                        <button type="button" data-testid=format!("reactivate-{slug}")
                            on:click=move |_| { reactivate.dispatch(ReactivateFirm { slug: slug.clone() }); }
                            class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Reactivate"</button>
                    }.into_any()
                };
                view! {
                    <tr data-testid=format!("firm-{}", f.slug)>
                        <td class="px-4 py-3 font-medium text-slate-900">{f.name}</td>
                        <td class="px-4 py-3 text-slate-600">{f.slug.clone()}</td>
                        <td class="px-4 py-3">
                            <span data-testid="firm-status" class=format!("rounded-full px-2 py-0.5 text-xs font-medium {badge}")>{f.status}</span>
                            {f.suspended_reason.map(|r| view! { <p class="mt-1 max-w-xs text-xs text-slate-500">{r}</p> })}
                            {f.deletion_due_at.map(|_| view! { <p class="mt-1 max-w-xs text-xs text-slate-500">"Reactivate to cancel the deletion."</p> })}
                        </td>
                        <td class="px-4 py-3 text-slate-600">{f.plan}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-slate-500">{f.created_at.format("%d %b %Y").to_string()}</td>
                        <td class="px-4 py-3"><div class="flex justify-end gap-2">{actions}</div></td>
                    </tr>
                    {move || showing().map(|form| match form {
                        Form::Suspend => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="reason" kind="text"
                                    question=format!("Why suspend {slug}?")
                                    hint="Its users are signed out and shown this reason; nothing is deleted."
                                    placeholder="e.g. Invoice 2026-11 unpaid"
                                    button="Suspend firm" danger=true
                                    pending=suspend.pending()
                                    error=Signal::derive(move || suspend.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, reason)| { suspend.dispatch(SuspendFirm { slug, reason }); })/>
                            }.into_any()
                        }
                        Form::Support => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="reason" kind="text"
                                    question=format!("Why do you need to enter {slug}?")
                                    hint="Read-only for 30 minutes unless the firm allows changes; the firm's administrator sees this reason in their audit log."
                                    placeholder="e.g. Ticket 4521: invoice totals look wrong"
                                    button="Enter firm" danger=false
                                    pending=support.pending()
                                    error=Signal::derive(move || support.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, reason)| { support.dispatch(StartSupport { slug, reason }); })/>
                            }.into_any()
                        }
                        Form::Delete => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="grace_days" kind="number"
                                    question=format!("Delete {slug} after how many days?")
                                    hint="The firm is suspended until then and reactivating it cancels; then its data key, documents and every row are removed for good."
                                    placeholder="30"
                                    button="Schedule deletion" danger=true
                                    pending=delete.pending()
                                    error=Signal::derive(move || delete.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, days): (String, String)| {
                                        // An empty or unreadable number is refused by the server as out of range.
                                        let grace_days = days.trim().parse().unwrap_or(-1);
                                        delete.dispatch(ScheduleFirmDeletion { slug, grace_days });
                                    })/>
                            }.into_any()
                        }
                    })}
                }
            }).collect_view()}
        </DataTable>
    }
}

/// An inline form under a firm's row that asks for one value (a reason, a number of days)
/// before acting.
#[component]
fn ReasonRow(
    slug: String,
    open: RwSignal<Option<(String, Form)>>,
    /// The server function's argument, whose error the form shows.
    field: &'static str,
    /// The input's type.
    kind: &'static str,
    question: String,
    hint: &'static str,
    placeholder: &'static str,
    button: &'static str,
    danger: bool,
    #[prop(into)] pending: Signal<bool>,
    error: Signal<Option<crate::error::AppError>>,
    submit: Callback<(String, String)>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let message = move || {
        error
            .get()
            .map(|e| e.field(field).unwrap_or_else(|| e.in_words()))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run((slug.clone(), reason.get_untracked()));
    };
    let button_class = if danger {
        "rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:opacity-60"
    } else {
        "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
    };
    view! {
        <tr class="bg-slate-50">
            <td colspan="6" class="px-4 py-4">
                <form data-testid="reason-form" novalidate on:submit=on_submit class="flex flex-wrap items-start gap-3">
                    <div class="min-w-0 flex-1 space-y-1">
                        <label for="action-reason" class="block text-sm font-medium text-slate-700">{question}</label>
                        <input id="action-reason" name=field type=kind autocomplete="off" maxlength="500"
                            placeholder=placeholder bind:value=reason
                            class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
                        <p class="text-xs text-slate-500">{hint}</p>
                        {move || message().map(|m| view! { <p data-testid=format!("error-{field}") role="alert" class="text-xs text-red-600">{m}</p> })}
                    </div>
                    <div class="flex gap-2 sm:pt-6">
                        <button type="submit" data-testid="confirm-reason" disabled=move || pending.get() class=button_class>{button}</button>
                        <button type="button" on:click=move |_| open.set(None)
                            class="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white">"Cancel"</button>
                    </div>
                </form>
            </td>
        </tr>
    }
}
