use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Permission;
use crate::components::PageHeader;
use crate::onboarding::{Checklist, load_checklist};
use crate::site::user_can;

/// The firm's start page: the first-run checklist for admins of a new firm, then the cards.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Dashboard"/>
        <PageHeader title="Dashboard" subtitle="Your firm at a glance."/>
        {user_can(Permission::UsersManage).then(|| view! { <FirstRun/> })}
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

/// "Get started": three first steps, ticked off as the firm takes them.
#[component]
fn FirstRun() -> impl IntoView {
    let steps = Resource::new(|| (), |()| load_checklist());
    view! {
        <Suspense>
            {move || steps.get().and_then(Result::ok).filter(|c| !c.done()).map(|c: Checklist| {
                let done = [c.team, c.client, c.matter].iter().filter(|d| **d).count();
                view! {
                    <section data-testid="first-run" class="mb-6 rounded-lg border border-indigo-100 bg-white p-5 shadow-sm">
                        <div class="flex items-baseline justify-between gap-4">
                            <h2 class="text-base font-semibold text-slate-900">"Get started"</h2>
                            <span class="text-sm text-slate-500">{format!("{done} of 3 done")}</span>
                        </div>
                        <div class="mt-3 h-1.5 overflow-hidden rounded-full bg-slate-100" role="progressbar"
                            aria-valuemin="0" aria-valuemax="3" aria-valuenow=done.to_string()>
                            <div class="h-full rounded-full bg-indigo-500" style=format!("width: {}%", done * 100 / 3)></div>
                        </div>
                        <ol class="mt-4 grid gap-3 sm:grid-cols-3">
                            <Step done=c.team href="/settings" title="Invite your team" text="Send your colleagues a link to join."/>
                            <Step done=c.client href="/clients" title="Add a client" text="Start with the client you work for most."/>
                            <Step done=c.matter href="/matters" title="Open a matter" text="Matters hold documents, time and bills."/>
                        </ol>
                    </section>
                }
            })}
        </Suspense>
    }
}

#[component]
fn Step(done: bool, href: &'static str, title: &'static str, text: &'static str) -> impl IntoView {
    let (mark, mark_class) = if done {
        ("✓", "bg-emerald-500 text-white")
    } else {
        ("", "border border-slate-300 bg-white")
    };
    view! {
        <li>
            <a href=href data-done=done.to_string() class="flex gap-3 rounded-md p-2 hover:bg-slate-50">
                <span class=format!("mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold {mark_class}")>{mark}</span>
                <span>
                    <span class=if done { "block text-sm font-medium text-slate-500 line-through" } else { "block text-sm font-medium text-slate-900" }>{title}</span>
                    <span class="block text-xs text-slate-500">{text}</span>
                </span>
            </a>
        </li>
    }
}
