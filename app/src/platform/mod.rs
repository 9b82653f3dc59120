//! The platform console at `admin.{base domain}`: Docket's operators, not any firm.

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A firm as the platform console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmSummary {
    /// Subdomain label.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// `active` or `suspended`.
    pub status: String,
    /// Plan name.
    pub plan: String,
    /// When the firm was created.
    pub created_at: DateTime<Utc>,
}

/// Every firm, for signed-in platform admins on the platform host.
#[server(endpoint = "platform/firms")]
pub async fn list_firms() -> Result<Vec<FirmSummary>, AppError> {
    let result = async {
        let state = crate::ssr::platform::require_admin()?;
        let firms = crate::ssr::db::PlatformDb::new(&state.db)
            .all_firms()
            .await?;
        Ok(firms
            .into_iter()
            .map(|f| FirmSummary {
                slug: f.slug,
                name: f.name,
                status: f.status,
                plan: f.plan,
                created_at: f.created_at,
            })
            .collect())
    }
    .await;
    crate::ssr::errors::respond(result)
}
