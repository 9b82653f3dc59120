//! The data layer: entities, the firm-scoped handle and the platform handle.

pub mod entities;
mod firm_db;
mod platform_db;

pub use firm_db::{FirmDb, FirmDelete, FirmOwned, FirmUpdate, Page, READ_ONLY};
pub use platform_db::{NewFirm, PlatformDb};

use chrono::{DateTime, Utc};
use sea_orm::{
    DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode, TransactionOptions,
    TransactionTrait,
};
use uuid::Uuid;

/// Begins a transaction that will write after it reads. On SQLite it takes the write lock at
/// once (`BEGIN IMMEDIATE`), so concurrent writers wait on the busy timeout instead of failing
/// with `SQLITE_BUSY` when a read turns into a write; PostgreSQL ignores the option.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// A new row id: UUIDv7, made by the app so ids sort by creation time.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The current time, to the microsecond (what both databases store).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
