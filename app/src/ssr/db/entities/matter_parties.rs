//! `matter_parties`: people and companies involved in a matter other than the client (firm-owned),
//! searched by the conflict check.

use sea_orm::entity::prelude::*;

/// A related party of a matter, by name.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matter_parties")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    pub name: String,
    /// A [`crate::conflicts::PartyRole`] stored name.
    pub role: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
