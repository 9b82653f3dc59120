//! Server functions for time, expenses, rates, invoices, payments and trust. Each runs inside
//! the request's firm; every matter reached is one the signed-in user may see, so another
//! firm's id (or a walled matter's) is "not found" and changes nothing.

use leptos::prelude::*;
use uuid::Uuid;

use super::model::*;
use crate::error::AppError;

// ---- Settings and rates ----

/// The firm's billing settings.
#[server(endpoint = "billing/settings")]
pub async fn load_billing_settings() -> Result<BillingSettings, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::BillingRead).await?;
    let result = super::store::settings::load(&firm).await;
    firm.finish(result).await
}

/// Changes the firm's billing settings (the currency only until the first invoice is issued).
#[server(endpoint = "billing/settings-save")]
pub async fn save_billing_settings(
    #[server(flatten)] form: BillingSettingsForm,
) -> Result<BillingSettings, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async { super::store::settings::save(&firm, form.validate()?).await }.await;
    firm.finish(result).await
}

/// Every active user's default hourly rate.
#[server(endpoint = "billing/rates")]
pub async fn user_rates() -> Result<Vec<UserRate>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::BillingRead).await?;
    let result = super::store::settings::user_rates(&firm).await;
    firm.finish(result).await
}

/// Sets a user's default hourly rate.
#[server(endpoint = "billing/rate-user")]
pub async fn set_user_rate(user_id: Uuid, rate: String) -> Result<Vec<UserRate>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::BillingManage).await?;
    let result = super::store::settings::set_user_rate(&firm, user_id, &rate).await;
    firm.finish(result).await
}

/// Sets (or, with an empty rate, clears) a client's hourly rate.
#[server(endpoint = "billing/rate-client")]
pub async fn set_client_rate(client_id: Uuid, rate: String) -> Result<Option<i64>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::BillingManage).await?;
    let result = super::store::settings::set_client_rate(&firm, client_id, &rate).await;
    firm.finish(result).await
}

/// Sets a matter's fee arrangement and hourly rate override.
#[server(endpoint = "billing/fee")]
pub async fn set_fee_arrangement(
    matter_id: Uuid,
    #[server(flatten)] form: FeeForm,
) -> Result<FeeArrangement, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::settings::set_fee(&firm, &me, matter_id, &form).await;
    firm.finish(result).await
}

// ---- Time and expenses ----

/// A matter's billing: fee arrangement, time, expenses and trust balance.
#[server(endpoint = "billing/matter")]
pub async fn load_matter_billing(matter_id: Uuid) -> Result<MatterBilling, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::MattersRead).await?;
    let result = super::store::time::matter_billing(&firm, &me, matter_id).await;
    firm.finish(result).await
}

/// Records time on a matter for the signed-in user.
#[server(endpoint = "time/create")]
pub async fn create_time_entry(
    #[server(flatten)] form: TimeEntryForm,
) -> Result<TimeEntry, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = async { super::store::time::create(&firm, &me, form.validate()?).await }.await;
    firm.finish(result).await
}

/// Changes an unbilled time entry (one's own, or anyone's with `billing.manage`).
#[server(endpoint = "time/update")]
pub async fn update_time_entry(
    id: Uuid,
    #[server(flatten)] form: TimeEntryForm,
) -> Result<TimeEntry, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = async { super::store::time::update(&firm, &me, id, form.validate()?).await }.await;
    firm.finish(result).await
}

/// Deletes an unbilled time entry.
#[server(endpoint = "time/delete")]
pub async fn delete_time_entry(id: Uuid) -> Result<(), AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::time::delete(&firm, &me, id).await;
    firm.finish(result).await
}

/// The signed-in user's week of time: the week holding `day` (`YYYY-MM-DD`; empty for this
/// week).
#[server(endpoint = "time/week")]
pub async fn load_timesheet(#[server(default)] day: String) -> Result<Timesheet, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::time::week(&firm, &me, &day).await;
    firm.finish(result).await
}

/// The signed-in user's running timer, if any.
#[server(endpoint = "timer/get")]
pub async fn current_timer() -> Result<Option<Timer>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::timer::get(&firm, &me).await;
    firm.finish(result).await
}

/// Starts the user's timer (optionally on a matter), or changes what a running one is for.
#[server(endpoint = "timer/start")]
pub async fn start_timer(
    #[server(default)] matter_id: String,
    #[server(default)] description: String,
) -> Result<Timer, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::timer::start(&firm, &me, &matter_id, &description).await;
    firm.finish(result).await
}

/// Stops the user's timer into a time entry of today for the elapsed time (at least a
/// minute). A matter and a description must be set by then.
#[server(endpoint = "timer/stop")]
pub async fn stop_timer(
    #[server(default)] matter_id: String,
    #[server(default)] description: String,
) -> Result<TimeEntry, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::timer::stop(&firm, &me, &matter_id, &description).await;
    firm.finish(result).await
}

/// Throws the user's running timer away without recording time.
#[server(endpoint = "timer/discard")]
pub async fn discard_timer() -> Result<(), AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::timer::discard(&firm, &me).await;
    firm.finish(result).await
}

/// The matters the user may record time on, for pickers.
#[server(endpoint = "time/matters")]
pub async fn time_matters() -> Result<Vec<MatterRef>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::time::open_matters(&firm, &me).await;
    firm.finish(result).await
}

/// Records an expense on a matter.
#[server(endpoint = "expenses/create")]
pub async fn create_expense(#[server(flatten)] form: ExpenseForm) -> Result<Expense, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::expenses::create(&firm, &me, &form).await;
    firm.finish(result).await
}

/// Changes an unbilled expense.
#[server(endpoint = "expenses/update")]
pub async fn update_expense(
    id: Uuid,
    #[server(flatten)] form: ExpenseForm,
) -> Result<Expense, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::expenses::update(&firm, &me, id, &form).await;
    firm.finish(result).await
}

/// Deletes an unbilled expense.
#[server(endpoint = "expenses/delete")]
pub async fn delete_expense(id: Uuid) -> Result<(), AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::TimeWrite).await?;
    let result = super::store::expenses::delete(&firm, &me, id).await;
    firm.finish(result).await
}

// ---- Invoices ----

/// The firm's invoices, newest first, optionally of one status (`draft`, `issued`, …) and one
/// client.
#[server(endpoint = "invoices/list")]
pub async fn list_invoices(
    #[server(default)] status: String,
    #[server(default)] client_id: Option<Uuid>,
    page: u64,
) -> Result<InvoicePage, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::invoices::list(&firm, &me, &status, client_id, page).await;
    firm.finish(result).await
}

/// One invoice, whole.
#[server(endpoint = "invoices/get")]
pub async fn get_invoice(id: Uuid) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::invoices::get(&firm, &me, id).await;
    firm.finish(result).await
}

/// Clients with matters the user may bill, for the new-invoice form.
#[server(endpoint = "invoices/clients")]
pub async fn billable_matters(client_id: Uuid) -> Result<Vec<MatterRef>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::client_matters(&firm, &me, client_id).await;
    firm.finish(result).await
}

/// Creates a draft invoice for a client: from the unbilled billable time and expenses of the
/// chosen matters in the date range (and each flat-fee matter's fee), or empty.
#[server(endpoint = "invoices/create")]
pub async fn create_invoice(form: NewInvoiceForm) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::create(&firm, &me, &form).await;
    firm.finish(result).await
}

/// Changes a draft's discount (percent) and note.
#[server(endpoint = "invoices/update")]
pub async fn update_invoice(
    id: Uuid,
    discount: String,
    #[server(default)] notes: String,
) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::update(&firm, &me, id, &discount, &notes).await;
    firm.finish(result).await
}

/// Adds a line to a draft.
#[server(endpoint = "invoices/line-add")]
pub async fn add_invoice_line(
    invoice_id: Uuid,
    #[server(flatten)] form: LineForm,
) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::add_line(&firm, &me, invoice_id, &form).await;
    firm.finish(result).await
}

/// Changes a line of a draft.
#[server(endpoint = "invoices/line-update")]
pub async fn update_invoice_line(
    line_id: Uuid,
    #[server(flatten)] form: LineForm,
) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::update_line(&firm, &me, line_id, &form).await;
    firm.finish(result).await
}

/// Takes a line off a draft (its time entry or expense becomes unbilled again).
#[server(endpoint = "invoices/line-remove")]
pub async fn remove_invoice_line(line_id: Uuid) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::remove_line(&firm, &me, line_id).await;
    firm.finish(result).await
}

/// Deletes a draft (its work becomes unbilled again).
#[server(endpoint = "invoices/delete")]
pub async fn delete_invoice(id: Uuid) -> Result<(), AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::delete(&firm, &me, id).await;
    firm.finish(result).await
}

/// Issues a draft: gives it the next `INV-{year}-{nnnn}` number, its issue and due dates, and
/// freezes it and its work.
#[server(endpoint = "invoices/issue")]
pub async fn issue_invoice(id: Uuid) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::issue(&firm, &me, id).await;
    firm.finish(result).await
}

/// Voids an issued invoice with no payments, for the recorded reason; its work becomes
/// unbilled again. The number stays used.
#[server(endpoint = "invoices/void")]
pub async fn void_invoice(id: Uuid, reason: String) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::void(&firm, &me, id, &reason).await;
    firm.finish(result).await
}

/// A new draft with the lines of a void invoice, to correct and issue again.
#[server(endpoint = "invoices/reissue")]
pub async fn reissue_invoice(id: Uuid) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::reissue(&firm, &me, id).await;
    firm.finish(result).await
}

/// Mails an issued invoice, with its PDF attached, to `to` (the client's email if empty).
#[server(endpoint = "invoices/send")]
pub async fn send_invoice(id: Uuid, #[server(default)] to: String) -> Result<String, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::invoices::send(&firm, &me, id, &to).await;
    let result = firm.finish(result).await;
    crate::ssr::mail::wake_after_commit(&result);
    result
}

// ---- Payments and trust ----

/// Records a payment on an issued invoice; more than it still owes is refused.
#[server(endpoint = "payments/record")]
pub async fn record_payment(
    invoice_id: Uuid,
    #[server(flatten)] form: PaymentForm,
) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::payments::record(&firm, &me, invoice_id, &form).await;
    firm.finish(result).await
}

/// Pays an issued invoice from the trust money of one of its matters: a transfer to
/// operating and a payment, together. Never more than the matter holds or the invoice owes.
#[server(endpoint = "payments/from-trust")]
pub async fn pay_from_trust(
    invoice_id: Uuid,
    matter_id: Uuid,
    amount: String,
) -> Result<Invoice, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result =
        super::store::payments::from_trust(&firm, &me, invoice_id, matter_id, &amount).await;
    firm.finish(result).await
}

/// Receivables by age, per client.
#[server(endpoint = "billing/aging")]
pub async fn load_aging_report() -> Result<AgingReport, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::reports::aging(&firm, &me).await;
    firm.finish(result).await
}

/// A client's rate, what they owe and what is held in trust for them.
#[server(endpoint = "billing/client")]
pub async fn load_client_billing(client_id: Uuid) -> Result<ClientBilling, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::reports::client(&firm, &me, client_id).await;
    firm.finish(result).await
}

/// The billing dashboard: hours this month, work in progress, receivables, trust.
#[server(endpoint = "billing/dashboard")]
pub async fn billing_dashboard() -> Result<Dashboard, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::reports::dashboard(&firm, &me).await;
    firm.finish(result).await
}

/// Every client's trust balance.
#[server(endpoint = "trust/balances")]
pub async fn trust_balances() -> Result<Vec<TrustBalance>, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::trust::balances(&firm, &me).await;
    firm.finish(result).await
}

/// A client's trust ledger.
#[server(endpoint = "trust/ledger")]
pub async fn load_trust_ledger(client_id: Uuid) -> Result<TrustLedger, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingRead).await?;
    let result = super::store::trust::ledger(&firm, &me, client_id).await;
    firm.finish(result).await
}

/// Records money received into trust for a matter.
#[server(endpoint = "trust/deposit")]
pub async fn trust_deposit(#[server(flatten)] form: TrustForm) -> Result<TrustLedger, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::trust::deposit(&firm, &me, &form).await;
    firm.finish(result).await
}

/// Records money paid out of a matter's trust; refused if the matter does not hold enough.
#[server(endpoint = "trust/disburse")]
pub async fn trust_disburse(#[server(flatten)] form: TrustForm) -> Result<TrustLedger, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::trust::disburse(&firm, &me, &form).await;
    firm.finish(result).await
}

/// Reverses a trust entry with a new, opposite entry (the original stays). Refused when it
/// would take the balance below zero or the entry was already reversed.
#[server(endpoint = "trust/reverse")]
pub async fn reverse_trust_entry(entry_id: Uuid, reason: String) -> Result<TrustLedger, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::trust::reverse(&firm, &me, entry_id, &reason).await;
    firm.finish(result).await
}

/// The three-way reconciliation at `statement_date` against the bank's `bank_balance`.
#[server(endpoint = "trust/reconcile")]
pub async fn reconcile_trust(
    statement_date: String,
    bank_balance: String,
) -> Result<Reconciliation, AppError> {
    let (firm, me) =
        crate::ssr::tenant::firm_db_with_user(crate::auth::Permission::BillingManage).await?;
    let result = super::store::trust::reconcile(&firm, &me, &statement_date, &bank_balance).await;
    firm.finish(result).await
}
