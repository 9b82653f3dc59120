//! The sender: delivers queued mail, retrying failures with backoff.

use std::sync::Arc;
use std::time::Duration;

use lettre::Address;
use lettre::address::Envelope;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::Mailer;
use crate::ssr::db::entities::outbox as row;
use crate::ssr::sessions::time_now;

/// After this many failed attempts the sender gives up on a message (about 7 hours after the
/// first); it stays in the outbox with its last error.
pub const MAX_ATTEMPTS: i32 = 10;
/// How often the sender looks for due mail when nobody wakes it.
const POLL: Duration = Duration::from_secs(15);
/// How long a sender holds a message it is delivering.
const CLAIM_SECONDS: i64 = 120;

/// What one pass of the sender did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Delivered.
    pub sent: usize,
    /// Failed, to be tried again.
    pub retried: usize,
    /// Failed for the last time.
    pub failed: usize,
}

/// Seconds to wait after the `attempts`-th failure: 30 s, doubling, at most an hour.
fn backoff(attempts: i32) -> i64 {
    (30_i64 << (attempts - 1).clamp(0, 10)).min(3600)
}

impl Mailer {
    /// Starts the sender: it delivers due mail when woken and every few seconds regardless.
    pub fn spawn_sender(self: &Arc<Self>, db: DatabaseConnection) {
        let mailer = self.clone();
        tokio::spawn(async move {
            loop {
                if let Err(err) = mailer.deliver_due(&db).await {
                    tracing::warn!(error = %err, "mail delivery pass failed");
                }
                tokio::select! {
                    () = mailer.wake.notified() => {}
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        });
    }

    /// Delivers every message that is due, once each, and says what happened.
    pub async fn deliver_due(&self, db: &DatabaseConnection) -> Result<DeliveryReport, DbErr> {
        let mut report = DeliveryReport::default();
        loop {
            let now = time_now();
            let due = row::Entity::find()
                .filter(row::Column::SentAt.is_null())
                .filter(row::Column::FailedAt.is_null())
                .filter(row::Column::NextAttemptAt.lte(now))
                .filter(unclaimed(now))
                .order_by_asc(row::Column::CreatedAt)
                .limit(20)
                .all(db)
                .await?;
            if due.is_empty() {
                return Ok(report);
            }
            for mail in due {
                let claimed = row::Entity::update_many()
                    .col_expr(row::Column::ClaimedUntil, Expr::value(now + CLAIM_SECONDS))
                    .filter(row::Column::Id.eq(mail.id))
                    .filter(row::Column::SentAt.is_null())
                    .filter(unclaimed(now))
                    .exec(db)
                    .await?;
                if claimed.rows_affected != 1 {
                    continue; // another sender has it
                }
                self.deliver(db, mail, &mut report).await?;
            }
        }
    }

    async fn deliver(
        &self,
        db: &DatabaseConnection,
        mail: row::Model,
        report: &mut DeliveryReport,
    ) -> Result<(), DbErr> {
        let sent = match envelope(&self.from.email, &mail.recipients) {
            Ok(envelope) => self.transport.send_raw(&envelope, &mail.message).await,
            Err(err) => Err(err),
        };
        let now = time_now();
        let update = row::Entity::update_many()
            .filter(row::Column::Id.eq(mail.id))
            .col_expr(row::Column::ClaimedUntil, Expr::value(Option::<i64>::None));
        match sent {
            Ok(()) => {
                update
                    .col_expr(row::Column::SentAt, Expr::value(now))
                    .col_expr(row::Column::Message, Expr::value(Vec::<u8>::new()))
                    .col_expr(row::Column::LastError, Expr::value(Option::<String>::None))
                    .exec(db)
                    .await?;
                tracing::info!(mail_id = %mail.id, "mail delivered");
                report.sent += 1;
            }
            Err(err) => {
                let attempts = mail.attempts + 1;
                let update = update
                    .col_expr(row::Column::Attempts, Expr::value(attempts))
                    .col_expr(row::Column::LastError, Expr::value(err.clone()));
                if attempts >= MAX_ATTEMPTS {
                    update
                        .col_expr(row::Column::FailedAt, Expr::value(now))
                        .exec(db)
                        .await?;
                    tracing::error!(mail_id = %mail.id, attempts, error = %err, "mail undeliverable; giving up");
                    report.failed += 1;
                } else {
                    update
                        .col_expr(
                            row::Column::NextAttemptAt,
                            Expr::value(now + backoff(attempts)),
                        )
                        .exec(db)
                        .await?;
                    tracing::warn!(mail_id = %mail.id, attempts, error = %err, "mail delivery failed; will retry");
                    report.retried += 1;
                }
            }
        }
        Ok(())
    }
}

fn unclaimed(now: i64) -> Condition {
    Condition::any()
        .add(row::Column::ClaimedUntil.is_null())
        .add(row::Column::ClaimedUntil.lt(now))
}

fn envelope(from: &Address, recipients: &str) -> Result<Envelope, String> {
    let to = recipients
        .split(',')
        .map(|r| r.trim().parse::<Address>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    Envelope::new(Some(from.clone()), to).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let waits: Vec<i64> = (1..=9).map(super::backoff).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    }
}
