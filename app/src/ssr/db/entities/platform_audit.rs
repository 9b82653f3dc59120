//! `platform_audit`: what platform admins did (global, append-only).

use sea_orm::entity::prelude::*;

/// One platform action.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform_audit")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unix milliseconds.
    pub at: i64,
    /// The admin, or `None` for the command line.
    pub admin_id: Option<Uuid>,
    pub admin_name: String,
    /// Such as `firm.suspend` or `support.start`.
    pub action: String,
    /// The firm acted on, if any (kept after the firm is deleted).
    pub firm_id: Option<Uuid>,
    pub firm_name: Option<String>,
    /// A JSON object: the reason given and other details.
    pub details: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
