//! `support_sessions`: a platform admin's time inside a firm (firm-owned; see
//! [`crate::ssr::support`]).

use sea_orm::entity::prelude::*;

/// One support session.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "support_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The platform admin.
    pub admin_id: Uuid,
    pub admin_name: String,
    /// Why they asked to enter, as they stated it.
    pub reason: String,
    /// The firm's admin allowed changes in this session.
    pub write_access: bool,
    /// SHA-256 of the one-time entry link's token, until it is used.
    pub entry_token_hash: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds after which the session is over.
    pub expires_at: i64,
    /// Unix seconds when it was ended early.
    pub ended_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
