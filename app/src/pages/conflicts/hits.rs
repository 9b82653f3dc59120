use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::DataTable;
use crate::conflicts::{ConflictHit, ConflictResults, HitMatter, HitSource};

/// What a conflict search found: a summary line, then one row per hit saying what matched what
/// and where it was found (links to what the user may open).
#[component]
pub fn ConflictHits(results: ConflictResults) -> impl IntoView {
    let searched = results.names.join(", ");
    let count = results.hits.len();
    let summary = match (count, results.truncated) {
        (0, _) => format!("No possible conflicts for {searched}."),
        (1, _) => format!("1 possible conflict for {searched}. Review it before deciding."),
        (n, false) => {
            format!("{n} possible conflicts for {searched}. Review them before deciding.")
        }
        (n, true) => format!(
            "More than {n} possible conflicts for {searched}: the first {n} are shown. Use fuller names to narrow the search."
        ),
    };
    let tone = if count == 0 {
        "border-emerald-200 bg-emerald-50 text-emerald-800"
    } else {
        "border-amber-200 bg-amber-50 text-amber-900"
    };
    view! {
        <div class="space-y-3" data-testid="conflict-results">
            <p data-testid="conflict-summary" class=format!("rounded-md border px-3 py-2 text-sm {tone}")>{summary}</p>
            {(count > 0).then(|| view! {
                <DataTable testid="conflict-hits" columns=vec![("Searched", "hidden sm:table-cell"), ("Found", ""), ("Where", "")]>
                    {results.hits.into_iter().map(|hit| view! { <HitRow hit/> }).collect_view()}
                </DataTable>
            })}
        </div>
    }
}

#[component]
fn HitRow(hit: ConflictHit) -> impl IntoView {
    let place = hit.describe();
    let link = match (&hit.source, &hit.matter, hit.client_id) {
        (HitSource::Client, _, Some(id)) => Some(format!("/clients/{id}")),
        (_, Some(HitMatter::Visible { id, .. }), _) => Some(format!("/matters/{id}?tab=conflicts")),
        _ => None,
    };
    view! {
        <tr>
            <td class="hidden px-4 py-3 text-slate-600 sm:table-cell">{hit.searched}</td>
            <td class="px-4 py-3 font-medium text-slate-900">{hit.found}</td>
            <td class="px-4 py-3 text-slate-700">
                {match link {
                    Some(href) => view! { <A href=href attr:class="text-indigo-600 hover:text-indigo-500">{place}</A> }.into_any(),
                    None => view! { <span class="text-slate-500">{place}</span> }.into_any(),
                }}
            </td>
        </tr>
    }
}
