//! The role editor on `/settings`, for those with `roles.manage`: the built-in roles, read-only
//! with what they allow, and the firm's custom roles, which can be added, changed and deleted.

use leptos::prelude::*;
use uuid::Uuid;

use crate::auth::Permission;
use crate::components::{DataTable, Field, FieldKind, FormError, SubmitButton};
use crate::error::AppError;
use crate::roles::{DeleteRole, RoleChoice, SaveRole, validate_role};

/// The firm's roles, loaded once for the settings page's sections.
pub type RoleList = Resource<Result<Vec<RoleChoice>, AppError>>;

/// What the role form holds: the custom role it changes (none: a new role), the name, the
/// permissions, and the form's errors.
#[derive(Clone, Copy)]
struct Draft {
    id: RwSignal<Option<Uuid>>,
    name: RwSignal<String>,
    permissions: RwSignal<Vec<Permission>>,
    errors: RwSignal<Option<AppError>>,
}

impl Draft {
    fn new() -> Self {
        Draft {
            id: RwSignal::new(None),
            name: RwSignal::new(String::new()),
            permissions: RwSignal::new(Vec::new()),
            errors: RwSignal::new(None),
        }
    }

    /// Loads a custom role into the form.
    fn edit(self, role: &RoleChoice) {
        self.id.set(role.custom_id());
        self.name.set(role.name.clone());
        self.permissions.set(role.permissions.clone());
        self.errors.set(None);
    }

    /// Empties the form for a new role.
    fn clear(self) {
        self.id.set(None);
        self.name.set(String::new());
        self.permissions.set(Vec::new());
        self.errors.set(None);
    }
}

/// The "Roles" section: every role with what it allows, and the form for custom roles.
#[component]
pub fn RolesSection(
    /// The firm's roles (the settings page reloads them after `save` and `delete`).
    roles: RoleList,
    /// Adds or changes a custom role.
    save: ServerAction<SaveRole>,
    /// Deletes a custom role.
    delete: ServerAction<DeleteRole>,
) -> impl IntoView {
    let draft = Draft::new();
    // Why the last delete was refused (a role still in use), in words.
    let refusal = Signal::derive(move || delete.value().get()?.err().map(|e| e.in_words()));
    view! {
        <section data-testid="roles" class="space-y-3">
            <div>
                <h2 class="text-base font-semibold text-slate-900">"Roles"</h2>
                <p class="text-sm text-slate-500">"What each role lets people do. The built-in roles are fixed; add your own for anything else."</p>
            </div>
            {move || refusal.get().map(|message| view! {
                <p role="alert" data-testid="roles-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading roles…"</p> }>
                {move || roles.get().map(|result| match result {
                    Ok(list) => view! { <RolesTable roles=list draft delete/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
            <RoleForm draft save/>
        </section>
    }
}

#[component]
fn RolesTable(
    roles: Vec<RoleChoice>,
    draft: Draft,
    delete: ServerAction<DeleteRole>,
) -> impl IntoView {
    view! {
        <DataTable testid="roles-table" columns=vec![("Role", ""), ("What it allows", ""), ("Users", "hidden sm:table-cell"), ("", "")]>
            {roles.into_iter().map(|role| view! { <RoleRow role draft delete/> }).collect_view()}
        </DataTable>
    }
}

/// One role: built-in ones are only shown; custom ones can be edited and deleted.
#[component]
fn RoleRow(role: RoleChoice, draft: Draft, delete: ServerAction<DeleteRole>) -> impl IntoView {
    let actions = role.custom_id().map(|id| {
        let chosen = role.clone();
        // The role in the form is not deleted from under it.
        let editing = move || draft.id.get() == Some(id);
        view! {
            <button type="button" on:click=move |_| draft.edit(&chosen)
                class="rounded-md border border-slate-300 px-3 py-1 text-sm font-medium text-slate-700 hover:bg-slate-50">"Edit"</button>
            <button type="button" disabled=editing on:click=move |_| { delete.dispatch(DeleteRole { id }); }
                class="ml-2 rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50">"Delete"</button>
        }
    });
    view! {
        <tr data-testid="role-row">
            <td class="whitespace-nowrap px-4 py-3 align-top">
                <div class="font-medium text-slate-900">{role.name}</div>
                {role.builtin.then(|| view! { <div class="text-xs text-slate-500">"Built-in"</div> })}
            </td>
            <td class="px-4 py-3"><PermissionBadges permissions=role.permissions/></td>
            <td class="hidden px-4 py-3 align-top text-slate-500 sm:table-cell">{role.users}</td>
            <td class="whitespace-nowrap px-4 py-3 text-right align-top">{actions}</td>
        </tr>
    }
}

/// What a role allows, as small badges (one badge for a role that allows everything).
#[component]
fn PermissionBadges(permissions: Vec<Permission>) -> impl IntoView {
    if Permission::ALL.iter().all(|p| permissions.contains(p)) {
        return view! {
            <span class="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700">"Everything"</span>
        }
        .into_any();
    }
    view! {
        <ul class="flex flex-wrap gap-1">
            {permissions.into_iter().map(|p| view! {
                <li class="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">{p.label()}</li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The form that adds a custom role, or changes the one loaded into `draft`.
#[component]
fn RoleForm(draft: Draft, save: ServerAction<SaveRole>) -> impl IntoView {
    let errors: Signal<Option<AppError>> = draft.errors.into();
    Effect::new(move |_| match save.value().get() {
        Some(Ok(_)) => draft.clear(),
        Some(Err(err)) => draft.errors.set(Some(err)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = draft.name.get_untracked();
        let permissions = Permission::join(&draft.permissions.get_untracked());
        // The browser checks what it can first; the server checks everything again.
        match validate_role(&name, &permissions) {
            Err(err) => draft.errors.set(Some(err)),
            Ok(_) => {
                draft.errors.set(None);
                save.dispatch(SaveRole {
                    id: draft.id.get_untracked(),
                    name,
                    permissions,
                });
            }
        }
    };
    let heading = move || {
        if draft.id.get().is_some() {
            "Change the role"
        } else {
            "Add a role"
        }
    };
    view! {
        <form data-testid="role-form" novalidate on:submit=submit
            class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h3 class="text-sm font-semibold text-slate-900">{heading}</h3>
            <div class="max-w-sm">
                <Field name="name" label="Name" value=draft.name errors kind=FieldKind::Input("text") autocomplete="off"
                    hint="For example: Trainee, or Accounts clerk."/>
            </div>
            <PermissionPicker chosen=draft.permissions errors/>
            <FormError errors/>
            <div class="flex items-center gap-3">
                <SubmitButton label="Save role" pending=save.pending()/>
                {move || draft.id.get().is_some().then(|| view! {
                    <button type="button" on:click=move |_| draft.clear()
                        class="rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">"Cancel"</button>
                })}
            </div>
        </form>
    }
}

/// The permission checkboxes under their group headings, with the message about them.
#[component]
fn PermissionPicker(
    chosen: RwSignal<Vec<Permission>>,
    errors: Signal<Option<AppError>>,
) -> impl IntoView {
    let message = move || errors.get().and_then(|e| e.field("permissions"));
    view! {
        <fieldset class="space-y-2" aria-describedby="field-permissions-error">
            <legend class="text-sm font-medium text-slate-700">"What people with this role may do"</legend>
            <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {Permission::groups().into_iter().map(|(group, members)| view! {
                    <div class="space-y-1">
                        <h4 class="text-xs font-semibold uppercase tracking-wide text-slate-500">{group}</h4>
                        {members.into_iter().map(|permission| view! { <PermissionBox permission chosen/> }).collect_view()}
                    </div>
                }).collect_view()}
            </div>
            {move || message().map(|m| view! {
                <p id="field-permissions-error" data-testid="error-permissions" class="text-xs text-red-600">{m}</p>
            })}
        </fieldset>
    }
}

/// One permission's checkbox.
#[component]
fn PermissionBox(permission: Permission, chosen: RwSignal<Vec<Permission>>) -> impl IntoView {
    let checked = move || chosen.with(|list| list.contains(&permission));
    view! {
        <label class="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="permissions" value=permission.as_str() prop:checked=checked
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.update(|list| {
                        list.retain(|p| *p != permission);
                        if on {
                            list.push(permission);
                        }
                    });
                }
                class="h-4 w-4 rounded border-slate-300 text-indigo-600"/>
            {permission.label()}
        </label>
    }
}
