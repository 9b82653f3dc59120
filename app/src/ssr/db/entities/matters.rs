//! `matters`: a firm's cases, each for one of its clients (firm-owned).

use sea_orm::entity::prelude::*;

/// A matter of a firm.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `2026-0001`, unique in the firm.
    pub number: String,
    pub title: String,
    pub client_id: Uuid,
    pub practice_area_id: Option<Uuid>,
    /// `open`, `pending` or `closed`.
    pub status: String,
    pub opened_on: ChronoDate,
    pub closed_on: Option<ChronoDate>,
    pub description: String,
    pub responsible_id: Option<Uuid>,
    pub originating_id: Option<Uuid>,
    /// The matter's hourly rate, overriding the client's and the users' (minor units).
    pub hourly_rate: Option<i64>,
    /// `hourly`, `flat` or `contingency`.
    pub fee_kind: String,
    /// The flat fee (flat-fee matters).
    pub flat_fee: Option<i64>,
    /// The contingency share in basis points (contingency matters).
    pub contingency_bp: Option<i32>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
