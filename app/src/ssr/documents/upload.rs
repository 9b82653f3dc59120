//! An upload from start to finish, in the write order described in [`super`]: checked before a
//! byte is read, its intent committed, its bytes stored, then recorded in one transaction; any
//! failure on the way removes what it stored.

use std::fmt;

use bytes::Bytes;
use futures_util::Stream;

use super::storage::Storage;
use super::{DocumentLimits, intents, keys, transfer};
use crate::documents::Document;
use crate::documents::store::{self, NewVersion, Upload};
use crate::error::AppError;
use crate::ssr::auth::CurrentUser;
use crate::ssr::db::{FirmDb, new_id};
use crate::ssr::errors::internal;
use crate::ssr::state::AppState;

/// What can be refused before the body is read, on `firm`'s transaction: the destination must
/// be reachable, the size within the limit and the firm's quota (as it stands) not exceeded.
pub async fn check(
    firm: &FirmDb,
    me: &CurrentUser,
    upload: &Upload,
    length: u64,
    limits: &DocumentLimits,
) -> Result<(), AppError> {
    store::check_destination(firm, me, upload).await?;
    if length > limits.max_upload_bytes {
        return Err(limits.too_large());
    }
    store::check_quota(firm, length, limits.firm_quota_bytes).await
}

/// Stores `body` and records it as `upload` says, for `me` (steps 1 to 3 of the write order).
pub async fn receive<S, E>(
    state: &AppState,
    me: &CurrentUser,
    upload: Upload,
    limits: &DocumentLimits,
    body: S,
) -> Result<Document, AppError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: fmt::Display,
{
    let firm_id = me.firm_id;
    let version_id = new_id();
    let (key, sealed_key) = keys::firm_key(&state.db, &state.master_key, firm_id)
        .await?
        .new_file_key(version_id);
    let object_key = Storage::object_key(firm_id, version_id);
    intents::record_upload(&state.db, firm_id, &object_key).await?;
    let recorded = async {
        let stored =
            transfer::store(&state.storage, &key, firm_id, version_id, body, limits).await?;
        let stored_size = stored.stored_size;
        let version = NewVersion {
            id: version_id,
            object_key: object_key.clone(),
            sealed_key,
            size: stored.size,
            sha256: stored.sha256,
            content_type: stored.content_type,
        };
        let firm = FirmDb::begin_write(&state.db, firm_id).await?;
        let result = async {
            keys::hold(&firm).await?;
            intents::claim(&firm, &object_key).await?;
            let on_disk = state
                .storage
                .size(firm_id, &object_key)
                .await
                .map_err(|e| internal(&e))?;
            if on_disk != stored_size {
                return Err(internal(&format!(
                    "upload {object_key} stored {on_disk} bytes, not {stored_size}"
                )));
            }
            store::record_upload(&firm, me, &upload, version, limits.firm_quota_bytes).await
        }
        .await;
        firm.finish(result).await
    }
    .await;
    match &recorded {
        Ok(document) => {
            tracing::info!(document_id = %document.id, %version_id, size = document.size, "document uploaded");
        }
        Err(_) => intents::abandon(&state.db, &state.storage, firm_id, &object_key).await,
    }
    recorded
}
