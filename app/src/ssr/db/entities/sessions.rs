//! `sessions`: stored sessions (global; see the migration for why).

use sea_orm::entity::prelude::*;

/// A stored session. The id is kept only as its SHA-256, so a database reader cannot use it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub firm_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
    /// The tower-sessions record as JSON.
    pub record: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
