//! The data layer: entities, the firm-scoped handle and the platform handle.

pub mod entities;
mod firm_db;
mod platform_db;

pub use firm_db::{FirmDb, FirmOwned};
pub use platform_db::{NewFirm, PlatformDb};

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A new row id: UUIDv7, made by the app so ids sort by creation time.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

/// The current time, to the microsecond (what both databases store).
pub fn now() -> DateTime<Utc> {
    let now = Utc::now();
    DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now)
}
