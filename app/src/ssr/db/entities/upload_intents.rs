//! `upload_intents`: objects that may be in storage without a version row (firm-owned). An
//! upload records one before storing its bytes and removes it in the transaction that inserts
//! the version; emptying the trash records one per object in the transaction that deletes the
//! versions. The sweeper removes what is left.

use sea_orm::entity::prelude::*;

/// An object that may have no version pointing at it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "upload_intents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The object's key, `{firm_id}/{version_id}`.
    pub object_key: String,
    /// `upload` (bytes being stored) or `delete` (bytes of emptied versions).
    pub purpose: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
