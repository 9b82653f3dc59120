use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use leptos_router::params::ParamsMap;
use uuid::Uuid;

use super::{AMOUNT_CELL, InvoiceStatusBadge, PRIMARY, day, today};
use crate::auth::Permission;
use crate::billing::money::format_money;
use crate::billing::{InvoicePage, InvoiceStatus, InvoiceSummary, list_invoices};
use crate::components::{DataTable, PageHeader, Pager};
use crate::site::user_can;

/// The status tabs, in order; `None` is "All".
const TABS: [Option<InvoiceStatus>; 6] = [
    None,
    Some(InvoiceStatus::Draft),
    Some(InvoiceStatus::Issued),
    Some(InvoiceStatus::PartiallyPaid),
    Some(InvoiceStatus::Paid),
    Some(InvoiceStatus::Void),
];

/// The list's filters as kept in the URL query: `status`, `client` and `page`.
#[derive(Clone, Debug, PartialEq)]
struct Filters {
    status: Option<InvoiceStatus>,
    client: Option<Uuid>,
    page: u64,
}

impl Filters {
    /// Reads the filters from the URL query; unknown statuses and bad pages are ignored.
    fn from_query(query: &ParamsMap) -> Self {
        Filters {
            status: query.get("status").and_then(|s| InvoiceStatus::parse(&s)),
            client: query.get("client").and_then(|c| Uuid::parse_str(&c).ok()),
            page: query
                .get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    /// The list's address with these filters.
    fn href(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(status) = self.status {
            pairs.push(format!("status={}", status.as_str()));
        }
        if let Some(client) = self.client {
            pairs.push(format!("client={client}"));
        }
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        if pairs.is_empty() {
            "/billing/invoices".into()
        } else {
            format!("/billing/invoices?{}", pairs.join("&"))
        }
    }
}

/// `/billing/invoices`: the firm's invoices, newest first, by status (`?status=`) and client
/// (`?client=`).
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let query = use_query_map();
    let filters = Memo::new(move |_| Filters::from_query(&query.read()));
    let invoices = Resource::new(
        move || filters.get(),
        |f| {
            let status = f.status.map(|s| s.as_str().to_string()).unwrap_or_default();
            list_invoices(status, f.client, f.page)
        },
    );
    view! {
        <Title text="Invoices"/>
        <A href="/billing" attr:class="text-sm font-medium text-indigo-600 hover:text-indigo-500">"← Billing"</A>
        <div class="mt-3">
            <PageHeader title="Invoices" subtitle="Drafts being prepared, and every invoice issued.">
                {user_can(Permission::BillingManage).then(|| view! {
                    <A href="/billing/invoices/new" attr:class=PRIMARY>"New invoice"</A>
                })}
            </PageHeader>
        </div>
        <nav aria-label="Invoice status" class="mb-6 flex gap-1 overflow-x-auto border-b border-slate-200">
            {TABS.into_iter().map(|status| {
                let current = move || filters.get().status == status;
                let href = move || Filters { status, client: filters.get().client, page: 1 }.href();
                let key = status.map_or("all", InvoiceStatus::as_str);
                view! {
                    <a href=href data-testid=format!("status-{key}")
                        aria-current=move || current().then_some("page")
                        class=move || tab_class(current())>
                        {status.map_or("All", InvoiceStatus::label)}
                    </a>
                }
            }).collect_view()}
        </nav>
        <Transition fallback=|| view! { <p class="text-sm text-slate-500">"Loading invoices…"</p> }>
            {move || invoices.get().map(|result| match result {
                Ok(page) => view! { <InvoiceTable page filters=filters.get_untracked()/> }.into_any(),
                Err(err) => view! { <p role="alert" class="text-sm text-red-700">{err.in_words()}</p> }.into_any(),
            })}
        </Transition>
    }
}

/// A tab link's classes: underlined when it is the current tab.
fn tab_class(current: bool) -> &'static str {
    if current {
        "-mb-px whitespace-nowrap border-b-2 border-indigo-600 px-3 py-2 text-sm font-medium text-indigo-700"
    } else {
        "-mb-px whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-500 hover:text-slate-700"
    }
}

#[component]
fn InvoiceTable(page: InvoicePage, filters: Filters) -> impl IntoView {
    if page.items.is_empty() {
        return view! { <NoInvoices status=filters.status/> }.into_any();
    }
    let currency = page.currency;
    let link = move |n: u64| {
        Filters {
            page: n,
            ..filters.clone()
        }
        .href()
    };
    view! {
        <DataTable testid="invoices-table" columns=vec![
            ("Number", ""), ("Client", ""), ("Issued", "hidden md:table-cell"), ("Due", "hidden md:table-cell"),
            ("Status", ""), ("Total", "hidden text-right sm:table-cell"), ("Balance", "text-right"),
        ]>
            {page.items.into_iter().map(|invoice| view! { <InvoiceRow invoice currency=currency.clone()/> }).collect_view()}
        </DataTable>
        <div class="mt-4">
            <Pager page=page.page pages=page.pages total=page.total noun=("invoice", "invoices") link/>
        </div>
    }
    .into_any()
}

#[component]
fn InvoiceRow(invoice: InvoiceSummary, currency: String) -> impl IntoView {
    let overdue = invoice.status.is_open() && invoice.due_on.is_some_and(|due| due < today());
    let due_class = if overdue {
        "hidden whitespace-nowrap px-4 py-3 font-medium text-red-700 md:table-cell"
    } else {
        "hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell"
    };
    view! {
        <tr class="hover:bg-slate-50">
            <td class="whitespace-nowrap px-4 py-3 font-mono">
                <A href=format!("/billing/invoices/{}", invoice.id) attr:class="font-medium text-slate-900 hover:text-indigo-700">
                    {invoice.number.unwrap_or_else(|| "Draft".into())}
                </A>
            </td>
            <td class="px-4 py-3 text-slate-700">{invoice.client_name}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 md:table-cell">{invoice.issued_on.map(day)}</td>
            <td class=due_class>{invoice.due_on.map(day)}</td>
            <td class="px-4 py-3"><InvoiceStatusBadge status=invoice.status/></td>
            <td class=format!("hidden sm:table-cell {AMOUNT_CELL}")>{format_money(invoice.total, &currency)}</td>
            <td class=AMOUNT_CELL>{format_money(invoice.balance, &currency)}</td>
        </tr>
    }
}

/// What the list says when nothing is listed, and how to make the first invoice.
#[component]
fn NoInvoices(status: Option<InvoiceStatus>) -> impl IntoView {
    let message = match status {
        Some(status) => format!("No {} invoices.", status.label().to_lowercase()),
        None if user_can(Permission::BillingManage) => "No invoices yet. Choose \u{201c}New invoice\u{201d} to draft one from a client's unbilled time and expenses.".into(),
        None => "No invoices yet. Invoices the firm drafts and issues will show here.".into(),
    };
    view! {
        <div data-testid="no-invoices" class="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-500">
            {message}
        </div>
    }
}
