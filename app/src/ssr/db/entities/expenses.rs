//! `expenses`: money spent on a matter (firm-owned).

use sea_orm::entity::prelude::*;

/// An expense.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "expenses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    pub user_id: Uuid,
    pub spent_on: ChronoDate,
    pub description: String,
    pub amount: i64,
    pub billable: bool,
    pub expense_code: Option<String>,
    pub invoice_id: Option<Uuid>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
