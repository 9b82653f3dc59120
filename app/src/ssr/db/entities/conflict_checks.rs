//! `conflict_checks`: each conflict search run for a matter, what it found and what was decided
//! (firm-owned). Rows are only ever added.

use sea_orm::entity::prelude::*;

/// One recorded conflict check.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conflict_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    /// The names searched, one per line.
    pub names: String,
    /// The hits as the checker saw them, a JSON list of [`crate::conflicts::ConflictHit`].
    pub hits: String,
    pub hit_count: i32,
    /// A [`crate::conflicts::Decision`] stored name.
    pub decision: String,
    pub reason: String,
    pub checked_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
