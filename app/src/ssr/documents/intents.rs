//! `upload_intents`: the objects that may be in storage without a version row. A row is written
//! before such an object can exist (committed before an upload's bytes are stored; in the same
//! transaction as the versions whose bytes are to go) and removed once the object either has
//! its version or is gone, so what a crash leaves behind is always listed here.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, PaginatorTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::storage::Storage;
use crate::error::AppError;
use crate::ssr::db::entities::{document_versions, upload_intents};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::errors::internal;

/// The purpose of an upload's intent: its bytes are being stored.
pub const UPLOAD: &str = "upload";

/// The purpose of an emptied version's intent: its bytes are to be deleted.
pub const DELETE: &str = "delete";

/// Adds an intent for `object_key` on `firm`'s transaction.
pub async fn insert(firm: &FirmDb, object_key: &str, purpose: &str) -> Result<(), AppError> {
    firm.insert(upload_intents::ActiveModel {
        id: Set(new_id()),
        object_key: Set(object_key.to_string()),
        purpose: Set(purpose.to_string()),
        created_at: Set(now()),
        ..Default::default()
    })
    .await?;
    Ok(())
}

/// Records, in a transaction of its own that is committed at once, that an upload is about to
/// store `object_key`.
pub async fn record_upload(
    db: &DatabaseConnection,
    firm_id: Uuid,
    object_key: &str,
) -> Result<(), AppError> {
    let firm = FirmDb::begin_write(db, firm_id).await?;
    let result = insert(&firm, object_key, UPLOAD).await;
    firm.finish(result).await
}

/// Removes an upload's intent on the transaction that records its version. `Internal` if it is
/// gone: the sweeper took the upload for abandoned (it outlasted the grace period) and may have
/// deleted its bytes, so the version must not be recorded.
pub async fn claim(firm: &FirmDb, object_key: &str) -> Result<(), AppError> {
    let claimed = firm
        .delete_many::<upload_intents::Entity>()
        .filter(upload_intents::Column::ObjectKey.eq(object_key))
        .filter(upload_intents::Column::Purpose.eq(UPLOAD))
        .exec()
        .await?;
    if claimed == 1 {
        Ok(())
    } else {
        Err(internal(&format!(
            "the intent of upload {object_key} was swept before its version was recorded"
        )))
    }
}

/// After an upload failed (its version is not recorded, and its key is its own): deletes its
/// bytes, then its intent. Best effort: failures are logged and left to the sweeper.
pub async fn abandon(db: &DatabaseConnection, storage: &Storage, firm_id: Uuid, object_key: &str) {
    if let Err(err) = storage.delete(firm_id, object_key).await {
        tracing::warn!(%firm_id, object_key, error = %err, "could not delete a failed upload's bytes; the sweeper will");
        return;
    }
    let Ok(firm) = FirmDb::begin_write(db, firm_id).await else {
        tracing::warn!(%firm_id, object_key, "could not drop a failed upload's intent; the sweeper will");
        return;
    };
    let result = firm
        .delete_many::<upload_intents::Entity>()
        .filter(upload_intents::Column::ObjectKey.eq(object_key))
        .exec()
        .await
        .map(|_| ())
        .map_err(AppError::from);
    let _ = firm.finish(result).await;
}

/// Settles the intent for `object_key`: deletes the object unless a version has it, then the
/// intent. The intent row stays locked meanwhile, so an upload that is recording its version
/// waits and then finds its intent gone ([`claim`]). Answers whether the object was deleted;
/// `false` also when there was no intent.
pub async fn release(
    db: &DatabaseConnection,
    storage: &Storage,
    firm_id: Uuid,
    object_key: &str,
) -> Result<bool, AppError> {
    let firm = FirmDb::begin_write(db, firm_id).await?;
    let result = async {
        let intent = firm
            .find::<upload_intents::Entity>()
            .filter(upload_intents::Column::ObjectKey.eq(object_key))
            .lock_exclusive()
            .one(firm.conn())
            .await?;
        if intent.is_none() {
            return Ok::<bool, AppError>(false);
        }
        let kept = firm
            .find::<document_versions::Entity>()
            .filter(document_versions::Column::ObjectKey.eq(object_key))
            .count(firm.conn())
            .await?
            > 0;
        if !kept {
            storage
                .delete(firm_id, object_key)
                .await
                .map_err(|e| internal(&e))?;
        }
        firm.delete_many::<upload_intents::Entity>()
            .filter(upload_intents::Column::ObjectKey.eq(object_key))
            .exec()
            .await?;
        Ok(!kept)
    }
    .await;
    firm.finish(result).await
}

/// Settles the intents for `object_keys` at once (after emptying the trash), logging failures:
/// the sweeper retries whatever is left.
pub async fn release_all(
    db: &DatabaseConnection,
    storage: &Storage,
    firm_id: Uuid,
    object_keys: &[String],
) {
    for key in object_keys {
        // A failure is logged by `internal`; the intent stays for the sweeper.
        let _ = release(db, storage, firm_id, key).await;
    }
}
