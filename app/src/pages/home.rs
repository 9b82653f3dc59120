use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::Permission;
use crate::clients::recent_clients;
use crate::components::PageHeader;
use crate::matters::{MatterFilter, MatterStatus, list_matters};
use crate::onboarding::{Checklist, load_checklist};
use crate::pages::documents::RecentDocuments;
use crate::site::user_can;

/// The firm's start page: the first-run checklist for admins of a new firm, then the user's
/// open matters and the clients they opened last.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Dashboard"/>
        <PageHeader title="Dashboard" subtitle="Your firm at a glance."/>
        {user_can(Permission::UsersManage).then(|| view! { <FirstRun/> })}
        <div class="grid gap-4 lg:grid-cols-3">
            {user_can(Permission::MattersRead).then(|| view! { <MyOpenMatters/> })}
            {user_can(Permission::ClientsRead).then(|| view! { <RecentClients/> })}
            {user_can(Permission::DocumentsRead).then(|| view! {
                <div class="lg:col-span-3">
                    <Card title="Recent documents" testid="recent-documents">
                        <RecentDocuments/>
                    </Card>
                </div>
            })}
        </div>
    }
}

/// A dashboard card: a title, and its content.
#[component]
fn Card(title: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    view! {
        <section data-testid=testid class="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="mb-3 text-sm font-semibold text-slate-900">{title}</h2>
            {children()}
        </section>
    }
}

/// The open matters the user is on the team of, newest first.
#[component]
fn MyOpenMatters() -> impl IntoView {
    let filter = MatterFilter {
        status: MatterStatus::Open.as_str().into(),
        mine: true,
        ..Default::default()
    };
    let matters = Resource::new(move || filter.clone(), |filter| list_matters(filter, 1));
    view! {
        <div class="lg:col-span-2">
            <Card title="My open matters" testid="my-matters">
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                    {move || matters.get().map(|result| match result {
                        Ok(page) if page.items.is_empty() => view! {
                            <p class="text-sm text-slate-500">"You are on no open matter's team. "
                                <a href="/matters/new" class="font-medium text-indigo-600 hover:text-indigo-500">"Open a matter"</a></p>
                        }.into_any(),
                        Ok(page) => view! {
                            <ul class="divide-y divide-slate-100">
                                {page.items.into_iter().take(MATTERS_SHOWN).map(|m| view! {
                                    <li class="flex items-baseline gap-3 py-2 text-sm">
                                        <span class="font-mono text-xs text-slate-500">{m.number}</span>
                                        <a href=format!("/matters/{}", m.id) class="min-w-0 flex-1 truncate font-medium text-slate-900 hover:text-indigo-600">{m.title}</a>
                                        <span class="hidden truncate text-slate-500 sm:inline">{m.client_name}</span>
                                    </li>
                                }).collect_view()}
                            </ul>
                            {(page.total > MATTERS_SHOWN as u64).then(|| view! {
                                <a href="/matters?mine=1&status=open" class="mt-3 inline-block text-sm font-medium text-indigo-600 hover:text-indigo-500">
                                    {format!("All {} of your open matters →", page.total)}
                                </a>
                            })}
                        }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                    })}
                </Transition>
            </Card>
        </div>
    }
}

/// How many open matters the dashboard lists.
const MATTERS_SHOWN: usize = 8;

/// The clients the user opened last.
#[component]
fn RecentClients() -> impl IntoView {
    let clients = Resource::new(|| (), |()| recent_clients());
    view! {
        <Card title="Recently viewed clients" testid="recent-clients">
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading…"</p> }>
                {move || clients.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! {
                        <p class="text-sm text-slate-500">"Clients you open will show here."</p>
                    }.into_any(),
                    Ok(list) => view! {
                        <ul class="divide-y divide-slate-100">
                            {list.into_iter().map(|c| view! {
                                <li class="py-2 text-sm">
                                    <a href=format!("/clients/{}", c.id) class="font-medium text-slate-900 hover:text-indigo-600">{c.name}</a>
                                    <span class="ml-2 text-xs text-slate-500">{c.kind.label()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
                })}
            </Transition>
        </Card>
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
