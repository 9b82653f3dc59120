//! `/audit`: the firm's audit trail, newest first, for users with `audit.read`: filtered by
//! user, action, entity and dates through the URL query, a page at a time, and downloadable as
//! CSV with the same filters.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use uuid::Uuid;

use crate::audit::{
    ACTIONS, AuditPage as AuditPageData, AuditQuery, AuditRow, action_label, load_audit,
};
use crate::auth::Permission;
use crate::components::url_filters::{FilterDate, FilterSelect, UrlFilters, with_query};
use crate::components::{DataTable, PageHeader, Pager};
use crate::error::AppError;
use crate::site::{format_local, use_clock, user_can};

/// The page's entries, loaded for the filters in the URL.
type Trail = Resource<Result<AuditPageData, AppError>>;

/// How many `field: value` pairs an entry shows before "…".
const DETAILS_SHOWN: usize = 6;

/// How much of one value an entry shows (all of it is in the tooltip).
const VALUE_CHARS: usize = 80;

/// The filters' selects and date inputs.
/// The filters as kept in the URL query: `user`, `action`, `entity`, `from`, `to` (both
/// `YYYY-MM-DD`) and `page`.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filters {
    user: String,
    action: String,
    entity: String,
    from: String,
    to: String,
    page: u64,
}

impl Filters {
    /// Reads the filters from the URL query; bad users, unknown actions, bad dates and bad
    /// pages are ignored.
    fn from_query(query: &ParamsMap) -> Self {
        let get = |key: &str| query.get(key).unwrap_or_default();
        let action = get("action");
        Filters {
            user: Uuid::parse_str(&get("user"))
                .map(|id| id.to_string())
                .unwrap_or_default(),
            action: if ACTIONS.iter().any(|(a, _)| *a == action) {
                action
            } else {
                String::new()
            },
            entity: get("entity").trim().to_string(),
            from: parse_day(&get("from"))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            to: parse_day(&get("to"))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            page: get("page").parse::<u64>().unwrap_or(1).max(1),
        }
    }

    /// What to ask the server for.
    fn query(&self) -> AuditQuery {
        let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
        AuditQuery {
            user: Uuid::parse_str(&self.user).ok(),
            action: text(&self.action),
            entity: text(&self.entity),
            from: parse_day(&self.from),
            to: parse_day(&self.to),
            page: Some(self.page),
        }
    }

    /// The filters that narrow the trail, as query pairs (empty ones left out).
    fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("user", self.user.as_str()),
            ("action", self.action.as_str()),
            ("entity", self.entity.as_str()),
            ("from", self.from.as_str()),
            ("to", self.to.as_str()),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .collect()
    }

    /// Whether anything narrows the trail.
    fn narrows(&self) -> bool {
        !self.pairs().is_empty()
    }

    /// The page's address with these filters.
    fn href(&self) -> String {
        let page = self.page.to_string();
        let mut pairs = self.pairs();
        if self.page > 1 {
            pairs.push(("page", page.as_str()));
        }
        with_query("/audit", &pairs)
    }

    /// The CSV export of what these filters match (every page).
    fn export_href(&self) -> String {
        with_query("/audit/export.csv", &self.pairs())
    }
}

impl UrlFilters for Filters {
    fn show(mut self, navigate: &impl Fn(&str, NavigateOptions)) {
        self.page = 1;
        navigate(&self.href(), Default::default());
    }
}

/// A `YYYY-MM-DD` date.
fn parse_day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// `/audit`: the firm's audit trail, filtered through the URL query.
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| Filters::from_query(&query.read()));
    // At the page's top level, never in a section under the Transition (ARCHITECTURE.md, "Pages").
    let trail: Trail = Resource::new(move || filters.get(), |f| load_audit(f.query()));
    // Screens only hide what the user may not do; the server refuses it either way.
    let allowed = user_can(Permission::AuditRead);
    view! {
        <Title text="Audit log"/>
        <PageHeader title="Audit log" subtitle="Everything done in the firm: who did it, when, and from where.">
            {allowed.then(|| view! {
                <a href=move || filters.get().export_href() download="" rel="external" data-testid="audit-export"
                    class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">
                    "Download CSV"
                </a>
            })}
        </PageHeader>
        <section class="space-y-4">
            {allowed.then(|| view! { <FilterBar filters trail/> })}
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading the audit log…"</p> }>
                {move || trail.get().map(|result| match result {
                    Ok(page) => view! { <AuditTable page filters=filters.get_untracked()/> }.into_any(),
                    Err(err) => view! {
                        <p role="alert" data-testid="audit-error" class="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">{err.in_words()}</p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The user, action and entity selects and the two dates. Each change shows the first page of
/// what matches.
#[component]
fn FilterBar(filters: Memo<Filters>, trail: Trail) -> impl IntoView {
    let actions: Vec<(String, String)> = std::iter::once((String::new(), "Any action".to_string()))
        .chain(
            ACTIONS
                .iter()
                .map(|(value, label)| (value.to_string(), label.to_string())),
        )
        .collect();
    let actions = StoredValue::new(actions);
    view! {
        <div class="flex flex-wrap items-end gap-3">
            <Transition>
                {move || trail.get().map(|result| {
                    // After a refusal (an end before the start) the choices are not known: the
                    // selects still show the filters in force.
                    let (users, entities) = result.map(|p| (p.users, p.entities)).unwrap_or_default();
                    let current = filters.get_untracked();
                    let mut users: Vec<(String, String)> = std::iter::once((String::new(), "Anyone".to_string()))
                        .chain(users.into_iter().map(|(id, name)| (id.to_string(), name)))
                        .collect();
                    if !current.user.is_empty() && !users.iter().any(|(id, _)| *id == current.user) {
                        users.push((current.user.clone(), "The chosen user".into()));
                    }
                    let mut entities: Vec<(String, String)> = std::iter::once((String::new(), "Anything".to_string()))
                        .chain(entities.into_iter().map(|e| (e.clone(), e)))
                        .collect();
                    if !current.entity.is_empty() && !entities.iter().any(|(e, _)| *e == current.entity) {
                        entities.push((current.entity.clone(), current.entity.clone()));
                    }
                    view! {
                        <FilterSelect label="User" name="user" testid="audit-filter-user" filters options=users
                            value={|f: &Filters| f.user.clone()} set={|f: &mut Filters, v: String| f.user = v}/>
                        <FilterSelect label="Action" name="action" testid="audit-filter-action" filters options=actions.get_value()
                            value={|f: &Filters| f.action.clone()} set={|f: &mut Filters, v: String| f.action = v}/>
                        <FilterSelect label="Entity" name="entity" testid="audit-filter-entity" filters options=entities
                            value={|f: &Filters| f.entity.clone()} set={|f: &mut Filters, v: String| f.entity = v}/>
                    }
                })}
            </Transition>
            <FilterDate label="From" name="from" testid="audit-filter-from" filters
                value={|f: &Filters| f.from.clone()} set={|f: &mut Filters, v: String| f.from = v}/>
            <FilterDate label="To" name="to" testid="audit-filter-to" filters
                value={|f: &Filters| f.to.clone()} set={|f: &mut Filters, v: String| f.to = v}/>
            {move || filters.get().narrows().then(|| view! {
                <A href="/audit" attr:class="py-2 text-sm font-medium text-indigo-600 hover:text-indigo-500">"Clear the filters"</A>
            })}
        </div>
    }
}

/// "12 entries", the table and the pager, or why nothing is listed.
#[component]
fn AuditTable(page: AuditPageData, filters: Filters) -> impl IntoView {
    let counted = if page.total == 1 { "entry" } else { "entries" };
    let summary = view! {
        <p class="text-sm text-slate-600">
            <span data-testid="audit-total" class="font-medium text-slate-900">{format!("{} {counted}", page.total)}</span>
            {format!(" · newest first, times in {}", use_clock().zone)}
        </p>
    };
    if page.rows.is_empty() {
        let message = if filters.narrows() {
            "No entries match these filters."
        } else {
            "Nothing has been recorded yet."
        };
        return view! {
            {summary}
            <div data-testid="no-audit-entries" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
                {message}
            </div>
        }
        .into_any();
    }
    let link = move |n: u64| {
        Filters {
            page: n,
            ..filters.clone()
        }
        .href()
    };
    view! {
        {summary}
        <DataTable testid="audit-table" columns=vec![("Time (UTC)", ""), ("Who", ""), ("Action", ""), ("What", ""), ("Details", "hidden md:table-cell"), ("From", "hidden lg:table-cell")]>
            {page.rows.into_iter().map(|row| view! { <EntryRow row/> }).collect_view()}
        </DataTable>
        <Pager page=page.page pages=page.pages total=page.total noun=("entry", "entries") link/>
    }
    .into_any()
}

/// One entry of the trail.
#[component]
fn EntryRow(row: AuditRow) -> impl IntoView {
    let at = format_local(row.at, "%d %b %Y %H:%M:%S");
    let action = action_label(&row.action).to_string();
    let badge = match row.actor_kind.as_str() {
        "support" => Some(("Support", "bg-amber-50 text-amber-800")),
        "system" => Some(("System", "bg-slate-100 text-slate-600")),
        _ => None,
    };
    let who = if row.actor_name.is_empty() {
        "Docket".to_string()
    } else {
        row.actor_name
    };
    let short_id = row.entity_id.as_deref().map(|id| {
        // UUIDv7 ids begin with their time, so their end tells them apart.
        let chars: Vec<char> = id.chars().collect();
        chars[chars.len().saturating_sub(8)..]
            .iter()
            .collect::<String>()
    });
    let more = row.details.len() > DETAILS_SHOWN;
    let details = row
        .details
        .into_iter()
        .take(DETAILS_SHOWN)
        .map(|(field, value)| {
            let (shown, title) = if value.chars().count() > VALUE_CHARS {
                let head: String = value.chars().take(VALUE_CHARS).collect();
                (format!("{head}…"), Some(value))
            } else {
                (value, None)
            };
            view! {
                <li class="break-words" title=title>
                    <span class="text-slate-400">{field}":"</span>" "{shown}
                </li>
            }
        })
        .collect_view();
    // Where the request came from; the request id (to find it in the server log) and the
    // browser are in the tooltip.
    let tooltip = [
        row.request_id.map(|id| format!("Request {id}")),
        row.user_agent,
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let tooltip = (!tooltip.is_empty()).then_some(tooltip);
    view! {
        <tr data-testid="audit-row" class="align-top hover:bg-slate-50">
            <td class="whitespace-nowrap px-4 py-3 tabular-nums text-slate-600">{at}</td>
            <td class="px-4 py-3">
                <span class="font-medium text-slate-900">{who}</span>
                {badge.map(|(label, colours)| view! {
                    <span class=format!("ml-2 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium {colours}")>{label}</span>
                })}
            </td>
            <td class="whitespace-nowrap px-4 py-3 text-slate-700">{action}</td>
            <td class="whitespace-nowrap px-4 py-3 text-slate-700">
                {row.entity}
                {short_id.map(|id| view! {
                    <span class="ml-1 font-mono text-xs text-slate-500" title=row.entity_id>{id}</span>
                })}
            </td>
            <td class="hidden max-w-md px-4 py-3 md:table-cell">
                <ul class="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600">
                    {details}
                    {more.then(|| view! { <li class="text-slate-400">"…"</li> })}
                </ul>
            </td>
            <td class="hidden whitespace-nowrap px-4 py-3 font-mono text-xs text-slate-500 lg:table-cell" title=tooltip>
                {row.client_addr.unwrap_or_default()}
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_make_the_page_and_export_links() {
        let id = Uuid::nil().to_string();
        let filters = Filters {
            user: id.clone(),
            action: "auth.sign_in".into(),
            entity: "clients".into(),
            from: "2026-01-02".into(),
            to: "2026-01-31".into(),
            page: 3,
        };
        assert_eq!(
            filters.href(),
            format!(
                "/audit?user={id}&action=auth.sign_in&entity=clients&from=2026-01-02&to=2026-01-31&page=3"
            )
        );
        assert_eq!(
            filters.export_href(),
            format!(
                "/audit/export.csv?user={id}&action=auth.sign_in&entity=clients&from=2026-01-02&to=2026-01-31"
            )
        );
        let query = filters.query();
        assert_eq!(query.user, Some(Uuid::nil()));
        assert_eq!(query.action.as_deref(), Some("auth.sign_in"));
        assert_eq!(query.from, NaiveDate::from_ymd_opt(2026, 1, 2));
        assert_eq!(query.page, Some(3));
    }

    #[test]
    fn empty_filters_narrow_nothing() {
        let filters = Filters {
            page: 1,
            ..Default::default()
        };
        assert!(!filters.narrows());
        assert_eq!(filters.href(), "/audit");
        assert_eq!(filters.export_href(), "/audit/export.csv");
        assert_eq!(
            filters.query(),
            AuditQuery {
                page: Some(1),
                ..Default::default()
            }
        );
    }

    #[test]
    fn dates_are_parsed() {
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(
            parse_day(" 2026-02-28 "),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
    }
}
