use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::PageHeader;

/// The firm's start page.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Dashboard"/>
        <PageHeader title="Dashboard" subtitle="Your firm at a glance."/>
        <div class="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <a href="/clients" class="group rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-indigo-300 hover:shadow">
                <h2 class="text-sm font-semibold text-slate-900 group-hover:text-indigo-700">"Clients"</h2>
                <p class="mt-1 text-sm text-slate-500">"Find a client, or add a new one."</p>
            </a>
            <div class="rounded-lg border border-dashed border-slate-300 bg-white p-5">
                <h2 class="text-sm font-semibold text-slate-900">"Matters"</h2>
                <p class="mt-1 text-sm text-slate-500">"Your open matters will show here."</p>
            </div>
            <div class="rounded-lg border border-dashed border-slate-300 bg-white p-5">
                <h2 class="text-sm font-semibold text-slate-900">"Recent documents"</h2>
                <p class="mt-1 text-sm text-slate-500">"Documents you worked on lately will show here."</p>
            </div>
        </div>
    }
}
