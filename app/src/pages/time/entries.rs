//! The week's entries by day, each with its hours, amount and whether it was billed; unbilled
//! ones can be edited in place or deleted.

use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use super::entry_form::{TimeControls, TimeFields, matter_options};
use super::parts::{DANGER_BUTTON, SMALL_BUTTON, WorkStatus, codes};
use crate::billing::money::{format_duration, format_money};
use crate::billing::{DeleteTimeEntry, MatterRef, TimeEntry, UpdateTimeEntry};
use crate::components::{DataTable, FormError, SubmitButton};
use crate::error::AppError;

/// The week's entries in one table, a heading row per day with the day's hours.
#[component]
pub fn WeekEntries(
    /// The entries, by day then time of entry.
    entries: Vec<TimeEntry>,
    /// The firm's currency.
    currency: String,
    /// The matters an entry can be moved to.
    matters: Vec<MatterRef>,
    delete: ServerAction<DeleteTimeEntry>,
    /// Bumped when an edit is saved.
    saved: RwSignal<u32>,
) -> impl IntoView {
    let matters = StoredValue::new(matters);
    // The entry being edited, if any.
    let editing = RwSignal::new(None::<Uuid>);
    view! {
        <DataTable testid="time-entries" columns=vec![("Matter", ""), ("Description", ""), ("Time", "text-right"), ("Amount", "hidden text-right sm:table-cell"), ("Status", ""), ("", "")]>
            {by_day(entries).into_iter().map(|(day, list)| {
                let minutes: i64 = list.iter().map(|e| e.minutes).sum();
                view! {
                    <tr class="bg-slate-50">
                        <th scope="rowgroup" colspan="6" class="px-4 py-2 text-left text-xs font-semibold text-slate-600">
                            {format!("{} · {}", day.format("%A %d %b"), format_duration(minutes))}
                        </th>
                    </tr>
                    {list.into_iter().map(|entry| view! {
                        <EntryRow entry currency=currency.clone() matters editing delete saved/>
                    }).collect_view()}
                }
            }).collect_view()}
        </DataTable>
    }
}

/// `entries` (ordered by day) in runs of one day each.
fn by_day(entries: Vec<TimeEntry>) -> Vec<(NaiveDate, Vec<TimeEntry>)> {
    let mut days: Vec<(NaiveDate, Vec<TimeEntry>)> = Vec::new();
    for entry in entries {
        match days.last_mut() {
            Some((day, list)) if *day == entry.worked_on => list.push(entry),
            _ => days.push((entry.worked_on, vec![entry])),
        }
    }
    days
}

/// One entry: its line, or its inline form while it is being edited.
#[component]
fn EntryRow(
    entry: TimeEntry,
    currency: String,
    matters: StoredValue<Vec<MatterRef>>,
    editing: RwSignal<Option<Uuid>>,
    delete: ServerAction<DeleteTimeEntry>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let id = entry.id;
    move || {
        if editing.get() == Some(id) {
            let options = matters.with_value(|list| matter_options(list, Some(&entry.matter)));
            view! { <EditRow entry=entry.clone() options editing saved/> }.into_any()
        } else {
            view! { <EntryLine entry=entry.clone() currency=currency.clone() editing delete/> }
                .into_any()
        }
    }
}

#[component]
fn EntryLine(
    entry: TimeEntry,
    currency: String,
    editing: RwSignal<Option<Uuid>>,
    delete: ServerAction<DeleteTimeEntry>,
) -> impl IntoView {
    let id = entry.id;
    let unbilled = entry.invoice.is_none();
    let codes = codes(&entry.task_code, &entry.activity_code);
    view! {
        <tr data-testid="time-entry">
            <td class="px-4 py-3">
                <div class="font-mono text-xs text-slate-500">{entry.matter.number}</div>
                <div class="text-slate-900">{entry.matter.title}</div>
            </td>
            <td class="px-4 py-3 text-slate-700">
                <div class="whitespace-pre-line">{entry.description}</div>
                {(!codes.is_empty()).then(|| view! { <div class="font-mono text-xs text-slate-500">{codes}</div> })}
            </td>
            <td class="whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-900">{format_duration(entry.minutes)}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700 sm:table-cell">
                {format_money(entry.amount, &currency)}
            </td>
            <td class="px-4 py-3"><WorkStatus invoice=entry.invoice billable=entry.billable/></td>
            <td class="whitespace-nowrap px-4 py-3 text-right">
                {unbilled.then(|| view! {
                    <button type="button" data-testid="entry-edit" on:click=move |_| editing.set(Some(id)) class=SMALL_BUTTON>"Edit"</button>
                    <button type="button" data-testid="entry-delete" on:click=move |_| { delete.dispatch(DeleteTimeEntry { id }); }
                        class=format!("ml-1 {DANGER_BUTTON}")>"Delete"</button>
                })}
            </td>
        </tr>
    }
}

/// An entry's inline form; saving it closes the form and reloads the week.
#[component]
fn EditRow(
    entry: TimeEntry,
    /// The matter select's options.
    options: Vec<(String, String)>,
    editing: RwSignal<Option<Uuid>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let id = entry.id;
    let fields = TimeFields::of(&entry);
    // Its own action: a refusal shows here, and only a success reloads the week.
    let update = ServerAction::<UpdateTimeEntry>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = update.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.get() {
            editing.set(None);
            saved.update(|n| *n += 1);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                update.dispatch(UpdateTimeEntry { id, form });
            }
        }
    };
    view! {
        <tr data-testid="time-entry-edit" class="bg-slate-50">
            <td colspan="6" class="px-4 py-3">
                <form data-testid="time-edit-form" novalidate on:submit=submit class="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-6">
                    <TimeControls prefix=format!("edit-{id}") fields errors matters=options/>
                    <div class="flex items-center justify-end gap-2 sm:pt-6 lg:col-span-3">
                        <button type="button" on:click=move |_| editing.set(None)
                            class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50">"Cancel"</button>
                        <SubmitButton label="Save" pending=update.pending()/>
                    </div>
                    <div class="empty:hidden sm:col-span-2 lg:col-span-6"><FormError errors/></div>
                </form>
            </td>
        </tr>
    }
}
