//! The platform dashboard's parts around the firms table (`super::platform`): the key figures,
//! the three charts the server drew, and the filters kept in the URL query.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::params::ParamsMap;

use crate::components::url_filters::{CONTROL, FilterSelect, UrlFilters, with_query};
use crate::error::AppError;
use crate::platform::dashboard::{Dashboard, DashboardQuery};

/// The dashboard, loaded for the filters in the URL and again after every firm action.
pub type Board = Resource<Result<Dashboard, AppError>>;

/// A card: a key figure or a chart.
const CARD: &str = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm";

/// The filters' search box and selects.
/// The status filter's `(value, label)` choices, the empty one meaning any.
const STATUSES: [(&str, &str); 3] = [
    ("", "Any status"),
    ("active", "Active"),
    ("suspended", "Suspended"),
];

/// The orders the table can be in, `(value, label)`; the empty one is by name.
const SORTS: [(&str, &str); 7] = [
    ("", "Name"),
    ("newest", "Newest"),
    ("storage", "Storage"),
    ("users", "Users"),
    ("matters", "Matters"),
    ("documents", "Documents"),
    ("activity", "Activity (30 days)"),
];

/// The filters as kept in the URL query: `q`, `status`, `plan`, `sort` and `page`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// Part of a firm's name or subdomain.
    pub q: String,
    /// `active`, `suspended` or empty.
    pub status: String,
    /// A plan's id or empty.
    pub plan: String,
    /// One of the `SORTS` values; empty is by name.
    pub sort: String,
    /// From 1.
    pub page: u64,
}

impl Filters {
    /// Reads the filters from the URL query; unknown statuses and orders (and `sort=name`, the
    /// default) and bad pages are ignored.
    pub fn from_query(query: &ParamsMap) -> Self {
        let get = |key: &str| query.get(key).unwrap_or_default();
        Filters {
            q: get("q").trim().to_string(),
            status: known(get("status"), &STATUSES),
            plan: get("plan").trim().to_string(),
            sort: known(get("sort"), &SORTS),
            page: get("page").parse::<u64>().unwrap_or(1).max(1),
        }
    }

    /// What to ask the server for.
    pub fn query(&self) -> DashboardQuery {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        DashboardQuery {
            q: text(&self.q),
            status: text(&self.status),
            plan: text(&self.plan),
            sort: text(&self.sort),
            page: Some(self.page),
        }
    }

    /// The filters and the order, as query pairs (empty ones left out).
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("q", self.q.as_str()),
            ("status", self.status.as_str()),
            ("plan", self.plan.as_str()),
            ("sort", self.sort.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// Whether anything narrows the list (the order does not).
    pub fn narrows(&self) -> bool {
        !(self.q.is_empty() && self.status.is_empty() && self.plan.is_empty())
    }

    /// The console's address with these filters.
    pub fn href(&self) -> String {
        let page = self.page.to_string();
        let mut pairs = self.pairs();
        if self.page > 1 {
            pairs.push(("page", page.as_str()));
        }
        with_query("/", &pairs)
    }
}

impl UrlFilters for Filters {
    fn show(mut self, navigate: &impl Fn(&str, NavigateOptions)) {
        self.page = 1;
        navigate(&self.href(), Default::default());
    }
}

/// `value` if it is one of `choices`' values, else empty.
fn known(value: String, choices: &[(&str, &str)]) -> String {
    if choices.iter().any(|(v, _)| *v == value) {
        value
    } else {
        String::new()
    }
}

/// `(value, label)` choices as the selects take them.
fn owned(choices: &[(&str, &str)]) -> Vec<(String, String)> {
    choices
        .iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect()
}

/// A count with thousands separators: `12,345`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The key figures and the three charts.
#[component]
pub fn Overview(dashboard: Dashboard) -> impl IntoView {
    let count = |n: u64| grouped(i64::try_from(n).unwrap_or(i64::MAX));
    view! {
        <div class="space-y-4">
            <div class="grid gap-4 sm:grid-cols-3">
                <Kpi label="Firms" value=count(dashboard.firms) testid="kpi-firms"/>
                <Kpi label="Active" value=count(dashboard.active) testid="kpi-active"/>
                <Kpi label="Suspended" value=count(dashboard.suspended) testid="kpi-suspended"/>
            </div>
            <div class="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                <Chart title="New firms per week" svg=dashboard.new_firms_chart testid="chart-new-firms"/>
                <Chart title="Active firms per day" svg=dashboard.active_firms_chart testid="chart-active-firms"/>
                <Chart title="Storage by firm (top 20)" svg=dashboard.storage_chart testid="chart-storage"/>
            </div>
        </div>
    }
}

/// One key figure.
#[component]
fn Kpi(label: &'static str, value: String, testid: &'static str) -> impl IntoView {
    view! {
        <section class=CARD>
            <h2 class="text-sm font-medium text-slate-500">{label}</h2>
            <p data-testid=testid class="mt-2 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
        </section>
    }
}

/// A card holding a chart the server drew (SVG markup).
#[component]
fn Chart(title: &'static str, svg: String, testid: &'static str) -> impl IntoView {
    view! {
        <section data-testid=testid class=CARD>
            <h2 class="mb-3 text-sm font-semibold text-slate-900">{title}</h2>
            <div class="[&_svg]:h-auto [&_svg]:w-full" inner_html=svg></div>
        </section>
    }
}

/// The search box (submitted with Enter or its button) and the status, plan and order selects.
/// Each search or change shows the first page of what matches.
#[component]
pub fn FilterBar(filters: Memo<Filters>, board: Board) -> impl IntoView {
    let navigate = use_navigate();
    // What is typed; back to the URL's search whenever that changes (a link, Back).
    let text = RwSignal::new(filters.get_untracked().q);
    Effect::new(move |_| text.set(filters.with(|f| f.q.clone())));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let next = Filters {
            q: text.get_untracked().trim().to_string(),
            ..filters.get_untracked()
        };
        next.show(&navigate);
    };
    view! {
        <div class="flex flex-wrap items-end gap-3">
            // Before hydration the form still searches (by name only) as a plain GET.
            <form role="search" method="get" action="/" novalidate on:submit=search class="flex items-end gap-2">
                <label class="block">
                    <span class="mb-1 block text-xs font-medium text-slate-600">"Search"</span>
                    // The attribute for the server-rendered page, the property once the user has typed.
                    <input type="search" name="q" data-testid="dashboard-search" autocomplete="off" maxlength="100"
                        placeholder="Name or subdomain"
                        value=move || text.get() prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                        class=CONTROL/>
                </label>
                <button type="submit" data-testid="dashboard-search-submit"
                    class="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
                    "Search"
                </button>
            </form>
            <FilterSelect label="Status" name="status" testid="dashboard-status" filters options=owned(&STATUSES)
                value={|f: &Filters| f.status.clone()} set={|f: &mut Filters, v: String| f.status = v}/>
            <Transition>
                {move || board.get().map(|result| {
                    // After an error the plans are not known: the select still shows the one in force.
                    let current = filters.get_untracked().plan;
                    let mut plans: Vec<(String, String)> = std::iter::once((String::new(), "Any plan".to_string()))
                        .chain(result.map(|d| d.plans).unwrap_or_default())
                        .collect();
                    if !current.is_empty() && !plans.iter().any(|(id, _)| *id == current) {
                        plans.push((current.clone(), current));
                    }
                    view! {
                        <FilterSelect label="Plan" name="plan" testid="dashboard-plan" filters options=plans
                            value={|f: &Filters| f.plan.clone()} set={|f: &mut Filters, v: String| f.plan = v}/>
                    }
                })}
            </Transition>
            <FilterSelect label="Sort by" name="sort" testid="dashboard-sort" filters options=owned(&SORTS)
                value={|f: &Filters| f.sort.clone()} set={|f: &mut Filters, v: String| f.sort = v}/>
            {move || (!filters.with(|f| f.pairs().is_empty())).then(|| view! {
                <A href="/" attr:class="py-2 text-sm font-medium text-indigo-600 hover:text-indigo-500">"Clear the filters"</A>
            })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_make_the_page_link_and_the_query() {
        let filters = Filters {
            q: "harbor legal".into(),
            status: "suspended".into(),
            plan: "pro".into(),
            sort: "storage".into(),
            page: 2,
        };
        assert_eq!(
            filters.href(),
            "/?q=harbor%20legal&status=suspended&plan=pro&sort=storage&page=2"
        );
        let query = filters.query();
        assert_eq!(query.q.as_deref(), Some("harbor legal"));
        assert_eq!(query.status.as_deref(), Some("suspended"));
        assert_eq!(query.plan.as_deref(), Some("pro"));
        assert_eq!(query.sort.as_deref(), Some("storage"));
        assert_eq!(query.page, Some(2));
    }

    #[test]
    fn empty_filters_narrow_nothing() {
        let filters = Filters {
            page: 1,
            ..Default::default()
        };
        assert!(!filters.narrows());
        assert_eq!(filters.href(), "/");
        assert_eq!(
            filters.query(),
            DashboardQuery {
                page: Some(1),
                ..Default::default()
            }
        );
        let sorted = Filters {
            sort: "users".into(),
            ..filters
        };
        assert!(!sorted.narrows());
        assert_eq!(sorted.href(), "/?sort=users");
    }

    #[test]
    fn unknown_choices_are_ignored() {
        assert_eq!(known("suspended".into(), &STATUSES), "suspended");
        assert_eq!(known("deleted".into(), &STATUSES), "");
        assert_eq!(known("name".into(), &SORTS), "");
        assert_eq!(known("activity".into(), &SORTS), "activity");
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1234567), "1,234,567");
        assert_eq!(grouped(-12345), "-12,345");
    }
}
