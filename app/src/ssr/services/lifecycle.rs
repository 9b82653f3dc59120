//! A firm's life on the platform: suspension with a reason (its sessions end, its host shows a
//! page that says so, sign-in is refused, its data is kept), reactivation, and deletion: first
//! scheduled (the firm is suspended for a grace period, and reactivating it cancels), then, once
//! due, purged: its data key is destroyed first (so any copy of its documents left anywhere is
//! unreadable), then its stored documents, then every row (the firm's row cascades to every
//! firm-owned table, its audit trail included). Each change is recorded in the platform audit
//! log, and until the purge in the firm's own trail, in the transaction that makes it.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use serde_json::json;
use uuid::Uuid;

use crate::error::{AppError, Validator};
use crate::ssr::audit::platform::{self, PlatformActor};
use crate::ssr::audit::{Actor, AuditContext};
use crate::ssr::db::entities::{firm_keys, firms, outbox, sessions};
use crate::ssr::db::{FirmDb, PlatformDb, begin_write};
use crate::ssr::documents::Storage;
use crate::ssr::errors::internal;
use crate::ssr::sessions::end_all_for_firm;
use crate::ssr::sessions::time_now;

/// The longest reason accepted.
pub const REASON_MAX: usize = 500;

/// Suspends the firm with this slug for `reason` and ends every session of its users.
/// `NotFound` for an unknown slug; suspending a suspended firm only updates the reason.
pub async fn suspend(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
    reason: &str,
) -> Result<firms::Model, AppError> {
    let reason = reason.trim();
    let mut v = Validator::default();
    if reason.is_empty() {
        v.reject(
            "reason",
            "Give the reason for suspending the firm; its users are shown it.",
        );
    } else if reason.chars().count() > REASON_MAX {
        v.reject(
            "reason",
            format!("Keep the reason to {REASON_MAX} characters."),
        );
    }
    v.finish()?;
    change(db, actor, slug, "suspended", Some(reason.to_string()), None).await
}

/// Reactivates the firm with this slug, cancelling a scheduled deletion. `NotFound` for an
/// unknown slug.
pub async fn reactivate(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
) -> Result<firms::Model, AppError> {
    change(db, actor, slug, "active", None, None).await
}

/// How long a firm scheduled for deletion waits, unless told otherwise.
pub const GRACE_DAYS: i64 = 30;

/// Schedules the firm with this slug for deletion in `grace_days` (0 to 365): it is suspended
/// meanwhile, with a reason saying when; reactivating it cancels.
pub async fn schedule_deletion(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
    grace_days: i64,
) -> Result<firms::Model, AppError> {
    let mut v = Validator::default();
    if !(0..=365).contains(&grace_days) {
        v.reject("grace_days", "Give a grace period of 0 to 365 days.");
    }
    v.finish()?;
    let due = time_now() + grace_days * 86_400;
    let when = chrono::DateTime::from_timestamp(due, 0)
        .unwrap_or_default()
        .format("%d %b %Y");
    let reason = format!("scheduled for deletion on {when}");
    change(db, actor, slug, "suspended", Some(reason), Some(due)).await
}

async fn change(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
    status: &str,
    reason: Option<String>,
    deletion_due_at: Option<i64>,
) -> Result<firms::Model, AppError> {
    let tx = begin_write(db).await?;
    let Some(firm) = PlatformDb::new(&tx).firm_by_slug(slug).await? else {
        return Err(AppError::NotFound);
    };
    let firm_db = FirmDb::enter(tx, firm.id)
        .await?
        .with_context(AuditContext {
            actor: Actor::System,
            request: Default::default(),
        });
    let result = async {
        let updated = firms::ActiveModel {
            id: Set(firm.id),
            status: Set(status.to_string()),
            suspended_reason: Set(reason.clone()),
            deletion_due_at: Set(deletion_due_at),
            ..Default::default()
        }
        .update(firm_db.conn())
        .await?;
        let action = match (status, deletion_due_at) {
            ("suspended", Some(_)) => "firm.deletion_scheduled",
            ("suspended", None) => "firm.suspended",
            _ => "firm.reactivated",
        };
        let details = json!({ "reason": reason, "by": actor.name });
        platform::record(
            firm_db.conn(),
            actor,
            action,
            Some((firm.id, &firm.name)),
            details.clone(),
        )
        .await?;
        firm_db.log(action, "firms", Some(firm.id), details);
        if status == "suspended" {
            end_all_for_firm(firm_db.conn(), firm.id).await?;
        }
        Ok(updated)
    }
    .await;
    let updated = firm_db.finish(result).await?;
    tracing::info!(firm_id = %updated.id, status, "firm status changed");
    Ok(updated)
}

/// Purges every firm whose deletion is due; returns how many. A failure with one firm is
/// logged and the rest go on (the next pass tries it again).
pub async fn purge_due(db: &DatabaseConnection, storage: &Storage) -> Result<u64, AppError> {
    let due = firms::Entity::find()
        .filter(firms::Column::DeletionDueAt.lte(time_now()))
        .all(db)
        .await?;
    let mut purged = 0;
    for firm in due {
        match purge(db, storage, firm.id, &PlatformActor::system()).await {
            Ok(()) => purged += 1,
            Err(err) => tracing::error!(firm_id = %firm.id, error = %err, "purging a firm failed"),
        }
    }
    Ok(purged)
}

/// Removes the firm for good: its data key first, then its stored documents, then its rows
/// (sessions and queued mail included). Other firms are untouched; the platform audit log
/// keeps a line saying the firm was deleted.
pub async fn purge(
    db: &DatabaseConnection,
    storage: &Storage,
    firm_id: Uuid,
    actor: &PlatformActor,
) -> Result<(), AppError> {
    let firm = firms::Entity::find_by_id(firm_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Without its key, whatever bytes of the firm's documents survive anywhere are noise.
    let keys = FirmDb::begin_write(db, firm_id).await?;
    let destroyed = keys.delete_many::<firm_keys::Entity>().exec().await;
    keys.finish(destroyed.map_err(AppError::from)).await?;
    let objects = storage
        .delete_firm(firm_id)
        .await
        .map_err(|e| internal(&e))?;
    let tx = begin_write(db).await?;
    sessions::Entity::delete_many()
        .filter(sessions::Column::FirmId.eq(firm_id))
        .exec(&tx)
        .await?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::FirmId.eq(firm_id))
        .exec(&tx)
        .await?;
    // Every firm-owned table cascades from the firm's row.
    firms::Entity::delete_by_id(firm_id).exec(&tx).await?;
    let details = json!({ "slug": firm.slug, "documents_removed": objects });
    platform::record(
        &tx,
        actor,
        "firm.deleted",
        Some((firm.id, &firm.name)),
        details,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(%firm_id, objects, "firm purged");
    Ok(())
}
