use leptos::prelude::*;
use uuid::Uuid;

use super::Options;
use crate::auth::Permission;
use crate::components::{DataTable, SubmitButton};
use crate::matters::{AddTeamMember, Choice, Matter, RemoveTeamMember, TeamRole};
use crate::site::user_can;

/// A matter's team, and for those who may change it, a Remove button per member and the form
/// that adds someone.
#[component]
pub fn TeamTab(
    matter: Matter,
    options: Options,
    add: ServerAction<AddTeamMember>,
    remove: ServerAction<RemoveTeamMember>,
    /// Why the last change was refused, in words.
    #[prop(into)]
    refusal: Signal<Option<String>>,
) -> impl IntoView {
    let can_change = user_can(Permission::MattersWrite);
    let matter_id = matter.id;
    let responsible = matter.responsible_id;
    let members: Vec<Uuid> = matter.team.iter().map(|m| m.user_id).collect();
    let nobody = matter.team.is_empty();
    view! {
        <section class="space-y-4">
            {move || refusal.get().map(|message| view! {
                <p role="alert" data-testid="team-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <DataTable testid="team-table" columns=vec![("Name", ""), ("Email", "hidden sm:table-cell"), ("Role", ""), ("", "")]>
                {nobody.then(|| view! {
                    <tr><td colspan="4" class="px-4 py-6 text-center text-slate-500">"Nobody is on this team yet."</td></tr>
                })}
                {matter.team.into_iter().map(|m| {
                    let user_id = m.user_id;
                    view! {
                        <tr>
                            <td class="px-4 py-3 font-medium text-slate-900">{m.name}</td>
                            <td class="hidden px-4 py-3 text-slate-600 sm:table-cell">{m.email}</td>
                            <td class="whitespace-nowrap px-4 py-3 text-slate-700">{m.role.label()}</td>
                            <td class="whitespace-nowrap px-4 py-3 text-right">
                                {if responsible == Some(user_id) {
                                    // The responsible lawyer stays on the team while responsible.
                                    view! { <span class="text-xs text-slate-500">"Responsible"</span> }.into_any()
                                } else if can_change {
                                    view! {
                                        <button type="button" on:click=move |_| { remove.dispatch(RemoveTeamMember { matter_id, user_id }); }
                                            class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Remove"</button>
                                    }.into_any()
                                } else {
                                    ().into_any()
                                }}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </DataTable>
            {can_change.then(|| view! {
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading people…"</p> }>
                    {move || options.get().map(|result| match result {
                        Ok(options) => {
                            let people: Vec<Choice> = options.users.into_iter().filter(|u| !members.contains(&u.id)).collect();
                            view! { <AddMemberForm matter_id people add/> }.into_any()
                        }
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                    })}
                </Transition>
            })}
        </section>
    }
}

/// Adds one of `people` (the firm's active users not on the team) in the chosen role.
#[component]
fn AddMemberForm(
    matter_id: Uuid,
    people: Vec<Choice>,
    add: ServerAction<AddTeamMember>,
) -> impl IntoView {
    let Some(first) = people.first() else {
        return view! { <p data-testid="team-full" class="text-sm text-slate-500">"Everyone in the firm is on this team."</p> }.into_any();
    };
    let user = RwSignal::new(first.id.to_string());
    let role = RwSignal::new(TeamRole::Lawyer.as_str().to_string());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(user_id) = Uuid::parse_str(&user.get_untracked()) {
            add.dispatch(AddTeamMember {
                matter_id,
                user_id,
                role: role.get_untracked(),
            });
        }
    };
    let control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";
    view! {
        <form data-testid="team-form" novalidate on:submit=submit
            class="grid items-end gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-[1fr_12rem_auto]">
            <h3 class="text-sm font-semibold text-slate-900 sm:col-span-3">"Add to team"</h3>
            <div class="space-y-1">
                <label for="team-user" class="block text-sm font-medium text-slate-700">"Person"</label>
                <select id="team-user" name="user_id" bind:value=user class=control>
                    {people.into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                </select>
            </div>
            <div class="space-y-1">
                <label for="team-role" class="block text-sm font-medium text-slate-700">"Role"</label>
                <select id="team-role" name="role" bind:value=role class=control>
                    {TeamRole::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected={r == TeamRole::Lawyer}>{r.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <SubmitButton label="Add to team" pending=add.pending()/>
        </form>
    }
    .into_any()
}
