//! The platform console at `admin.{base domain}`: Docket's operators, not any firm.

pub mod dashboard;

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
    /// Why the firm is suspended (while it is).
    pub suspended_reason: Option<String>,
    /// When a scheduled deletion is due.
    pub deletion_due_at: Option<DateTime<Utc>>,
    /// When the firm was created.
    pub created_at: DateTime<Utc>,
}

/// Every firm, for signed-in platform admins on the platform host.
#[server(endpoint = "platform/firms")]
pub async fn list_firms() -> Result<Vec<FirmSummary>, AppError> {
    let result = async {
        let (state, _) = crate::ssr::platform::require_admin()?;
        let firms = crate::ssr::db::PlatformDb::new(&state.db)
            .all_firms()
            .await?;
        Ok(firms.into_iter().map(summary).collect())
    }
    .await;
    crate::ssr::errors::respond(result)
}

#[cfg(feature = "ssr")]
fn summary(f: crate::ssr::db::entities::firms::Model) -> FirmSummary {
    FirmSummary {
        slug: f.slug,
        name: f.name,
        status: f.status,
        plan: f.plan,
        suspended_reason: f.suspended_reason,
        deletion_due_at: f
            .deletion_due_at
            .and_then(|at| DateTime::from_timestamp(at, 0)),
        created_at: f.created_at,
    }
}

/// The console's form for opening a firm, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewFirmForm {
    /// The firm's name.
    pub name: String,
    /// Its subdomain label.
    pub slug: String,
    /// The owner's name.
    pub admin_name: String,
    /// The owner's email: the link to choose a password goes there.
    pub admin_email: String,
    /// ISO currency code (USD when empty).
    pub currency: String,
    /// Plan id (`standard` when empty).
    pub plan: String,
}

/// Opens a firm: the same provisioning as sign-up, on the chosen plan; its owner gets a mail
/// with a link to choose their password.
#[server(endpoint = "platform/firm-create")]
pub async fn create_firm(#[server(flatten)] form: NewFirmForm) -> Result<FirmSummary, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let firm = crate::ssr::services::firms::open(&state, &actor, form).await?;
        Ok(summary(firm))
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Suspends a firm for `reason` (shown to its users): its sessions end, sign-in is refused and
/// its host shows a page that says so; its data is kept.
#[server(endpoint = "platform/firm-suspend")]
pub async fn suspend_firm(slug: String, reason: String) -> Result<FirmSummary, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let firm =
            crate::ssr::services::lifecycle::suspend(&state.db, &actor, &slug, &reason).await?;
        state.sites.invalidate();
        Ok(summary(firm))
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Schedules a firm's deletion in `grace_days` (the firm is suspended meanwhile; reactivating
/// it cancels). Then its data key, documents and rows are removed for good.
#[server(endpoint = "platform/firm-delete")]
pub async fn schedule_firm_deletion(
    slug: String,
    grace_days: i64,
) -> Result<FirmSummary, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let firm = crate::ssr::services::lifecycle::schedule_deletion(
            &state.db, &actor, &slug, grace_days,
        )
        .await?;
        state.sites.invalidate();
        Ok(summary(firm))
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Reactivates a suspended firm.
#[server(endpoint = "platform/firm-reactivate")]
pub async fn reactivate_firm(slug: String) -> Result<FirmSummary, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let firm = crate::ssr::services::lifecycle::reactivate(&state.db, &actor, &slug).await?;
        state.sites.invalidate();
        Ok(summary(firm))
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Starts a support session in a firm for `reason` (unless the firm has turned support access
/// off) and returns the one-time link that opens it on the firm's host: read-only unless the
/// firm allows changes, for 30 minutes, recorded in the platform's and the firm's audit logs.
#[server(endpoint = "platform/support-start")]
pub async fn start_support(slug: String, reason: String) -> Result<String, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        crate::ssr::support::start(&state, &actor, &slug, &reason).await
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Every plan, for the console.
#[server(endpoint = "platform/plans")]
pub async fn list_plans() -> Result<Vec<crate::plans::Plan>, AppError> {
    let result = async {
        let (state, _) = crate::ssr::platform::require_admin()?;
        crate::ssr::plans::all(&state.db).await
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Creates or changes a plan. Limits are whole numbers, empty for none; features are
/// comma-separated (`documents,billing`).
#[server(endpoint = "platform/plan-save")]
pub async fn save_plan(
    #[server(flatten)] form: crate::plans::PlanForm,
) -> Result<crate::plans::Plan, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let plan = crate::ssr::plans::save(&state.db, &actor, form).await?;
        state.sites.invalidate();
        Ok(plan)
    }
    .await;
    crate::ssr::errors::respond(result)
}

/// Puts a firm on a plan.
#[server(endpoint = "platform/firm-plan")]
pub async fn set_firm_plan(slug: String, plan: String) -> Result<FirmSummary, AppError> {
    let result = async {
        let (state, actor) = crate::ssr::platform::require_admin()?;
        let firm = crate::ssr::plans::assign(&state.db, &actor, &slug, &plan).await?;
        Ok(summary(firm))
    }
    .await;
    crate::ssr::errors::respond(result)
}
