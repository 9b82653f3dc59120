//! The platform console at `admin.{base domain}`: every firm, with suspension (for a stated
//! reason, shown to the firm's users) and reactivation.

use leptos::prelude::*;
use leptos_meta::Title;

use super::layout::SignOutButton;
use crate::auth::UserInfo;
use crate::components::{DataTable, PageHeader};
use crate::platform::{FirmSummary, ReactivateFirm, SuspendFirm, list_firms};

/// The console's home: the firms table, for a signed-in platform admin.
#[component]
pub fn PlatformHome(admin: UserInfo) -> impl IntoView {
    let suspend = ServerAction::<SuspendFirm>::new();
    let reactivate = ServerAction::<ReactivateFirm>::new();
    let firms = Resource::new(
        move || (suspend.version().get(), reactivate.version().get()),
        |_| list_firms(),
    );
    // The firm whose suspension form is open, if any.
    let suspending = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(Ok(_)) = suspend.value().get() {
            suspending.set(None);
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
                    Ok(list) => view! { <FirmsTable firms=list suspend reactivate suspending/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </main>
    }
}

#[component]
fn FirmsTable(
    firms: Vec<FirmSummary>,
    suspend: ServerAction<SuspendFirm>,
    reactivate: ServerAction<ReactivateFirm>,
    suspending: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <DataTable testid="firms-table" columns=vec![("Firm", ""), ("Address", ""), ("Status", ""), ("Plan", ""), ("Created", ""), ("", "")]>
            {firms.into_iter().map(|f| {
                let active = f.status == "active";
                let badge = if active { "bg-emerald-50 text-emerald-700" } else { "bg-amber-50 text-amber-800" };
                let slug = f.slug.clone();
                let open = {
                    let slug = slug.clone();
                    move || suspending.get().as_deref() == Some(slug.as_str())
                };
                let action = if active {
                    let slug = slug.clone();
                    view! {
                        <button type="button" data-testid=format!("suspend-{slug}")
                            on:click=move |_| suspending.set(Some(slug.clone()))
                            class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Suspend…"</button>
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
                        </td>
                        <td class="px-4 py-3 text-slate-600">{f.plan}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-slate-500">{f.created_at.format("%d %b %Y").to_string()}</td>
                        <td class="px-4 py-3 text-right">{action}</td>
                    </tr>
                    {move || open().then(|| view! { <SuspendRow slug=slug.clone() suspend suspending/> })}
                }
            }).collect_view()}
        </DataTable>
    }
}

/// The inline form that suspends a firm: the reason is required and shown to its users.
#[component]
fn SuspendRow(
    slug: String,
    suspend: ServerAction<SuspendFirm>,
    suspending: RwSignal<Option<String>>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let error = move || {
        suspend
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.field("reason").unwrap_or_else(|| e.in_words()))
    };
    let submit = {
        let slug = slug.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            suspend.dispatch(SuspendFirm {
                slug: slug.clone(),
                reason: reason.get_untracked(),
            });
        }
    };
    view! {
        <tr class="bg-red-50/40">
            <td colspan="6" class="px-4 py-4">
                <form data-testid="suspend-form" novalidate on:submit=submit class="flex flex-wrap items-start gap-3">
                    <div class="min-w-0 flex-1 space-y-1">
                        <label for="suspend-reason" class="block text-sm font-medium text-slate-700">{format!("Why suspend {slug}?")}</label>
                        <input id="suspend-reason" name="reason" type="text" autocomplete="off" maxlength="500"
                            placeholder="e.g. Invoice 2026-11 unpaid" bind:value=reason
                            class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
                        <p class="text-xs text-slate-500">"Its users are signed out and shown this reason; nothing is deleted."</p>
                        {move || error().map(|m| view! { <p data-testid="error-reason" role="alert" class="text-xs text-red-600">{m}</p> })}
                    </div>
                    <div class="flex gap-2 sm:pt-6">
                        <button type="submit" data-testid="confirm-suspend" disabled=move || suspend.pending().get()
                            class="rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:opacity-60">"Suspend firm"</button>
                        <button type="button" on:click=move |_| suspending.set(None)
                            class="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white">"Cancel"</button>
                    </div>
                </form>
            </td>
        </tr>
    }
}
