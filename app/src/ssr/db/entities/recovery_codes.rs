//! `recovery_codes`: a user's single-use two-factor recovery codes (firm-owned), stored only as
//! their SHA-256.

use sea_orm::entity::prelude::*;

/// One recovery code.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recovery_codes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// Hex SHA-256 of the normalized code.
    pub code_hash: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds of its one use.
    pub used_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
