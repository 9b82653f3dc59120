//! `firm_keys`: each firm's data key, sealed under the master key for `firm-key:{firm_id}`
//! (firm-owned, one row per firm). Documents of the firm are encrypted under it.

use sea_orm::entity::prelude::*;

/// A firm's sealed data key.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Hex of the nonce and the sealed key ([`crate::ssr::crypto::MasterKey::seal`]).
    pub sealed: String,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
