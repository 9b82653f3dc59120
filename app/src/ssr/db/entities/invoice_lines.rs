//! `invoice_lines`: the lines of an invoice (firm-owned).

use sea_orm::entity::prelude::*;

/// An invoice line.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub invoice_id: Uuid,
    pub position: i32,
    /// `time`, `expense` or `fee`.
    pub kind: String,
    pub matter_id: Uuid,
    pub line_date: ChronoDate,
    pub description: String,
    pub timekeeper: String,
    pub timekeeper_id: Option<Uuid>,
    /// Minutes billed (time lines).
    pub minutes: Option<i32>,
    pub rate: i64,
    pub amount: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
    pub task_code: Option<String>,
    pub activity_code: Option<String>,
    pub expense_code: Option<String>,
    pub time_entry_id: Option<Uuid>,
    pub expense_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
