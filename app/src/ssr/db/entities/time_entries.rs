//! `time_entries`: time worked on a matter (firm-owned).

use sea_orm::entity::prelude::*;

/// A time entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "time_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub matter_id: Uuid,
    pub user_id: Uuid,
    pub worked_on: ChronoDate,
    /// Minutes worked, as recorded (the increment applies when billed).
    pub minutes: i32,
    pub description: String,
    pub billable: bool,
    pub task_code: Option<String>,
    pub activity_code: Option<String>,
    /// The hourly rate that applied when it was recorded (minor units).
    pub rate: i64,
    /// The invoice it is on; an entry on an issued invoice never changes.
    pub invoice_id: Option<Uuid>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
