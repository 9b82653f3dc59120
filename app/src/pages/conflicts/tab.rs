use leptos::prelude::*;
use uuid::Uuid;

use super::{ConflictHits, DecisionFields, DecisionPicker};
use crate::auth::Permission;
use crate::components::{DataTable, FormError, SubmitButton};
use crate::conflicts::{
    AddParty, ConflictCheck, Decision, PartyForm, PartyRole, PreviewConflicts, RecordConflictCheck,
    RemoveParty, list_conflict_checks, list_parties,
};
use crate::error::AppError;
use crate::site::{format_local, user_can};

const CONTROL: &str = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";

/// A matter's related parties, a conflict check to run and decide, and the checks on record.
#[component]
pub fn ConflictsTab(matter_id: Uuid) -> impl IntoView {
    let add = ServerAction::<AddParty>::new();
    let remove = ServerAction::<RemoveParty>::new();
    let record = ServerAction::<RecordConflictCheck>::new();
    let parties = Resource::new(
        move || (add.version().get(), remove.version().get()),
        move |_| list_parties(matter_id),
    );
    let checks = Resource::new(
        move || record.version().get(),
        move |_| list_conflict_checks(matter_id),
    );
    let can_change = user_can(Permission::MattersWrite);
    view! {
        <div class="grid gap-8 lg:grid-cols-2">
            <section class="space-y-4">
                <h2 class="text-base font-semibold text-slate-900">"Related parties"</h2>
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading parties…"</p> }>
                    {move || parties.get().map(|result| match result {
                        Ok(list) => view! { <PartyTable list matter_id remove can_change/> }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                    })}
                </Transition>
                {can_change.then(|| view! { <AddPartyForm matter_id add/> })}
            </section>
            <section class="space-y-4">
                <h2 class="text-base font-semibold text-slate-900">"Conflict check"</h2>
                {can_change.then(|| view! { <RunCheck matter_id record/> })}
                <h3 class="pt-2 text-sm font-semibold text-slate-900">"On record"</h3>
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading checks…"</p> }>
                    {move || checks.get().map(|result| match result {
                        Ok(list) => view! { <CheckHistory list/> }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                    })}
                </Transition>
            </section>
        </div>
    }
}

#[component]
fn PartyTable(
    list: Vec<crate::conflicts::Party>,
    matter_id: Uuid,
    remove: ServerAction<RemoveParty>,
    can_change: bool,
) -> impl IntoView {
    let empty = list.is_empty();
    view! {
        <DataTable testid="party-table" columns=vec![("Name", ""), ("Involvement", ""), ("", "")]>
            {empty.then(|| view! {
                <tr><td colspan="3" class="px-4 py-6 text-center text-slate-500">"No related parties recorded."</td></tr>
            })}
            {list.into_iter().map(|p| {
                let party_id = p.id;
                view! {
                    <tr>
                        <td class="px-4 py-3 font-medium text-slate-900">{p.name}</td>
                        <td class="px-4 py-3 text-slate-700">{p.role.label()}</td>
                        <td class="px-4 py-3 text-right">
                            {can_change.then(|| view! {
                                <button type="button" on:click=move |_| { remove.dispatch(RemoveParty { matter_id, party_id }); }
                                    class="rounded-md border border-red-200 px-3 py-1 text-sm font-medium text-red-700 hover:bg-red-50">"Remove"</button>
                            })}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
    }
}

#[component]
fn AddPartyForm(matter_id: Uuid, add: ServerAction<AddParty>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(PartyRole::OpposingParty.as_str().to_string());
    let local = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || {
        local
            .get()
            .or_else(|| add.value().get().and_then(Result::err))
    });
    // A party added clears the name for the next one.
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            name.set(String::new());
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PartyForm {
            name: name.get_untracked(),
            role: role.get_untracked(),
        };
        let checked = form.validate_as("");
        local.set(checked.err());
        if local.get_untracked().is_none() {
            add.dispatch(AddParty { matter_id, form });
        }
    };
    let name_error = move || errors.get().and_then(|e| e.field("name"));
    view! {
        <form data-testid="party-form" novalidate on:submit=submit
            class="grid items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_11rem_auto]">
            <div class="space-y-1">
                <label for="party-name" class="sr-only">"Name"</label>
                <input id="party-name" type="text" placeholder="Name of the party" bind:value=name class=CONTROL/>
                {move || name_error().map(|m| view! { <p data-testid="error-name" class="text-xs text-red-600">{m}</p> })}
            </div>
            <select aria-label="Involvement" bind:value=role class=CONTROL>
                {PartyRole::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
            </select>
            <SubmitButton label="Add party" pending=add.pending()/>
        </form>
    }
}

/// Runs the matter's check (its client, its parties and any other names typed), shows the
/// hits, and records the decision on them.
#[component]
fn RunCheck(matter_id: Uuid, record: ServerAction<RecordConflictCheck>) -> impl IntoView {
    let extra = RwSignal::new(String::new());
    let preview = ServerAction::<PreviewConflicts>::new();
    let decision = DecisionFields::new();
    let local = RwSignal::new(None::<AppError>);
    let errors = Signal::derive(move || {
        local
            .get()
            .or_else(|| record.value().get().and_then(Result::err))
    });
    let run = move |_| {
        preview.dispatch(PreviewConflicts {
            matter_id,
            extra: extra.get_untracked(),
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = decision.form();
        local.set(form.validate().err());
        if local.get_untracked().is_none() {
            record.dispatch(RecordConflictCheck {
                matter_id,
                extra: extra.get_untracked(),
                form,
            });
        }
    };
    let recorded = move || matches!(record.value().get(), Some(Ok(_)));
    view! {
        <div class="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <div class="space-y-1">
                <label for="conflict-extra" class="block text-sm font-medium text-slate-700">"Other names to include"</label>
                <textarea id="conflict-extra" rows="2" bind:value=extra class=CONTROL placeholder="One name per line"></textarea>
                <p class="text-xs text-slate-400">"The client and every related party are always searched."</p>
            </div>
            <button type="button" data-testid="conflict-run" on:click=run disabled=move || preview.pending().get()
                class="rounded-md border border-indigo-200 bg-indigo-50 px-4 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-100 disabled:opacity-60">
                {move || if preview.pending().get() { "Searching…" } else { "Run conflict check" }}
            </button>
            {move || preview.value().get().map(|result| match result {
                Ok(results) => view! {
                    <ConflictHits results/>
                    <form data-testid="conflict-decision" novalidate on:submit=save class="space-y-3">
                        <DecisionPicker fields=decision errors/>
                        <FormError errors/>
                        <div class="flex items-center justify-end gap-3">
                            {move || recorded().then(|| view! { <span data-testid="conflict-recorded" class="text-sm text-emerald-700">"Recorded."</span> })}
                            <SubmitButton label="Record decision" pending=record.pending()/>
                        </div>
                    </form>
                }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </div>
    }
}

/// The checks on record, newest first, each with its hits behind a disclosure.
#[component]
fn CheckHistory(list: Vec<ConflictCheck>) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="text-sm text-slate-500">"No check recorded yet."</p> }.into_any();
    }
    view! {
        <ul data-testid="conflict-checks" class="space-y-2">
            {list.into_iter().map(|c| {
                let tone = match c.decision {
                    Decision::Clear => "bg-emerald-50 text-emerald-700",
                    Decision::Waived => "bg-amber-50 text-amber-800",
                };
                let hits = c.hits.len();
                view! {
                    <li class="rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
                        <details>
                            <summary class="flex cursor-pointer flex-wrap items-center gap-2">
                                <span class=format!("rounded-full px-2 py-0.5 text-xs font-medium {tone}")>{c.decision.label()}</span>
                                <span class="text-slate-900">{format!("{hits} hit{}", if hits == 1 { "" } else { "s" })}</span>
                                <span class="text-slate-500">{format!("{} · {}", c.checked_by, format_local(c.created_at, "%d %b %Y %H:%M"))}</span>
                            </summary>
                            <div class="mt-3 space-y-2">
                                <p class="text-xs text-slate-500">{format!("Searched: {}", c.names.join(", "))}</p>
                                {(!c.reason.is_empty()).then(|| view! { <p class="text-slate-700">{format!("Reason: {}", c.reason)}</p> })}
                                {c.hits.into_iter().map(|h| view! {
                                    <p class="text-slate-700">{format!("{} — {}", h.found, h.describe())}</p>
                                }).collect_view()}
                            </div>
                        </details>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
