//! LEDES 1998B, the pipe-delimited e-billing format corporate clients' billing systems import:
//! a `LEDES1998B[]` line, a header line naming the 24 fields, then one record per invoice line.
//! Every line ends in `[]` and a CRLF; fields are separated by `|`. Dates are `YYYYMMDD`,
//! amounts plain decimals in the invoice's currency (`1234.50`).
//!
//! Each record's total is the line's total, its share of the invoice's discount and tax
//! included, so the records add up exactly to `INVOICE_TOTAL`. Hours are written with four
//! decimals, and `LINE_ITEM_ADJUSTMENT_AMOUNT` takes up whatever separates units × unit cost
//! (rounded to the minor unit) from that total, so that units × cost + adjustment is the total
//! exactly.
//!
//! LEDES has no escape mechanism, so every text field goes through [`sanitize`]: `|` becomes
//! `/`, `[]` becomes `()`, each run of carriage returns, line feeds and tabs becomes one space,
//! and the result is trimmed.

use chrono::NaiveDate;

use super::{PrintableInvoice, number_label, time_minutes};
use crate::billing::money::{format_decimal, parse_money, round_div};
use crate::billing::{Invoice, InvoiceLine, LineKind};

/// The first line of every LEDES 1998B file.
const FORMAT_LINE: &str = "LEDES1998B[]";
/// The end of every line but the first, before its CRLF.
const RECORD_END: &str = "[]";
const NEWLINE: &str = "\r\n";
/// What an invoice without notes describes itself as.
const DEFAULT_DESCRIPTION: &str = "Legal services";

/// The 24 fields of LEDES 1998B, in order.
const FIELDS: [&str; 24] = [
    "INVOICE_DATE",
    "INVOICE_NUMBER",
    "CLIENT_ID",
    "LAW_FIRM_MATTER_ID",
    "INVOICE_TOTAL",
    "BILLING_START_DATE",
    "BILLING_END_DATE",
    "INVOICE_DESCRIPTION",
    "LINE_ITEM_NUMBER",
    "EXP/FEE/INV_ADJ_TYPE",
    "LINE_ITEM_NUMBER_OF_UNITS",
    "LINE_ITEM_ADJUSTMENT_AMOUNT",
    "LINE_ITEM_TOTAL",
    "LINE_ITEM_DATE",
    "LINE_ITEM_TASK_CODE",
    "LINE_ITEM_EXPENSE_CODE",
    "LINE_ITEM_ACTIVITY_CODE",
    "TIMEKEEPER_ID",
    "LINE_ITEM_DESCRIPTION",
    "LAW_FIRM_ID",
    "LINE_ITEM_UNIT_COST",
    "TIMEKEEPER_NAME",
    "TIMEKEEPER_CLASSIFICATION",
    "CLIENT_MATTER_ID",
];

/// The invoice in LEDES 1998B, one record per line.
pub fn ledes_1998b(doc: &PrintableInvoice) -> String {
    let invoice = &doc.invoice;
    let currency = invoice.currency.as_str();
    let invoice_date = date(
        invoice
            .issued_on
            .unwrap_or_else(|| invoice.created_at.date_naive()),
    );
    let invoice_number = sanitize(number_label(invoice));
    let client_id = invoice.client_id.to_string();
    let invoice_total = format_decimal(invoice.total, currency);
    let (start, end) = billing_period(invoice);
    let description = sanitize(
        invoice
            .notes
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or(DEFAULT_DESCRIPTION),
    );
    let firm_id = sanitize(&doc.firm_id);

    let mut out = String::with_capacity(600 + 300 * invoice.lines.len());
    out.push_str(FORMAT_LINE);
    out.push_str(NEWLINE);
    out.push_str(&header());
    out.push_str(NEWLINE);
    for (i, line) in invoice.lines.iter().enumerate() {
        let (units, base) = line_units(line);
        let matter = sanitize(&line.matter.number);
        let fields = [
            invoice_date.clone(),
            invoice_number.clone(),
            client_id.clone(),
            matter.clone(),
            invoice_total.clone(),
            start.clone(),
            end.clone(),
            description.clone(),
            (i + 1).to_string(),
            line_type(line.kind).to_string(),
            units,
            format_decimal(line.total - base, currency),
            format_decimal(line.total, currency),
            date(line.line_date),
            code(line.task_code.as_deref()),
            code(line.expense_code.as_deref()),
            code(line.activity_code.as_deref()),
            line.timekeeper_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            sanitize(&line.description),
            firm_id.clone(),
            format_decimal(line.rate, currency),
            sanitize(&line.timekeeper),
            String::new(),
            matter,
        ];
        out.push_str(&fields.join("|"));
        out.push_str(RECORD_END);
        out.push_str(NEWLINE);
    }
    out
}

/// `text` made safe for a LEDES field: `|` becomes `/`, `[]` becomes `()`, each run of
/// carriage returns, line feeds and tabs becomes one space, and the result is trimmed.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_break = false;
    for c in text.chars() {
        if matches!(c, '\r' | '\n' | '\t') {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
            continue;
        }
        in_break = false;
        out.push(if c == '|' { '/' } else { c });
    }
    out.replace("[]", "()").trim().to_string()
}

/// The header line: the field names, `|`-separated, ending in `[]`.
fn header() -> String {
    format!("{}{RECORD_END}", FIELDS.join("|"))
}

fn date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

fn code(value: Option<&str>) -> String {
    value.map(sanitize).unwrap_or_default()
}

/// `F` for fees (time and fixed fees), `E` for expenses.
fn line_type(kind: LineKind) -> char {
    match kind {
        LineKind::Time | LineKind::Fee => 'F',
        LineKind::Expense => 'E',
    }
}

/// The first and last day of the work billed: the invoice's period, else its lines' dates.
fn billing_period(invoice: &Invoice) -> (String, String) {
    let dates = invoice.lines.iter().map(|line| line.line_date);
    let range = invoice
        .period
        .or_else(|| Some((dates.clone().min()?, dates.max()?)));
    match range {
        Some((from, to)) => (date(from), date(to)),
        None => (String::new(), String::new()),
    }
}

/// A line's units (hours with four decimals for time, else `1`) and what the units come to at
/// the line's unit cost, rounded to the minor unit.
fn line_units(line: &InvoiceLine) -> (String, i64) {
    match time_minutes(line) {
        Some(minutes) => {
            let units = round_div(i128::from(minutes) * 10_000, 60);
            let base = round_div(i128::from(units) * i128::from(line.rate), 10_000);
            (four_decimals(units), base)
        }
        None => ("1".to_string(), line.rate),
    }
}

/// `n` ten-thousandths as a decimal with four places (`15000` → `1.5000`).
fn four_decimals(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    let abs = n.unsigned_abs();
    format!("{sign}{}.{:04}", abs / 10_000, abs % 10_000)
}

/// One record of a LEDES 1998B file, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedesLine {
    /// INVOICE_DATE.
    pub invoice_date: NaiveDate,
    /// INVOICE_NUMBER.
    pub invoice_number: String,
    /// CLIENT_ID.
    pub client_id: String,
    /// LAW_FIRM_MATTER_ID.
    pub matter_number: String,
    /// INVOICE_TOTAL, in minor units.
    pub invoice_total: i64,
    /// LINE_ITEM_NUMBER.
    pub line_number: u32,
    /// EXP/FEE/INV_ADJ_TYPE: `F` or `E`.
    pub kind: char,
    /// LINE_ITEM_NUMBER_OF_UNITS, as written (`1.5000`, `1`).
    pub units: String,
    /// LINE_ITEM_ADJUSTMENT_AMOUNT, in minor units.
    pub adjustment: i64,
    /// LINE_ITEM_TOTAL, in minor units.
    pub total: i64,
    /// LINE_ITEM_DATE.
    pub line_date: NaiveDate,
    /// LINE_ITEM_TASK_CODE.
    pub task_code: Option<String>,
    /// LINE_ITEM_EXPENSE_CODE.
    pub expense_code: Option<String>,
    /// LINE_ITEM_ACTIVITY_CODE.
    pub activity_code: Option<String>,
    /// TIMEKEEPER_ID.
    pub timekeeper_id: Option<String>,
    /// LINE_ITEM_DESCRIPTION.
    pub description: String,
    /// LINE_ITEM_UNIT_COST, in minor units.
    pub unit_cost: i64,
    /// TIMEKEEPER_NAME.
    pub timekeeper_name: String,
}

/// Reads a LEDES 1998B file with amounts in `currency`: checks its two first lines, then reads
/// every record. Says which line is wrong, and how, when one is.
pub fn parse_ledes_1998b(text: &str, currency: &str) -> Result<Vec<LedesLine>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(FORMAT_LINE) {
        return Err(format!("The first line must be {FORMAT_LINE}."));
    }
    if lines.next() != Some(header().as_str()) {
        return Err("The second line must name the 24 fields of LEDES 1998B.".into());
    }
    lines
        .enumerate()
        .map(|(i, record)| {
            parse_record(record, currency).map_err(|error| format!("Line {}: {error}.", i + 3))
        })
        .collect()
}

fn parse_record(record: &str, currency: &str) -> Result<LedesLine, String> {
    let body = record
        .strip_suffix(RECORD_END)
        .ok_or("the record does not end in []")?;
    let fields: Vec<&str> = body.split('|').collect();
    let [
        invoice_date,
        invoice_number,
        client_id,
        matter_number,
        invoice_total,
        _billing_start,
        _billing_end,
        _invoice_description,
        line_number,
        kind,
        units,
        adjustment,
        total,
        line_date,
        task_code,
        expense_code,
        activity_code,
        timekeeper_id,
        description,
        _law_firm_id,
        unit_cost,
        timekeeper_name,
        _timekeeper_classification,
        _client_matter_id,
    ] = fields.as_slice()
    else {
        return Err(format!("the record has {} fields, not 24", fields.len()));
    };
    let kind = match *kind {
        "F" => 'F',
        "E" => 'E',
        other => return Err(format!("{other:?} is not a line type (F or E)")),
    };
    let money = |text: &str| parse_money(text, currency).map_err(|m| format!("{text:?}: {m}"));
    let optional = |text: &str| (!text.is_empty()).then(|| text.to_string());
    Ok(LedesLine {
        invoice_date: parse_date(invoice_date)?,
        invoice_number: invoice_number.to_string(),
        client_id: client_id.to_string(),
        matter_number: matter_number.to_string(),
        invoice_total: money(invoice_total)?,
        line_number: line_number
            .parse()
            .map_err(|_| format!("{line_number:?} is not a line number"))?,
        kind,
        units: units.to_string(),
        adjustment: money(adjustment)?,
        total: money(total)?,
        line_date: parse_date(line_date)?,
        task_code: optional(task_code),
        expense_code: optional(expense_code),
        activity_code: optional(activity_code),
        timekeeper_id: optional(timekeeper_id),
        description: description.to_string(),
        unit_cost: money(unit_cost)?,
        timekeeper_name: timekeeper_name.to_string(),
    })
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y%m%d")
        .ok()
        .filter(|_| text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("{text:?} is not a date like 20260331"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::billing::sample_invoice;

    /// `units` (`1.5000`, `1`) in ten-thousandths.
    fn ten_thousandths(units: &str) -> i128 {
        let (whole, fraction) = units.split_once('.').unwrap_or((units, ""));
        let fraction = format!("{fraction:0<4}");
        i128::from(whole.parse::<i64>().unwrap()) * 10_000
            + i128::from(fraction.parse::<i64>().unwrap())
    }

    #[test]
    fn the_header_is_exact() {
        let text = ledes_1998b(&sample_invoice(3));
        let mut lines = text.split("\r\n");
        assert_eq!(lines.next(), Some("LEDES1998B[]"));
        assert_eq!(
            lines.next(),
            Some(
                "INVOICE_DATE|INVOICE_NUMBER|CLIENT_ID|LAW_FIRM_MATTER_ID|INVOICE_TOTAL|\
                 BILLING_START_DATE|BILLING_END_DATE|INVOICE_DESCRIPTION|LINE_ITEM_NUMBER|\
                 EXP/FEE/INV_ADJ_TYPE|LINE_ITEM_NUMBER_OF_UNITS|LINE_ITEM_ADJUSTMENT_AMOUNT|\
                 LINE_ITEM_TOTAL|LINE_ITEM_DATE|LINE_ITEM_TASK_CODE|LINE_ITEM_EXPENSE_CODE|\
                 LINE_ITEM_ACTIVITY_CODE|TIMEKEEPER_ID|LINE_ITEM_DESCRIPTION|LAW_FIRM_ID|\
                 LINE_ITEM_UNIT_COST|TIMEKEEPER_NAME|TIMEKEEPER_CLASSIFICATION|\
                 CLIENT_MATTER_ID[]"
            )
        );
        // Every line ends in CRLF, the last one too, and there are no other line breaks.
        assert!(text.ends_with("[]\r\n"));
        assert_eq!(text.matches("\r\n").count(), 5);
        assert!(!text.replace("\r\n", "").contains(['\r', '\n']));
    }

    #[test]
    fn records_read_back_and_add_up() {
        let mut doc = sample_invoice(12);
        doc.invoice.lines[0].description = "Call | review [] notes\r\nthen\t\tdraft ".into();
        let invoice = &doc.invoice;
        let text = ledes_1998b(&doc);
        let records = parse_ledes_1998b(&text, "USD").unwrap();
        assert_eq!(records.len(), invoice.lines.len());
        assert_eq!(records[0].description, "Call / review () notes then draft");
        for (record, line) in records.iter().zip(&invoice.lines) {
            assert_eq!(
                record.invoice_date,
                NaiveDate::from_ymd_opt(2026, 4, 1).unwrap()
            );
            assert_eq!(record.invoice_number, "INV-2026-0007");
            assert_eq!(record.client_id, invoice.client_id.to_string());
            assert_eq!(record.matter_number, "2026-0001");
            assert_eq!(record.invoice_total, invoice.total);
            assert_eq!(record.description, sanitize(&line.description));
            assert_eq!(record.total, line.total);
            assert_eq!(record.unit_cost, line.rate);
            assert_eq!(record.line_date, line.line_date);
            assert_eq!(record.task_code, line.task_code);
            assert_eq!(record.activity_code, line.activity_code);
            assert_eq!(record.expense_code, line.expense_code);
            assert_eq!(
                record.timekeeper_id,
                line.timekeeper_id.map(|id| id.to_string())
            );
            assert_eq!(record.timekeeper_name, line.timekeeper);
            let base = round_div(
                ten_thousandths(&record.units) * i128::from(record.unit_cost),
                10_000,
            );
            assert_eq!(base + record.adjustment, record.total, "{record:?}");
            match line.kind {
                LineKind::Time => {
                    assert_eq!(record.kind, 'F');
                    let minutes = line.minutes.unwrap();
                    assert_eq!(
                        ten_thousandths(&record.units),
                        i128::from(minutes) * 10_000 / 60
                    );
                }
                LineKind::Expense => {
                    assert_eq!(record.kind, 'E');
                    assert_eq!(record.units, "1");
                }
                LineKind::Fee => assert_eq!(record.kind, 'F'),
            }
        }
        assert_eq!(
            records.iter().map(|record| record.total).sum::<i64>(),
            invoice.total
        );
        assert_eq!(
            records.iter().map(|r| r.line_number).collect::<Vec<_>>(),
            (1..=12).collect::<Vec<u32>>()
        );
        assert!(
            text.contains("|20260301|20260331|Thank you for your instructions.|"),
            "{text}"
        );
    }

    #[test]
    fn hours_have_four_decimals() {
        let mut doc = sample_invoice(1);
        doc.invoice.lines[0].minutes = Some(7);
        let records = parse_ledes_1998b(&ledes_1998b(&doc), "USD").unwrap();
        assert_eq!(records[0].units, "0.1167");
        assert_eq!(four_decimals(90 * 10_000 / 60), "1.5000");
    }

    #[test]
    fn drafts_without_a_period_use_their_lines_dates() {
        let mut doc = sample_invoice(5);
        doc.invoice.number = None;
        doc.invoice.issued_on = None;
        doc.invoice.period = None;
        doc.invoice.notes.clear();
        let text = ledes_1998b(&doc);
        let record = text.split("\r\n").nth(2).unwrap();
        assert!(
            record.starts_with("20260331|DRAFT|00000000-0000-0000-0000-000000000003|2026-0001|"),
            "{record}"
        );
        assert!(
            record.contains("|20260301|20260305|Legal services|1|F|"),
            "{record}"
        );
    }

    #[test]
    fn fields_cannot_break_the_format() {
        assert_eq!(sanitize("  a|b [] c\r\n\r\n\td  "), "a/b () c d");
        assert_eq!(sanitize("[[]]"), "[()]");
        assert_eq!(sanitize("plain"), "plain");
    }

    #[test]
    fn malformed_files_are_refused() {
        assert!(parse_ledes_1998b("LEDES98B[]\r\n", "USD").is_err());
        let text = ledes_1998b(&sample_invoice(2));
        let broken = text.replacen("|F|", "|F|extra|", 1);
        let error = parse_ledes_1998b(&broken, "USD").unwrap_err();
        assert!(
            error.contains("Line 3") && error.contains("25 fields"),
            "{error}"
        );
        let unterminated = text.trim_end().trim_end_matches("[]");
        assert!(parse_ledes_1998b(unterminated, "USD").is_err());
    }
}
