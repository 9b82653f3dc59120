//! Server-only billing output: the printable invoice (HTML and PDF) and LEDES export.

use chrono::NaiveDate;

use crate::billing::money::{format_money, format_percent};
use crate::billing::{Invoice, InvoiceLine, InvoiceStatus, LineKind};

pub mod ledes;
pub mod pdf;
pub mod print;
pub mod routes;

/// Everything printed on an invoice: the firm, and the invoice itself.
#[derive(Clone, Debug)]
pub struct PrintableInvoice {
    /// The firm's name.
    pub firm_name: String,
    /// The firm's slug, used as LEDES LAW_FIRM_ID.
    pub firm_id: String,
    /// The firm's postal address (lines separated by \n).
    pub firm_address: String,
    /// The firm's telephone, email and web site on one line (may be empty).
    pub firm_contact: String,
    /// The firm's logo, when it has one.
    pub logo: Option<crate::ssr::db::entities::firm_logos::Model>,
    /// How to pay (lines separated by \n).
    pub payment_instructions: String,
    /// The invoice.
    pub invoice: crate::billing::Invoice,
}

/// `31 Mar 2026`, as printed invoices write dates.
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// The invoice's number, or `DRAFT` until it is issued.
pub(crate) fn number_label(invoice: &Invoice) -> &str {
    invoice.number.as_deref().unwrap_or("DRAFT")
}

/// The minutes a line bills, for time lines (other lines have no hours).
pub(crate) fn time_minutes(line: &InvoiceLine) -> Option<i64> {
    line.minutes.filter(|_| line.kind == LineKind::Time)
}

/// A labelled fact of the invoice's heading (`Due` · `1 May 2026`).
pub(crate) struct Fact {
    /// What it is.
    pub(crate) label: &'static str,
    /// Its value, formatted.
    pub(crate) value: String,
}

/// The heading's facts: number (or `DRAFT`), issue and due dates when set, and status.
pub(crate) fn facts(invoice: &Invoice) -> Vec<Fact> {
    let mut facts = vec![Fact {
        label: "Invoice",
        value: number_label(invoice).to_string(),
    }];
    if let Some(date) = invoice.issued_on {
        facts.push(Fact {
            label: "Issued",
            value: long_date(date),
        });
    }
    if let Some(date) = invoice.due_on {
        facts.push(Fact {
            label: "Due",
            value: long_date(date),
        });
    }
    facts.push(Fact {
        label: "Status",
        value: invoice.status.label().to_string(),
    });
    facts
}

/// The period of the work billed (`1 Mar 2026 – 31 Mar 2026`), if the invoice has one.
pub(crate) fn period(invoice: &Invoice) -> Option<String> {
    invoice
        .period
        .map(|(from, to)| format!("{} – {}", long_date(from), long_date(to)))
}

/// The small line under a line's description: its matter (when the invoice bills several),
/// who did the work and its UTBMS codes (`Ann Lee · L120/A101`); empty when there is none.
pub(crate) fn line_details(line: &InvoiceLine, with_matter: bool) -> String {
    let codes = [&line.task_code, &line.activity_code, &line.expense_code]
        .into_iter()
        .filter_map(|code| code.as_deref())
        .collect::<Vec<_>>()
        .join("/");
    let matter = if with_matter {
        line.matter.number.as_str()
    } else {
        ""
    };
    [matter, line.timekeeper.trim(), codes.as_str()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// One row of an invoice's totals block.
pub(crate) struct TotalRow {
    /// What the amount is (`Subtotal`, `Sales tax (8.25%)`).
    pub(crate) label: String,
    /// The amount, formatted in the invoice's currency.
    pub(crate) amount: String,
    /// The total and the balance due, set in bold.
    pub(crate) strong: bool,
    /// A detail of the row above (what of the payments came from trust), set small.
    pub(crate) detail: bool,
}

impl TotalRow {
    fn new(label: impl Into<String>, amount: String) -> TotalRow {
        TotalRow {
            label: label.into(),
            amount,
            strong: false,
            detail: false,
        }
    }
}

/// The totals block: subtotal, discount and tax when there are any, total, what was paid (once
/// issued) and of that what came from trust, and the balance due.
pub(crate) fn total_rows(invoice: &Invoice) -> Vec<TotalRow> {
    let money = |minor: i64| format_money(minor, &invoice.currency);
    let mut rows = vec![TotalRow::new("Subtotal", money(invoice.subtotal))];
    if invoice.discount_bp != 0 || invoice.discount != 0 {
        let label = format!("Discount ({})", format_percent(invoice.discount_bp));
        rows.push(TotalRow::new(label, money(-invoice.discount)));
    }
    if invoice.tax_bp != 0 {
        let name = match invoice.tax_label.trim() {
            "" => "Tax",
            name => name,
        };
        let label = format!("{name} ({})", format_percent(invoice.tax_bp));
        rows.push(TotalRow::new(label, money(invoice.tax)));
    }
    rows.push(TotalRow {
        strong: true,
        ..TotalRow::new("Total", money(invoice.total))
    });
    if invoice.paid != 0 || invoice.status != InvoiceStatus::Draft {
        rows.push(TotalRow::new("Paid", money(invoice.paid)));
        if invoice.paid_from_trust > 0 {
            rows.push(TotalRow {
                detail: true,
                ..TotalRow::new("of which from trust", money(invoice.paid_from_trust))
            });
        }
    }
    rows.push(TotalRow {
        strong: true,
        ..TotalRow::new("Balance due", money(invoice.balance))
    });
    rows
}

/// An issued, partly paid USD invoice with `lines` lines (three time entries, then an
/// expense, and again), a 10% discount and 8.25% sales tax, whose totals add up as the model
/// requires.
#[cfg(test)]
pub(crate) fn sample_invoice(lines: usize) -> PrintableInvoice {
    use uuid::Uuid;

    use crate::billing::MatterRef;
    use crate::billing::money::{time_amount, totals};

    let date = |month, day| NaiveDate::from_ymd_opt(2026, month, day).expect("a real date");
    let matter = MatterRef {
        id: Uuid::from_u128(1),
        number: "2026-0001".into(),
        title: "Lee v. Harbor Freight".into(),
    };
    let rate = 32_505;
    let mut items: Vec<InvoiceLine> = (0..lines)
        .map(|i| {
            let n = i as i64;
            let time = i % 4 != 3;
            let (kind, minutes, amount) = if time {
                let minutes = 6 * (1 + n % 15);
                (LineKind::Time, Some(minutes), time_amount(rate, minutes))
            } else {
                (LineKind::Expense, None, 4_250 + n)
            };
            InvoiceLine {
                id: Uuid::from_u128(1_000 + i as u128),
                kind,
                matter: matter.clone(),
                line_date: date(3, 1 + (i % 28) as u32),
                description: format!("Reviewed discovery production, batch {}", i + 1),
                timekeeper: if time {
                    "Ann Lee".into()
                } else {
                    String::new()
                },
                timekeeper_id: time.then_some(Uuid::from_u128(7)),
                minutes,
                rate: if time { rate } else { amount },
                amount,
                discount: 0,
                tax: 0,
                total: amount,
                task_code: time.then(|| "L120".to_string()),
                activity_code: time.then(|| "A101".to_string()),
                expense_code: (!time).then(|| "E101".to_string()),
            }
        })
        .collect();
    let amounts: Vec<i64> = items.iter().map(|line| line.amount).collect();
    let t = totals(&amounts, 1_000, 825);
    for ((line, discount), tax) in items.iter_mut().zip(&t.line_discounts).zip(&t.line_taxes) {
        line.discount = *discount;
        line.tax = *tax;
        line.total = line.amount - discount + tax;
    }
    let paid = t.total.min(50_000);
    let invoice = Invoice {
        id: Uuid::from_u128(2),
        number: Some("INV-2026-0007".into()),
        status: InvoiceStatus::PartiallyPaid,
        currency: "USD".into(),
        client_id: Uuid::from_u128(3),
        client_name: "Harbor Holdings LLC".into(),
        client_address: "1 Pier Road\nPortland, ME 04101".into(),
        client_email: Some("ap@harbor.example".into()),
        matters: vec![matter.clone()],
        period: Some((date(3, 1), date(3, 31))),
        issued_on: Some(date(4, 1)),
        due_on: Some(date(5, 1)),
        lines: items,
        subtotal: t.subtotal,
        discount_bp: 1_000,
        discount: t.discount,
        tax_label: "Sales tax".into(),
        tax_bp: 825,
        tax: t.tax,
        total: t.total,
        paid,
        balance: t.total - paid,
        paid_from_trust: paid / 2,
        notes: "Thank you for your instructions.".into(),
        payments: Vec::new(),
        trust: vec![(matter, 250_000)],
        void_reason: None,
        replaces: None,
        created_at: date(3, 31)
            .and_hms_opt(17, 0, 0)
            .expect("a real time")
            .and_utc(),
    };
    PrintableInvoice {
        firm_name: "Lee & Partners LLP".into(),
        firm_id: "lee-partners".into(),
        firm_address: "200 Congress Street\nPortland, ME 04101".into(),
        firm_contact: "+1 207 555 0100 · billing@lee.law".into(),
        logo: None,
        payment_instructions: "Wire to First Bank, account 123456789.\nQuote the invoice number."
            .into(),
        invoice,
    }
}
