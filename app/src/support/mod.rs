//! Support access: a platform admin asks to enter a firm for a stated reason; unless the firm
//! has turned support access off, a session starts on the firm's host that lasts at most
//! [`SUPPORT_MINUTES`], is read-only unless the firm's admin allows changes, shows a banner on
//! every page, and is recorded in the platform audit log and the firm's own trail. Firm admins
//! see the firm's support sessions on the settings page, where they allow changes, end them,
//! or turn support access off.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// How long a support session lasts.
pub const SUPPORT_MINUTES: i64 = 30;

/// What the banner of a support session shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportBanner {
    /// The platform admin's name.
    pub admin_name: String,
    /// Whether the firm allowed changes.
    pub write: bool,
    /// When the session ends.
    pub expires_at: DateTime<Utc>,
}

/// A support session as the firm's admin sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSessionRow {
    /// Its id.
    pub id: Uuid,
    /// The platform admin.
    pub admin_name: String,
    /// Why they asked.
    pub reason: String,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ends or ended.
    pub ends_at: DateTime<Utc>,
    /// Still running.
    pub active: bool,
    /// Changes allowed.
    pub write_access: bool,
}

/// The firm's support settings and its recent support sessions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportOverview {
    /// Whether platform admins may ask to enter at all.
    pub allowed: bool,
    /// The latest sessions, newest first.
    pub sessions: Vec<SupportSessionRow>,
}

/// The firm's support settings and sessions (firm admins: `settings.manage`).
#[server(endpoint = "support/overview")]
pub async fn load_support() -> Result<SupportOverview, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = crate::ssr::support::overview(&firm).await;
    firm.finish(result).await
}

/// Turns support access on or off; turning it off ends any running support session.
#[server(endpoint = "support/allow")]
pub async fn allow_support(allowed: bool) -> Result<SupportOverview, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async {
        crate::ssr::support::set_allowed(&firm, allowed).await?;
        crate::ssr::support::overview(&firm).await
    }
    .await;
    firm.finish(result).await
}

/// Allows a running support session to make changes.
#[server(endpoint = "support/grant-write")]
pub async fn grant_support_write(id: Uuid) -> Result<SupportOverview, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async {
        crate::ssr::support::grant_write(&firm, id).await?;
        crate::ssr::support::overview(&firm).await
    }
    .await;
    firm.finish(result).await
}

/// Ends a running support session now.
#[server(endpoint = "support/end")]
pub async fn end_support(id: Uuid) -> Result<SupportOverview, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::SettingsManage).await?;
    let result = async {
        crate::ssr::support::end(&firm, id).await?;
        crate::ssr::support::overview(&firm).await
    }
    .await;
    firm.finish(result).await
}
