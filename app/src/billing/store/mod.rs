//! Billing queries, always through the firm's [`FirmDb`] and the matters the signed-in user may
//! see ([`crate::matters::store::visible`]): an entry, invoice or trust entry of a matter they
//! cannot reach is `NotFound`, as another firm's is.

pub mod expenses;
pub mod invoices;
pub mod payments;
pub mod reports;
pub mod settings;
pub mod time;
pub mod timer;
pub mod trust;

use std::collections::HashMap;

use sea_orm::sea_query::SelectStatement;
use sea_orm::{QuerySelect, QueryTrait};
use uuid::Uuid;

use super::model::{InvoiceRef, MatterRef};
use crate::error::{AppError, FieldError};
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::{clients, invoices as invoice_rows, matters, users};

/// A validation error on one field.
pub fn invalid(field: &str, message: impl Into<String>) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

pub use crate::firm_profile::store::today;

/// The ids of the matters `me` may see, as a subquery.
pub fn visible_ids(firm: &FirmDb, me: &CurrentUser) -> SelectStatement {
    crate::matters::store::visible(firm, me)
        .select_only()
        .column(matters::Column::Id)
        .into_query()
}

/// The matters with these ids, as billing screens name them.
pub async fn matter_refs(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, MatterRef>, AppError> {
    let rows = firm.by_ids::<matters::Entity>(ids).await?;
    Ok(rows.iter().map(|m| (m.id, matter_ref(m))).collect())
}

/// A matter row as billing screens name it.
pub fn matter_ref(m: &matters::Model) -> MatterRef {
    MatterRef {
        id: m.id,
        number: m.number.clone(),
        title: m.title.clone(),
    }
}

/// The names of the users with these ids.
pub async fn user_names(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let rows = firm.by_ids::<users::Entity>(ids).await?;
    Ok(rows.into_iter().map(|u| (u.id, u.name)).collect())
}

/// The names of the clients with these ids.
pub async fn client_names(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let rows = firm.by_ids::<clients::Entity>(ids).await?;
    Ok(rows.into_iter().map(|c| (c.id, c.name)).collect())
}

/// How other records name the invoices with these ids.
pub async fn invoice_refs(
    firm: &FirmDb,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, InvoiceRef>, AppError> {
    let rows = firm.by_ids::<invoice_rows::Entity>(ids).await?;
    Ok(rows.iter().map(|i| (i.id, invoice_ref(i))).collect())
}

/// How other records name an invoice.
pub fn invoice_ref(i: &invoice_rows::Model) -> InvoiceRef {
    InvoiceRef {
        id: i.id,
        label: i.number.clone().unwrap_or_else(|| "Draft".into()),
        issued: i.number.is_some(),
    }
}

/// The matter `id` if `me` may see it and it is not closed, else `NotFound` or a message.
pub async fn open_matter(
    firm: &FirmDb,
    me: &CurrentUser,
    id: Uuid,
) -> Result<matters::Model, AppError> {
    let matter = crate::matters::store::reach(firm, me, id).await?;
    if matter.status == "closed" {
        return Err(invalid(
            "matter_id",
            "This matter is closed. Reopen it to record time or expenses on it.",
        ));
    }
    Ok(matter)
}
