use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_navigate, use_query_map};

use super::editor::{ClientEditor, ClientFields};
use crate::auth::Permission;
use crate::clients::{ClientPage, ClientSort, CreateClient, list_clients};
use crate::components::{DataTable, FormError, PageHeader, Pager, SubmitButton};
use crate::conflicts::SearchConflicts;
use crate::error::AppError;
use crate::pages::conflicts::ConflictHits;
use crate::site::{format_local, user_can};

/// `/clients`: search and page through the firm's clients, and add one.
#[component]
pub fn ClientsPage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.read().get("q").unwrap_or_default();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u64>().ok())
            .unwrap_or(1)
    };
    let sort = move || ClientSort::parse(&query.read().get("sort").unwrap_or_default());
    let navigate = use_navigate();
    let create = ServerAction::<CreateClient>::new();
    let clients = Resource::new(
        move || (q(), page(), sort(), create.version().get()),
        |(q, page, sort, _)| list_clients(q, page, sort.as_str().to_string()),
    );

    view! {
        <Title text="Clients"/>
        <PageHeader title="Clients" subtitle="Everyone the firm acts for."/>
        <div class="grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]">
            <section class="min-w-0 space-y-4">
                <Form method="GET" action="" attr:class="flex gap-2" attr:role="search">
                    <input type="search" name="q" value=q placeholder="Search by name, email or tag"
                        aria-label="Search clients"
                        class="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-100"/>
                    <select name="sort" aria-label="Order" on:change=move |ev| {
                            let chosen = ClientSort::parse(&event_target_value(&ev));
                            let mut to = format!("?sort={}", chosen.as_str());
                            if !q().is_empty() {
                                to.push_str(&format!("&q={}", encode(&q())));
                            }
                            navigate(&to, Default::default());
                        }
                        class="rounded-md border border-slate-300 bg-white px-2 py-2 text-sm shadow-sm">
                        {ClientSort::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=move || sort() == s>{s.label()}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50">"Search"</button>
                </Form>
                <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading clients…"</p> }>
                    {move || clients.get().map(|result| match result {
                        Ok(page) => view! { <ClientTable page q=q() sort=sort()/> }.into_any(),
                        Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.to_string()}</p> }.into_any(),
                    })}
                </Transition>
            </section>
            {user_can(Permission::ClientsWrite).then(|| view! {
                <aside>
                    <AddClientForm create/>
                </aside>
            })}
        </div>
    }
}

#[component]
fn ClientTable(page: ClientPage, q: String, sort: ClientSort) -> impl IntoView {
    if page.items.is_empty() {
        let message = if q.is_empty() {
            "No clients yet. Add the first one with the form.".to_string()
        } else {
            format!("No clients match \"{q}\".")
        };
        return view! {
            <div data-testid="clients-empty" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
                {message}
            </div>
        }
        .into_any();
    }
    let link = move |n: u64| {
        let mut link = format!("?page={n}");
        if !q.is_empty() {
            link.push_str(&format!("&q={}", encode(&q)));
        }
        if sort != ClientSort::Name {
            link.push_str(&format!("&sort={}", sort.as_str()));
        }
        link
    };
    view! {
        <DataTable testid="clients-table" columns=vec![("Name", ""), ("Type", ""), ("Email", "hidden md:table-cell"), ("Phone", "hidden md:table-cell"), ("Tags", "hidden xl:table-cell"), ("Added", "hidden 2xl:table-cell")]>
                    {page.items.into_iter().map(|c| view! {
                        <tr class="hover:bg-slate-50">
                            <td class="px-4 py-3 font-medium text-slate-900">
                                <A href=format!("/clients/{}", c.id) attr:class="hover:text-indigo-700">{c.name}</A>
                            </td>
                            <td class="px-4 py-3 text-slate-600">{c.kind.label()}</td>
                            <td class="hidden max-w-56 truncate px-4 py-3 text-slate-600 md:table-cell" title=c.email.clone()>{c.email.clone().unwrap_or_default()}</td>
                            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">{c.phone.unwrap_or_default()}</td>
                            <td class="hidden px-4 py-3 xl:table-cell">
                                <div class="flex flex-wrap gap-1">
                                    {c.tags.into_iter().map(|t| view! {
                                        <span class="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t}</span>
                                    }).collect_view()}
                                </div>
                            </td>
                            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-500 2xl:table-cell">{format_local(c.created_at, "%d %b %Y")}</td>
                        </tr>
                    }).collect_view()}
                </DataTable>
        <Pager page=page.page pages=page.pages total=page.total noun=("client", "clients") link/>
    }
    .into_any()
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
fn AddClientForm(create: ServerAction<CreateClient>) -> impl IntoView {
    let fields = ClientFields::blank();
    let local = RwSignal::new(None::<AppError>);
    let server = create.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let added = move || local.get().is_none() && matches!(server.get(), Some(Ok(_)));
    let search = ServerAction::<SearchConflicts>::new();
    // A client added: the form and its conflict results are cleared for the next one.
    Effect::new(move |_| {
        if matches!(server.get(), Some(Ok(_))) {
            fields.clear();
            search.value().set(None);
        }
    });
    let check = move |_| {
        search.dispatch(SearchConflicts {
            names: fields.name.get_untracked(),
            client_id: None,
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = fields.form();
        match form.validate() {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                create.dispatch(CreateClient { form });
            }
        }
    };
    view! {
        <form data-testid="client-form" novalidate on:submit=submit
            class="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
            <h2 class="text-base font-semibold text-slate-900">"Add client"</h2>
            <ClientEditor fields errors/>
            {move || search.value().get().map(|result| match result {
                Ok(results) => view! { <ConflictHits results/> }.into_any(),
                Err(err) => view! { <p role="alert" data-testid="conflict-error" class="text-sm text-red-700">{err.field("names").unwrap_or_else(|| err.in_words())}</p> }.into_any(),
            })}
            <FormError errors/>
            <div class="flex flex-wrap items-center justify-between gap-3">
                <p data-testid="form-status" role="status" class="text-sm text-emerald-700">
                    {move || added().then_some("Client added")}
                </p>
                <div class="ml-auto flex gap-2">
                    <button type="button" data-testid="conflict-run" on:click=check disabled=move || search.pending().get()
                        class="rounded-md border border-indigo-200 bg-indigo-50 px-3 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-100 disabled:opacity-60">
                        "Check conflicts"
                    </button>
                    <SubmitButton label="Add client" pending=create.pending()/>
                </div>
            </div>
        </form>
    }
}
