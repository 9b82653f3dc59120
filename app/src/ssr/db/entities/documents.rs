//! `documents`: files on a firm's matters, each with its current version (firm-owned). A trashed
//! document keeps its row and versions, with `deleted_at` set, until the trash is emptied.

use sea_orm::entity::prelude::*;

/// A document of a firm.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    /// The name it downloads as; never used for storage paths.
    pub name: String,
    /// The `document_versions` row downloads get (set with the version it names).
    pub current_version_id: Option<Uuid>,
    /// Bytes of the current version's plaintext.
    pub size: i64,
    /// The current version's type, detected from its bytes.
    pub content_type: String,
    pub created_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    /// Set while the document is in the trash.
    pub deleted_at: Option<ChronoDateTimeUtc>,
    pub deleted_by: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
