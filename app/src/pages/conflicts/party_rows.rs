use leptos::prelude::*;

use crate::conflicts::{PartyForm, PartyRole};
use crate::error::AppError;

/// One editable party row: a key for the list, and the name and role as typed.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    name: RwSignal<String>,
    role: RwSignal<String>,
}

/// The related parties of the new-matter form, as rows the user adds and removes.
#[derive(Clone, Copy)]
pub struct PartyRows {
    rows: RwSignal<Vec<Row>>,
    next: RwSignal<usize>,
}

impl PartyRows {
    /// No parties yet.
    pub fn new() -> Self {
        PartyRows {
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
        }
    }

    fn add(&self) {
        let key = self.next.get_untracked();
        self.next.set(key + 1);
        self.rows.update(|rows| {
            rows.push(Row {
                key,
                name: RwSignal::new(String::new()),
                role: RwSignal::new(PartyRole::OpposingParty.as_str().into()),
            })
        });
    }

    fn remove(&self, key: usize) {
        self.rows.update(|rows| rows.retain(|r| r.key != key));
    }

    /// The parties as typed, in order.
    pub fn forms(&self) -> Vec<PartyForm> {
        self.rows
            .get_untracked()
            .iter()
            .map(|r| PartyForm {
                name: r.name.get_untracked(),
                role: r.role.get_untracked(),
            })
            .collect()
    }

    /// The names typed so far (tracked: a search can follow them).
    pub fn names(&self) -> Vec<String> {
        self.rows
            .get()
            .iter()
            .map(|r| r.name.get())
            .filter(|n| !n.trim().is_empty())
            .collect()
    }
}

impl Default for PartyRows {
    fn default() -> Self {
        Self::new()
    }
}

/// The rows of [`PartyRows`], each a name and a role, with inline errors (`party{i}_name`).
#[component]
pub fn PartyRowsEditor(parties: PartyRows, errors: Signal<Option<AppError>>) -> impl IntoView {
    let control = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100";
    let position = move |key: usize| parties.rows.get().iter().position(|r| r.key == key);
    view! {
        <fieldset class="space-y-2" data-testid="party-rows">
            <legend class="text-sm font-medium text-slate-700">"Related parties"</legend>
            <p class="text-xs text-slate-500">"The other side, their lawyers, witnesses: everyone the conflict check should look for."</p>
            <For each=move || parties.rows.get() key=|r| r.key let:row>
                <div class="grid gap-2 sm:grid-cols-[1fr_12rem_auto]">
                    <div>
                        <input type="text" aria-label="Party name" placeholder="Name" data-testid="party-name"
                            bind:value=row.name class=control/>
                        {move || position(row.key)
                            .and_then(|i| errors.get().and_then(|e| e.field(&format!("party{i}_name"))))
                            .map(|m| view! { <p class="text-xs text-red-600" data-testid="error-party-name">{m}</p> })}
                    </div>
                    <select aria-label="Involvement" data-testid="party-role" bind:value=row.role class=control>
                        {PartyRole::ALL.into_iter().map(|r| view! {
                            <option value=r.as_str() selected=move || row.role.get() == r.as_str()>{r.label()}</option>
                        }).collect_view()}
                    </select>
                    <button type="button" on:click=move |_| parties.remove(row.key)
                        class="rounded-md border border-slate-200 px-3 py-2 text-sm text-slate-600 hover:bg-slate-50">"Remove"</button>
                </div>
            </For>
            <button type="button" data-testid="party-add" on:click=move |_| parties.add()
                class="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50">"+ Add a party"</button>
        </fieldset>
    }
}
