use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::PageHeader;

/// Placeholder for a section whose feature has not landed yet.
#[component]
pub fn ComingSoon(
    /// The section's name.
    title: &'static str,
    /// The piece of work that builds it.
    issue: &'static str,
) -> impl IntoView {
    view! {
        <Title text=title/>
        <PageHeader title=title/>
        <div class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
            <h2 class="text-base font-medium text-slate-900">"Coming soon"</h2>
            <p class="mt-1 text-sm text-slate-500">{format!("{title} arrive with the {issue} work.")}</p>
        </div>
    }
}
