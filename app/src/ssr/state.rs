//! The state every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use sea_orm::DatabaseConnection;

use super::crypto::MasterKey;
use super::documents::{DocumentLimits, Storage};
use super::limits::Limits;
use super::mail::Mailer;
use super::stats::Activity;
use super::tenant::SiteResolver;
use super::urls::Urls;

/// Shared application state: cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Leptos' rendering options (site root, output name).
    pub leptos_options: LeptosOptions,
    /// The database pool, connected as the unprivileged application role on PostgreSQL.
    pub db: DatabaseConnection,
    /// Host to site resolution with its cache.
    pub sites: Arc<SiteResolver>,
    /// Rate limits.
    pub limits: Arc<Limits>,
    /// Queues and delivers mail.
    pub mailer: Arc<Mailer>,
    /// Canonical addresses for links in mail.
    pub urls: Urls,
    /// Seals secrets kept at rest (two-factor secrets, firms' data keys).
    pub master_key: MasterKey,
    /// Where documents' encrypted bytes are kept.
    pub storage: Storage,
    /// The largest upload and each firm's storage quota.
    pub document_limits: DocumentLimits,
    /// Requests and sign-ins per firm, on their way to the dashboard's counters.
    pub activity: Arc<Activity>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
