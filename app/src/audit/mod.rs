//! The firm's audit page: the trail of everything done in the firm, for users with
//! `audit.read`, filtered by user, action, entity and dates, a page at a time, and as CSV
//! (`GET /audit/export.csv` with the same filters; see `crate::ssr::audit::routes`).

#[cfg(feature = "ssr")]
pub mod store;

use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// Entries per page.
pub const PER_PAGE: u64 = 50;

/// The actions the filter offers: data changes, then events.
pub const ACTIONS: &[(&str, &str)] = &[
    ("create", "Created"),
    ("update", "Changed"),
    ("delete", "Deleted"),
    ("auth.sign_in", "Signed in"),
    ("auth.sign_in_failed", "Failed sign-in"),
    ("auth.sign_out", "Signed out"),
    (
        "auth.password_accepted",
        "Password accepted (awaiting code)",
    ),
    ("auth.password_changed", "Password changed"),
    ("auth.two_factor_changed", "Two-factor sign-in changed"),
    ("auth.account_locked", "Account locked"),
    ("export", "Exported or downloaded"),
    ("support.start", "Support session started"),
    ("support.write_granted", "Support allowed to make changes"),
    ("support.end", "Support session ended"),
    ("firm.suspended", "Firm suspended"),
    ("firm.reactivated", "Firm reactivated"),
    ("firm.deletion_scheduled", "Firm scheduled for deletion"),
];

/// How the page names an action.
pub fn action_label(action: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map_or(action, |(_, label)| label)
}

/// What the audit page asks for. Empty fields do not filter; dates are whole days (UTC),
/// both ends included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Only entries by this user (or platform admin acting as support).
    #[serde(default)]
    pub user: Option<Uuid>,
    /// Only this action.
    #[serde(default)]
    pub action: Option<String>,
    /// Only this entity (table).
    #[serde(default)]
    pub entity: Option<String>,
    /// From this day.
    #[serde(default)]
    pub from: Option<NaiveDate>,
    /// To this day.
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// Page number, from 1.
    #[serde(default)]
    pub page: Option<u64>,
}

/// One entry as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// The entry's number in the firm's chain.
    pub seq: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// `user`, `support` or `system`.
    pub actor_kind: String,
    /// Who.
    pub actor_name: String,
    /// What (see [`ACTIONS`]).
    pub action: String,
    /// On what kind of thing.
    pub entity: String,
    /// Which one.
    pub entity_id: Option<String>,
    /// The changed fields or the event's details, as `field: value` pairs.
    pub details: Vec<(String, String)>,
    /// The request, to find in the server log.
    pub request_id: Option<String>,
    /// From which address.
    pub client_addr: Option<String>,
    /// With which browser.
    pub user_agent: Option<String>,
}

/// A page of the trail, with what the filters can choose from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// The entries, newest first.
    pub rows: Vec<AuditRow>,
    /// This page, from 1.
    pub page: u64,
    /// How many pages.
    pub pages: u64,
    /// How many entries match.
    pub total: u64,
    /// The firm's users, `(id, name)`, by name.
    pub users: Vec<(Uuid, String)>,
    /// The entities the trail names, sorted.
    pub entities: Vec<String>,
}

/// A page of the firm's audit trail.
#[server(endpoint = "audit/list")]
pub async fn load_audit(#[server(default)] query: AuditQuery) -> Result<AuditPage, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::AuditRead).await?;
    // The firm's clock, cached with its host.
    let (_, firm_ref) = crate::ssr::tenant::request_firm()?;
    let result = store::page(&firm, &query, &firm_ref.clock).await;
    firm.finish(result).await
}
