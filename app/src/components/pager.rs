//! The line under a paginated table.

use leptos::prelude::*;
use leptos_router::components::A;

/// "Page 2 of 5 · 112 clients" with Previous and Next links (`data-testid="pager"`).
#[component]
pub fn Pager<L>(
    /// This page's number, from 1.
    page: u64,
    /// How many pages there are.
    pages: u64,
    /// How many rows match in all.
    total: u64,
    /// What one row is called, singular and plural: `("client", "clients")`.
    noun: (&'static str, &'static str),
    /// The link to page `n`.
    link: L,
) -> impl IntoView
where
    L: Fn(u64) -> String + 'static,
{
    let counted = if total == 1 { noun.0 } else { noun.1 };
    let button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50";
    view! {
        <nav data-testid="pager" aria-label="Pages" class="flex items-center justify-between text-sm text-slate-600">
            <span>{format!("Page {page} of {pages} · {total} {counted}")}</span>
            <span class="flex gap-2">
                {(page > 1).then(|| view! { <A href=link(page - 1) attr:class=button>"Previous"</A> })}
                {(page < pages).then(|| view! { <A href=link(page + 1) attr:class=button>"Next"</A> })}
            </span>
        </nav>
    }
}
