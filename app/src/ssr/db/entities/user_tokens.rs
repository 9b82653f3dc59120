//! `user_tokens`: one-time links for a user (password reset, email verification), firm-owned.

use sea_orm::entity::prelude::*;

/// A one-time token. Only its SHA-256 is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    /// `reset` or `verify`.
    pub purpose: String,
    /// Hex SHA-256 of the token.
    pub token_hash: String,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds after which the token is refused.
    pub expires_at: i64,
    /// Unix seconds of its one use.
    pub used_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
