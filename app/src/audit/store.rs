//! Reading the firm's audit trail, for the audit page and its CSV export.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use serde_json::Value as Json;
use uuid::Uuid;

use super::{AuditPage, AuditQuery, AuditRow, PER_PAGE};
use crate::clock::FirmClock;
use crate::error::{AppError, Validator};
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::{audit_entries, support_sessions, users};

/// The firm's entries matching `query`, newest first; its dates are days on `clock`.
pub fn matching(
    firm: &FirmDb,
    query: &AuditQuery,
    clock: &FirmClock,
) -> Select<audit_entries::Entity> {
    use audit_entries::Column as C;
    let mut select = firm.find::<audit_entries::Entity>();
    if let Some(user) = query.user {
        select = select.filter(C::ActorId.eq(user));
    }
    if let Some(action) = query.action.as_deref().filter(|a| !a.is_empty()) {
        select = select.filter(C::Action.eq(action));
    }
    if let Some(entity) = query.entity.as_deref().filter(|e| !e.is_empty()) {
        select = select.filter(C::Entity.eq(entity));
    }
    let day_start = |day: NaiveDate| clock.start_of(day).timestamp_millis();
    if let Some(from) = query.from {
        select = select.filter(C::At.gte(day_start(from)));
    }
    if let Some(to) = query.to.and_then(|d| d.succ_opt()) {
        select = select.filter(C::At.lt(day_start(to)));
    }
    select.order_by_desc(C::Seq)
}

/// A page of entries with the filters' choices; the query's dates are days on `clock`.
pub async fn page(
    firm: &FirmDb,
    query: &AuditQuery,
    clock: &FirmClock,
) -> Result<AuditPage, AppError> {
    let mut v = Validator::default();
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from > to
    {
        v.reject(
            "to",
            "The end date is before the start date: pick an end on or after the start.",
        );
    }
    v.finish()?;
    let found = firm
        .page(
            matching(firm, query, clock),
            PER_PAGE,
            query.page.unwrap_or(1),
        )
        .await?;
    // Whoever can act in the firm: its users, then the platform admins who entered it for
    // support.
    let mut users: Vec<(Uuid, String)> = firm
        .find::<users::Entity>()
        .order_by_asc(users::Column::Name)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let support: Vec<(Uuid, String)> = firm
        .find::<support_sessions::Entity>()
        .select_only()
        .column(support_sessions::Column::AdminId)
        .column(support_sessions::Column::AdminName)
        .distinct()
        .order_by_asc(support_sessions::Column::AdminName)
        .into_tuple()
        .all(firm.conn())
        .await?;
    for (id, name) in support {
        if !users.iter().any(|(known, _)| *known == id) {
            users.push((id, format!("{name} (Docket support)")));
        }
    }
    let entities = firm
        .find::<audit_entries::Entity>()
        .select_only()
        .column(audit_entries::Column::Entity)
        .distinct()
        .order_by_asc(audit_entries::Column::Entity)
        .into_tuple::<String>()
        .all(firm.conn())
        .await?;
    Ok(AuditPage {
        rows: found.rows.into_iter().map(row).collect(),
        page: found.page,
        pages: found.pages,
        total: found.total,
        users,
        entities,
    })
}

/// An entry as the page shows it.
pub fn row(entry: audit_entries::Model) -> AuditRow {
    let details = match serde_json::from_str::<Json>(&entry.changes) {
        Ok(Json::Object(fields)) => fields
            .into_iter()
            // Left out: what the entry says elsewhere (the id; a new row's time) and a new row's
            // empty fields.
            .filter(|(k, v)| {
                let created = entry.action == "create";
                k != "id"
                    && !(created && (v.is_null() || v.as_str() == Some("") || k == "created_at"))
            })
            .map(|(k, v)| {
                let v = match v {
                    Json::String(s) => s,
                    Json::Null => "(none)".into(),
                    other => other.to_string(),
                };
                (k, v)
            })
            .collect(),
        _ => Vec::new(),
    };
    AuditRow {
        seq: entry.seq,
        at: DateTime::<Utc>::from_timestamp_millis(entry.at).unwrap_or_default(),
        actor_kind: entry.actor_kind,
        actor_name: entry.actor_name,
        action: entry.action,
        entity: entry.entity,
        entity_id: entry.entity_id,
        details,
        request_id: entry.request_id,
        client_addr: entry.client_addr,
        user_agent: entry.user_agent,
    }
}
