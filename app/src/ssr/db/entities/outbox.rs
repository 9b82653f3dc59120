//! `outbox`: mail waiting to be sent (global: one sender drains it for every firm).

use sea_orm::entity::prelude::*;

/// A queued message, already rendered. Its body is cleared once sent.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The firm the mail is about, if any (platform mail has none).
    pub firm_id: Option<Uuid>,
    /// Envelope recipients, comma-separated.
    pub recipients: String,
    /// The RFC 5322 message; it can hold one-time links, so it is never logged.
    pub message: Vec<u8>,
    /// Unix seconds.
    pub created_at: i64,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// Unix seconds before which no attempt is made.
    pub next_attempt_at: i64,
    /// A sender holds the row until then (so two senders never send it twice at once).
    pub claimed_until: Option<i64>,
    /// Unix seconds of delivery.
    pub sent_at: Option<i64>,
    /// Unix seconds at which the sender gave up.
    pub failed_at: Option<i64>,
    /// The last delivery error.
    pub last_error: Option<String>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxMail")
            .field("id", &self.id)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
