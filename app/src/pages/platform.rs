//! The platform console at `admin.{base domain}`: a dashboard of every firm (key figures,
//! charts, and a searchable, sortable table of their numbers), with suspension (for a stated
//! reason, shown to the firm's users), reactivation, and support sessions (for a stated reason,
//! recorded in the firm's own audit log), moving firms between plans, opening firms, and the
//! plans themselves.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::layout::SignOutButton;
use super::platform_dashboard::{Board, FilterBar, Filters, Overview, grouped};
use super::platform_new_firm::NewFirmSection;
use super::platform_plans::{PlanList, PlansSection};
use crate::auth::UserInfo;
use crate::components::{DataTable, PageHeader, Pager};
use crate::documents::format_size;
use crate::platform::dashboard::{Dashboard, FirmRow, load_dashboard};
use crate::platform::{
    CreateFirm, ReactivateFirm, SavePlan, ScheduleFirmDeletion, SetFirmPlan, StartSupport,
    SuspendFirm, list_plans,
};

/// The firms table's columns (the inline forms span them all).
const COLUMNS: &str = "11";

/// A cell holding a number.
const NUMBER_CELL: &str = "whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-700";

/// A firm's plan menu in its row.
const PLAN_SELECT: &str = "block rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100 disabled:opacity-60";

/// The console's home: the dashboard, for a signed-in platform admin.
#[component]
pub fn PlatformHome(admin: UserInfo) -> impl IntoView {
    let suspend = ServerAction::<SuspendFirm>::new();
    let reactivate = ServerAction::<ReactivateFirm>::new();
    let delete = ServerAction::<ScheduleFirmDeletion>::new();
    let support = ServerAction::<StartSupport>::new();
    let set_plan = ServerAction::<SetFirmPlan>::new();
    let save_plan = ServerAction::<SavePlan>::new();
    let create = ServerAction::<CreateFirm>::new();
    let query = use_query_map();
    let filters = Memo::new(move |_| Filters::from_query(&query.read()));
    // Bumped by every action that changed something (a refused one changes nothing, and
    // reloading then would wipe the form the admin is correcting).
    let changed = RwSignal::new(0u32);
    let bump = move |ok: bool| {
        if ok {
            changed.update(|n| *n += 1);
        }
    };
    Effect::new(move |_| {
        suspend.version().get();
        bump(suspend.value().get_untracked().is_some_and(|r| r.is_ok()));
    });
    Effect::new(move |_| {
        reactivate.version().get();
        bump(
            reactivate
                .value()
                .get_untracked()
                .is_some_and(|r| r.is_ok()),
        );
    });
    Effect::new(move |_| {
        delete.version().get();
        bump(delete.value().get_untracked().is_some_and(|r| r.is_ok()));
    });
    Effect::new(move |_| {
        set_plan.version().get();
        bump(set_plan.value().get_untracked().is_some_and(|r| r.is_ok()));
    });
    Effect::new(move |_| {
        create.version().get();
        bump(create.value().get_untracked().is_some_and(|r| r.is_ok()));
    });
    // At the page's top level, never in a section under a Transition (ARCHITECTURE.md, "Pages"):
    // loaded again for new filters and after every change.
    let board: Board = Resource::new(
        move || (changed.get(), filters.get()),
        |(_, filters)| load_dashboard(filters.query()),
    );
    // Every plan, here for the same reason; loaded again after one is saved.
    let plans: PlanList = Resource::new(|| (), |_| list_plans());
    Effect::new(move |_| {
        save_plan.version().get();
        if save_plan.value().get_untracked().is_some_and(|r| r.is_ok()) {
            plans.refetch();
            // The firms' plan menus and the plan filter list the plans too.
            bump(true);
        }
    });
    // The firm whose suspension or support form is open, if any.
    let open = RwSignal::new(None::<(String, Form)>);
    Effect::new(move |_| {
        if let (Some(Ok(_)), _) | (_, Some(Ok(_))) = (suspend.value().get(), delete.value().get()) {
            open.set(None);
        }
    });
    // A support session opens on the firm's own host.
    Effect::new(move |_| {
        if let Some(Ok(link)) = support.value().get() {
            let _ = window().location().assign(&link);
        }
    });
    view! {
        <Title text="Platform"/>
        <header class="bg-slate-900 text-slate-100">
            <div class="mx-auto flex max-w-7xl items-center justify-between px-4 py-3 sm:px-6">
                <span class="text-sm font-semibold">"Docket Platform"</span>
                <div class="flex items-center gap-3 text-sm">
                    <span data-testid="user-name" class="text-slate-300" title=admin.email>{admin.name}</span>
                    <SignOutButton/>
                </div>
            </div>
        </header>
        <main class="mx-auto max-w-7xl px-4 py-8 sm:px-6">
            <PageHeader title="Platform administration" subtitle="Every firm on Docket: how much it holds, how much it is used, and its standing."/>
            <div class="space-y-6">
                <Transition>
                    {move || board.get().and_then(Result::ok).map(|dashboard| view! { <Overview dashboard/> })}
                </Transition>
                <section class="space-y-4">
                    <FilterBar filters board/>
                    {move || set_plan.value().get().and_then(Result::err).map(|err| view! {
                        <p role="alert" data-testid="firm-plan-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{err.in_words()}</p>
                    })}
                    <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading firms…"</p> }>
                        {move || board.get().map(|result| match result {
                            Ok(dashboard) => view! {
                                <FirmsList dashboard filters=filters.get_untracked() suspend reactivate support delete set_plan open/>
                            }.into_any(),
                            Err(err) => view! {
                                <p role="alert" data-testid="dashboard-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{err.in_words()}</p>
                            }.into_any(),
                        })}
                    </Transition>
                </section>
                <NewFirmSection plans create/>
                <PlansSection plans save=save_plan/>
            </div>
        </main>
    }
}

/// The two forms a firm's row can open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Suspend,
    Support,
    Delete,
}

/// "12 firms", the table and the pager, or why no firm is listed.
#[component]
fn FirmsList(
    dashboard: Dashboard,
    filters: Filters,
    suspend: ServerAction<SuspendFirm>,
    reactivate: ServerAction<ReactivateFirm>,
    support: ServerAction<StartSupport>,
    delete: ServerAction<ScheduleFirmDeletion>,
    set_plan: ServerAction<SetFirmPlan>,
    open: RwSignal<Option<(String, Form)>>,
) -> impl IntoView {
    let counted = if dashboard.total == 1 {
        "firm"
    } else {
        "firms"
    };
    let summary = view! {
        <p class="text-sm text-slate-600">
            <span data-testid="dashboard-total" class="font-medium text-slate-900">{format!("{} {counted}", grouped(i64::try_from(dashboard.total).unwrap_or(i64::MAX)))}</span>
            " · times in UTC"
        </p>
    };
    if dashboard.rows.is_empty() {
        let message = if filters.narrows() {
            "No firm matches these filters."
        } else {
            "No firm is on Docket yet."
        };
        return view! {
            {summary}
            <div data-testid="no-firms" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
                {message}
            </div>
        }
        .into_any();
    }
    let (page, pages, total) = (dashboard.page, dashboard.pages, dashboard.total);
    let link = move |n: u64| {
        Filters {
            page: n,
            ..filters.clone()
        }
        .href()
    };
    view! {
        {summary}
        <FirmsTable firms=dashboard.rows plans=dashboard.plans suspend reactivate support delete set_plan open/>
        {(pages > 1).then(|| view! { <Pager page pages total noun=("firm", "firms") link/> })}
    }
    .into_any()
}

#[component]
fn FirmsTable(
    firms: Vec<FirmRow>,
    /// Every plan, `(id, name)`, for each firm's plan menu.
    plans: Vec<(String, String)>,
    suspend: ServerAction<SuspendFirm>,
    reactivate: ServerAction<ReactivateFirm>,
    support: ServerAction<StartSupport>,
    delete: ServerAction<ScheduleFirmDeletion>,
    set_plan: ServerAction<SetFirmPlan>,
    open: RwSignal<Option<(String, Form)>>,
) -> impl IntoView {
    let columns = vec![
        ("Firm", ""),
        ("Status", ""),
        ("Plan", "hidden lg:table-cell"),
        ("Users", "text-right"),
        ("Matters / docs", "text-right"),
        ("Storage", "text-right"),
        ("Sign-ins 24h / 30d", "text-right"),
        ("Requests 24h / 30d", "text-right"),
        ("Last activity", ""),
        ("Created", "hidden 2xl:table-cell"),
        ("", ""),
    ];
    view! {
        <DataTable testid="firms-table" columns>
            {firms.into_iter().map(|f| {
                let active = f.status == "active";
                let badge = if active { "bg-emerald-50 text-emerald-700" } else { "bg-amber-50 text-amber-800" };
                let slug = f.slug.clone();
                let showing = {
                    let slug = slug.clone();
                    move || open.get().filter(|(s, _)| *s == slug).map(|(_, form)| form)
                };
                let actions = if active {
                    let (a, b, c) = (slug.clone(), slug.clone(), slug.clone());
                    view! {
                        <button type="button" data-testid=format!("support-{slug}")
                            on:click=move |_| open.set(Some((a.clone(), Form::Support)))
                            class="whitespace-nowrap rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50">"Support…"</button>
                        <button type="button" data-testid=format!("suspend-{slug}")
                            on:click=move |_| open.set(Some((b.clone(), Form::Suspend)))
                            class="whitespace-nowrap rounded-md border border-red-200 px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50">"Suspend…"</button>
                        <button type="button" data-testid=format!("delete-{slug}")
                            on:click=move |_| open.set(Some((c.clone(), Form::Delete)))
                            class="whitespace-nowrap rounded-md border border-red-200 px-2 py-0.5 text-xs font-medium text-red-700 hover:bg-red-50">"Delete…"</button>
                    }.into_any()
                } else {
                    let slug = slug.clone();
                    view! {
                        <button type="button" data-testid=format!("reactivate-{slug}")
                            on:click=move |_| { reactivate.dispatch(ReactivateFirm { slug: slug.clone() }); }
                            class="whitespace-nowrap rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50">"Reactivate"</button>
                    }.into_any()
                };
                let plan_menu = {
                    let (slug, current) = (slug.clone(), f.plan);
                    let testid = format!("plan-{slug}");
                    let label = format!("Plan of {slug}");
                    // A plan missing from the list (there should be none) still shows as the firm's.
                    let mut options = plans.clone();
                    if !options.iter().any(|(id, _)| *id == current) {
                        options.push((current.clone(), current.clone()));
                    }
                    view! {
                        <select name="plan" data-testid=testid aria-label=label
                            disabled=move || set_plan.pending().get()
                            on:change=move |ev| { set_plan.dispatch(SetFirmPlan { slug: slug.clone(), plan: event_target_value(&ev) }); }
                            class=PLAN_SELECT>
                            {options.into_iter().map(|(id, name)| {
                                let selected = id == current;
                                view! { <option value=id selected=selected>{name}</option> }
                            }).collect_view()}
                        </select>
                    }
                };
                view! {
                    <tr data-testid=format!("firm-{}", f.slug) class="align-top hover:bg-slate-50">
                        <td class="px-4 py-3">
                            <div class="font-medium text-slate-900">{f.name}</div>
                            <div class="text-xs text-slate-500">{f.slug.clone()}</div>
                        </td>
                        <td class="px-4 py-3">
                            <span data-testid="firm-status" class=format!("rounded-full px-2 py-0.5 text-xs font-medium {badge}")>{f.status}</span>
                            {f.suspended_reason.map(|r| view! { <p class="mt-1 max-w-xs text-xs text-slate-500">{r}</p> })}
                            {f.deletion_due_at.map(|_| view! { <p class="mt-1 max-w-xs text-xs text-slate-500">"Reactivate to cancel the deletion."</p> })}
                        </td>
                        <td class="hidden px-4 py-3 text-slate-600 lg:table-cell">{plan_menu}</td>
                        <td class=NUMBER_CELL>{grouped(f.users)}</td>
                        <td class=NUMBER_CELL>{grouped(f.matters)}<span class="text-slate-400">" / "{grouped(f.documents)}</span></td>
                        <td class=NUMBER_CELL>{format_size(u64::try_from(f.storage_bytes).unwrap_or(0))}</td>
                        <td class=NUMBER_CELL>
                            {grouped(f.sign_ins_24h)}<span class="text-slate-400">" / "{grouped(f.sign_ins_30d)}</span>
                        </td>
                        <td class=NUMBER_CELL>
                            {grouped(f.requests_24h)}<span class="text-slate-400">" / "{grouped(f.requests_30d)}</span>
                        </td>
                        <td class="whitespace-nowrap px-4 py-3 tabular-nums text-slate-600"
                            title=f.last_activity_at.map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())>
                            {f.last_activity_at.map_or_else(|| "—".to_string(), |t| t.format("%d %b %H:%M").to_string())}
                        </td>
                        <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 2xl:table-cell">{f.created_at.format("%d %b %Y").to_string()}</td>
                        <td class="px-4 py-3"><div class="flex flex-col items-end gap-1">{actions}</div></td>
                    </tr>
                    {move || showing().map(|form| match form {
                        Form::Suspend => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="reason" kind="text"
                                    question=format!("Why suspend {slug}?")
                                    hint="Its users are signed out and shown this reason; nothing is deleted."
                                    placeholder="e.g. Invoice 2026-11 unpaid"
                                    button="Suspend firm" danger=true
                                    pending=suspend.pending()
                                    error=Signal::derive(move || suspend.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, reason)| { suspend.dispatch(SuspendFirm { slug, reason }); })/>
                            }.into_any()
                        }
                        Form::Support => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="reason" kind="text"
                                    question=format!("Why do you need to enter {slug}?")
                                    hint="Read-only for 30 minutes unless the firm allows changes; the firm's administrator sees this reason in their audit log."
                                    placeholder="e.g. Ticket 4521: invoice totals look wrong"
                                    button="Enter firm" danger=false
                                    pending=support.pending()
                                    error=Signal::derive(move || support.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, reason)| { support.dispatch(StartSupport { slug, reason }); })/>
                            }.into_any()
                        }
                        Form::Delete => {
                            let slug = slug.clone();
                            view! {
                                <ReasonRow slug=slug.clone() open field="grace_days" kind="number"
                                    question=format!("Delete {slug} after how many days?")
                                    hint="The firm is suspended until then and reactivating it cancels; then its data key, documents and every row are removed for good."
                                    placeholder="30"
                                    button="Schedule deletion" danger=true
                                    pending=delete.pending()
                                    error=Signal::derive(move || delete.value().get().and_then(|r| r.err()))
                                    submit=Callback::new(move |(slug, days): (String, String)| {
                                        // An empty or unreadable number is refused by the server as out of range.
                                        let grace_days = days.trim().parse().unwrap_or(-1);
                                        delete.dispatch(ScheduleFirmDeletion { slug, grace_days });
                                    })/>
                            }.into_any()
                        }
                    })}
                }
            }).collect_view()}
        </DataTable>
    }
}

/// An inline form under a firm's row that asks for one value (a reason, a number of days)
/// before acting.
#[component]
fn ReasonRow(
    slug: String,
    open: RwSignal<Option<(String, Form)>>,
    /// The server function's argument, whose error the form shows.
    field: &'static str,
    /// The input's type.
    kind: &'static str,
    question: String,
    hint: &'static str,
    placeholder: &'static str,
    button: &'static str,
    danger: bool,
    #[prop(into)] pending: Signal<bool>,
    error: Signal<Option<crate::error::AppError>>,
    submit: Callback<(String, String)>,
) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let message = move || {
        error
            .get()
            .map(|e| e.field(field).unwrap_or_else(|| e.in_words()))
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.run((slug.clone(), reason.get_untracked()));
    };
    let button_class = if danger {
        "rounded-md bg-red-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-red-500 disabled:opacity-60"
    } else {
        "rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
    };
    view! {
        <tr class="bg-slate-50">
            <td colspan=COLUMNS class="px-4 py-4">
                <form data-testid="reason-form" novalidate on:submit=on_submit class="flex flex-wrap items-start gap-3">
                    <div class="min-w-0 flex-1 space-y-1">
                        <label for="action-reason" class="block text-sm font-medium text-slate-700">{question}</label>
                        <input id="action-reason" name=field type=kind autocomplete="off" maxlength="500"
                            placeholder=placeholder bind:value=reason
                            class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
                        <p class="text-xs text-slate-500">{hint}</p>
                        {move || message().map(|m| view! { <p data-testid=format!("error-{field}") role="alert" class="text-xs text-red-600">{m}</p> })}
                    </div>
                    <div class="flex gap-2 sm:pt-6">
                        <button type="submit" data-testid="confirm-reason" disabled=move || pending.get() class=button_class>{button}</button>
                        <button type="button" on:click=move |_| open.set(None)
                            class="rounded-md border border-slate-300 px-3 py-2 text-sm font-medium text-slate-700 hover:bg-white">"Cancel"</button>
                    </div>
                </form>
            </td>
        </tr>
    }
}
