//! The platform dashboard's data: every firm with its counters (kept as the app runs, see
//! `crate::ssr::stats`), searchable, filterable and sortable a page at a time, and three charts.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Firms a page.
pub const PER_PAGE: u64 = 50;

/// What the dashboard asks for; empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardQuery {
    /// Part of the firm's name or subdomain.
    #[serde(default)]
    pub q: Option<String>,
    /// `active` or `suspended`.
    #[serde(default)]
    pub status: Option<String>,
    /// A plan's id.
    #[serde(default)]
    pub plan: Option<String>,
    /// `name` (default), `newest`, `storage`, `users`, `matters`, `documents` or `activity`
    /// (requests in the last 30 days); the sizes and activity sort largest first.
    #[serde(default)]
    pub sort: Option<String>,
    /// Page, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

/// One firm with its numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmRow {
    /// Subdomain label.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `active` or `suspended`.
    pub status: String,
    /// Why it is suspended.
    pub suspended_reason: Option<String>,
    /// When a scheduled deletion is due.
    pub deletion_due_at: Option<DateTime<Utc>>,
    /// Plan id.
    pub plan: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Users (active or not).
    pub users: i64,
    /// Matters.
    pub matters: i64,
    /// Documents.
    pub documents: i64,
    /// Bytes of stored document versions.
    pub storage_bytes: i64,
    /// Sign-ins in the last 24 hours.
    pub sign_ins_24h: i64,
    /// Requests in the last 24 hours.
    pub requests_24h: i64,
    /// Sign-ins in the last 30 days.
    pub sign_ins_30d: i64,
    /// Requests in the last 30 days.
    pub requests_30d: i64,
    /// The last request any of its users made.
    pub last_activity_at: Option<DateTime<Utc>>,
}

/// A page of the dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The firms on this page.
    pub rows: Vec<FirmRow>,
    /// This page, from 1.
    pub page: u64,
    /// How many pages.
    pub pages: u64,
    /// How many firms match.
    pub total: u64,
    /// Firms on the platform, of them active and suspended.
    pub firms: u64,
    /// Active firms.
    pub active: u64,
    /// Suspended firms.
    pub suspended: u64,
    /// The plans, `(id, name)`, for the filter.
    pub plans: Vec<(String, String)>,
    /// SVG: new firms per week (the last 12 weeks).
    pub new_firms_chart: String,
    /// SVG: firms with any request per day (the last 30 days).
    pub active_firms_chart: String,
    /// SVG: storage by firm, the top 20.
    pub storage_chart: String,
}

/// The dashboard, for signed-in platform admins on the platform host.
#[server(endpoint = "platform/dashboard")]
pub async fn load_dashboard(
    #[server(default)] query: DashboardQuery,
) -> Result<Dashboard, AppError> {
    let result = async {
        let (state, _) = crate::ssr::platform::require_admin()?;
        crate::ssr::stats::dashboard(&state.db, &query).await
    }
    .await;
    crate::ssr::errors::respond(result)
}
