//! `firms`: one row per tenant (global).

use sea_orm::entity::prelude::*;

/// A law firm using Docket.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    /// `active` or `suspended`.
    pub status: String,
    pub plan: String,
    pub created_at: ChronoDateTimeUtc,
    /// Why the firm is suspended, as its users are told (set while `status` is `suspended`).
    pub suspended_reason: Option<String>,
    /// Unix seconds after which a firm scheduled for deletion is purged.
    pub deletion_due_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
