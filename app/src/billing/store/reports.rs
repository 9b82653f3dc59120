//! Billing reports: receivables by age and the billing dashboard, over the matters the user
//! may see.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::{today, user_names, visible_ids};
use crate::billing::model::{AGING_BUCKETS, AgingReport, AgingRow, ClientBilling, Dashboard};
use crate::billing::money::{format_hours, format_money};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::{clients, expenses, invoices, time_entries, trust_balances};

/// Which aging bucket an invoice issued `days` ago falls in.
pub fn bucket(days: i64) -> usize {
    match days {
        ..=30 => 0,
        31..=60 => 1,
        61..=90 => 2,
        _ => 3,
    }
}

/// The issued, unpaid invoices `me` may see.
fn open_invoices(firm: &FirmDb, me: &CurrentUser) -> sea_orm::Select<invoices::Entity> {
    super::invoices::visible(firm, me).filter(super::invoices::open_condition())
}

/// Client `client_id`'s rate, receivables and trust over the matters `me` may see.
pub async fn client(
    firm: &FirmDb,
    me: &CurrentUser,
    client_id: Uuid,
) -> Result<ClientBilling, AppError> {
    let client = firm.get::<clients::Entity>(client_id).await?;
    let open = open_invoices(firm, me)
        .filter(invoices::Column::ClientId.eq(client.id))
        .all(firm.conn())
        .await?;
    let trust = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::ClientId.eq(client.id))
        .filter(trust_balances::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?
        .iter()
        .map(|b| b.balance)
        .sum();
    Ok(ClientBilling {
        currency: super::settings::load(firm).await?.currency,
        rate: client.hourly_rate,
        outstanding: open.iter().map(|i| i.total - i.paid).sum(),
        open_invoices: open.len() as u64,
        trust,
    })
}

/// What each client owes on issued invoices, by days since issue.
pub async fn aging(firm: &FirmDb, me: &CurrentUser) -> Result<AgingReport, AppError> {
    let as_of = today(firm).await?;
    let open = open_invoices(firm, me).all(firm.conn()).await?;
    let mut per_client: HashMap<Uuid, [i64; 4]> = HashMap::new();
    let mut buckets = [0i64; 4];
    for invoice in &open {
        let owed = invoice.total - invoice.paid;
        let issued = invoice.issued_on.unwrap_or(as_of);
        let b = bucket((as_of - issued).num_days());
        per_client.entry(invoice.client_id).or_default()[b] += owed;
        buckets[b] += owed;
    }
    let names = super::client_names(firm, per_client.keys().copied()).await?;
    let mut rows: Vec<AgingRow> = per_client
        .into_iter()
        .map(|(client_id, b)| AgingRow {
            client_name: names.get(&client_id).cloned().unwrap_or_default(),
            client_id,
            buckets: b,
            total: b.iter().sum(),
        })
        .collect();
    rows.sort_by(|a, b| {
        b.total
            .cmp(&a.total)
            .then(a.client_name.cmp(&b.client_name))
    });
    Ok(AgingReport {
        currency: super::settings::load(firm).await?.currency,
        as_of,
        rows,
        total: buckets.iter().sum(),
        buckets,
    })
}

/// The billing dashboard.
pub async fn dashboard(firm: &FirmDb, me: &CurrentUser) -> Result<Dashboard, AppError> {
    let settings = super::settings::load(firm).await?;
    let day = today(firm).await?;
    let month_start = NaiveDate::from_ymd_opt(day.year(), day.month(), 1).unwrap_or(day);
    let month_entries = firm
        .find::<time_entries::Entity>()
        .filter(time_entries::Column::Billable.eq(true))
        .filter(time_entries::Column::WorkedOn.between(month_start, day))
        .filter(time_entries::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?;
    let mut minutes: HashMap<Uuid, i64> = HashMap::new();
    for e in &month_entries {
        *minutes.entry(e.user_id).or_default() += i64::from(e.minutes);
    }
    let names = user_names(firm, minutes.keys().copied()).await?;
    let mut hours: Vec<(String, i64)> = minutes
        .into_iter()
        .map(|(user, m)| (names.get(&user).cloned().unwrap_or_default(), m))
        .collect();
    hours.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let unbilled_time = firm
        .find::<time_entries::Entity>()
        .filter(time_entries::Column::InvoiceId.is_null())
        .filter(time_entries::Column::Billable.eq(true))
        .filter(time_entries::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?
        .iter()
        .map(|e| super::time::amount_of(e, settings.increment_minutes))
        .sum();
    let unbilled_expenses = firm
        .find::<expenses::Entity>()
        .filter(expenses::Column::InvoiceId.is_null())
        .filter(expenses::Column::Billable.eq(true))
        .filter(expenses::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?
        .iter()
        .map(|x| x.amount)
        .sum();
    let trust_total = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .all(firm.conn())
        .await?
        .iter()
        .map(|b| b.balance)
        .sum();
    let aging = aging(firm, me).await?;
    let currency = settings.currency;
    let month = day.format("%B %Y").to_string();
    let hours_chart =
        crate::ssr::charts::bar_chart(&format!("Billable hours in {month}"), &hours, |m| {
            format!("{} h", format_hours(m))
        });
    let aging_bars: Vec<(String, i64)> = AGING_BUCKETS
        .iter()
        .zip(aging.buckets)
        .map(|(name, amount)| (name.to_string(), amount))
        .collect();
    let aging_chart = crate::ssr::charts::column_chart(
        "Receivables by age",
        &aging_bars,
        crate::ssr::charts::Palette::CalmToWarning,
        |n| format_money(n, &currency),
    );
    Ok(Dashboard {
        currency: currency.clone(),
        month,
        hours,
        unbilled_time,
        unbilled_expenses,
        aging,
        trust_total,
        hours_chart,
        aging_chart,
    })
}
