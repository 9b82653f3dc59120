use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{Permission, Role};
use crate::components::{DataTable, Field, FieldKind, FormError, PageHeader, SubmitButton};
use crate::invitations::{
    InvitationRow, Invite, ResendInvitation, RevokeInvitation, list_invitations,
};
use crate::pages::billing_settings::BillingSettingsSection;
use crate::pages::firm_profile::FirmProfileSection;
use crate::pages::plan_usage::PlanSection;
use crate::pages::practice_areas::PracticeAreasSection;
use crate::pages::role_editor::{RoleList, RolesSection};
use crate::pages::support_access::SupportAccessSection;
use crate::roles::{DeleteRole, RoleChoice, SaveRole, list_roles};
use crate::site::{format_local, user_can};
use crate::two_factor::{SetTwoFactorRequired, load_firm_policy};
use crate::users::{ResetTwoFactor, SetUserActive, SetUserRole, UserRow, list_users};

/// `/settings`: the firm's profile, plan, security rules, support access and practice areas for
/// those who manage settings, its billing settings and rates for those who see billing, its
/// users for those who manage them, and its roles for those who manage roles. Those who read
/// the audit log find the way to it here too.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let users = user_can(Permission::UsersManage);
    let roles = user_can(Permission::RolesManage);
    let settings = user_can(Permission::SettingsManage);
    let billing = user_can(Permission::BillingRead);
    let audit = user_can(Permission::AuditRead);
    view! {
        <Title text="Settings"/>
        <PageHeader title="Settings" subtitle="Your firm's people and how Docket works for you."/>
        {if users || roles || settings || billing || audit {
            view! {
                <div class="space-y-10">
                    {audit.then(|| view! { <AuditLogLink/> })}
                    {settings.then(|| view! { <FirmProfileSection/><PlanSection/><SecuritySection/><SupportAccessSection/><PracticeAreasSection/> })}
                    {billing.then(|| view! { <BillingSettingsSection/> })}
                    {(users || roles).then(|| view! { <PeopleSections users roles/> })}
                </div>
            }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your firm's administrators manage users and settings."</p> }.into_any()
        }}
    }
}

/// The way to the audit log (`/audit`).
#[component]
fn AuditLogLink() -> impl IntoView {
    view! {
        <a href="/audit" data-testid="settings-audit-link"
            class="block rounded-lg border border-slate-200 bg-white p-5 shadow-sm hover:border-indigo-300 hover:bg-slate-50">
            <span class="block text-base font-semibold text-slate-900">"Audit log"</span>
            <span class="block text-sm text-slate-500">"Everything done in the firm, who did it and when."</span>
        </a>
    }
}

/// The firm's security rules: require two-factor sign-in of everyone.
#[component]
fn SecuritySection() -> impl IntoView {
    let set_required = ServerAction::<SetTwoFactorRequired>::new();
    let policy = Resource::new(move || set_required.version().get(), |_| load_firm_policy());
    let refusal = Signal::derive(move || set_required.value().get()?.err().map(|e| e.in_words()));
    view! {
        <section class="space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Security"</h2>
            <div class="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                    {move || policy.get().map(|result| match result {
                        Ok(p) => {
                            let required = p.required;
                            let without = p.users_without;
                            view! {
                                <label class="flex items-start gap-3">
                                    <input type="checkbox" data-testid="require-two-factor" checked=required
                                        disabled=move || set_required.pending().get()
                                        on:change=move |ev| { set_required.dispatch(SetTwoFactorRequired { required: event_target_checked(&ev) }); }
                                        class="mt-1 h-4 w-4 rounded border-slate-300 text-indigo-600"/>
                                    <span>
                                        <span class="block text-sm font-medium text-slate-900">"Require two-factor sign-in for everyone"</span>
                                        <span class="block text-sm text-slate-500">
                                            {match (required, without) {
                                                (_, 0) => "Everyone in the firm signs in with a code from an authenticator app.".to_string(),
                                                (true, n) => format!("{n} {} not set it up yet; Docket asks them to before anything else.", if n == 1 { "person has" } else { "people have" }),
                                                (false, n) => format!("{n} {} not set it up. When required, Docket asks them to before anything else.", if n == 1 { "person has" } else { "people have" }),
                                            }}
                                        </span>
                                    </span>
                                </label>
                            }.into_any()
                        }
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                    })}
                </Transition>
                {move || refusal.get().map(|message| view! {
                    <p role="alert" data-testid="security-error" class="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
                })}
            </div>
        </section>
    }
}

/// The sections for those who manage users or roles. They share the firm's roles, which reload
/// after every change made in the role editor.
#[component]
fn PeopleSections(users: bool, roles: bool) -> impl IntoView {
    let save = ServerAction::<SaveRole>::new();
    let delete = ServerAction::<DeleteRole>::new();
    let list: RoleList = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| list_roles(),
    );
    view! {
        <div class="space-y-10">
            {users.then(|| view! { <UsersSection roles=list/><InvitationsSection roles=list/> })}
            {roles.then(|| view! { <RolesSection roles=list save delete/> })}
        </div>
    }
}

#[component]
fn UsersSection(roles: RoleList) -> impl IntoView {
    let set_role = ServerAction::<SetUserRole>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetTwoFactor>::new();
    let users = Resource::new(
        move || {
            (
                set_role.version().get(),
                set_active.version().get(),
                reset.version().get(),
            )
        },
        |_| list_users(),
    );
    // The role editor's user counts follow the role changes made here.
    Effect::new(move |_| {
        if set_role.version().get() > 0 {
            roles.refetch();
        }
    });
    // The last refusal, in words: field messages are shown as they are.
    let refusal = Signal::derive(move || {
        set_role
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| set_active.value().get().and_then(Result::err))
            .or_else(|| reset.value().get().and_then(Result::err))
            .map(|e| e.in_words())
    });
    view! {
        <section class="space-y-3">
            <h2 class="text-base font-semibold text-slate-900">"Users"</h2>
            {move || refusal.get().map(|message| view! {
                <p role="alert" data-testid="form-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading users…"</p> }>
                {move || users.get().map(|result| match result {
                    Ok(list) => {
                        let choices = roles.get().and_then(Result::ok).unwrap_or_default();
                        view! { <UsersTable users=list choices set_role set_active reset/> }.into_any()
                    }
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UsersTable(
    users: Vec<UserRow>,
    choices: Vec<RoleChoice>,
    set_role: ServerAction<SetUserRole>,
    set_active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetTwoFactor>,
) -> impl IntoView {
    view! {
        <DataTable testid="users-table" columns=vec![("Name", ""), ("Role", ""), ("Status", ""), ("Two-factor", "hidden md:table-cell"), ("Last sign-in", "hidden sm:table-cell"), ("", "")]>
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
                                        {(!choices.iter().any(|c| c.stored == current)).then(|| view! {
                                            <option value="" selected=true disabled=true>"Unknown role"</option>
                                        })}
                                        {choices.iter().map(|c| {
                                            let selected = c.stored == current;
                                            view! { <option value=c.stored.clone() selected=selected>{c.name.clone()}</option> }
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
                                <td class="hidden px-4 py-3 md:table-cell">
                                    {if u.two_factor {
                                        view! { <span class="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700">"On"</span> }.into_any()
                                    } else {
                                        view! { <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">"Off"</span> }.into_any()
                                    }}
                                </td>
                                <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 sm:table-cell">
                                    {u.last_sign_in_at.map(|t| format_local(t, "%d %b %Y %H:%M")).unwrap_or_else(|| "Never".into())}
                                </td>
                                <td class="whitespace-nowrap px-4 py-3 text-right">
                                    {(u.two_factor && !u.is_you).then(|| view! {
                                        <button type="button" title="For a lost phone: they set it up again at their next sign-in"
                                            on:click=move |_| { reset.dispatch(ResetTwoFactor { id }); }
                                            class="mr-2 rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">
                                            "Reset two-factor"
                                        </button>
                                    })}
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

/// Inviting people, and the invitations still waiting for an answer.
#[component]
fn InvitationsSection(roles: RoleList) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Lawyer.as_str().to_string());
    let invite = ServerAction::<Invite>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let invitations = Resource::new(
        move || {
            (
                invite.version().get(),
                resend.version().get(),
                revoke.version().get(),
            )
        },
        |_| list_invitations(),
    );
    let errors = Signal::derive(move || invite.value().get().and_then(Result::err));
    Effect::new(move |_| {
        if let Some(Ok(_)) = invite.value().get() {
            email.set(String::new());
        }
    });
    let status = Signal::derive(move || {
        if let Some(Ok(row)) = invite.value().get() {
            Some(format!("Invitation sent to {}.", row.email))
        } else if let Some(Ok(row)) = resend.value().get() {
            Some(format!("Invitation sent again to {}.", row.email))
        } else {
            None
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        invite.dispatch(Invite {
            email: email.get_untracked(),
            role: role.get_untracked(),
        });
    };
    view! {
        <section class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Invite people"</h2>
                <p class="text-sm text-slate-500">"They get a link by mail that works for seven days; they choose their own name and password."</p>
            </div>
            <form data-testid="invite-form" novalidate on:submit=submit
                class="grid items-start gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-[1fr_12rem_auto]">
                <Field name="email" label="Email" value=email errors kind=FieldKind::Input("email") autocomplete="off"/>
                <Transition fallback=|| view! { <p class="text-sm text-slate-500 sm:pt-6">"Loading roles…"</p> }>
                    {move || roles.get().map(|result| {
                        let options = result
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| (c.stored, c.name))
                            .collect::<Vec<_>>();
                        view! { <Field name="role" label="Role" value=role errors kind=FieldKind::Select(options)/> }
                    })}
                </Transition>
                <div class="sm:pt-6"><SubmitButton label="Send invitation" pending=invite.pending()/></div>
                <div class="empty:hidden sm:col-span-3"><FormError errors/></div>
            </form>
            {move || status.get().map(|message| view! {
                <p role="status" data-testid="invite-status" class="text-sm text-emerald-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading invitations…"</p> }>
                {move || invitations.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! {
                        <p data-testid="no-invitations" class="text-sm text-slate-500">"No invitations are waiting for an answer."</p>
                    }.into_any(),
                    Ok(list) => view! { <InvitationsTable invitations=list resend revoke/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn InvitationsTable(
    invitations: Vec<InvitationRow>,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    view! {
        <DataTable testid="invitations-table" columns=vec![("Invited", ""), ("Role", ""), ("Expires", "hidden sm:table-cell"), ("", "")]>
            {invitations.into_iter().map(|i| {
                let id = i.id;
                let expiry = if i.expired {
                    view! { <span class="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">"Expired"</span> }.into_any()
                } else {
                    view! { <span>{format_local(i.expires_at, "%d %b %Y")}</span> }.into_any()
                };
                view! {
                    <tr>
                        <td class="px-4 py-3">
                            <div class="font-medium text-slate-900">{i.email}</div>
                            <div class="text-slate-500">"by " {i.invited_by}</div>
                        </td>
                        <td class="px-4 py-3 text-slate-700">{i.role_name}</td>
                        <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 sm:table-cell">{expiry}</td>
                        <td class="whitespace-nowrap px-4 py-3 text-right">
                            <button type="button" on:click=move |_| { resend.dispatch(ResendInvitation { id }); }
                                class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Resend"</button>
                            <button type="button" on:click=move |_| { revoke.dispatch(RevokeInvitation { id }); }
                                class="ml-2 rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Revoke"</button>
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}
