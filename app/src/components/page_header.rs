use leptos::prelude::*;

/// A page's title row: heading, a line of context, and room for actions on the right.
#[component]
pub fn PageHeader(
    /// The page's heading.
    #[prop(into)]
    title: String,
    /// One line under the heading.
    #[prop(into, optional)]
    subtitle: Option<String>,
    /// Actions shown on the right.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="mb-6 flex flex-wrap items-end justify-between gap-4">
            <div>
                <h1 class="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
                {subtitle.map(|s| view! { <p class="mt-1 text-sm text-slate-500">{s}</p> })}
            </div>
            {children.map(|c| view! { <div class="flex items-center gap-2">{c()}</div> })}
        </div>
    }
}
