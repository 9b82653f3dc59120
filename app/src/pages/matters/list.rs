use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use uuid::Uuid;

use super::{Options, StatusBadge, choices, day, load_options, status_choices};
use crate::auth::Permission;
use crate::components::url_filters::{FilterSelect, UrlFilters, with_query};
use crate::components::{DataTable, PageHeader, Pager};
use crate::matters::{MatterFilter, MatterPage, MatterStatus, list_matters};
use crate::site::user_can;

/// The list's filters as kept in the URL query: `q`, `status`, `area`, `responsible`,
/// `mine=1` and `page`.
#[derive(Clone, Debug, PartialEq)]
struct Filters {
    q: String,
    status: String,
    area: String,
    responsible: String,
    mine: bool,
    page: u64,
}

impl Filters {
    /// Reads the filters from the URL query; unknown statuses and bad pages are ignored.
    fn from_query(query: &ParamsMap) -> Self {
        let get = |key: &str| query.get(key).unwrap_or_default();
        let status = get("status");
        Filters {
            q: get("q"),
            status: if MatterStatus::parse(&status).is_some() {
                status
            } else {
                String::new()
            },
            area: get("area"),
            responsible: get("responsible"),
            mine: get("mine") == "1",
            page: get("page").parse::<u64>().unwrap_or(1).max(1),
        }
    }

    /// What to ask the server for.
    fn matter_filter(&self) -> MatterFilter {
        MatterFilter {
            q: self.q.clone(),
            status: self.status.clone(),
            practice_area_id: Uuid::parse_str(&self.area).ok(),
            responsible_id: Uuid::parse_str(&self.responsible).ok(),
            client_id: None,
            mine: self.mine,
        }
    }

    /// Whether anything narrows the list.
    fn narrows(&self) -> bool {
        !(self.q.is_empty()
            && self.status.is_empty()
            && self.area.is_empty()
            && self.responsible.is_empty()
            && !self.mine)
    }

    /// The list's address with these filters (empty ones left out).
    fn href(&self) -> String {
        let page = if self.page > 1 {
            self.page.to_string()
        } else {
            String::new()
        };
        let pairs = [
            ("q", self.q.as_str()),
            ("status", self.status.as_str()),
            ("area", self.area.as_str()),
            ("responsible", self.responsible.as_str()),
            ("mine", if self.mine { "1" } else { "" }),
            ("page", page.as_str()),
        ];
        let set: Vec<(&str, &str)> = pairs
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .collect();
        with_query("/matters", &set)
    }
}

impl UrlFilters for Filters {
    fn show(mut self, navigate: &impl Fn(&str, NavigateOptions)) {
        self.page = 1;
        navigate(&self.href(), Default::default());
    }
}

/// `/matters`: the matters the user may see, searched and filtered through the URL query.
#[component]
pub fn MattersPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| Filters::from_query(&query.read()));
    let matters = Resource::new(
        move || filters.get(),
        |f| list_matters(f.matter_filter(), f.page),
    );
    let options = load_options();
    view! {
        <Title text="Matters"/>
        <PageHeader title="Matters" subtitle="The firm's cases, each for one client.">
            {user_can(Permission::MattersWrite).then(|| view! {
                <A href="/matters/new" attr:class="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500">"New matter"</A>
            })}
        </PageHeader>
        <section class="space-y-4">
            <FilterBar filters options/>
            <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading matters…"</p> }>
                {move || matters.get().map(|result| match result {
                    Ok(page) => view! { <MatterTable page filters=filters.get_untracked()/> }.into_any(),
                    Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// The search box, the status, practice area and lawyer selects, and "My matters". Each change
/// shows the first page of what matches.
#[component]
fn FilterBar(filters: Memo<Filters>, options: Options) -> impl IntoView {
    let navigate = use_navigate();
    let search = RwSignal::new(filters.get_untracked().q);
    let submit = {
        let navigate = navigate.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            Filters {
                q: search.get_untracked().trim().to_string(),
                ..filters.get_untracked()
            }
            .show(&navigate);
        }
    };
    let mut statuses = vec![(String::new(), "Any status".to_string())];
    statuses.extend(status_choices());
    view! {
        <div class="flex flex-wrap items-center gap-3">
            <form method="get" action="/matters" role="search" on:submit=submit class="flex min-w-0 basis-full gap-2 lg:basis-96">
                <input type="search" name="q" bind:value=search placeholder="Search by number, title or client"
                    aria-label="Search matters"
                    class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
                <button type="submit" class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">"Search"</button>
            </form>
            <FilterSelect label="Status" name="status" quiet=true filters options=statuses
                value={|f: &Filters| f.status.clone()} set={|f: &mut Filters, v: String| f.status = v}/>
            <Transition>
                {move || options.get().and_then(Result::ok).map(|o| view! {
                    <FilterSelect label="Practice area" name="area" quiet=true filters options=choices("Any practice area", &o.practice_areas)
                        value={|f: &Filters| f.area.clone()} set={|f: &mut Filters, v: String| f.area = v}/>
                    <FilterSelect label="Responsible lawyer" name="responsible" quiet=true filters options=choices("Any lawyer", &o.users)
                        value={|f: &Filters| f.responsible.clone()} set={|f: &mut Filters, v: String| f.responsible = v}/>
                })}
            </Transition>
            <label class="flex items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="mine" checked=move || filters.get().mine
                    on:change=move |ev| { Filters { mine: event_target_checked(&ev), ..filters.get_untracked() }.show(&navigate); }
                    class="h-4 w-4 rounded border-slate-300 text-indigo-600"/>
                "My matters"
            </label>
        </div>
    }
}

#[component]
fn MatterTable(page: MatterPage, filters: Filters) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <NoMatters filtered=filters.narrows()/> }.into_any();
    }
    let link = move |n: u64| {
        Filters {
            page: n,
            ..filters.clone()
        }
        .href()
    };
    view! {
        <DataTable testid="matters-table" columns=vec![("Number", ""), ("Title", ""), ("Client", "hidden md:table-cell"), ("Status", ""), ("Practice area", "hidden lg:table-cell"), ("Responsible", "hidden lg:table-cell"), ("Opened", "hidden xl:table-cell")]>
            {page.items.into_iter().map(|m| view! {
                <tr class="hover:bg-slate-50">
                    <td class="whitespace-nowrap px-4 py-3 font-mono text-slate-600">{m.number}</td>
                    <td class="px-4 py-3 font-medium text-slate-900">
                        <A href=format!("/matters/{}", m.id) attr:class="hover:text-indigo-700">{m.title}</A>
                    </td>
                    <td class="hidden px-4 py-3 text-slate-600 md:table-cell">
                        <A href=format!("/clients/{}", m.client_id) attr:class="hover:text-indigo-700">{m.client_name}</A>
                    </td>
                    <td class="px-4 py-3"><StatusBadge status=m.status/></td>
                    <td class="hidden px-4 py-3 text-slate-600 lg:table-cell">{m.practice_area.unwrap_or_default()}</td>
                    <td class="hidden px-4 py-3 text-slate-600 lg:table-cell">{m.responsible.unwrap_or_default()}</td>
                    <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 xl:table-cell">{day(m.opened_on)}</td>
                </tr>
            }).collect_view()}
        </DataTable>
        <Pager page=page.page pages=page.pages total=page.total noun=("matter", "matters") link/>
    }
    .into_any()
}

/// What the list says when nothing is listed, and what to do about it.
#[component]
fn NoMatters(filtered: bool) -> impl IntoView {
    let message = if filtered {
        "No matters match these filters."
    } else if user_can(Permission::MattersWrite) {
        "No matters yet. Open the first one with \u{201c}New matter\u{201d}, or from a client's page."
    } else {
        "No matters yet. The matters you are on the team of will show here."
    };
    view! {
        <div data-testid="no-matters" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
            <p>{message}</p>
            {filtered.then(|| view! {
                <A href="/matters" attr:class="mt-2 inline-block font-medium text-indigo-600 hover:text-indigo-500">"Clear the filters"</A>
            })}
        </div>
    }
}
