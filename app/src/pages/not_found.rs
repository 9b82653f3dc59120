use leptos::prelude::*;
use leptos_meta::Title;

/// The in-app "not found" page (404).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Not found"/>
        <div class="mx-auto max-w-md py-24 text-center">
            <p class="text-sm font-semibold text-indigo-600">"404"</p>
            <h1 class="mt-2 text-2xl font-semibold text-slate-900">"Page not found"</h1>
            <p class="mt-2 text-sm text-slate-500">"The page may have moved, or the link is wrong."</p>
            <a href="/" class="mt-6 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">"Go to the start page"</a>
        </div>
    }
}
