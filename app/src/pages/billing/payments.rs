use leptos::prelude::*;
use uuid::Uuid;

use super::fields::{FieldMessage, FormProblems, Input, Select, control_class};
use super::invoice::Changes;
use super::{AMOUNT_CELL, CARD, day, today_value};
use crate::auth::Permission;
use crate::billing::money::{format_decimal, format_money, format_percent};
use crate::billing::{
    Invoice, PAYMENT_METHODS, PayFromTrust, Payment, PaymentForm, RecordPayment, UpdateInvoice,
};
use crate::components::{DataTable, SubmitButton};
use crate::error::AppError;
use crate::site::user_can;

/// Fields whose messages the forms show under a control.
const TERMS_FIELDS: &[&str] = &["discount", "notes"];
const PAYMENT_FIELDS: &[&str] = &["received_on", "amount", "method", "reference"];
const TRUST_FIELDS: &[&str] = &["matter_id", "amount"];

/// What the invoice adds up to, right-aligned.
#[component]
pub fn Totals(invoice: Invoice) -> impl IntoView {
    let currency = invoice.currency;
    let money = |amount: i64| format_money(amount, &currency);
    let discount = (invoice.discount_bp > 0).then(|| {
        view! {
            <TotalRow label=format!("Discount ({})", format_percent(invoice.discount_bp)) value=money(-invoice.discount)/>
        }
    });
    let tax = (invoice.tax_bp > 0).then(|| {
        view! {
            <TotalRow label=format!("{} ({})", invoice.tax_label, format_percent(invoice.tax_bp)) value=money(invoice.tax)/>
        }
    });
    view! {
        <dl data-testid="invoice-totals" class="w-full max-w-sm space-y-2 justify-self-end text-sm lg:col-start-2">
            <TotalRow label="Subtotal" value=money(invoice.subtotal)/>
            {discount}
            {tax}
            <div class="border-t border-slate-200 pt-2">
                <TotalRow label="Total" value=money(invoice.total) testid="invoice-total" strong=true/>
            </div>
            <TotalRow label="Paid" value=money(invoice.paid)/>
            <TotalRow label="Balance due" value=money(invoice.balance) testid="balance-due" strong=true/>
        </dl>
    }
}

/// One line of the totals.
#[component]
fn TotalRow(
    #[prop(into)] label: String,
    value: String,
    /// `data-testid` of the amount.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// In bold.
    #[prop(optional)]
    strong: bool,
) -> impl IntoView {
    let weight = if strong {
        "font-semibold text-slate-900"
    } else {
        "text-slate-600"
    };
    view! {
        <div class=format!("flex justify-between gap-6 {weight}")>
            <dt>{label}</dt>
            <dd data-testid=testid class="tabular-nums">{value}</dd>
        </div>
    }
}

/// The draft's discount and the note printed on it.
#[component]
pub fn DiscountForm(invoice: Invoice, changes: Changes) -> impl IntoView {
    let id = invoice.id;
    let discount = RwSignal::new(
        format_percent(invoice.discount_bp)
            .trim_end_matches('%')
            .to_string(),
    );
    let notes = RwSignal::new(invoice.notes);
    let errors = Signal::derive(move || changes.update.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        changes.update.dispatch(UpdateInvoice {
            id,
            discount: discount.get_untracked(),
            notes: notes.get_untracked(),
        });
    };
    view! {
        <form data-testid="terms-form" novalidate on:submit=submit class=format!("space-y-4 {CARD}")>
            <h2 class="text-base font-semibold text-slate-900">"Discount and note"</h2>
            <Input form="terms" name="discount" label="Discount (%)" value=discount errors hint="Taken off the subtotal before tax; 0 for none."/>
            <Input form="terms" name="notes" label="Note on the invoice" value=notes errors multiline=true/>
            <FormProblems errors fields=TERMS_FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label="Save" pending=changes.update.pending()/>
            </div>
        </form>
    }
}

/// The payments received, and for an open invoice the forms that record one.
#[component]
pub fn Payments(invoice: Invoice, changes: Changes) -> impl IntoView {
    let open = invoice.status.is_open() && user_can(Permission::BillingManage);
    let currency = invoice.currency.clone();
    let list = if invoice.payments.is_empty() {
        view! { <p class="text-sm text-slate-500">"No payments recorded yet."</p> }.into_any()
    } else {
        let payments = invoice.payments.clone();
        view! {
            <DataTable testid="payments-table" columns=vec![("Received", ""), ("Method", ""), ("Reference", "hidden sm:table-cell"), ("Amount", "text-right")]>
                {payments.into_iter().map(|payment| view! { <PaymentRow payment currency=currency.clone()/> }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    let forms = open.then(|| {
        view! {
            <div class="grid items-start gap-6 lg:grid-cols-2">
                <RecordPaymentForm invoice=invoice.clone() changes/>
                <TrustPaymentForm invoice changes/>
            </div>
        }
    });
    view! {
        <section data-testid="payments" class="mt-8 space-y-4">
            <h2 class="text-base font-semibold text-slate-900">"Payments"</h2>
            {list}
            {forms}
        </section>
    }
}

#[component]
fn PaymentRow(payment: Payment, currency: String) -> impl IntoView {
    view! {
        <tr>
            <td class="whitespace-nowrap px-4 py-3 text-slate-700">{day(payment.received_on)}</td>
            <td class="px-4 py-3 text-slate-700">{method_label(&payment.method)}</td>
            <td class="hidden px-4 py-3 text-slate-600 sm:table-cell">{payment.reference}</td>
            <td class=AMOUNT_CELL>{format_money(payment.amount, &currency)}</td>
        </tr>
    }
}

/// How a payment method reads on screen.
fn method_label(method: &str) -> String {
    if method == "trust" {
        return "From trust".into();
    }
    PAYMENT_METHODS
        .iter()
        .find(|(value, _)| *value == method)
        .map_or(method, |(_, label)| *label)
        .to_string()
}

/// Records a payment received; the amount starts at what the invoice still owes.
#[component]
fn RecordPaymentForm(invoice: Invoice, changes: Changes) -> impl IntoView {
    let invoice_id = invoice.id;
    let currency = invoice.currency;
    let received_on = RwSignal::new(today_value());
    let amount = RwSignal::new(format_decimal(invoice.balance, &currency));
    let method = RwSignal::new(PAYMENT_METHODS[0].0.to_string());
    let reference = RwSignal::new(String::new());
    let local = RwSignal::new(None::<AppError>);
    let server = changes.record_payment.value();
    let errors = Signal::derive(move || local.get().or_else(|| server.get().and_then(Result::err)));
    let methods: Vec<(String, String)> = PAYMENT_METHODS
        .iter()
        .map(|(value, label)| (value.to_string(), label.to_string()))
        .collect();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PaymentForm {
            received_on: received_on.get_untracked(),
            amount: amount.get_untracked(),
            method: method.get_untracked(),
            reference: reference.get_untracked(),
        };
        match form.validate(&currency) {
            Err(err) => local.set(Some(err)),
            Ok(_) => {
                local.set(None);
                changes
                    .record_payment
                    .dispatch(RecordPayment { invoice_id, form });
            }
        }
    };
    view! {
        <form data-testid="payment-form" novalidate on:submit=submit class=format!("space-y-4 {CARD}")>
            <h3 class="text-sm font-semibold text-slate-900">"Record payment"</h3>
            <div class="grid gap-4 sm:grid-cols-2">
                <Input form="payment" name="received_on" label="Received on" kind="date" value=received_on errors/>
                <Input form="payment" name="amount" label="Amount" value=amount errors/>
                <Select form="payment" name="method" label="Method" value=method errors options=methods/>
                <Input form="payment" name="reference" label="Reference" value=reference errors hint="Check number or transfer reference."/>
            </div>
            <FormProblems errors fields=PAYMENT_FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label="Record payment" pending=changes.record_payment.pending()/>
            </div>
        </form>
    }
}

/// Pays from the trust money of one of the invoice's matters (nothing when none holds any);
/// the amount starts at what the matter holds or the invoice owes, whichever is less.
#[component]
fn TrustPaymentForm(invoice: Invoice, changes: Changes) -> impl IntoView {
    let invoice_id = invoice.id;
    let currency = invoice.currency;
    // (matter id, label, amount to start with) of each matter holding money.
    let held: Vec<(String, String, String)> = invoice
        .trust
        .iter()
        .filter(|(_, balance)| *balance > 0)
        .map(|(matter, balance)| {
            (
                matter.id.to_string(),
                format!(
                    "{} · {} held",
                    matter.label(),
                    format_money(*balance, &currency)
                ),
                format_decimal((*balance).min(invoice.balance), &currency),
            )
        })
        .collect();
    let Some((first_id, _, first_amount)) = held.first().cloned() else {
        return ().into_any();
    };
    let matter = RwSignal::new(first_id);
    let amount = RwSignal::new(first_amount);
    let starts: Vec<(String, String)> = held
        .iter()
        .map(|(id, _, start)| (id.clone(), start.clone()))
        .collect();
    let choose = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        if let Some((_, start)) = starts.iter().find(|(id, _)| *id == chosen) {
            amount.set(start.clone());
        }
        matter.set(chosen);
    };
    let errors = Signal::derive(move || changes.pay_from_trust.value().get().and_then(Result::err));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Ok(matter_id) = Uuid::parse_str(&matter.get_untracked()) {
            changes.pay_from_trust.dispatch(PayFromTrust {
                invoice_id,
                matter_id,
                amount: amount.get_untracked(),
            });
        }
    };
    view! {
        <form data-testid="trust-payment-form" novalidate on:submit=submit class=format!("space-y-4 {CARD}")>
            <div>
                <h3 class="text-sm font-semibold text-slate-900">"Pay from trust"</h3>
                <p class="mt-1 text-xs text-slate-500">"Transfers the money from the matter's trust ledger to the firm's operating account and records the payment."</p>
            </div>
            <div class="space-y-1">
                <label for="trust-pay-matter_id" class="block text-sm font-medium text-slate-700">"Trust money of"</label>
                <select id="trust-pay-matter_id" name="matter_id" on:change=choose class=control_class(false)>
                    {held.into_iter().map(|(value, label, _)| {
                        let option = value.clone();
                        view! { <option value=value selected=move || matter.get() == option>{label}</option> }
                    }).collect_view()}
                </select>
                <FieldMessage id="trust-pay-matter_id-error" name="matter_id" errors hint=None/>
            </div>
            <Input form="trust-pay" name="amount" label="Amount" value=amount errors/>
            <FormProblems errors fields=TRUST_FIELDS/>
            <div class="flex justify-end">
                <SubmitButton label="Pay from trust" pending=changes.pay_from_trust.pending()/>
            </div>
        </form>
    }
    .into_any()
}
