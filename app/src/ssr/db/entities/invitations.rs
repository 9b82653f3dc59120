//! `invitations`: people invited to join a firm, firm-owned.

use sea_orm::entity::prelude::*;

/// An invitation. Only the SHA-256 of its link's token is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The invitee's email, normalised.
    pub email: String,
    /// The role the invitee gets, stored as in `users.role`.
    pub role: String,
    /// Hex SHA-256 of the link's token.
    pub token_hash: String,
    /// The user who sent (or last resent) it.
    pub invited_by: Uuid,
    pub created_at: ChronoDateTimeUtc,
    /// Unix seconds after which the link is refused.
    pub expires_at: i64,
    /// Unix seconds of acceptance.
    pub accepted_at: Option<i64>,
    /// Unix seconds of revocation.
    pub revoked_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
