//! The key hierarchy of documents: the master key seals each firm's data key (`firm_keys`, for
//! `firm-key:{firm_id}`), and the firm's key seals every stored file's own random key (kept with
//! its version, for `doc-key:{firm_id}:{version_id}`). A sealed key copied to another firm's or
//! another version's row does not open, and no two files are ever encrypted under one key, so
//! the random nonce prefixes of their chunks can never collide.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait, QuerySelect};
use uuid::Uuid;

use super::cipher::DataKey;
use crate::error::AppError;
use crate::ssr::crypto::MasterKey;
use crate::ssr::db::entities::{document_versions, firm_keys};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::errors::internal;

/// A firm's data key, opened: it seals and opens the keys of the firm's files (the same
/// AES-256-GCM sealing as the master key's, [`MasterKey::seal`]).
pub struct FirmKey {
    firm_id: Uuid,
    sealer: MasterKey,
}

impl FirmKey {
    /// A fresh key for the file of version `version_id`, and that key sealed, to keep with the
    /// version.
    pub fn new_file_key(&self, version_id: Uuid) -> (DataKey, String) {
        let key = DataKey::generate();
        let sealed = self
            .sealer
            .seal(key.as_bytes(), self.file_owner(version_id).as_bytes());
        (key, sealed)
    }

    /// The key of `version`'s file. One that does not open (an altered or moved row) is logged
    /// and answered `Internal`.
    pub fn file_key(&self, version: &document_versions::Model) -> Result<DataKey, AppError> {
        let bytes = self
            .sealer
            .open(&version.sealed_key, self.file_owner(version.id).as_bytes())
            .map_err(|e| {
                internal(&format!(
                    "the key of version {} does not open: {e}",
                    version.id
                ))
            })?;
        DataKey::from_bytes(&bytes).ok_or_else(|| {
            internal(&format!(
                "the key of version {} is not 32 bytes",
                version.id
            ))
        })
    }

    fn file_owner(&self, version_id: Uuid) -> String {
        format!("doc-key:{}:{version_id}", self.firm_id)
    }
}

/// The associated data a firm's key is sealed with.
fn firm_owner(firm_id: Uuid) -> String {
    format!("firm-key:{firm_id}")
}

/// The firm's data key, made and stored on first use, in a transaction of its own that is
/// committed at once. Two first uploads racing both insert with `ON CONFLICT DO NOTHING` and then
/// read the one row that won. A key that does not open (the wrong master key, or an altered
/// row) is logged and answered `Internal`.
pub async fn firm_key(
    db: &DatabaseConnection,
    master: &MasterKey,
    firm_id: Uuid,
) -> Result<FirmKey, AppError> {
    // Every download reads the key: a plain read, so it never waits for SQLite's write lock.
    let firm = FirmDb::begin(db, firm_id).await?;
    let found = firm
        .find::<firm_keys::Entity>()
        .one(firm.conn())
        .await
        .map_err(AppError::from);
    if let Some(row) = firm.finish(found).await? {
        return open(master, &row);
    }
    let firm = FirmDb::begin_write(db, firm_id).await?;
    let result = async {
        let row = match firm.find::<firm_keys::Entity>().one(firm.conn()).await? {
            Some(row) => row,
            None => {
                let fresh = DataKey::generate();
                let sealed = master.seal(fresh.as_bytes(), firm_owner(firm_id).as_bytes());
                let key_id = new_id();
                let inserted = firm_keys::Entity::insert(firm_keys::ActiveModel {
                    firm_id: Set(firm_id),
                    id: Set(key_id),
                    sealed: Set(sealed),
                    created_at: Set(now()),
                })
                .on_conflict(
                    OnConflict::column(firm_keys::Column::FirmId)
                        .do_nothing()
                        .to_owned(),
                )
                .exec_without_returning(firm.conn())
                .await;
                match inserted {
                    // The key itself is sealed and never logged.
                    Ok(n) if n > 0 => {
                        firm.log("create", "firm_keys", Some(key_id), serde_json::json!({}))
                    }
                    Ok(_) | Err(DbErr::RecordNotInserted) => {}
                    Err(err) => return Err(AppError::from(err)),
                }
                firm.find::<firm_keys::Entity>()
                    .one(firm.conn())
                    .await?
                    .ok_or_else(|| {
                        internal(&format!(
                            "firm {firm_id} has no data key after inserting one"
                        ))
                    })?
            }
        };
        open(master, &row)
    }
    .await;
    firm.finish(result).await
}

/// Opens a firm's sealed key.
fn open(master: &MasterKey, row: &firm_keys::Model) -> Result<FirmKey, AppError> {
    let bytes = master
        .open(&row.sealed, firm_owner(row.firm_id).as_bytes())
        .map_err(|e| {
            internal(&format!(
                "the data key of firm {} does not open: {e}",
                row.firm_id
            ))
        })?;
    let key = DataKey::from_bytes(&bytes).ok_or_else(|| {
        internal(&format!(
            "the data key of firm {} is not 32 bytes",
            row.firm_id
        ))
    })?;
    Ok(FirmKey {
        firm_id: row.firm_id,
        sealer: MasterKey::from_bytes(key.as_bytes()),
    })
}

/// Locks the firm's key row until `firm`'s transaction ends, so the firm's uploads record (and
/// check the quota) one at a time. PostgreSQL only: SQLite serializes writers already
/// ([`FirmDb::begin_write`]).
pub async fn hold(firm: &FirmDb) -> Result<(), AppError> {
    firm.find::<firm_keys::Entity>()
        .lock_exclusive()
        .one(firm.conn())
        .await?;
    Ok(())
}
