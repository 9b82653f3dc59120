//! `payments`: money received against an issued invoice (firm-owned).

use sea_orm::entity::prelude::*;

/// A payment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub invoice_id: Uuid,
    pub received_on: ChronoDate,
    pub amount: i64,
    pub method: String,
    pub reference: String,
    /// The trust transfer that paid it, if from trust.
    pub trust_entry_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
