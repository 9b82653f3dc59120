//! `clients`: the people and companies a firm acts for (firm-owned).

use sea_orm::entity::prelude::*;

/// A client of a firm.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `person` or `company`.
    pub kind: String,
    pub notes: String,
    /// The postal address, one line per line.
    pub address: String,
    /// The client's hourly rate, overriding the users' (minor units).
    pub hourly_rate: Option<i64>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
