//! The matters screens: the filtered list, the form that opens a matter, a matter's page (its
//! overview, team and the tabs still to come), and the matters section of a client's page.

mod activity;
mod billing_tab;
mod client_matters;
mod client_picker;
mod detail;
mod editor;
mod list;
mod new;
mod overview;
mod team;

pub use client_matters::{ClientMatters, client_matters};
pub use client_picker::{ClientChoice, ClientPicker};
pub use detail::MatterDetailPage;
pub use list::MattersPage;
pub use new::NewMatterPage;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::error::AppError;
use crate::matters::{Choice, MatterOptions, MatterStatus, load_matter_options};

/// The firm's active users and practice areas, loaded once per page for its forms and filters.
type Options = Resource<Result<MatterOptions, AppError>>;

/// Loads the page's [`Options`].
fn load_options() -> Options {
    Resource::new(|| (), |_| load_matter_options())
}

/// A matter's status as a coloured badge: open emerald, pending amber, closed slate.
#[component]
pub fn StatusBadge(status: MatterStatus) -> impl IntoView {
    let colours = match status {
        MatterStatus::Open => "bg-emerald-50 text-emerald-700",
        MatterStatus::Pending => "bg-amber-50 text-amber-800",
        MatterStatus::Closed => "bg-slate-100 text-slate-600",
    };
    view! {
        <span data-testid="matter-status" class=format!("whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium {colours}")>
            {status.label()}
        </span>
    }
}

/// The statuses as `(value, label)` options of a select.
fn status_choices() -> Vec<(String, String)> {
    MatterStatus::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), s.label().to_string()))
        .collect()
}

/// `list` as `(id, name)` options of a select, after an empty first option labelled `none`.
fn choices(none: &str, list: &[Choice]) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_string()))
        .chain(list.iter().map(|c| (c.id.to_string(), c.name.clone())))
        .collect()
}

/// A date as the matter screens show it: `23 Nov 2026`.
fn day(date: NaiveDate) -> String {
    date.format("%d %b %Y").to_string()
}
