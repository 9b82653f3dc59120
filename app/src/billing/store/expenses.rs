//! Expenses: money spent on a matter, billed at cost. An expense on an invoice no longer
//! changes.

use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter};
use uuid::Uuid;

use super::{invalid, invoice_refs, matter_refs, open_matter, user_names};
use crate::auth::Permission;
use crate::billing::model::{Expense, ExpenseForm};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::entities::expenses;
use crate::ssr::db::{FirmDb, new_id, now};

/// Expense rows as screens show them.
pub async fn views(firm: &FirmDb, rows: Vec<expenses::Model>) -> Result<Vec<Expense>, AppError> {
    let matters = matter_refs(firm, rows.iter().map(|r| r.matter_id)).await?;
    let names = user_names(firm, rows.iter().map(|r| r.user_id)).await?;
    let invoices = invoice_refs(firm, rows.iter().filter_map(|r| r.invoice_id)).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Expense {
                id: r.id,
                matter: matters.get(&r.matter_id)?.clone(),
                user_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                spent_on: r.spent_on,
                description: r.description,
                amount: r.amount,
                billable: r.billable,
                expense_code: r.expense_code,
                invoice: r.invoice_id.and_then(|id| invoices.get(&id).cloned()),
            })
        })
        .collect())
}

async fn view(firm: &FirmDb, row: expenses::Model) -> Result<Expense, AppError> {
    views(firm, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Records an expense by `me`.
pub async fn create(
    firm: &FirmDb,
    me: &CurrentUser,
    form: &ExpenseForm,
) -> Result<Expense, AppError> {
    let currency = super::settings::load(firm).await?.currency;
    let valid = form.validate(&currency)?;
    let matter = open_matter(firm, me, valid.matter_id).await?;
    let stamp = now();
    let row = firm
        .insert(expenses::ActiveModel {
            id: Set(new_id()),
            matter_id: Set(matter.id),
            user_id: Set(me.id),
            spent_on: Set(valid.spent_on),
            description: Set(valid.description),
            amount: Set(valid.amount),
            billable: Set(valid.billable),
            expense_code: Set(valid.expense_code),
            invoice_id: Set(None),
            created_at: Set(stamp),
            updated_at: Set(stamp),
            ..Default::default()
        })
        .await?;
    view(firm, row).await
}

async fn changeable(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
) -> Result<expenses::Model, AppError> {
    let expense = firm.get::<expenses::Entity>(id).await?;
    crate::matters::store::reach(firm, me, expense.matter_id).await?;
    if expense.user_id != me.id && !me.can(Permission::BillingManage) {
        return Err(AppError::Forbidden);
    }
    if expense.invoice_id.is_some() {
        return Err(invalid(
            "expense",
            "This expense is on an invoice and can no longer change.",
        ));
    }
    Ok(expense)
}

/// Changes an expense.
pub async fn update(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
    form: &ExpenseForm,
) -> Result<Expense, AppError> {
    let expense = changeable(firm, me, id).await?;
    let currency = super::settings::load(firm).await?.currency;
    let valid = form.validate(&currency)?;
    let matter = open_matter(firm, me, valid.matter_id).await?;
    let row = firm
        .update(expenses::ActiveModel {
            id: Set(expense.id),
            matter_id: Set(matter.id),
            spent_on: Set(valid.spent_on),
            description: Set(valid.description),
            amount: Set(valid.amount),
            billable: Set(valid.billable),
            expense_code: Set(valid.expense_code),
            updated_at: Set(now()),
            ..Default::default()
        })
        .await?;
    view(firm, row).await
}

/// Deletes an expense.
pub async fn delete(firm: &FirmDb, me: &CurrentUser, id: Uuid) -> Result<(), AppError> {
    let expense = changeable(firm, me, id).await?;
    firm.delete_many::<expenses::Entity>()
        .filter(expenses::Column::Id.eq(expense.id))
        .exec()
        .await?;
    Ok(())
}
