//! The timesheet: a week of the signed-in user's time as a grid of matters by day, a quick-entry
//! form made for the keyboard, and the week's entries, editable until they are billed. Also the
//! time entry form and controls a matter's Billing tab and the top bar's timer share.

mod controls;
mod entries;
mod entry_form;
mod grid;
mod parts;

pub use controls::{CheckControl, SelectControl, TextControl};
pub use entry_form::{TimeControls, TimeFields, focus, iso, matter_options, today};
pub use parts::{DANGER_BUTTON, SMALL_BUTTON, WorkStatus, codes};

use chrono::{Datelike, Duration, NaiveDate};
use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use entries::WeekEntries;
use grid::{WeekGrid, WeekNav};

use crate::auth::Permission;
use crate::billing::{CreateTimeEntry, DeleteTimeEntry, Timesheet, load_timesheet, time_matters};
use crate::components::{FormError, PageHeader, SubmitButton};
use crate::error::AppError;
use crate::site::user_can;

/// `/time`: the user's week (`?week=YYYY-MM-DD`, any day of it; this week without).
#[component]
pub fn TimesheetPage() -> impl IntoView {
    view! {
        <Title text="Time"/>
        <PageHeader title="Time" subtitle="Your week of time. Entries can change until they are billed."/>
        {if user_can(Permission::TimeWrite) {
            view! { <TimesheetView/> }.into_any()
        } else {
            view! { <p class="text-sm text-slate-500">"Your role does not record time. Ask your firm's administrator if you need to."</p> }.into_any()
        }}
    }
}

#[component]
fn TimesheetView() -> impl IntoView {
    let query = use_query_map();
    let week = Memo::new(move |_| query.read().get("week").unwrap_or_default());
    let create = ServerAction::<CreateTimeEntry>::new();
    let delete = ServerAction::<DeleteTimeEntry>::new();
    let saved = RwSignal::new(0u32);
    let sheet = Resource::new(
        move || {
            (
                week.get(),
                create.version().get(),
                delete.version().get(),
                saved.get(),
            )
        },
        |(day, ..)| load_timesheet(day),
    );
    let refusal = move || {
        delete
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.in_words())
    };
    view! {
        <div class="space-y-6">
            <QuickEntry week create/>
            {move || refusal().map(|message| view! {
                <p role="alert" data-testid="time-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{message}</p>
            })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading your week…"</p> }>
                {move || sheet.get().map(|result| match result {
                    Ok(sheet) => view! { <Week sheet delete saved/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Week(
    sheet: Timesheet,
    delete: ServerAction<DeleteTimeEntry>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let start = sheet.week_start;
    let has_entries = !sheet.entries.is_empty();
    view! {
        <WeekNav start/>
        <WeekGrid start rows=sheet.rows day_totals=sheet.day_totals/>
        {has_entries.then(|| view! {
            <WeekEntries entries=sheet.entries currency=sheet.currency matters=sheet.matters delete saved/>
        })}
    }
}

/// The quick-entry form: matter, date, duration, description, billable and codes; Enter adds
/// the entry, after which the duration and description empty and the focus returns to the
/// duration for the next one. It stays put while the week below reloads.
#[component]
fn QuickEntry(week: Memo<String>, create: ServerAction<CreateTimeEntry>) -> impl IntoView {
    // Its own list of matters (the same as the timesheet's), so that reloading the week after
    // each entry leaves the form, its values and the focus alone.
    let matters = Resource::new(|| (), |_| time_matters());
    let fields = TimeFields::blank(String::new(), default_day(&week.get_untracked()));
    let duration_ref = NodeRef::<html::Input>::new();
    let local = RwSignal::new(None::<AppError>);
    let server = create.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    // Another week shown: new entries default to a day of it.
    Effect::new(move |_| fields.worked_on.set(iso(default_day(&week.get()))));
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.get() {
            fields.clear_work();
            focus(duration_ref);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                create.dispatch(CreateTimeEntry { form });
            }
        }
    };
    view! {
        <form data-testid="quick-entry" novalidate on:submit=submit
            class="grid items-start gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-6">
            <h2 class="text-sm font-semibold text-slate-900 sm:col-span-2 lg:col-span-6">"Record time"</h2>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500 sm:col-span-2 lg:col-span-6">"Loading matters…"</p> }>
                {move || matters.get().map(|result| {
                    let options = matter_options(&result.unwrap_or_default(), None);
                    view! { <TimeControls prefix="quick" fields errors matters=options duration_ref/> }
                })}
            </Transition>
            <div class="flex justify-end sm:pt-6 lg:col-span-3">
                <SubmitButton label="Add time" pending=create.pending()/>
            </div>
            <div class="empty:hidden sm:col-span-2 lg:col-span-6"><FormError errors/></div>
        </form>
    }
}

/// The day a new entry in the week of `week` (`YYYY-MM-DD`, empty for this week) starts on:
/// today when that week holds it, else the week's Monday.
fn default_day(week: &str) -> NaiveDate {
    let today = today();
    let monday = monday_of(NaiveDate::parse_from_str(week.trim(), "%Y-%m-%d").unwrap_or(today));
    if monday == monday_of(today) {
        today
    } else {
        monday
    }
}

/// The Monday of `day`'s week.
fn monday_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}
