//! The firm's billing settings and the rates that price time: a user's default hourly rate,
//! overridden by the client's, overridden by the matter's (the most specific wins).

use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::invalid;
use crate::billing::model::{BillingSettings, FeeArrangement, FeeForm, FeeKind, UserRate};
use crate::billing::money::parse_money;
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::{clients, firm_settings, invoices, matters, users};

fn from_row(row: Option<firm_settings::Model>, locked: bool) -> BillingSettings {
    match row {
        Some(r) => BillingSettings {
            currency: r.currency,
            increment_minutes: i64::from(r.increment_minutes),
            tax_rate_bp: i64::from(r.tax_rate_bp),
            tax_label: r.tax_label,
            payment_terms_days: i64::from(r.payment_terms_days),
            payment_instructions: r.payment_instructions,
            currency_locked: locked,
        },
        None => BillingSettings {
            currency: "USD".into(),
            increment_minutes: 6,
            tax_rate_bp: 0,
            tax_label: "Tax".into(),
            payment_terms_days: 30,
            payment_instructions: String::new(),
            currency_locked: locked,
        },
    }
}

/// The firm's billing settings (the defaults if it never saved any).
pub async fn load(firm: &FirmDb) -> Result<BillingSettings, AppError> {
    let row = firm
        .find::<firm_settings::Entity>()
        .one(firm.conn())
        .await?;
    let locked = firm
        .find::<invoices::Entity>()
        .filter(invoices::Column::Number.is_not_null())
        .count(firm.conn())
        .await?
        > 0;
    Ok(from_row(row, locked))
}

/// Saves the firm's billing settings; the currency cannot change once an invoice was issued.
pub async fn save(firm: &FirmDb, valid: BillingSettings) -> Result<BillingSettings, AppError> {
    let current = load(firm).await?;
    if current.currency_locked && valid.currency != current.currency {
        return Err(invalid(
            "currency",
            "The currency is fixed once an invoice has been issued.",
        ));
    }
    let changes = firm_settings::ActiveModel {
        currency: Set(valid.currency.clone()),
        increment_minutes: Set(valid.increment_minutes as i32),
        tax_rate_bp: Set(valid.tax_rate_bp as i32),
        tax_label: Set(valid.tax_label.clone()),
        payment_terms_days: Set(valid.payment_terms_days as i32),
        payment_instructions: Set(valid.payment_instructions.clone()),
        ..Default::default()
    };
    crate::ssr::firm_settings::change(firm, changes).await?;
    load(firm).await
}

fn rate_field(field: &str, raw: &str, currency: &str) -> Result<Option<i64>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    match parse_money(raw, currency) {
        Ok(n) if n >= 0 => Ok(Some(n)),
        Ok(_) => Err(invalid(field, "Enter a rate of zero or more.")),
        Err(m) => Err(invalid(field, m)),
    }
}

/// Every active user's default rate, by name.
pub async fn user_rates(firm: &FirmDb) -> Result<Vec<UserRate>, AppError> {
    Ok(firm
        .find::<users::Entity>()
        .filter(users::Column::Active.eq(true))
        .order_by_asc(users::Column::Name)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| UserRate {
            user_id: u.id,
            name: u.name,
            rate: u.hourly_rate,
        })
        .collect())
}

/// Sets a user's default hourly rate.
pub async fn set_user_rate(
    firm: &FirmDb,
    user_id: Uuid,
    raw: &str,
) -> Result<Vec<UserRate>, AppError> {
    let user = firm.get::<users::Entity>(user_id).await?;
    let currency = load(firm).await?.currency;
    let rate = rate_field("rate", raw, &currency)?
        .ok_or_else(|| invalid("rate", "Enter the user's hourly rate."))?;
    firm.update(users::ActiveModel {
        id: Set(user.id),
        hourly_rate: Set(rate),
        ..Default::default()
    })
    .await?;
    user_rates(firm).await
}

/// Sets or clears a client's hourly rate.
pub async fn set_client_rate(
    firm: &FirmDb,
    client_id: Uuid,
    raw: &str,
) -> Result<Option<i64>, AppError> {
    let client = firm.get::<clients::Entity>(client_id).await?;
    let currency = load(firm).await?.currency;
    let rate = rate_field("rate", raw, &currency)?;
    firm.update(clients::ActiveModel {
        id: Set(client.id),
        hourly_rate: Set(rate),
        ..Default::default()
    })
    .await?;
    Ok(rate)
}

/// A matter's fee arrangement.
pub fn fee_of(m: &matters::Model) -> FeeArrangement {
    FeeArrangement {
        kind: FeeKind::parse(&m.fee_kind).unwrap_or(FeeKind::Hourly),
        rate: m.hourly_rate,
        flat_fee: m.flat_fee,
        contingency_bp: m.contingency_bp.map(i64::from),
    }
}

/// Sets a matter's fee arrangement.
pub async fn set_fee(
    firm: &FirmDb,
    me: &CurrentUser,
    matter_id: Uuid,
    form: &FeeForm,
) -> Result<FeeArrangement, AppError> {
    let matter = crate::matters::store::reach(firm, me, matter_id).await?;
    let fee = form.validate(&load(firm).await?.currency)?;
    let updated = firm
        .update(matters::ActiveModel {
            id: Set(matter.id),
            fee_kind: Set(fee.kind.as_str().into()),
            hourly_rate: Set(fee.rate),
            flat_fee: Set(fee.flat_fee),
            contingency_bp: Set(fee.contingency_bp.map(|bp| bp as i32)),
            ..Default::default()
        })
        .await?;
    Ok(fee_of(&updated))
}

/// The hourly rate for `user_id`'s time on `matter`: the matter's, else its client's, else the
/// user's own.
pub async fn rate_for(
    firm: &FirmDb,
    matter: &matters::Model,
    user_id: Uuid,
) -> Result<i64, AppError> {
    if let Some(rate) = matter.hourly_rate {
        return Ok(rate);
    }
    let client = firm.get::<clients::Entity>(matter.client_id).await?;
    if let Some(rate) = client.hourly_rate {
        return Ok(rate);
    }
    Ok(firm.get::<users::Entity>(user_id).await?.hourly_rate)
}
