//! The billing screens: the dashboard (work in progress, receivables, trust), the invoice list,
//! the form that drafts an invoice, one invoice's page (its lines while a draft; issue, send,
//! void and payments after), the trust overview with the three-way reconciliation, and one
//! client's trust ledger.

mod dashboard;
mod fields;
mod invoice;
mod invoice_actions;
mod invoices;
mod lines;
mod new_invoice;
mod payments;
mod trust;
mod trust_ledger;

pub use dashboard::BillingDashboardPage;
pub use invoice::InvoiceDetailPage;
pub use invoices::InvoicesPage;
pub use new_invoice::NewInvoicePage;
pub use trust::TrustPage;
pub use trust_ledger::TrustLedgerPage;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::billing::InvoiceStatus;
use crate::pages::time::today;

/// A primary button or link.
const PRIMARY: &str = "rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60";
/// A secondary button or link.
const SECONDARY: &str = "rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60";
/// A button that removes or cancels something.
const DANGER: &str = "rounded-md border border-red-200 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60";
/// A small button inside a table row.
const SMALL_BUTTON: &str = "rounded-md border border-slate-200 px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50";
/// A white card.
const CARD: &str = "rounded-lg border border-slate-200 bg-white p-5 shadow-sm";
/// A table cell holding an amount.
const AMOUNT_CELL: &str = "whitespace-nowrap px-4 py-3 text-right tabular-nums text-slate-900";

/// An invoice's status as a coloured badge (`data-testid="invoice-status"`).
#[component]
fn InvoiceStatusBadge(status: InvoiceStatus) -> impl IntoView {
    let colours = match status {
        InvoiceStatus::Draft => "bg-slate-100 text-slate-600",
        InvoiceStatus::Issued => "bg-indigo-50 text-indigo-700",
        InvoiceStatus::PartiallyPaid => "bg-amber-50 text-amber-800",
        InvoiceStatus::Paid => "bg-emerald-50 text-emerald-700",
        InvoiceStatus::Void => "bg-red-50 text-red-700",
    };
    view! {
        <span data-testid="invoice-status" class=format!("whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium {colours}")>
            {status.label()}
        </span>
    }
}

/// A date as the billing screens show it: `23 Nov 2026`.
fn day(date: NaiveDate) -> String {
    date.format("%d %b %Y").to_string()
}

/// Today as a date input's value, `YYYY-MM-DD`.
fn today_value() -> String {
    crate::pages::time::iso(today())
}
