//! `firm_activity`: requests and sign-ins per firm per hour (`h`) and per day (`d`) (global;
//! see [`crate::ssr::stats`]).

use sea_orm::entity::prelude::*;

/// One firm's activity in one hour or day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_activity")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    /// `h` or `d`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub period: String,
    /// Hours or days since the epoch.
    #[sea_orm(primary_key, auto_increment = false)]
    pub start: i64,
    pub requests: i64,
    pub sign_ins: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
