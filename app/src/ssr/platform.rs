//! Platform admins: creating them, signing them in at `admin.{base domain}`, and the guard that
//! platform-wide server functions pass.

use http::request::Parts;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_sessions::Session;
use uuid::Uuid;

use super::audit::RequestMeta;
use super::audit::platform::{self as audit, PlatformActor};
use super::auth::{LOCK_AFTER_FAILURES, LOCK_SECONDS};
use super::db::PlatformDb;
use super::errors::internal;
use super::services::passwords;
use super::sessions::{past_absolute_timeout, time_now};
use super::state::AppState;
use super::tenant::Site;
use crate::auth::UserInfo;
use crate::error::{AppError, Validator};

/// The session key of a platform admin's sign-in (never set on a firm's session).
pub const PLATFORM_SIGNED_IN: &str = "platform_signed_in";

/// A platform admin's sign-in, kept in the session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformSignedIn {
    /// The admin.
    pub admin_id: Uuid,
    /// Unix seconds of the sign-in, for the absolute timeout.
    pub at: i64,
}

/// The signed-in platform admin of the current request (put in the request's extensions by the
/// server's middleware, on the platform host only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformAdmin {
    /// The admin's id.
    pub id: Uuid,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
}

impl PlatformAdmin {
    /// What the pages show of the admin.
    pub fn info(&self) -> UserInfo {
        UserInfo {
            name: self.name.clone(),
            email: self.email.clone(),
            permissions: Vec::new(),
            must_enrol_two_factor: false,
            support: None,
            features: Vec::new(),
        }
    }
}

/// The platform admin a session belongs to, if any; a session past its absolute timeout, or of
/// an admin who no longer exists, is ended.
pub async fn authenticate(
    db: &DatabaseConnection,
    session: &Session,
) -> Result<Option<PlatformAdmin>, AppError> {
    let signed_in: Option<PlatformSignedIn> = session
        .get(PLATFORM_SIGNED_IN)
        .await
        .map_err(|e| internal(&e))?;
    let Some(signed_in) = signed_in else {
        return Ok(None);
    };
    let admin = if !past_absolute_timeout(signed_in.at, time_now()) {
        PlatformDb::new(db).admin_by_id(signed_in.admin_id).await?
    } else {
        None
    };
    match admin {
        Some(a) => Ok(Some(PlatformAdmin {
            id: a.id,
            email: a.email,
            name: a.name,
        })),
        None => {
            session.flush().await.map_err(|e| internal(&e))?;
            Ok(None)
        }
    }
}

/// Signs a platform admin in on the platform host (rate limit and validation done by the caller).
pub async fn sign_in(
    state: &AppState,
    parts: &Parts,
    session: &Session,
    email: &str,
    password: String,
) -> Result<(), AppError> {
    let platform = PlatformDb::new(&state.db);
    let admin = platform.admin_by_email(email).await?;
    // Checked even for unknown or locked admins, so every answer takes as long.
    let matches =
        passwords::verify(password, admin.as_ref().map(|a| a.password_hash.clone())).await;
    let now = time_now();
    let mut actor = PlatformActor {
        admin_id: None,
        name: email.to_string(),
        request: RequestMeta::of(parts),
    };
    let Some(admin) = admin.filter(|a| a.locked_until.is_none_or(|until| until <= now)) else {
        tracing::info!("platform sign-in refused: unknown or locked");
        let details = json!({ "email": email, "reason": "unknown or locked" });
        audit::record(&state.db, &actor, "platform.sign_in_failed", None, details).await?;
        return Err(AppError::SignInFailed);
    };
    actor.admin_id = Some(admin.id);
    actor.name = admin.name.clone();
    if !matches {
        platform
            .record_admin_failure(admin.id, LOCK_AFTER_FAILURES, now + LOCK_SECONDS)
            .await?;
        tracing::info!(admin_id = %admin.id, "platform sign-in refused: wrong password");
        let details = json!({ "email": email, "reason": "wrong password" });
        audit::record(&state.db, &actor, "platform.sign_in_failed", None, details).await?;
        return Err(AppError::SignInFailed);
    }
    platform.reset_admin_failures(admin.id).await?;
    audit::record(&state.db, &actor, "platform.sign_in", None, json!({})).await?;
    session.cycle_id().await.map_err(|e| internal(&e))?;
    session
        .insert(
            PLATFORM_SIGNED_IN,
            PlatformSignedIn {
                admin_id: admin.id,
                at: time_now(),
            },
        )
        .await
        .map_err(|e| internal(&e))?;
    tracing::info!(admin_id = %admin.id, "platform admin signed in");
    Ok(())
}

/// The application state and the admin (as the platform audit log names them), if this request
/// is a signed-in platform admin's on the platform host; `NotFound` on any other host,
/// `Unauthorized` without a sign-in.
pub fn require_admin() -> Result<(AppState, PlatformActor), AppError> {
    let state = use_context::<AppState>().ok_or_else(|| internal(&"application state missing"))?;
    let parts = use_context::<Parts>().ok_or(AppError::NotFound)?;
    if parts.extensions.get::<Site>() != Some(&Site::Platform) {
        return Err(AppError::NotFound);
    }
    let admin = parts
        .extensions
        .get::<PlatformAdmin>()
        .ok_or(AppError::Unauthorized)?;
    let actor = PlatformActor {
        admin_id: Some(admin.id),
        name: admin.name.clone(),
        request: RequestMeta::of(&parts),
    };
    Ok((state, actor))
}

/// Records a platform admin's sign-out in the platform audit log.
pub async fn record_sign_out(
    db: &DatabaseConnection,
    parts: &Parts,
    admin: &PlatformAdmin,
) -> Result<(), AppError> {
    let actor = PlatformActor {
        admin_id: Some(admin.id),
        name: admin.name.clone(),
        request: RequestMeta::of(parts),
    };
    Ok(audit::record(db, &actor, "platform.sign_out", None, json!({})).await?)
}

/// Creates a platform admin with a generated password; returns the email and the password,
/// which is shown once and stored only as a hash.
pub async fn create_admin(
    db: &DatabaseConnection,
    email: &str,
) -> Result<(String, String), AppError> {
    let mut v = Validator::default();
    let email = v.email("email", email);
    v.finish()?;
    let platform = PlatformDb::new(db);
    if platform.admin_by_email(&email).await?.is_some() {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "email".into(),
            message: format!("{email} is already a platform admin."),
        }]));
    }
    let password = passwords::generate(20);
    let hash = passwords::hash(password.clone())
        .await
        .map_err(|e| internal(&e))?;
    let name = email.split('@').next().unwrap_or("Admin").to_string();
    platform.insert_admin(&email, &name, hash).await?;
    Ok((email, password))
}
