//! `matter_screens`: ethical walls, each keeping one user away from one matter (firm-owned). A
//! lifted screen stays as the record of it.

use sea_orm::entity::prelude::*;

/// A user screened from a matter.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter_screens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    pub user_id: Uuid,
    pub reason: String,
    pub screened_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
    pub lifted_by: Option<Uuid>,
    /// Set once the screen is lifted; until then it is in force.
    pub lifted_at: Option<ChronoDateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
