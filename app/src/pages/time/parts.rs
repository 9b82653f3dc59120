//! Pieces the time and billing screens share: the billed/unbilled badge, the UTBMS codes as
//! one line, and the small row buttons.

use leptos::prelude::*;

use crate::billing::InvoiceRef;

/// A row's small neutral button.
pub const SMALL_BUTTON: &str = "rounded-md border border-slate-200 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";
/// A row's small destructive button.
pub const DANGER_BUTTON: &str =
    "rounded-md border border-red-200 px-2 py-1 text-xs font-medium text-red-700 hover:bg-red-50";

/// Where work stands: on an issued invoice (by number), on a draft, unbilled, or not billable
/// (`data-testid="work-status"`).
#[component]
pub fn WorkStatus(
    /// The invoice the work is on, if any.
    invoice: Option<InvoiceRef>,
    /// Whether the client is charged.
    billable: bool,
) -> impl IntoView {
    let (label, colours) = match invoice {
        Some(i) if i.issued => (
            format!("Billed · {}", i.label),
            "bg-emerald-50 text-emerald-700",
        ),
        Some(_) => (
            "On a draft invoice".to_string(),
            "bg-amber-50 text-amber-800",
        ),
        None if billable => ("Unbilled".to_string(), "bg-indigo-50 text-indigo-700"),
        None => ("Not billable".to_string(), "bg-slate-100 text-slate-600"),
    };
    view! {
        <span data-testid="work-status" class=format!("whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium {colours}")>
            {label}
        </span>
    }
}

/// A task and an activity code as one line (`L120 · A101`), empty when there are none.
pub fn codes(task: &Option<String>, activity: &Option<String>) -> String {
    [task, activity]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ")
}
