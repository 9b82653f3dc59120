//! The week's heading with its Previous / This week / Next links, and the grid of matters by
//! day.

use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

use super::entry_form::iso;
use crate::billing::TimesheetRow;
use crate::billing::money::format_duration;

/// "Week of 30 Nov 2026", and links to the weeks around it (`?week=` of their Mondays).
#[component]
pub fn WeekNav(
    /// The week's Monday.
    start: NaiveDate,
) -> impl IntoView {
    let link = |monday: NaiveDate| format!("/time?week={}", iso(monday));
    let button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
    view! {
        <div class="flex flex-wrap items-center justify-between gap-3">
            <h2 data-testid="week-title" class="text-base font-semibold text-slate-900">
                {format!("Week of {}", start.format("%d %b %Y"))}
            </h2>
            <nav aria-label="Weeks" class="flex gap-2 text-sm text-slate-600">
                <a href=link(start - Duration::days(7)) data-testid="week-previous" class=button>"Previous"</a>
                <a href="/time" data-testid="week-current" class=button>"This week"</a>
                <a href=link(start + Duration::days(7)) data-testid="week-next" class=button>"Next"</a>
            </nav>
        </div>
    }
}

/// Minutes per matter and day (blank for none), each matter's week, each day's total and the
/// week's.
#[component]
pub fn WeekGrid(
    /// The week's Monday.
    start: NaiveDate,
    /// One row per matter worked on.
    rows: Vec<TimesheetRow>,
    /// Minutes per day, Monday first.
    day_totals: Vec<i64>,
) -> impl IntoView {
    let days: Vec<NaiveDate> = (0..7).map(|i| start + Duration::days(i)).collect();
    let week_total: i64 = day_totals.iter().sum();
    let nothing = rows.is_empty();
    view! {
        <div class="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table data-testid="timesheet-grid" class="min-w-full divide-y divide-slate-200 text-sm">
                <thead class="bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-500">
                    <tr>
                        <th scope="col" class="px-4 py-3 text-left">"Matter"</th>
                        {days.into_iter().map(|d| view! {
                            <th scope="col" class="px-3 py-3 text-right">
                                <span class="block">{d.format("%a").to_string()}</span>
                                <span class="block font-normal normal-case">{d.format("%d %b").to_string()}</span>
                            </th>
                        }).collect_view()}
                        <th scope="col" class="px-4 py-3 text-right">"Total"</th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {nothing.then(|| view! {
                        <tr><td colspan="9" class="px-4 py-6 text-center text-slate-500">"No time recorded this week yet."</td></tr>
                    })}
                    {rows.into_iter().map(|row| view! {
                        <tr data-testid="timesheet-row">
                            <th scope="row" class="px-4 py-3 text-left font-normal">
                                <span class="font-mono text-xs text-slate-500">{row.matter.number}</span>" "
                                <span class="text-slate-900">{row.matter.title}</span>
                            </th>
                            {row.minutes.into_iter().map(|m| view! {
                                <td class="px-3 py-3 text-right tabular-nums text-slate-700">{cell(m)}</td>
                            }).collect_view()}
                            <td class="px-4 py-3 text-right font-medium tabular-nums text-slate-900">{format_duration(row.total)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot class="bg-slate-50 font-medium text-slate-900">
                    <tr>
                        <th scope="row" class="px-4 py-3 text-left">"Total"</th>
                        {day_totals.into_iter().map(|m| view! {
                            <td class="px-3 py-3 text-right tabular-nums">{cell(m)}</td>
                        }).collect_view()}
                        <td data-testid="week-total" class="px-4 py-3 text-right tabular-nums">{format_duration(week_total)}</td>
                    </tr>
                </tfoot>
            </table>
        </div>
    }
}

/// A grid cell: the minutes as `1:30`, blank for none.
fn cell(minutes: i64) -> String {
    if minutes > 0 {
        format_duration(minutes)
    } else {
        String::new()
    }
}
