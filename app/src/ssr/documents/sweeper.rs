//! The sweeper: removes the objects a crash left without a version, as listed in
//! `upload_intents`, for every firm. Upload intents count as abandoned once older than the
//! grace period (an upload still running then will find its intent gone and record nothing);
//! delete intents are settled at once.

use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, QueryFilter};

use super::intents;
use super::storage::Storage;
use crate::error::AppError;
use crate::ssr::db::entities::upload_intents;
use crate::ssr::db::{FirmDb, PlatformDb, now};

/// How old an upload's intent must be before the sweeper takes the upload for abandoned: far
/// longer than any upload takes.
pub const UPLOAD_GRACE: Duration = Duration::from_secs(24 * 3600);

/// How often the sweeper runs.
const EVERY: Duration = Duration::from_secs(600);

/// Settles every delete intent, and every upload intent older than `older_than`, of every firm:
/// the object is deleted unless a version has it, then the intent. Answers how many objects it
/// deleted (one that was already gone counts). A failure with one intent is logged and the rest
/// go on.
pub async fn sweep(
    db: &DatabaseConnection,
    storage: &Storage,
    older_than: Duration,
) -> Result<u64, AppError> {
    let cutoff = TimeDelta::from_std(older_than)
        .ok()
        .and_then(|age| now().checked_sub_signed(age))
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let mut removed = 0;
    for firm in PlatformDb::new(db).all_firms().await? {
        let scoped = FirmDb::begin(db, firm.id).await?;
        let due = scoped
            .find::<upload_intents::Entity>()
            .filter(
                Condition::any()
                    .add(upload_intents::Column::Purpose.eq(intents::DELETE))
                    .add(upload_intents::Column::CreatedAt.lte(cutoff)),
            )
            .all(scoped.conn())
            .await
            .map_err(AppError::from);
        for intent in scoped.finish(due).await? {
            if let Ok(true) = intents::release(db, storage, firm.id, &intent.object_key).await {
                removed += 1;
            }
        }
    }
    Ok(removed)
}

/// Starts the sweeper: a pass at once, then every ten minutes, for as long as the runtime runs.
/// Each pass also purges the firms whose scheduled deletion is due.
pub fn spawn(db: DatabaseConnection, storage: Storage) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(EVERY);
        loop {
            every.tick().await;
            match sweep(&db, &storage, UPLOAD_GRACE).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "orphaned document bytes removed"),
                Err(err) => tracing::warn!(error = %err, "sweeping orphaned document bytes failed"),
            }
            match crate::ssr::services::lifecycle::purge_due(&db, &storage).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "firms due for deletion purged"),
                Err(err) => tracing::warn!(error = %err, "purging firms due for deletion failed"),
            }
        }
    });
}
