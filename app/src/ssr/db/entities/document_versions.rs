//! `document_versions`: every upload of a document, numbered from 1, with where its encrypted
//! bytes are stored (firm-owned). Versions are never removed one by one.

use sea_orm::entity::prelude::*;

/// One version of a document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub document_id: Uuid,
    /// 1 for the first upload, then one more for each new version.
    pub number: i32,
    /// `{firm_id}/{id}` in the object store, made by the server.
    pub object_key: String,
    /// The file's own key, sealed under the firm's data key (`documents::keys`).
    pub sealed_key: String,
    /// Bytes of plaintext.
    pub size: i64,
    /// Hex SHA-256 of the plaintext, checked on every download.
    pub sha256: String,
    pub content_type: String,
    pub uploaded_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
