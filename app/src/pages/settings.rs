use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{Permission, Role};
use crate::components::{DataTable, PageHeader};
use crate::error::AppError;
use crate::site::user_can;
use crate::users::{SetUserActive, SetUserRole, UserRow, list_users};

/// `/settings`: the firm's users for those who manage them (firm settings come with the
/// Platform work).
#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <Title text="Settings"/>
        <PageHeader title="Settings" subtitle="Your firm's people and how Docket works for you."/>
        {if user_can(Permission::UsersManage) {
            view! { <UsersSection/> }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your firm's administrators manage users and settings."</p> }.into_any()
        }}
    }
}

fn role_label(name: &str) -> &'static str {
    match Role::parse(name) {
        Some(Role::Owner) => "Owner",
        Some(Role::Admin) => "Admin",
        Some(Role::Lawyer) => "Lawyer",
        Some(Role::Paralegal) => "Paralegal",
        Some(Role::Billing) => "Billing",
        Some(Role::ReadOnly) => "Read-only",
        None => "Unknown role",
    }
}

#[component]
fn UsersSection() -> impl IntoView {
    let set_role = ServerAction::<SetUserRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let users = Resource::new(
        move || (set_role.version().get(), set_active.version().get()),
        |_| list_users(),
    );
    // The last refusal, in words: field messages are shown as they are.
    let refusal = Signal::derive(move || {
        let err = set_role
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_active.value().get().and_then(Result::err))?;
        Some(match err {
            AppError::Invalid(fields) => fields
                .into_iter()
                .map(|f| f.message)
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        })
    });
    view! {
        <section class="space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Users"</h2>
            {move || refusal.get().map(|message| view! {
                <p role="alert" data-testid="form-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading users…"</p> }>
                {move || users.get().map(|result| match result {
                    Ok(list) => view! { <UsersTable users=list set_role set_active/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UsersTable(
    users: Vec<UserRow>,
    set_role: ServerAction<SetUserRole>,
    set_active: ServerAction<SetUserActive>,
) -> impl IntoView {
    view! {
        <DataTable testid="users-table" columns=vec![("Name", ""), ("Role", ""), ("Status", ""), ("Last sign-in", "hidden sm:table-cell"), ("", "")]>
                    {users.into_iter().map(|u| {
                        let id = u.id;
                        let current = u.role.clone();
                        view! {
                            <tr>
                                <td class="px-4 py-3">
                                    <div class="font-medium text-slate-900">{u.name}{u.is_you.then_some(" (you)")}</div>
                                    <div class="text-slate-500">{u.email}</div>
                                </td>
                                <td class="px-4 py-3">
                                    <select aria-label="Role" class="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                                        on:change=move |ev| { set_role.dispatch(SetUserRole { id, role: event_target_value(&ev) }); }>
                                        {Role::ALL.into_iter().map(|r| {
                                            let selected = r.as_str() == current;
                                            view! { <option value=r.as_str() selected=selected>{role_label(r.as_str())}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                                <td class="px-4 py-3">
                                    {if u.active {
                                        view! { <span class="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">"Active"</span> }.into_any()
                                    } else {
                                        view! { <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">"Deactivated"</span> }.into_any()
                                    }}
                                </td>
                                <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 sm:table-cell">
                                    {u.last_sign_in_at.map(|t| t.format("%d %b %Y %H:%M UTC").to_string()).unwrap_or_else(|| "Never".into())}
                                </td>
                                <td class="px-4 py-3 text-right">
                                    {(!u.is_you).then(|| {
                                        let (label, active) = if u.active { ("Deactivate", false) } else { ("Reactivate", true) };
                                        view! {
                                            <button type="button" on:click=move |_| { set_active.dispatch(SetUserActive { id, active }); }
                                                class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">
                                                {label}
                                            </button>
                                        }
                                    })}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </DataTable>
    }
}
