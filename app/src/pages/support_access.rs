//! The "Support access" section on `/settings`, for those with `settings.manage`: whether
//! Docket's platform admins may ask to enter the firm, and the firm's recent support sessions,
//! where a running one can be allowed to make changes or ended.

use leptos::prelude::*;

use crate::site::format_local;

use crate::components::DataTable;
use crate::support::{
    AllowSupport, EndSupport, GrantSupportWrite, SupportSessionRow, load_support,
};

/// The section: the switch, then the sessions.
#[component]
pub fn SupportAccessSection() -> impl IntoView {
    let allow = ServerAction::<AllowSupport>::new();
    let grant = ServerAction::<GrantSupportWrite>::new();
    let end = ServerAction::<EndSupport>::new();
    let overview = Resource::new(
        move || {
            (
                allow.version().get(),
                grant.version().get(),
                end.version().get(),
            )
        },
        |_| load_support(),
    );
    let refusal = Signal::derive(move || {
        let failed = |v: Option<Result<_, crate::error::AppError>>| v.and_then(|r| r.err());
        failed(grant.value().get())
            .or_else(|| failed(end.value().get()))
            .or_else(|| failed(allow.value().get()))
            .map(|e| e.in_words())
    });
    view! {
        <section data-testid="support-access" class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Support access"</h2>
                <p class="text-sm text-slate-500">"Docket's support staff can enter the firm only for a stated reason, for 30 minutes at most, and read-only unless you allow changes. Every visit is in the audit log."</p>
            </div>
            {move || refusal.get().map(|message| view! {
                <p role="alert" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                {move || overview.get().map(|result| match result {
                    Ok(o) => view! {
                        <div class="space-y-4">
                            <label class="flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                                <input type="checkbox" data-testid="allow-support" checked=o.allowed
                                    disabled=move || allow.pending().get()
                                    on:change=move |ev| { allow.dispatch(AllowSupport { allowed: event_target_checked(&ev) }); }
                                    class="mt-1 h-4 w-4 rounded border-slate-300 text-indigo-600"/>
                                <span>
                                    <span class="block text-sm font-medium text-slate-900">"Allow Docket support to ask to enter the firm"</span>
                                    <span class="block text-sm text-slate-500">"Turning this off ends any support session now."</span>
                                </span>
                            </label>
                            <Sessions sessions=o.sessions grant end/>
                        </div>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Sessions(
    sessions: Vec<SupportSessionRow>,
    grant: ServerAction<GrantSupportWrite>,
    end: ServerAction<EndSupport>,
) -> impl IntoView {
    if sessions.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No support sessions yet."</p> }
            .into_any();
    }
    view! {
        <DataTable testid="support-sessions" columns=vec![("Who", ""), ("Reason", ""), ("Started (UTC)", ""), ("Ends (UTC)", ""), ("Access", ""), ("", "")]>
            {sessions.into_iter().map(|s| {
                let id = s.id;
                let access = if s.write_access { "Changes allowed" } else { "Read-only" };
                view! {
                    <tr>
                        <td class="px-4 py-3 font-medium text-slate-900">{s.admin_name}</td>
                        <td class="px-4 py-3 text-slate-600">{s.reason}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-slate-500">{format_local(s.started_at, "%d %b %Y %H:%M")}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-slate-500">{format_local(s.ends_at, "%H:%M")}</td>
                        <td class="px-4 py-3 text-slate-600">
                            {if s.active { view! { <span class="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">"Running"</span> }.into_any() } else { view! { <span class="text-xs text-slate-400">"Over"</span> }.into_any() }}
                            " "{access}
                        </td>
                        <td class="px-4 py-3">
                            {s.active.then(|| view! {
                                <div class="flex justify-end gap-2">
                                    {(!s.write_access).then(|| view! {
                                        <button type="button" on:click=move |_| { grant.dispatch(GrantSupportWrite { id }); }
                                            class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Allow changes"</button>
                                    })}
                                    <button type="button" on:click=move |_| { end.dispatch(EndSupport { id }); }
                                        class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"End now"</button>
                                </div>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }.into_any()
}
