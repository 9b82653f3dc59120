//! `audit_entries`: a firm's audit trail (firm-owned, append-only, hash-chained per firm; see
//! [`crate::ssr::audit`]).

use sea_orm::entity::prelude::*;

/// One recorded action.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// 1, 2, 3… per firm, without gaps.
    pub seq: i64,
    /// Unix milliseconds.
    pub at: i64,
    /// `user`, `support` or `system`.
    pub actor_kind: String,
    /// The user, or the platform admin acting as support.
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    /// What happened: `create`, `update`, `delete`, or an event such as `auth.sign_in`.
    pub action: String,
    /// The table or kind of thing acted on.
    pub entity: String,
    pub entity_id: Option<String>,
    /// The changed fields (secrets redacted), or the event's details: a JSON object.
    pub changes: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The hash of the firm's previous entry (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 over `prev_hash` and this entry's fields.
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
