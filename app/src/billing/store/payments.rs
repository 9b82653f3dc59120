//! Payments against issued invoices: partial payments add up, and no payment may take an
//! invoice past its total (checked by the database update itself, so concurrent payments
//! cannot overpay either). A payment from trust is a trust transfer and a payment together.

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ExprTrait, QueryFilter};
use uuid::Uuid;

use super::invalid;
use super::invoices::{get, open_condition, reach};
use crate::billing::model::{Invoice, InvoiceStatus, PaymentForm, TrustKind, ValidPayment};
use crate::billing::money::{format_money, parse_money};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{invoice_matters, invoices, payments};
use crate::ssr::db::{FirmDb, new_id, now};

/// Records a payment on an issued invoice.
pub async fn record(
    firm: &FirmDb,
    me: &CurrentUser,
    invoice_id: Uuid,
    form: &PaymentForm,
) -> Result<Invoice, AppError> {
    let invoice = reach(firm, me, invoice_id).await?;
    let valid = form.validate(&invoice.currency)?;
    apply(firm, me, &invoice, valid, None).await?;
    get(firm, me, invoice.id).await
}

/// Adds `payment` to `invoice` (and records it), refusing more than it still owes.
async fn apply(
    firm: &FirmDb,
    me: &CurrentUser,
    invoice: &invoices::Model,
    payment: ValidPayment,
    trust_entry: Option<Uuid>,
) -> Result<(), AppError> {
    let status = InvoiceStatus::parse(&invoice.status).unwrap_or(InvoiceStatus::Draft);
    if !status.is_open() {
        return Err(invalid(
            "amount",
            match status {
                InvoiceStatus::Paid => "This invoice is paid in full.",
                _ => "Payments can only be recorded on an issued invoice.",
            },
        ));
    }
    let owed = invoice.total - invoice.paid;
    let refused = || {
        invalid(
            "amount",
            format!(
                "That is more than the {} still owed; overpayments are refused.",
                format_money(owed, &invoice.currency)
            ),
        )
    };
    if payment.amount > owed {
        return Err(refused());
    }
    let updated = firm
        .update_many::<invoices::Entity>()
        .col_expr(
            invoices::Column::Paid,
            Expr::col(invoices::Column::Paid).add(payment.amount),
        )
        .col_expr(invoices::Column::UpdatedAt, Expr::value(now()))
        .filter(invoices::Column::Id.eq(invoice.id))
        .filter(open_condition())
        .filter(
            Expr::col(invoices::Column::Paid)
                .add(payment.amount)
                .lte(Expr::col(invoices::Column::Total)),
        )
        .exec()
        .await?;
    if updated != 1 {
        return Err(refused());
    }
    let after = firm.get::<invoices::Entity>(invoice.id).await?;
    let status = if after.paid == after.total {
        InvoiceStatus::Paid
    } else {
        InvoiceStatus::PartiallyPaid
    };
    firm.update(invoices::ActiveModel {
        id: Set(after.id),
        status: Set(status.as_str().into()),
        ..Default::default()
    })
    .await?;
    firm.insert(payments::ActiveModel {
        id: Set(new_id()),
        invoice_id: Set(invoice.id),
        received_on: Set(payment.received_on),
        amount: Set(payment.amount),
        method: Set(payment.method),
        reference: Set(payment.reference),
        trust_entry_id: Set(trust_entry),
        recorded_by: Set(me.id),
        created_at: Set(now()),
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// Pays an issued invoice from the trust money of one of its matters.
pub async fn from_trust(
    firm: &FirmDb,
    me: &CurrentUser,
    invoice_id: Uuid,
    matter_id: Uuid,
    amount: &str,
) -> Result<Invoice, AppError> {
    let invoice = reach(firm, me, invoice_id).await?;
    let on_invoice = firm
        .find::<invoice_matters::Entity>()
        .filter(invoice_matters::Column::InvoiceId.eq(invoice.id))
        .filter(invoice_matters::Column::MatterId.eq(matter_id))
        .one(firm.conn())
        .await?
        .is_some();
    if !on_invoice {
        return Err(invalid("matter_id", "Choose one of the invoice's matters."));
    }
    let matter = crate::matters::store::reach(firm, me, matter_id).await?;
    let amount = match parse_money(amount, &invoice.currency) {
        Ok(n) if n > 0 => n,
        Ok(_) => return Err(invalid("amount", "Enter an amount greater than zero.")),
        Err(m) => return Err(invalid("amount", m)),
    };
    let today = super::today(firm).await?;
    let number = invoice.number.clone().unwrap_or_default();
    let entry = super::trust::post(
        firm,
        me,
        &matter,
        super::trust::Posting {
            kind: TrustKind::Transfer,
            amount: -amount,
            entered_on: today,
            description: format!("Transfer to operating for invoice {number}"),
            reference: number.clone(),
            invoice_id: Some(invoice.id),
            reverses_id: None,
        },
    )
    .await?;
    let payment = ValidPayment {
        received_on: today,
        amount,
        method: "trust".into(),
        reference: format!("Trust transfer for {number}"),
    };
    apply(firm, me, &invoice, payment, Some(entry.id)).await?;
    get(firm, me, invoice.id).await
}
