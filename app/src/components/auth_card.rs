use leptos::prelude::*;

/// The centred card of the pages people see before they are signed in (sign-in, password reset,
/// invitations, sign-up): the Docket mark, a heading, a line under it, then the content.
#[component]
pub fn AuthCard(
    /// The heading.
    #[prop(into)]
    title: String,
    /// A line under the heading.
    #[prop(optional, into)]
    subtitle: Option<String>,
    /// Wider card (the sign-up form).
    #[prop(optional)]
    wide: bool,
    children: Children,
) -> impl IntoView {
    let width = if wide { "max-w-lg" } else { "max-w-sm" };
    view! {
        <div class="flex min-h-screen items-center justify-center px-4 py-10">
            <div class=format!("w-full {width}")>
                <div class="mb-6 text-center">
                    <span class="mx-auto flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 font-bold text-white">"D"</span>
                    <h1 data-testid="auth-title" class="mt-4 text-xl font-semibold text-slate-900">{title}</h1>
                    {subtitle.map(|s| view! { <p class="mt-1 text-sm text-slate-500">{s}</p> })}
                </div>
                <div class="space-y-4 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
                    {children()}
                </div>
            </div>
        </div>
    }
}

/// A calm confirmation line inside a card (`role="status"`).
#[component]
pub fn Notice(
    /// The message.
    #[prop(into)]
    message: String,
) -> impl IntoView {
    view! {
        <p role="status" data-testid="notice" class="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">{message}</p>
    }
}
