//! The time entry form: its fields as signals and its controls, shared by the timesheet's quick
//! entry and inline edit and by a matter's Billing tab.

use chrono::NaiveDate;
use leptos::html;
use leptos::prelude::*;

use super::controls::{CheckControl, SelectControl, TextControl};
use crate::billing::money::format_duration;
use crate::billing::{MatterRef, TimeEntry, TimeEntryForm};
use crate::error::AppError;

/// The time entry form's fields as signals, so the controls stay bound while the user types.
#[derive(Clone, Copy)]
pub struct TimeFields {
    /// The matter's id (empty until chosen).
    pub matter_id: RwSignal<String>,
    /// `YYYY-MM-DD`.
    pub worked_on: RwSignal<String>,
    /// As typed: `1.5`, `1:30`, `1h 30m`.
    pub duration: RwSignal<String>,
    /// What was done.
    pub description: RwSignal<String>,
    /// Whether the client is charged.
    pub billable: RwSignal<bool>,
    /// UTBMS task code, or empty.
    pub task_code: RwSignal<String>,
    /// UTBMS activity code, or empty.
    pub activity_code: RwSignal<String>,
}

impl TimeFields {
    /// Empty, billable fields for work on `matter_id` (empty to choose one) on `day`.
    pub fn blank(matter_id: String, day: NaiveDate) -> Self {
        TimeFields {
            matter_id: RwSignal::new(matter_id),
            worked_on: RwSignal::new(iso(day)),
            duration: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            billable: RwSignal::new(true),
            task_code: RwSignal::new(String::new()),
            activity_code: RwSignal::new(String::new()),
        }
    }

    /// Fields holding an entry as recorded.
    pub fn of(entry: &TimeEntry) -> Self {
        TimeFields {
            matter_id: RwSignal::new(entry.matter.id.to_string()),
            worked_on: RwSignal::new(iso(entry.worked_on)),
            duration: RwSignal::new(format_duration(entry.minutes)),
            description: RwSignal::new(entry.description.clone()),
            billable: RwSignal::new(entry.billable),
            task_code: RwSignal::new(entry.task_code.clone().unwrap_or_default()),
            activity_code: RwSignal::new(entry.activity_code.clone().unwrap_or_default()),
        }
    }

    /// The form as typed.
    pub fn form(&self) -> TimeEntryForm {
        TimeEntryForm {
            matter_id: self.matter_id.get_untracked(),
            worked_on: self.worked_on.get_untracked(),
            duration: self.duration.get_untracked(),
            description: self.description.get_untracked(),
            billable: self.billable.get_untracked().to_string(),
            task_code: self.task_code.get_untracked(),
            activity_code: self.activity_code.get_untracked(),
        }
    }

    /// Empties what changes from one entry to the next: the duration and the description.
    pub fn clear_work(&self) {
        self.duration.set(String::new());
        self.description.set(String::new());
    }
}

/// The time entry form's controls, their ids starting with `prefix`: the matter (a select of
/// `matters`, or without them a hidden `matter_id`), date, duration, description, task and
/// activity codes, and billable. The form around them is a grid of six columns on wide screens
/// (`sm:grid-cols-2 lg:grid-cols-6`).
#[component]
pub fn TimeControls(
    /// Starts every control's id.
    #[prop(into)]
    prefix: String,
    /// The bound fields.
    fields: TimeFields,
    /// The form's current errors.
    errors: Signal<Option<AppError>>,
    /// The matter select's options; none for a form on one matter.
    #[prop(optional)]
    matters: Option<Vec<(String, String)>>,
    /// A handle on the duration input, to move the focus back there.
    #[prop(optional)]
    duration_ref: NodeRef<html::Input>,
) -> impl IntoView {
    let at = |name: &str| format!("{prefix}-{name}");
    let matter = match matters {
        Some(options) => view! {
            <SelectControl id=at("matter") name="matter_id" label="Matter" value=fields.matter_id errors options
                span="lg:col-span-2"/>
        }
        .into_any(),
        None => view! { <input type="hidden" name="matter_id" value=fields.matter_id.get_untracked()/> }
            .into_any(),
    };
    view! {
        {matter}
        <TextControl id=at("date") name="worked_on" label="Date" input_type="date" value=fields.worked_on errors/>
        <TextControl id=at("duration") name="duration" label="Duration" placeholder="1.5 or 1:30"
            value=fields.duration errors input_ref=duration_ref/>
        <TextControl id=at("description") name="description" label="Description" value=fields.description errors
            span="sm:col-span-2"/>
        <TextControl id=at("task") name="task_code" label="Task code" placeholder="L120" value=fields.task_code errors/>
        <TextControl id=at("activity") name="activity_code" label="Activity code" placeholder="A101"
            value=fields.activity_code errors/>
        <CheckControl id=at("billable") name="billable" label="Billable" value=fields.billable span="sm:pt-7"/>
    }
}

/// `matters` as a matter select's options, after an empty "Choose a matter"; `current` is added
/// when it is not among them (an entry on a matter since closed).
pub fn matter_options(matters: &[MatterRef], current: Option<&MatterRef>) -> Vec<(String, String)> {
    let missing = current.filter(|c| !matters.iter().any(|m| m.id == c.id));
    std::iter::once((String::new(), "Choose a matter".to_string()))
        .chain(
            missing
                .into_iter()
                .chain(matters)
                .map(|m| (m.id.to_string(), m.label())),
        )
        .collect()
}

/// A date as forms write it: `2026-11-30`.
pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Today where the firm is (as the server counts days), from the server's clock or the
/// browser's.
pub fn today() -> NaiveDate {
    crate::site::use_clock().today()
}

/// Moves the keyboard focus to `input`.
#[cfg(feature = "hydrate")]
pub fn focus(input: NodeRef<html::Input>) {
    if let Some(input) = input.get_untracked() {
        let _ = input.focus();
    }
}

/// On the server there is no focus to move.
#[cfg(not(feature = "hydrate"))]
pub fn focus(_: NodeRef<html::Input>) {}
