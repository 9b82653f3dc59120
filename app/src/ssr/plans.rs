//! Plans on the server: reading a firm's plan, its usage, and the checks that hold firms to it
//! (see [`crate::plans`]).

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde_json::json;
use uuid::Uuid;

use super::audit::platform::{self, PlatformActor};
use super::db::FirmDb;
use super::db::entities::{firms, invitations, plans, users};
use super::db::{PlatformDb, begin_write};
use super::documents::{DocumentLimits, MB};
use super::errors::internal;
use super::sessions::time_now;
use crate::documents::store::stored_bytes;
use crate::error::{AppError, Validator};
use crate::plans::{Feature, Plan, PlanForm, PlanUsage};

/// A plan row as the app uses it.
pub fn from_row(row: plans::Model) -> Plan {
    Plan {
        id: row.id,
        name: row.name,
        seat_limit: row.seat_limit.map(|n| n.max(0) as u32),
        storage_quota_mb: row.storage_quota_mb.map(|n| n.max(0) as u64),
        max_file_mb: row.max_file_mb.map(|n| n.max(0) as u64),
        requests_per_minute: row.requests_per_minute.map(|n| n.max(0) as u32),
        features: row.features.split(',').filter_map(Feature::parse).collect(),
    }
}

/// The plan of the firm `firm_id`. A firm naming a plan that does not exist is a fault, not a
/// free pass.
pub async fn of_firm<C: ConnectionTrait>(conn: &C, firm_id: Uuid) -> Result<Plan, AppError> {
    let firm = firms::Entity::find_by_id(firm_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = plans::Entity::find_by_id(firm.plan.clone())
        .one(conn)
        .await?
        .ok_or_else(|| internal(&format!("firm {firm_id} is on unknown plan {}", firm.plan)))?;
    Ok(from_row(row))
}

/// Active users plus open invitations.
pub async fn seats_used(firm: &FirmDb) -> Result<u32, AppError> {
    let active = firm
        .find::<users::Entity>()
        .filter(users::Column::Active.eq(true))
        .count(firm.conn())
        .await?;
    let invited = firm
        .find::<invitations::Entity>()
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .filter(invitations::Column::ExpiresAt.gt(time_now()))
        .count(firm.conn())
        .await?;
    Ok((active + invited) as u32)
}

/// The firm's plan and usage.
pub async fn usage(firm: &FirmDb) -> Result<PlanUsage, AppError> {
    Ok(PlanUsage {
        plan: of_firm(firm.conn(), firm.firm_id()).await?,
        seats_used: seats_used(firm).await?,
        storage_used_bytes: stored_bytes(firm).await?,
    })
}

/// Refuses (on `field`) one more seat past the plan's limit.
pub async fn check_seat(firm: &FirmDb, field: &str) -> Result<(), AppError> {
    let plan = of_firm(firm.conn(), firm.firm_id()).await?;
    let Some(limit) = plan.seat_limit else {
        return Ok(());
    };
    let used = seats_used(firm).await?;
    let mut v = Validator::default();
    if used >= limit {
        v.reject(
            field,
            format!(
                "Your firm's {} plan has {limit} seats and all {used} are taken by active users and open invitations. Deactivate someone or revoke an invitation, or ask Docket for a plan with more seats.",
                plan.name
            ),
        );
    }
    v.finish()
}

/// The document limits for a firm on `plan`: the server's, tightened by the plan's.
pub fn document_limits(base: DocumentLimits, plan: &Plan) -> DocumentLimits {
    DocumentLimits {
        max_upload_bytes: plan.max_file_mb.map_or(base.max_upload_bytes, |mb| {
            base.max_upload_bytes.min(mb * MB)
        }),
        firm_quota_bytes: plan.storage_quota_mb.map_or(base.firm_quota_bytes, |mb| {
            base.firm_quota_bytes.min(mb * MB)
        }),
    }
}

/// Every plan, by name.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<Plan>, AppError> {
    Ok(plans::Entity::find()
        .order_by_asc(plans::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(from_row)
        .collect())
}

/// Creates or replaces the plan `form` names, recorded in the platform audit log.
pub async fn save(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    form: PlanForm,
) -> Result<Plan, AppError> {
    let plan = form.validate()?;
    let features: Vec<&str> = plan.features.iter().map(|f| f.as_str()).collect();
    let row = plans::ActiveModel {
        id: Set(plan.id.clone()),
        name: Set(plan.name.clone()),
        seat_limit: Set(plan.seat_limit.map(|n| n as i32)),
        storage_quota_mb: Set(plan.storage_quota_mb.map(|n| n as i64)),
        max_file_mb: Set(plan.max_file_mb.map(|n| n as i64)),
        requests_per_minute: Set(plan.requests_per_minute.map(|n| n as i32)),
        features: Set(features.join(",")),
    };
    let tx = begin_write(db).await?;
    plans::Entity::insert(row)
        .on_conflict(
            OnConflict::column(plans::Column::Id)
                .update_columns([
                    plans::Column::Name,
                    plans::Column::SeatLimit,
                    plans::Column::StorageQuotaMb,
                    plans::Column::MaxFileMb,
                    plans::Column::RequestsPerMinute,
                    plans::Column::Features,
                ])
                .to_owned(),
        )
        .exec_without_returning(&tx)
        .await?;
    let details = json!({ "plan": plan.id, "features": features, "seats": plan.seat_limit, "storage_mb": plan.storage_quota_mb, "file_mb": plan.max_file_mb, "requests_per_minute": plan.requests_per_minute });
    platform::record(&tx, actor, "plan.saved", None, details).await?;
    tx.commit().await?;
    Ok(plan)
}

/// Puts the firm with this slug on plan `plan_id`, recorded in both audit logs.
pub async fn assign(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
    plan_id: &str,
) -> Result<firms::Model, AppError> {
    let tx = begin_write(db).await?;
    let firm = PlatformDb::new(&tx)
        .firm_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut v = Validator::default();
    if plans::Entity::find_by_id(plan_id.to_string())
        .one(&tx)
        .await?
        .is_none()
    {
        v.reject("plan", "Choose one of the plans listed.");
    }
    v.finish()?;
    let updated = firms::ActiveModel {
        id: Set(firm.id),
        plan: Set(plan_id.to_string()),
        ..Default::default()
    }
    .update(&tx)
    .await?;
    let details = json!({ "from": firm.plan, "to": plan_id });
    platform::record(
        &tx,
        actor,
        "firm.plan_changed",
        Some((firm.id, &firm.name)),
        details.clone(),
    )
    .await?;
    let scoped = FirmDb::enter(tx, firm.id).await?;
    scoped.log("firm.plan_changed", "firms", Some(firm.id), details);
    scoped.commit().await?;
    Ok(updated)
}
