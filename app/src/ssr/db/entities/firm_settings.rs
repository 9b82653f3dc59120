//! `firm_settings`: a firm's own settings (firm-owned, one row per firm; provisioning writes it
//! and a missing row reads as the defaults).

use sea_orm::entity::prelude::*;

/// A firm's settings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Every user must sign in with a second factor; those without one set it up first.
    pub require_two_factor: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
