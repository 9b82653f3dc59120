//! Time entries: recorded by a user on a matter they may see, priced at the rate that applies
//! when recorded, billed at the firm's increment. An entry on an invoice no longer changes.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    invalid, invoice_refs, matter_ref, matter_refs, open_matter, today, user_names, visible_ids,
};
use crate::auth::Permission;
use crate::billing::model::{
    MatterBilling, MatterRef, TimeEntry, Timesheet, TimesheetRow, ValidTimeEntry,
};
use crate::billing::money::{billed_minutes, time_amount};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::{expenses, matters, time_entries, trust_balances};
use crate::ssr::db::{FirmDb, new_id, now};

/// What an entry comes to at the firm's `increment` (0 when not billable).
pub fn amount_of(entry: &time_entries::Model, increment: i64) -> i64 {
    if entry.billable {
        time_amount(
            entry.rate,
            billed_minutes(i64::from(entry.minutes), increment),
        )
    } else {
        0
    }
}

/// Entry rows as screens show them.
pub async fn views(
    firm: &FirmDb,
    rows: Vec<time_entries::Model>,
) -> Result<Vec<TimeEntry>, AppError> {
    let increment = super::settings::load(firm).await?.increment_minutes;
    let matters = matter_refs(firm, rows.iter().map(|r| r.matter_id)).await?;
    let names = user_names(firm, rows.iter().map(|r| r.user_id)).await?;
    let invoices = invoice_refs(firm, rows.iter().filter_map(|r| r.invoice_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(TimeEntry {
                id: r.id,
                matter: matters.get(&r.matter_id)?.clone(),
                user_id: r.user_id,
                user_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                worked_on: r.worked_on,
                minutes: i64::from(r.minutes),
                amount: amount_of(&r, increment),
                description: r.description,
                billable: r.billable,
                task_code: r.task_code,
                activity_code: r.activity_code,
                rate: r.rate,
                invoice: r.invoice_id.and_then(|id| invoices.get(&id).cloned()),
            })
        })
        .collect())
}

async fn view(firm: &FirmDb, row: time_entries::Model) -> Result<TimeEntry, AppError> {
    views(firm, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Records `valid` for `me`.
pub async fn create(
    firm: &FirmDb,
    me: &CurrentUser,
    valid: ValidTimeEntry,
) -> Result<TimeEntry, AppError> {
    let matter = open_matter(firm, me, valid.matter_id).await?;
    let rate = super::settings::rate_for(firm, &matter, me.id).await?;
    let stamp = now();
    let row = firm
        .insert(time_entries::ActiveModel {
            id: Set(new_id()),
            matter_id: Set(matter.id),
            user_id: Set(me.id),
            worked_on: Set(valid.worked_on),
            minutes: Set(valid.minutes as i32),
            description: Set(valid.description),
            billable: Set(valid.billable),
            task_code: Set(valid.task_code),
            activity_code: Set(valid.activity_code),
            rate: Set(rate),
            invoice_id: Set(None),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        })
        .await?;
    view(firm, row).await
}

/// The entry `id` if `me` may change it: on a matter they may see (else `NotFound`), their
/// own unless they manage billing, and not on an invoice.
async fn changeable(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
) -> Result<time_entries::Model, AppError> {
    let entry = firm.get::<time_entries::Entity>(id).await?;
    crate::matters::store::reach(firm, me, entry.matter_id).await?;
    if entry.user_id != me.id && !me.can(Permission::BillingManage) {
        return Err(AppError::Forbidden);
    }
    if let Some(invoice) = entry.invoice_id {
        let label = invoice_refs(firm, [invoice])
            .await?
            .remove(&invoice)
            .map(|r| r.label)
            .unwrap_or_default();
        return Err(invalid(
            "entry",
            format!("This time is on invoice {label} and can no longer change."),
        ));
    }
    Ok(entry)
}

/// Changes an entry.
pub async fn update(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
    valid: ValidTimeEntry,
) -> Result<TimeEntry, AppError> {
    let entry = changeable(firm, me, id).await?;
    let matter = open_matter(firm, me, valid.matter_id).await?;
    let rate = if matter.id == entry.matter_id {
        entry.rate
    } else {
        super::settings::rate_for(firm, &matter, entry.user_id).await?
    };
    let row = firm
        .update(time_entries::ActiveModel {
            id: Set(entry.id),
            matter_id: Set(matter.id),
            worked_on: Set(valid.worked_on),
            minutes: Set(valid.minutes as i32),
            description: Set(valid.description),
            billable: Set(valid.billable),
            task_code: Set(valid.task_code),
            activity_code: Set(valid.activity_code),
            rate: Set(rate),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    view(firm, row).await
}

/// Deletes an entry.
pub async fn delete(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let entry = changeable(firm, me, id).await?;
    firm.delete_many::<time_entries::Entity>()
        .filter(time_entries::Column::Id.eq(entry.id))
        .exec()
        .await?;
    Ok(())
}

/// The open matters `me` may record time on, newest first.
pub async fn open_matters(firm: &FirmDb, me: &CurrentUser) -> Result<Vec<MatterRef>, AppError> {
    Ok(crate::matters::store::visible(firm, me)
        .filter(matters::Column::Status.ne("closed"))
        .order_by_desc(matters::Column::Number)
        .limit(500)
        .all(firm.conn())
        .await?
        .iter()
        .map(matter_ref)
        .collect())
}

/// `me`'s week holding `day` (`YYYY-MM-DD`, or empty for today).
pub async fn week(firm: &FirmDb, me: &CurrentUser, day: &str) -> Result<Timesheet, AppError> {
    let day = match day.trim() {
        "" => today(firm).await?,
        text => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map_err(|_| invalid("day", "Enter a date like 2026-03-31."))?,
    };
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let sunday = monday + Duration::days(6);
    let rows = firm
        .find::<time_entries::Entity>()
        .filter(time_entries::Column::UserId.eq(me.id))
        .filter(time_entries::Column::WorkedOn.between(monday, sunday))
        .filter(time_entries::Column::MatterId.in_subquery(visible_ids(firm, me)))
        .order_by_asc(time_entries::Column::WorkedOn)
        .order_by_asc(time_entries::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let entries = views(firm, rows).await?;
    let mut grid: BTreeMap<String, TimesheetRow> = BTreeMap::new();
    let mut day_totals = vec![0; 7];
    for e in &entries {
        let index = (e.worked_on - monday).num_days() as usize;
        let row = grid
            .entry(e.matter.number.clone())
            .or_insert_with(|| TimesheetRow {
                matter: e.matter.clone(),
                minutes: vec![0; 7],
                total: 0,
            });
        row.minutes[index] += e.minutes;
        row.total += e.minutes;
        day_totals[index] += e.minutes;
    }
    Ok(Timesheet {
        week_start: monday,
        currency: super::settings::load(firm).await?.currency,
        matters: open_matters(firm, me).await?,
        rows: grid.into_values().collect(),
        day_totals,
        entries,
    })
}

/// A matter's billing, for its Billing tab.
pub async fn matter_billing(
    firm: &FirmDb,
    me: &CurrentUser,
    matter_id: Uuid,
) -> Result<MatterBilling, AppError> {
    let matter = crate::matters::store::reach(firm, me, matter_id).await?;
    let settings = super::settings::load(firm).await?;
    let entry_rows = firm
        .find::<time_entries::Entity>()
        .filter(time_entries::Column::MatterId.eq(matter.id))
        .order_by_desc(time_entries::Column::WorkedOn)
        .order_by_desc(time_entries::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let unbilled_time = entry_rows
        .iter()
        .filter(|e| e.invoice_id.is_none())
        .map(|e| amount_of(e, settings.increment_minutes))
        .sum();
    let expense_rows = firm
        .find::<expenses::Entity>()
        .filter(expenses::Column::MatterId.eq(matter.id))
        .order_by_desc(expenses::Column::SpentOn)
        .order_by_desc(expenses::Column::CreatedAt)
        .all(firm.conn())
        .await?;
    let unbilled_expenses = expense_rows
        .iter()
        .filter(|e| e.invoice_id.is_none() && e.billable)
        .map(|e| e.amount)
        .sum();
    let trust_balance = firm
        .find::<trust_balances::Entity>()
        .filter(trust_balances::Column::MatterId.eq(matter.id))
        .one(firm.conn())
        .await?
        .map_or(0, |b| b.balance);
    Ok(MatterBilling {
        my_rate: super::settings::rate_for(firm, &matter, me.id).await?,
        fee: super::settings::fee_of(&matter),
        matter: matter_ref(&matter),
        currency: settings.currency,
        entries: views(firm, entry_rows).await?,
        expenses: super::expenses::views(firm, expense_rows).await?,
        unbilled_time,
        unbilled_expenses,
        trust_balance,
    })
}
