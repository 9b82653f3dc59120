//! `plans`: what firms on each plan may use (global; see [`crate::plans`]).

use sea_orm::entity::prelude::*;

/// A plan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    /// Its short name, as `firms.plan` holds it.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub name: String,
    /// Active users plus open invitations; `None` for no limit.
    pub seat_limit: Option<i32>,
    pub storage_quota_mb: Option<i64>,
    pub max_file_mb: Option<i64>,
    /// Server function calls a minute for the whole firm.
    pub requests_per_minute: Option<i32>,
    /// The features on, comma-separated (`documents,billing`).
    pub features: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
