//! `trust_entries`: the trust journal, append-only (firm-owned).

use sea_orm::entity::prelude::*;

/// A trust ledger entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "trust_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub client_id: Uuid,
    pub matter_id: Uuid,
    /// `deposit`, `disbursement`, `transfer` or `reversal`.
    pub kind: String,
    pub entered_on: ChronoDate,
    /// Signed: positive into trust, negative out.
    pub amount: i64,
    pub balance_after: i64,
    pub description: String,
    pub reference: String,
    pub invoice_id: Option<Uuid>,
    pub reverses_id: Option<Uuid>,
    pub recorded_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
