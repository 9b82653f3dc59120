//! Time, expense, invoice, payment and trust types shared by server and browser, and the
//! validation both run. Amounts are minor units of the firm's currency (see [`super::money`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::money::{self, parse_duration, parse_money, parse_percent};
use crate::error::{AppError, Validator};

/// Page size of the invoice list.
pub const INVOICES_PER_PAGE: u64 = 25;
/// The longest description of a time entry, expense or line.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// A matter as billing screens name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterRef {
    /// The matter's id.
    pub id: Uuid,
    /// `2026-0001`.
    pub number: String,
    /// Its title.
    pub title: String,
}

impl MatterRef {
    /// `2026-0001 · Title`.
    pub fn label(&self) -> String {
        format!("{} · {}", self.number, self.title)
    }
}

/// The firm's billing settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingSettings {
    /// ISO currency code, set at sign-up; fixed once the firm has issued an invoice.
    pub currency: String,
    /// Time is billed in whole steps of this many minutes, rounding up (default 6).
    pub increment_minutes: i64,
    /// Tax charged on invoices, in basis points (0 for none).
    pub tax_rate_bp: i64,
    /// What the tax is called on invoices (`VAT`, `Sales tax`).
    pub tax_label: String,
    /// Days from issue to due date.
    pub payment_terms_days: i64,
    /// How to pay, printed on invoices (bank details, payee).
    pub payment_instructions: String,
    /// Whether the currency can no longer change (an invoice was issued).
    pub currency_locked: bool,
}

/// The billing settings form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BillingSettingsForm {
    /// ISO currency code.
    pub currency: String,
    /// Minutes, as typed.
    pub increment_minutes: String,
    /// Percent, as typed.
    pub tax_rate: String,
    /// The tax's name.
    pub tax_label: String,
    /// Days, as typed.
    pub payment_terms_days: String,
    /// Payment instructions.
    pub payment_instructions: String,
}

impl BillingSettingsForm {
    /// Checks the form; the currency must be one Docket bills in.
    pub fn validate(&self) -> Result<BillingSettings, AppError> {
        let mut v = Validator::default();
        let currency = self.currency.trim().to_uppercase();
        if money::currency(&currency).is_none() {
            v.reject("currency", "Choose one of the listed currencies.");
        }
        let increment = match self.increment_minutes.trim().parse::<i64>() {
            Ok(n) if (1..=60).contains(&n) => n,
            _ => {
                v.reject(
                    "increment_minutes",
                    "Enter the billing increment in whole minutes, from 1 to 60.",
                );
                6
            }
        };
        let tax = parse_percent(&self.tax_rate).unwrap_or_else(|m| {
            v.reject("tax_rate", m);
            0
        });
        let terms = match self.payment_terms_days.trim().parse::<i64>() {
            Ok(n) if (0..=365).contains(&n) => n,
            _ => {
                v.reject(
                    "payment_terms_days",
                    "Enter the payment terms in days, from 0 to 365.",
                );
                30
            }
        };
        let tax_label = self.tax_label.trim();
        if tax_label.chars().count() > 40 {
            v.reject("tax_label", "Keep the tax's name to 40 characters.");
        }
        let instructions = self.payment_instructions.trim();
        if instructions.chars().count() > 1_000 {
            v.reject(
                "payment_instructions",
                "Keep the payment instructions to 1,000 characters.",
            );
        }
        v.finish()?;
        Ok(BillingSettings {
            currency,
            increment_minutes: increment,
            tax_rate_bp: tax,
            tax_label: if tax_label.is_empty() {
                "Tax".into()
            } else {
                tax_label.into()
            },
            payment_terms_days: terms,
            payment_instructions: instructions.into(),
            currency_locked: false,
        })
    }
}

/// A user's default hourly rate, for the rates settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRate {
    /// The user.
    pub user_id: Uuid,
    /// Their name.
    pub name: String,
    /// Minor units an hour.
    pub rate: i64,
}

/// How a matter is charged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeeKind {
    /// By the hour, at the rates that apply.
    Hourly,
    /// A fixed fee for the matter (billed as a line when invoiced).
    Flat,
    /// A share of the recovery (recorded for reporting; time is still kept).
    Contingency,
}

impl FeeKind {
    /// The stored and form value.
    pub fn as_str(self) -> &'static str {
        match self {
            FeeKind::Hourly => "hourly",
            FeeKind::Flat => "flat",
            FeeKind::Contingency => "contingency",
        }
    }

    /// Parses the stored and form value.
    pub fn parse(value: &str) -> Option<FeeKind> {
        match value {
            "hourly" => Some(FeeKind::Hourly),
            "flat" => Some(FeeKind::Flat),
            "contingency" => Some(FeeKind::Contingency),
            _ => None,
        }
    }

    /// How it reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            FeeKind::Hourly => "Hourly",
            FeeKind::Flat => "Flat fee",
            FeeKind::Contingency => "Contingency",
        }
    }
}

/// A matter's fee arrangement and rate override.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeArrangement {
    /// Hourly, flat or contingency.
    pub kind: FeeKind,
    /// The matter's hourly rate, overriding the client's and the users' (minor units).
    pub rate: Option<i64>,
    /// The flat fee (minor units), for flat-fee matters.
    pub flat_fee: Option<i64>,
    /// The contingency share in basis points, for contingency matters.
    pub contingency_bp: Option<i64>,
}

/// The fee arrangement form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeeForm {
    /// `hourly`, `flat` or `contingency`.
    pub kind: String,
    /// The matter's hourly rate, or empty for none.
    pub rate: String,
    /// The flat fee, for flat-fee matters.
    pub flat_fee: String,
    /// The percentage, for contingency matters.
    pub contingency: String,
}

impl FeeForm {
    /// Checks the form in currency `currency`.
    pub fn validate(&self, currency: &str) -> Result<FeeArrangement, AppError> {
        let mut v = Validator::default();
        let kind = FeeKind::parse(self.kind.trim()).unwrap_or_else(|| {
            v.reject("kind", "Choose hourly, flat fee or contingency.");
            FeeKind::Hourly
        });
        let rate = optional_amount(&mut v, "rate", &self.rate, currency);
        let flat_fee = optional_amount(&mut v, "flat_fee", &self.flat_fee, currency);
        let contingency = match self.contingency.trim() {
            "" => None,
            text => match parse_percent(text) {
                Ok(bp) => Some(bp),
                Err(m) => {
                    v.reject("contingency", m);
                    None
                }
            },
        };
        if kind == FeeKind::Flat && flat_fee.is_none() {
            v.reject("flat_fee", "Enter the flat fee for a flat-fee matter.");
        }
        if kind == FeeKind::Contingency && contingency.is_none() {
            v.reject("contingency", "Enter the contingency percentage.");
        }
        v.finish()?;
        Ok(FeeArrangement {
            kind,
            rate,
            flat_fee: flat_fee.filter(|_| kind == FeeKind::Flat),
            contingency_bp: contingency.filter(|_| kind == FeeKind::Contingency),
        })
    }
}

/// Reads an optional non-negative amount into `v`'s errors.
pub fn optional_amount(v: &mut Validator, field: &str, raw: &str, currency: &str) -> Option<i64> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_money(raw, currency) {
        Ok(n) if n >= 0 => Some(n),
        Ok(_) => {
            v.reject(field, "Enter an amount of zero or more.");
            None
        }
        Err(m) => {
            v.reject(field, m);
            None
        }
    }
}

/// Reads a required amount greater than zero into `v`'s errors.
pub fn positive_amount(v: &mut Validator, field: &str, raw: &str, currency: &str) -> i64 {
    match parse_money(raw, currency) {
        Ok(n) if n > 0 => n,
        Ok(_) => {
            v.reject(field, "Enter an amount greater than zero.");
            0
        }
        Err(m) => {
            v.reject(field, m);
            0
        }
    }
}

/// Reads a required `YYYY-MM-DD` date into `v`'s errors.
pub fn required_date(v: &mut Validator, field: &str, raw: &str) -> NaiveDate {
    match NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") {
        Ok(date) => date,
        Err(_) => {
            v.reject(field, "Enter a date like 2026-03-31.");
            NaiveDate::default()
        }
    }
}

fn description(v: &mut Validator, field: &str, raw: &str, required: bool) -> String {
    let text = raw.trim();
    let length = text.chars().count();
    if required && length == 0 {
        v.reject(field, "Describe the work; it appears on the invoice.");
    } else if length > MAX_DESCRIPTION_CHARS {
        v.reject(
            field,
            format!("Keep the description to {MAX_DESCRIPTION_CHARS} characters."),
        );
    }
    text.to_string()
}

/// A UTBMS code as typed: empty for none, else a letter and three digits (`L120`, `A101`,
/// `E101`) whose letter is one of `letters`.
fn utbms(
    v: &mut Validator,
    field: &str,
    raw: &str,
    letters: &str,
    example: &str,
) -> Option<String> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return None;
    }
    let mut chars = code.chars();
    let ok = code.len() == 4
        && chars.next().is_some_and(|c| letters.contains(c))
        && chars.all(|c| c.is_ascii_digit());
    if !ok {
        v.reject(
            field,
            format!("Enter a UTBMS code like {example}, or leave it empty."),
        );
        return None;
    }
    Some(code)
}

/// A time entry as screens show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeEntry {
    /// The entry's id.
    pub id: Uuid,
    /// The matter it is on.
    pub matter: MatterRef,
    /// Who worked.
    pub user_id: Uuid,
    /// Their name.
    pub user_name: String,
    /// The day worked.
    pub worked_on: NaiveDate,
    /// Minutes worked, as recorded.
    pub minutes: i64,
    /// What was done.
    pub description: String,
    /// Whether the client is charged.
    pub billable: bool,
    /// UTBMS task code (`L120`).
    pub task_code: Option<String>,
    /// UTBMS activity code (`A101`).
    pub activity_code: Option<String>,
    /// The hourly rate that applies (minor units).
    pub rate: i64,
    /// What it comes to at the firm's billing increment (0 when not billable).
    pub amount: i64,
    /// The invoice it is on, if any (`None` while unbilled).
    pub invoice: Option<InvoiceRef>,
}

/// An invoice as other records name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRef {
    /// The invoice's id.
    pub id: Uuid,
    /// `INV-2026-0001`, or `Draft`.
    pub label: String,
    /// Whether it was issued (the entry can no longer change).
    pub issued: bool,
}

/// The time entry form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TimeEntryForm {
    /// The matter's id.
    pub matter_id: String,
    /// `YYYY-MM-DD`.
    pub worked_on: String,
    /// `1.5`, `1:30` or `1h 30m`.
    pub duration: String,
    /// What was done.
    pub description: String,
    /// `true`/`on` when billable (checkbox).
    pub billable: String,
    /// UTBMS task code, or empty.
    pub task_code: String,
    /// UTBMS activity code, or empty.
    pub activity_code: String,
}

/// A time entry form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidTimeEntry {
    /// The matter.
    pub matter_id: Uuid,
    /// The day worked.
    pub worked_on: NaiveDate,
    /// Minutes worked.
    pub minutes: i64,
    /// What was done.
    pub description: String,
    /// Billable or not.
    pub billable: bool,
    /// Task code.
    pub task_code: Option<String>,
    /// Activity code.
    pub activity_code: Option<String>,
}

/// Whether a checkbox-like form value is on.
pub fn is_on(value: &str) -> bool {
    matches!(value.trim(), "true" | "on" | "1" | "yes")
}

fn matter_id(v: &mut Validator, raw: &str) -> Uuid {
    Uuid::parse_str(raw.trim()).unwrap_or_else(|_| {
        v.reject("matter_id", "Choose a matter.");
        Uuid::nil()
    })
}

impl TimeEntryForm {
    /// Checks the form.
    pub fn validate(&self) -> Result<ValidTimeEntry, AppError> {
        let mut v = Validator::default();
        let matter_id = matter_id(&mut v, &self.matter_id);
        let worked_on = required_date(&mut v, "worked_on", &self.worked_on);
        let minutes = parse_duration(&self.duration).unwrap_or_else(|m| {
            v.reject("duration", m);
            0
        });
        let description = description(&mut v, "description", &self.description, true);
        let task_code = utbms(&mut v, "task_code", &self.task_code, "LPBC", "L120");
        let activity_code = utbms(&mut v, "activity_code", &self.activity_code, "A", "A101");
        v.finish()?;
        Ok(ValidTimeEntry {
            matter_id,
            worked_on,
            minutes,
            description,
            billable: is_on(&self.billable),
            task_code,
            activity_code,
        })
    }
}

/// The user's running timer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// The matter it runs for, if chosen yet.
    pub matter: Option<MatterRef>,
    /// What is being done.
    pub description: String,
    /// When it started (Unix seconds, server clock).
    pub started_at: i64,
    /// The server's clock when this was read (Unix seconds), so the browser can show elapsed
    /// time without trusting its own clock.
    pub now: i64,
}

/// An expense as screens show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expense {
    /// The expense's id.
    pub id: Uuid,
    /// The matter.
    pub matter: MatterRef,
    /// Who recorded it.
    pub user_name: String,
    /// The day it was spent.
    pub spent_on: NaiveDate,
    /// What it was.
    pub description: String,
    /// How much (minor units).
    pub amount: i64,
    /// Whether the client is charged.
    pub billable: bool,
    /// UTBMS expense code (`E101`).
    pub expense_code: Option<String>,
    /// The invoice it is on, if any.
    pub invoice: Option<InvoiceRef>,
}

/// The expense form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExpenseForm {
    /// The matter's id.
    pub matter_id: String,
    /// `YYYY-MM-DD`.
    pub spent_on: String,
    /// What it was.
    pub description: String,
    /// How much, in the firm's currency.
    pub amount: String,
    /// `true`/`on` when billable.
    pub billable: String,
    /// UTBMS expense code, or empty.
    pub expense_code: String,
}

/// An expense form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidExpense {
    /// The matter.
    pub matter_id: Uuid,
    /// The day.
    pub spent_on: NaiveDate,
    /// What it was.
    pub description: String,
    /// Minor units.
    pub amount: i64,
    /// Billable or not.
    pub billable: bool,
    /// Expense code.
    pub expense_code: Option<String>,
}

impl ExpenseForm {
    /// Checks the form in currency `currency`.
    pub fn validate(&self, currency: &str) -> Result<ValidExpense, AppError> {
        let mut v = Validator::default();
        let matter_id = matter_id(&mut v, &self.matter_id);
        let spent_on = required_date(&mut v, "spent_on", &self.spent_on);
        let description = description(&mut v, "description", &self.description, true);
        let amount = positive_amount(&mut v, "amount", &self.amount, currency);
        let expense_code = utbms(&mut v, "expense_code", &self.expense_code, "E", "E101");
        v.finish()?;
        Ok(ValidExpense {
            matter_id,
            spent_on,
            description,
            amount,
            billable: is_on(&self.billable),
            expense_code,
        })
    }
}

/// A matter's billing: its fee arrangement, time, expenses and trust balance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatterBilling {
    /// The matter.
    pub matter: MatterRef,
    /// The firm's currency.
    pub currency: String,
    /// How the matter is charged.
    pub fee: FeeArrangement,
    /// The hourly rate the signed-in user's time gets on this matter.
    pub my_rate: i64,
    /// Time entries, newest first.
    pub entries: Vec<TimeEntry>,
    /// Expenses, newest first.
    pub expenses: Vec<Expense>,
    /// Billable time not yet on an invoice.
    pub unbilled_time: i64,
    /// Billable expenses not yet on an invoice.
    pub unbilled_expenses: i64,
    /// Money held in trust for the matter.
    pub trust_balance: i64,
}

/// One week of a user's time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timesheet {
    /// The Monday the week starts on.
    pub week_start: NaiveDate,
    /// The firm's currency.
    pub currency: String,
    /// The matters the user may record time on, for the entry form.
    pub matters: Vec<MatterRef>,
    /// One row per matter worked on in the week: minutes per day, Monday first.
    pub rows: Vec<TimesheetRow>,
    /// Minutes per day, Monday first.
    pub day_totals: Vec<i64>,
    /// The week's entries, by day then time of entry.
    pub entries: Vec<TimeEntry>,
}

/// One matter's minutes in a week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimesheetRow {
    /// The matter.
    pub matter: MatterRef,
    /// Minutes per day, Monday first.
    pub minutes: Vec<i64>,
    /// The week's minutes.
    pub total: i64,
}

/// An invoice's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    /// Being prepared; lines can change.
    Draft,
    /// Numbered and sent; nothing about it changes.
    Issued,
    /// Issued, with part paid.
    PartiallyPaid,
    /// Issued and paid in full.
    Paid,
    /// Cancelled after issue (kept, with its number).
    Void,
}

impl InvoiceStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "draft",
            InvoiceStatus::Issued => "issued",
            InvoiceStatus::PartiallyPaid => "partially_paid",
            InvoiceStatus::Paid => "paid",
            InvoiceStatus::Void => "void",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<InvoiceStatus> {
        [
            InvoiceStatus::Draft,
            InvoiceStatus::Issued,
            InvoiceStatus::PartiallyPaid,
            InvoiceStatus::Paid,
            InvoiceStatus::Void,
        ]
        .into_iter()
        .find(|s| s.as_str() == value)
    }

    /// How it reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            InvoiceStatus::Draft => "Draft",
            InvoiceStatus::Issued => "Issued",
            InvoiceStatus::PartiallyPaid => "Partially paid",
            InvoiceStatus::Paid => "Paid",
            InvoiceStatus::Void => "Void",
        }
    }

    /// Whether it was issued and is not void: payments can be recorded against it.
    pub fn is_open(self) -> bool {
        matches!(self, InvoiceStatus::Issued | InvoiceStatus::PartiallyPaid)
    }
}

/// An invoice in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    /// The invoice's id.
    pub id: Uuid,
    /// `INV-2026-0001`, or `None` while draft.
    pub number: Option<String>,
    /// The client billed.
    pub client_id: Uuid,
    /// The client's name.
    pub client_name: String,
    /// Its state.
    pub status: InvoiceStatus,
    /// When issued.
    pub issued_on: Option<NaiveDate>,
    /// When due.
    pub due_on: Option<NaiveDate>,
    /// What it comes to.
    pub total: i64,
    /// What is still owed.
    pub balance: i64,
}

/// One page of the invoice list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoicePage {
    /// The firm's currency.
    pub currency: String,
    /// The invoices on this page, newest first.
    pub items: Vec<InvoiceSummary>,
    /// This page's number, from 1.
    pub page: u64,
    /// How many pages there are.
    pub pages: u64,
    /// How many invoices match.
    pub total: u64,
}

/// What a line bills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineKind {
    /// Time: hours at a rate.
    Time,
    /// An expense.
    Expense,
    /// A fee (a flat fee or another fixed charge).
    Fee,
}

impl LineKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Time => "time",
            LineKind::Expense => "expense",
            LineKind::Fee => "fee",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<LineKind> {
        match value {
            "time" => Some(LineKind::Time),
            "expense" => Some(LineKind::Expense),
            "fee" => Some(LineKind::Fee),
            _ => None,
        }
    }
}

/// One line of an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    /// The line's id.
    pub id: Uuid,
    /// Time, expense or fee.
    pub kind: LineKind,
    /// The matter it bills.
    pub matter: MatterRef,
    /// The day of the work or expense.
    pub line_date: NaiveDate,
    /// What it is.
    pub description: String,
    /// Who did the work (time lines), else empty.
    pub timekeeper: String,
    /// The timekeeper's user id (time lines).
    pub timekeeper_id: Option<Uuid>,
    /// Minutes billed, after the increment (time lines).
    pub minutes: Option<i64>,
    /// The hourly rate (time lines) or the unit amount (others).
    pub rate: i64,
    /// Before discount and tax.
    pub amount: i64,
    /// Its share of the invoice's discount.
    pub discount: i64,
    /// Its share of the invoice's tax.
    pub tax: i64,
    /// amount − discount + tax; the lines' totals add up to the invoice's.
    pub total: i64,
    /// UTBMS task code.
    pub task_code: Option<String>,
    /// UTBMS activity code.
    pub activity_code: Option<String>,
    /// UTBMS expense code.
    pub expense_code: Option<String>,
}

/// A payment against an invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The payment's id.
    pub id: Uuid,
    /// When received.
    pub received_on: NaiveDate,
    /// How much.
    pub amount: i64,
    /// `check`, `wire`, `card`, `cash`, `trust` or `other`.
    pub method: String,
    /// Check number, transfer reference.
    pub reference: String,
}

/// How a payment can be made (besides `trust`, which only a transfer from trust records).
pub const PAYMENT_METHODS: &[(&str, &str)] = &[
    ("wire", "Bank transfer"),
    ("check", "Check"),
    ("card", "Card"),
    ("cash", "Cash"),
    ("other", "Other"),
];

/// An invoice, whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// The invoice's id.
    pub id: Uuid,
    /// `INV-2026-0001`, once issued.
    pub number: Option<String>,
    /// Its state.
    pub status: InvoiceStatus,
    /// The firm's currency when it was made.
    pub currency: String,
    /// The client billed.
    pub client_id: Uuid,
    /// The client's name.
    pub client_name: String,
    /// The client's postal address.
    pub client_address: String,
    /// The client's email, to send it to.
    pub client_email: Option<String>,
    /// The matters it bills.
    pub matters: Vec<MatterRef>,
    /// The period of the work billed, if made from a date range.
    pub period: Option<(NaiveDate, NaiveDate)>,
    /// When issued.
    pub issued_on: Option<NaiveDate>,
    /// When due.
    pub due_on: Option<NaiveDate>,
    /// The lines, in order.
    pub lines: Vec<InvoiceLine>,
    /// The sum of the lines' amounts.
    pub subtotal: i64,
    /// Discount in basis points.
    pub discount_bp: i64,
    /// The discount.
    pub discount: i64,
    /// What the tax is called.
    pub tax_label: String,
    /// Tax rate in basis points.
    pub tax_bp: i64,
    /// The tax.
    pub tax: i64,
    /// What the client owes in all.
    pub total: i64,
    /// Paid so far.
    pub paid: i64,
    /// Still owed.
    pub balance: i64,
    /// Of the payments, how much came from trust.
    pub paid_from_trust: i64,
    /// A note printed on the invoice.
    pub notes: String,
    /// Payments, oldest first.
    pub payments: Vec<Payment>,
    /// Money held in trust for each of its matters, to pay from.
    pub trust: Vec<(MatterRef, i64)>,
    /// Why it was voided.
    pub void_reason: Option<String>,
    /// The void invoice this one was reissued from.
    pub replaces: Option<InvoiceRef>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
}

/// What a new invoice starts from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewInvoiceForm {
    /// The client's id.
    pub client_id: String,
    /// The matters (of that client) to bill; empty for all of its matters with unbilled work.
    pub matter_ids: Vec<String>,
    /// First day of work to include (`YYYY-MM-DD`), or empty for no lower bound.
    pub from: String,
    /// Last day of work to include, or empty for today.
    pub to: String,
    /// `true` to start empty instead of from unbilled work.
    pub empty: String,
}

/// A line added or changed by hand on a draft.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LineForm {
    /// The matter's id (one of the invoice's).
    pub matter_id: String,
    /// `time`, `expense` or `fee`.
    pub kind: String,
    /// `YYYY-MM-DD`.
    pub line_date: String,
    /// What it is.
    pub description: String,
    /// Duration, for time lines.
    pub duration: String,
    /// Hourly rate for time lines; amount for the others.
    pub amount: String,
    /// UTBMS task code.
    pub task_code: String,
    /// UTBMS activity code.
    pub activity_code: String,
    /// UTBMS expense code.
    pub expense_code: String,
}

/// A line form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidLine {
    /// The matter.
    pub matter_id: Uuid,
    /// The kind.
    pub kind: LineKind,
    /// The day.
    pub line_date: NaiveDate,
    /// What it is.
    pub description: String,
    /// Minutes billed (time lines).
    pub minutes: Option<i64>,
    /// Rate (time) or amount (others).
    pub rate: i64,
    /// Task code.
    pub task_code: Option<String>,
    /// Activity code.
    pub activity_code: Option<String>,
    /// Expense code.
    pub expense_code: Option<String>,
}

impl LineForm {
    /// Checks the form in currency `currency`.
    pub fn validate(&self, currency: &str) -> Result<ValidLine, AppError> {
        let mut v = Validator::default();
        let matter_id = matter_id(&mut v, &self.matter_id);
        let kind = LineKind::parse(self.kind.trim()).unwrap_or_else(|| {
            v.reject("kind", "Choose time, expense or fee.");
            LineKind::Fee
        });
        let line_date = required_date(&mut v, "line_date", &self.line_date);
        let description = description(&mut v, "description", &self.description, true);
        let minutes = if kind == LineKind::Time {
            match parse_duration(&self.duration) {
                Ok(m) => Some(m),
                Err(m) => {
                    v.reject("duration", m);
                    None
                }
            }
        } else {
            None
        };
        let rate = positive_amount(&mut v, "amount", &self.amount, currency);
        let task_code = utbms(&mut v, "task_code", &self.task_code, "LPBC", "L120");
        let activity_code = utbms(&mut v, "activity_code", &self.activity_code, "A", "A101");
        let expense_code = utbms(&mut v, "expense_code", &self.expense_code, "E", "E101");
        v.finish()?;
        Ok(ValidLine {
            matter_id,
            kind,
            line_date,
            description,
            minutes,
            rate,
            task_code,
            activity_code,
            expense_code,
        })
    }
}

/// The payment form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentForm {
    /// `YYYY-MM-DD`.
    pub received_on: String,
    /// How much.
    pub amount: String,
    /// One of [`PAYMENT_METHODS`].
    pub method: String,
    /// Check number or transfer reference.
    pub reference: String,
}

/// A payment form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPayment {
    /// The day.
    pub received_on: NaiveDate,
    /// Minor units, more than zero.
    pub amount: i64,
    /// The method.
    pub method: String,
    /// The reference.
    pub reference: String,
}

fn reference(v: &mut Validator, raw: &str) -> String {
    let text = raw.trim();
    if text.chars().count() > 100 {
        v.reject("reference", "Keep the reference to 100 characters.");
    }
    text.to_string()
}

impl PaymentForm {
    /// Checks the form in currency `currency`.
    pub fn validate(&self, currency: &str) -> Result<ValidPayment, AppError> {
        let mut v = Validator::default();
        let received_on = required_date(&mut v, "received_on", &self.received_on);
        let amount = positive_amount(&mut v, "amount", &self.amount, currency);
        let method = self.method.trim().to_string();
        if !PAYMENT_METHODS.iter().any(|(m, _)| *m == method) {
            v.reject("method", "Choose how the payment was made.");
        }
        let reference = reference(&mut v, &self.reference);
        v.finish()?;
        Ok(ValidPayment {
            received_on,
            amount,
            method,
            reference,
        })
    }
}

/// What a trust entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrustKind {
    /// Money received into trust for the client.
    Deposit,
    /// Money paid out of trust on the client's behalf.
    Disbursement,
    /// Money moved to the firm's operating account to pay an issued invoice.
    Transfer,
    /// The reversal of an earlier entry (the correction; entries are never changed).
    Reversal,
}

impl TrustKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            TrustKind::Deposit => "deposit",
            TrustKind::Disbursement => "disbursement",
            TrustKind::Transfer => "transfer",
            TrustKind::Reversal => "reversal",
        }
    }

    /// Parses the stored value.
    pub fn parse(value: &str) -> Option<TrustKind> {
        match value {
            "deposit" => Some(TrustKind::Deposit),
            "disbursement" => Some(TrustKind::Disbursement),
            "transfer" => Some(TrustKind::Transfer),
            "reversal" => Some(TrustKind::Reversal),
            _ => None,
        }
    }

    /// How it reads on screen.
    pub fn label(self) -> &'static str {
        match self {
            TrustKind::Deposit => "Deposit",
            TrustKind::Disbursement => "Disbursement",
            TrustKind::Transfer => "Transfer to operating",
            TrustKind::Reversal => "Reversal",
        }
    }
}

/// One entry of a trust ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    /// The entry's id.
    pub id: Uuid,
    /// The matter whose ledger it is on.
    pub matter: MatterRef,
    /// What it records.
    pub kind: TrustKind,
    /// The day.
    pub entered_on: NaiveDate,
    /// Signed: positive into trust, negative out.
    pub amount: i64,
    /// The matter's balance after it.
    pub balance_after: i64,
    /// What it was for.
    pub description: String,
    /// Check number, transfer reference.
    pub reference: String,
    /// The invoice a transfer paid.
    pub invoice: Option<InvoiceRef>,
    /// Whether a later entry reversed it.
    pub reversed: bool,
    /// Who recorded it.
    pub recorded_by: String,
}

/// A client's trust ledger: each matter's balance and every entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustLedger {
    /// The client.
    pub client_id: Uuid,
    /// Their name.
    pub client_name: String,
    /// The firm's currency.
    pub currency: String,
    /// Each of the client's matters with its trust balance.
    pub matters: Vec<(MatterRef, i64)>,
    /// The client's balance (the sum of the matters').
    pub balance: i64,
    /// Entries, newest first.
    pub entries: Vec<TrustEntry>,
}

/// A client's trust balance, for the trust overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustBalance {
    /// The client.
    pub client_id: Uuid,
    /// Their name.
    pub client_name: String,
    /// Money held.
    pub balance: i64,
}

/// The trust entry form (deposit or disbursement) as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrustForm {
    /// The matter's id.
    pub matter_id: String,
    /// `YYYY-MM-DD`.
    pub entered_on: String,
    /// How much (positive).
    pub amount: String,
    /// What it is for.
    pub description: String,
    /// Check number, transfer reference.
    pub reference: String,
}

/// A trust form that passed validation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidTrust {
    /// The matter.
    pub matter_id: Uuid,
    /// The day.
    pub entered_on: NaiveDate,
    /// Minor units, more than zero.
    pub amount: i64,
    /// What it is for.
    pub description: String,
    /// The reference.
    pub reference: String,
}

impl TrustForm {
    /// Checks the form in currency `currency`.
    pub fn validate(&self, currency: &str) -> Result<ValidTrust, AppError> {
        let mut v = Validator::default();
        let matter_id = matter_id(&mut v, &self.matter_id);
        let entered_on = required_date(&mut v, "entered_on", &self.entered_on);
        let amount = positive_amount(&mut v, "amount", &self.amount, currency);
        let description = description(&mut v, "description", &self.description, true);
        let reference = reference(&mut v, &self.reference);
        v.finish()?;
        Ok(ValidTrust {
            matter_id,
            entered_on,
            amount,
            description,
            reference,
        })
    }
}

/// A three-way trust reconciliation at a date.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// The bank statement's date.
    pub statement_date: NaiveDate,
    /// The firm's currency.
    pub currency: String,
    /// The balance on the bank statement, as entered.
    pub bank_balance: i64,
    /// The trust journal: every entry up to the date, summed.
    pub ledger_total: i64,
    /// The client ledgers' balances up to the date, summed.
    pub client_total: i64,
    /// Each client's balance at the date.
    pub clients: Vec<TrustBalance>,
    /// What does not agree, in words (empty when all three agree).
    pub differences: Vec<String>,
}

/// A client's billing at a glance, for the client's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientBilling {
    /// The firm's currency.
    pub currency: String,
    /// The client's hourly rate, overriding the users' (none: each user's own).
    pub rate: Option<i64>,
    /// What the client owes on issued invoices of matters the user may see.
    pub outstanding: i64,
    /// How many of those invoices are open.
    pub open_invoices: u64,
    /// Money held in trust for the client on those matters.
    pub trust: i64,
}

/// Accounts receivable by age.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingReport {
    /// The firm's currency.
    pub currency: String,
    /// The day ages are counted to.
    pub as_of: NaiveDate,
    /// Owed per client, by bucket.
    pub rows: Vec<AgingRow>,
    /// All clients, by bucket: current (up to 30 days past issue), 31–60, 61–90, over 90.
    pub buckets: [i64; 4],
    /// Everything owed.
    pub total: i64,
}

/// One client's receivables by age.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingRow {
    /// The client.
    pub client_id: Uuid,
    /// Their name.
    pub client_name: String,
    /// Current, 31–60, 61–90, over 90 days.
    pub buckets: [i64; 4],
    /// What the client owes.
    pub total: i64,
}

/// The names of the aging buckets, in order.
pub const AGING_BUCKETS: [&str; 4] = ["Current", "31–60 days", "61–90 days", "Over 90 days"];

/// The billing dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The firm's currency.
    pub currency: String,
    /// `December 2026`.
    pub month: String,
    /// Billable minutes this month per user, most first.
    pub hours: Vec<(String, i64)>,
    /// Billable time not yet invoiced (work in progress).
    pub unbilled_time: i64,
    /// Billable expenses not yet invoiced.
    pub unbilled_expenses: i64,
    /// Receivables by age.
    pub aging: AgingReport,
    /// Money held in trust, all clients.
    pub trust_total: i64,
    /// The hours chart (SVG, rendered by the server).
    pub hours_chart: String,
    /// The aging chart (SVG, rendered by the server).
    pub aging_chart: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_entry_forms_say_what_to_fix() {
        let form = TimeEntryForm {
            matter_id: "nope".into(),
            worked_on: "31/12/2026".into(),
            duration: "0".into(),
            description: " ".into(),
            task_code: "X1".into(),
            ..Default::default()
        };
        let AppError::Invalid(errors) = form.validate().unwrap_err() else {
            panic!("not invalid")
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "matter_id",
                "worked_on",
                "duration",
                "description",
                "task_code"
            ]
        );
        let good = TimeEntryForm {
            matter_id: Uuid::nil().to_string(),
            worked_on: "2026-12-01".into(),
            duration: "1:30".into(),
            description: "Draft motion".into(),
            billable: "on".into(),
            task_code: "l120".into(),
            activity_code: "A103".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(good.minutes, 90);
        assert!(good.billable);
        assert_eq!(good.task_code.as_deref(), Some("L120"));
    }

    #[test]
    fn payments_and_trust_need_positive_amounts() {
        let form = PaymentForm {
            received_on: "2026-12-01".into(),
            amount: "0".into(),
            method: "wire".into(),
            reference: String::new(),
        };
        assert!(form.validate("USD").unwrap_err().field("amount").is_some());
        let form = TrustForm {
            matter_id: Uuid::nil().to_string(),
            entered_on: "2026-12-01".into(),
            amount: "-5".into(),
            description: "Retainer".into(),
            reference: String::new(),
        };
        assert!(form.validate("USD").unwrap_err().field("amount").is_some());
    }
}
