//! The printable invoice as a standalone HTML page (`app/templates/billing/invoice.html`,
//! styled by `/invoice-print.css`, no inline styles or scripts), with the same content as the
//! PDF. Every amount and date is formatted here; the template only places text, which askama
//! escapes.

use askama::Template;

use super::{
    Fact, PrintableInvoice, TotalRow, facts, line_details, long_date, number_label, period,
    time_minutes, total_rows,
};
use crate::billing::InvoiceStatus;
use crate::billing::money::{format_hours, format_money};

/// The page as the template sees it: text only.
#[derive(Template)]
#[template(path = "billing/invoice.html")]
struct InvoiceDocument<'a> {
    title: String,
    number: &'a str,
    firm_name: &'a str,
    firm_address: &'a str,
    firm_contact: &'a str,
    /// The logo's address, when the firm has one.
    logo: Option<String>,
    facts: Vec<Fact>,
    void: bool,
    void_reason: &'a str,
    client_name: &'a str,
    client_address: &'a str,
    matters: Vec<String>,
    period: String,
    lines: Vec<LineRow<'a>>,
    totals: Vec<TotalRow>,
    trust: Vec<TrustRow>,
    payment_instructions: &'a str,
    notes: &'a str,
}

/// One row of the lines table; hours and rate are empty for expenses and fees.
struct LineRow<'a> {
    date: String,
    description: &'a str,
    details: String,
    hours: String,
    rate: String,
    amount: String,
}

/// A matter and the money held in trust for it.
struct TrustRow {
    matter: String,
    amount: String,
}

/// The invoice as a complete HTML document, ready to print or save as PDF from the browser.
pub fn invoice_html(doc: &PrintableInvoice) -> Result<String, askama::Error> {
    let invoice = &doc.invoice;
    let currency = invoice.currency.as_str();
    let with_matter = invoice.matters.len() > 1;
    let number = number_label(invoice);
    let lines = invoice
        .lines
        .iter()
        .map(|line| {
            let minutes = time_minutes(line);
            LineRow {
                date: long_date(line.line_date),
                description: &line.description,
                details: line_details(line, with_matter),
                hours: minutes.map(format_hours).unwrap_or_default(),
                rate: minutes
                    .map(|_| format_money(line.rate, currency))
                    .unwrap_or_default(),
                amount: format_money(line.amount, currency),
            }
        })
        .collect();
    let trust = invoice
        .trust
        .iter()
        .map(|(matter, balance)| TrustRow {
            matter: matter.label(),
            amount: format_money(*balance, currency),
        })
        .collect();
    InvoiceDocument {
        title: format!("Invoice {number} · {}", doc.firm_name),
        number,
        firm_name: &doc.firm_name,
        firm_address: doc.firm_address.trim(),
        firm_contact: &doc.firm_contact,
        logo: doc
            .logo
            .as_ref()
            .map(|logo| crate::firm_profile::logo_url(&logo.etag)),
        facts: facts(invoice),
        void: invoice.status == InvoiceStatus::Void,
        void_reason: invoice.void_reason.as_deref().unwrap_or_default().trim(),
        client_name: &invoice.client_name,
        client_address: invoice.client_address.trim(),
        matters: invoice
            .matters
            .iter()
            .map(|matter| matter.label())
            .collect(),
        period: period(invoice).unwrap_or_default(),
        lines,
        totals: total_rows(invoice),
        trust,
        payment_instructions: doc.payment_instructions.trim(),
        notes: invoice.notes.trim(),
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::billing::sample_invoice;

    #[test]
    fn the_page_shows_the_invoice_and_escapes_its_text() {
        let mut doc = sample_invoice(4);
        doc.invoice.lines[0].description = "Reviewed <script>alert(1)</script> & replied".into();
        let html = invoice_html(&doc).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
        assert!(html.contains("href=\"/invoice-print.css\""), "{html}");
        assert!(html.contains("INV-2026-0007"), "{html}");
        let total = format_money(doc.invoice.total, "USD");
        assert!(html.contains(&total), "{total} in {html}");
        assert!(html.contains("Balance due"), "{html}");
        assert!(html.contains("Ann Lee · L120/A101"), "{html}");
        assert!(html.contains("Held in trust"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(
            html.contains("&#60;script&#62;alert(1)&#60;/script&#62; &#38; replied"),
            "{html}"
        );
        assert!(!html.contains("style="), "no inline styles: {html}");
        assert!(!html.contains("VOID"), "{html}");
        assert!(html.contains("+1 207 555 0100 · billing@lee.law"), "{html}");
        assert!(
            !html.contains("class=\"logo\""),
            "no logo, no image: {html}"
        );
    }

    #[test]
    fn the_firms_logo_heads_the_page() {
        let mut doc = sample_invoice(1);
        doc.logo = Some(crate::ssr::db::entities::firm_logos::Model {
            firm_id: uuid::Uuid::nil(),
            id: uuid::Uuid::nil(),
            content: Vec::new(),
            width: 1,
            height: 1,
            etag: "abc123".into(),
            updated_at: 0,
        });
        let html = invoice_html(&doc).unwrap();
        assert!(
            html.contains("<img class=\"logo\" src=\"/firm/logo?v=abc123\""),
            "{html}"
        );
    }

    #[test]
    fn drafts_and_void_invoices_say_so() {
        let mut doc = sample_invoice(1);
        doc.invoice.number = None;
        doc.invoice.status = InvoiceStatus::Draft;
        doc.invoice.paid = 0;
        doc.invoice.paid_from_trust = 0;
        let html = invoice_html(&doc).unwrap();
        assert!(html.contains("DRAFT"), "{html}");
        assert!(
            !html.contains(">Paid<"),
            "a draft shows no payments: {html}"
        );
        doc.invoice.status = InvoiceStatus::Void;
        doc.invoice.void_reason = Some("Billed to the wrong client".into());
        let html = invoice_html(&doc).unwrap();
        assert!(html.contains("VOID"), "{html}");
        assert!(html.contains("Billed to the wrong client"), "{html}");
    }
}
