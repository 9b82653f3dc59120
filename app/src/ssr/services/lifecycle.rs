//! A firm's life on the platform: suspension with a reason (its sessions end, its host shows a
//! page that says so, sign-in is refused, its data is kept) and reactivation. Each change is
//! recorded in the platform audit log and in the firm's own trail, in the transaction that
//! makes it.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use serde_json::json;

use crate::error::{AppError, Validator};
use crate::ssr::audit::platform::{self, PlatformActor};
use crate::ssr::audit::{Actor, AuditContext};
use crate::ssr::db::entities::firms;
use crate::ssr::db::{FirmDb, PlatformDb, begin_write};
use crate::ssr::sessions::end_all_for_firm;

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
    change(db, actor, slug, "suspended", Some(reason.to_string())).await
}

/// Reactivates the firm with this slug. `NotFound` for an unknown slug.
pub async fn reactivate(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
) -> Result<firms::Model, AppError> {
    change(db, actor, slug, "active", None).await
}

async fn change(
    db: &DatabaseConnection,
    actor: &PlatformActor,
    slug: &str,
    status: &str,
    reason: Option<String>,
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
            ..Default::default()
        }
        .update(firm_db.conn())
        .await?;
        let action = if status == "suspended" {
            "firm.suspended"
        } else {
            "firm.reactivated"
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
