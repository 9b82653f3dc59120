//! `firm_stats`: a firm's counters for the platform dashboard (global; see [`crate::ssr::stats`]).

use sea_orm::entity::prelude::*;

/// One firm's counters.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_stats")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    pub users: i64,
    pub matters: i64,
    pub documents: i64,
    pub storage_bytes: i64,
    /// Unix seconds of the last request.
    pub last_activity_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
