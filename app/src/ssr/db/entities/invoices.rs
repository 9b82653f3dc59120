//! `invoices`: bills to a client; immutable once issued (firm-owned).

use sea_orm::entity::prelude::*;

/// An invoice.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    /// `INV-2026-0001`, given when issued.
    pub number: Option<String>,
    /// `draft`, `issued`, `partially_paid`, `paid` or `void`.
    pub status: String,
    pub currency: String,
    pub period_from: Option<ChronoDate>,
    pub period_to: Option<ChronoDate>,
    pub issued_on: Option<ChronoDate>,
    pub due_on: Option<ChronoDate>,
    pub subtotal: i64,
    pub discount_bp: i32,
    pub discount: i64,
    pub tax_label: String,
    pub tax_bp: i32,
    pub tax: i64,
    pub total: i64,
    pub paid: i64,
    pub notes: String,
    pub void_reason: Option<String>,
    pub replaces_id: Option<Uuid>,
    pub created_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
