//! Who is signed in: sign-in and sign-out, and resolving a request's session to a user.

use http::request::Parts;
use leptos::prelude::*;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseConnection, QueryFilter};
use serde_json::json;
use tower_sessions::Session;
use uuid::Uuid;

use super::audit::{Actor, AuditContext};
use super::db::FirmDb;
use super::db::entities::users;
use super::errors::internal;
use super::limits::ClientAddr;
use super::mail::format_time;
use super::mail::templates::{AccountLocked, PasswordChanged};
use super::services::passwords;
use super::sessions::{
    SECOND_STEP, SIGNED_IN, SecondStep, SignedIn, end_all_for_user, past_absolute_timeout, time_now,
};
use super::state::AppState;
use super::tenant::{FirmRef, Site, request_firm};
use super::two_factor;
use crate::auth::{Permission, Role, UserInfo};
use crate::error::{AppError, Validator};
use crate::plans::Feature;

/// The signed-in user of the current request, put in the request's extensions by the server's
/// authentication middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    /// The user's id.
    pub id: Uuid,
    /// The user's firm (always the request's firm).
    pub firm_id: Uuid,
    /// Sign-in email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// The stored role: a built-in role's name or `custom:{id}`.
    pub role: String,
    /// What the role grants, resolved when the session is (a custom role that is gone grants
    /// nothing).
    pub permissions: Vec<Permission>,
    /// The firm requires two-factor sign-in and the user has not set it up yet: only their
    /// account (to set it up) and signing out are open to them.
    pub must_enrol_two_factor: bool,
    /// Set when this is a platform admin in a support session (then `id` is the admin's).
    pub support: Option<super::support::SupportAccess>,
    /// The features of the firm's plan (permissions of features it lacks are left out).
    pub features: Vec<Feature>,
}

impl CurrentUser {
    /// What the pages show of the user.
    pub fn info(&self) -> UserInfo {
        UserInfo {
            name: self.name.clone(),
            email: self.email.clone(),
            permissions: self.permissions.clone(),
            must_enrol_two_factor: self.must_enrol_two_factor,
            support: self.support.as_ref().map(|s| s.banner(&self.name)),
            features: self.features.clone(),
        }
    }

    /// The user as the audit trail names them.
    pub fn actor(&self) -> Actor {
        match self.support {
            Some(_) => Actor::Support {
                admin_id: self.id,
                name: self.name.clone(),
            },
            None => Actor::User {
                id: self.id,
                name: self.name.clone(),
            },
        }
    }

    /// Whether the user's role allows `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// The user a session belongs to on this firm's host, if any. A session signed in to another
/// firm, past its absolute timeout, or of a user who is deactivated or gone is ended here.
pub async fn authenticate(
    db: &DatabaseConnection,
    firm_id: Uuid,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let signed_in: Option<SignedIn> = session.get(SIGNED_IN).await.map_err(|e| internal(&e))?;
    let Some(signed_in) = signed_in else {
        return super::support::authenticate(db, firm_id, session).await;
    };
    if signed_in.firm_id != firm_id || past_absolute_timeout(signed_in.at, time_now()) {
        session.flush().await.map_err(|e| internal(&e))?;
        return Ok(None);
    }
    let firm = FirmDb::begin(db, firm_id).await?;
    let user = firm.get::<users::Entity>(signed_in.user_id).await;
    let permissions = match &user {
        Ok(u) if u.active => crate::roles::store::permissions_of(&firm, &u.role).await?,
        _ => Vec::new(),
    };
    let must_enrol = match &user {
        Ok(u) if u.active && u.totp_enabled_at.is_none() => two_factor::required(&firm).await?,
        _ => false,
    };
    let features = super::plans::of_firm(firm.conn(), firm_id).await?.features;
    let permissions = in_plan(permissions, &features);
    firm.commit().await?;
    match user {
        Ok(u) if u.active => Ok(Some(CurrentUser {
            id: u.id,
            firm_id: u.firm_id,
            email: u.email,
            name: u.name,
            role: u.role,
            permissions,
            must_enrol_two_factor: must_enrol,
            support: None,
            features,
        })),
        Ok(_) | Err(AppError::NotFound) => {
            session.flush().await.map_err(|e| internal(&e))?;
            Ok(None)
        }
        Err(other) => Err(other),
    }
}

/// `permissions` without those of features the plan lacks.
pub(crate) fn in_plan(permissions: Vec<Permission>, features: &[Feature]) -> Vec<Permission> {
    permissions
        .into_iter()
        .filter(|p| Feature::of(*p).is_none_or(|f| features.contains(&f)))
        .collect()
}

/// The state and request parts of the current server function.
pub(crate) fn request() -> Result<(AppState, Parts), AppError> {
    let state = use_context::<AppState>().ok_or_else(|| internal(&"application state missing"))?;
    let parts = use_context::<Parts>().ok_or_else(|| internal(&"request parts missing"))?;
    Ok((state, parts))
}

/// The request's session.
pub(crate) fn session(parts: &Parts) -> Result<Session, AppError> {
    parts
        .extensions
        .get::<Session>()
        .cloned()
        .ok_or_else(|| internal(&"no session layer"))
}

/// Checks an email and password against this firm's users (or, on the platform host, the
/// platform admins) and, if they match, rotates the session id and records the sign-in; for a
/// user with two-factor sign-in, the session only awaits the code ([`SecondStep`]). An unknown
/// email costs the same time as a wrong password and gets the same answer. Returns where to go:
/// `next`, or the second step's page.
pub async fn sign_in(email: String, password: String, next: String) -> Result<String, AppError> {
    let (state, parts) = request()?;
    let site = parts
        .extensions
        .get::<Site>()
        .cloned()
        .ok_or(AppError::NotFound)?;
    let addr = parts
        .extensions
        .get::<ClientAddr>()
        .ok_or_else(|| internal(&"client address missing"))?;
    state.limits.sign_in(addr.0)?;
    let email = email.trim().to_lowercase();
    let mut v = Validator::default();
    if email.is_empty() {
        v.reject("email", "Enter the email address you sign in with.");
    }
    if password.is_empty() {
        v.reject("password", "Enter your password.");
    }
    v.finish()?;
    let firm_ref = match site {
        Site::Firm(firm) => firm,
        Site::Platform => {
            super::platform::sign_in(&state, &parts, &session(&parts)?, &email, password).await?;
            return Ok(next);
        }
        Site::Public => return Err(AppError::NotFound),
    };
    let firm_id = firm_ref.id;
    // Signing in is the one look-up made before anyone is signed in.
    let firm = FirmDb::begin(&state.db, firm_id).await?;
    let user = firm
        .find::<users::Entity>()
        .filter(users::Column::Email.eq(&email))
        .one(firm.conn())
        .await?;
    firm.commit().await?;
    // The hash is checked even for unknown or locked accounts, so every answer takes as long.
    let matches = passwords::verify(password, user.as_ref().map(|u| u.password_hash.clone())).await;
    let firm = FirmDb::begin_write(&state.db, firm_id)
        .await?
        .with_context(AuditContext::request(&parts, Actor::System));
    let Some(user) = user else {
        tracing::info!("sign-in refused: unknown email");
        firm.log(
            "auth.sign_in_failed",
            "users",
            None,
            json!({ "email": email, "reason": "unknown email" }),
        );
        firm.commit().await?;
        return Err(AppError::SignInFailed);
    };
    firm.set_actor(Actor::User {
        id: user.id,
        name: user.name.clone(),
    });
    let now = time_now();
    let refusal = if user.locked_until.is_some_and(|until| until > now) {
        Some("account locked")
    } else if !user.active {
        Some("account deactivated")
    } else if !matches {
        Some("wrong password")
    } else {
        None
    };
    if let Some(reason) = refusal {
        firm.log(
            "auth.sign_in_failed",
            "users",
            Some(user.id),
            json!({ "email": email, "reason": reason }),
        );
        let locked = if reason == "wrong password" {
            record_failure(&state, &firm, &firm_ref, &user, now).await?
        } else {
            false
        };
        firm.commit().await?;
        if locked {
            state.mailer.wake();
        }
        tracing::info!(user_id = %user.id, reason, "sign-in refused");
        return Err(AppError::SignInFailed);
    }
    if !user.email_verified {
        firm.commit().await?;
        return Err(AppError::EmailUnverified);
    }
    if user.totp_enabled_at.is_some() {
        firm.log("auth.password_accepted", "users", Some(user.id), json!({}));
        firm.commit().await?;
        await_second_step(&parts, firm_id, user.id, next).await?;
        tracing::info!(user_id = %user.id, "password accepted; awaiting the second factor");
        return Ok(two_factor::SECOND_STEP_PAGE.to_string());
    }
    firm.update_many::<users::Entity>()
        .col_expr(users::Column::FailedSignIns, Expr::value(0))
        .col_expr(users::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .col_expr(users::Column::LastSignInAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec()
        .await?;
    firm.log("auth.sign_in", "users", Some(user.id), json!({}));
    firm.commit().await?;
    state.activity.sign_in(firm_id);
    start_session(&parts, firm_id, user.id).await?;
    tracing::info!(user_id = %user.id, "signed in");
    Ok(next)
}

/// Marks this session as halfway signed in (a new id, no sign-in yet).
async fn await_second_step(
    parts: &Parts,
    firm_id: Uuid,
    user_id: Uuid,
    next: String,
) -> Result<(), AppError> {
    let session = session(parts)?;
    session.cycle_id().await.map_err(|e| internal(&e))?;
    session
        .insert(
            SECOND_STEP,
            SecondStep {
                firm_id,
                user_id,
                at: time_now(),
                next,
            },
        )
        .await
        .map_err(|e| internal(&e))
}

/// Signs `user_id` in on this session: a new session id, then the sign-in record (which
/// replaces a half-finished sign-in).
pub(crate) async fn start_session(
    parts: &Parts,
    firm_id: Uuid,
    user_id: Uuid,
) -> Result<(), AppError> {
    let session = session(parts)?;
    session.cycle_id().await.map_err(|e| internal(&e))?;
    session
        .remove_value(SECOND_STEP)
        .await
        .map_err(|e| internal(&e))?;
    session
        .insert(
            SIGNED_IN,
            SignedIn {
                firm_id,
                user_id,
                at: time_now(),
            },
        )
        .await
        .map_err(|e| internal(&e))
}

/// After this many failed sign-ins in a row an account is locked.
pub const LOCK_AFTER_FAILURES: i32 = 5;
/// How long a locked account stays locked, in seconds.
pub const LOCK_SECONDS: i64 = 15 * 60;

/// Counts a failed sign-in (atomically, so concurrent attempts all count) and locks the account
/// when the count reaches [`LOCK_AFTER_FAILURES`], telling the firm's owners by mail. Returns
/// whether it locked the account.
pub(crate) async fn record_failure(
    state: &AppState,
    firm: &FirmDb,
    firm_ref: &FirmRef,
    user: &users::Model,
    now: i64,
) -> Result<bool, AppError> {
    let user_id = user.id;
    firm.update_many::<users::Entity>()
        .col_expr(
            users::Column::FailedSignIns,
            Expr::col(users::Column::FailedSignIns).add(1),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec()
        .await?;
    let locked = firm
        .update_many::<users::Entity>()
        .col_expr(users::Column::FailedSignIns, Expr::value(0))
        .col_expr(users::Column::LockedUntil, Expr::value(now + LOCK_SECONDS))
        .filter(users::Column::Id.eq(user_id))
        .filter(users::Column::FailedSignIns.gte(LOCK_AFTER_FAILURES))
        .exec()
        .await?;
    if locked == 0 {
        return Ok(false);
    }
    tracing::warn!(%user_id, "account locked after repeated failed sign-ins");
    firm.log(
        "auth.account_locked",
        "users",
        Some(user_id),
        json!({ "failures": LOCK_AFTER_FAILURES, "until": now + LOCK_SECONDS }),
    );
    let owners = firm
        .find::<users::Entity>()
        .filter(users::Column::Role.eq(Role::Owner.as_str()))
        .filter(users::Column::Active.eq(true))
        .all(firm.conn())
        .await?;
    let mail = AccountLocked {
        email: user.email.clone(),
        failures: LOCK_AFTER_FAILURES,
        until: format_time(&firm_ref.clock, now + LOCK_SECONDS),
        link: state.urls.firm(&firm_ref.slug, "/settings"),
    };
    for owner in owners {
        state
            .mailer
            .queue_in(firm, firm_ref, &owner.email, &mail)
            .await?;
    }
    Ok(true)
}

/// The signed-in user of the current request, or `Unauthorized`.
pub fn current_user() -> Result<CurrentUser, AppError> {
    use_context::<Parts>()
        .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
        .ok_or(AppError::Unauthorized)
}

/// Changes the signed-in user's password after checking the current one, and ends every session
/// of the user but this one (which gets a new id).
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    let (state, parts) = request()?;
    let user = current_user()?;
    passwords::check_new(&new, &confirm)?;
    let firm = FirmDb::begin(&state.db, user.firm_id).await?;
    let stored = firm.get::<users::Entity>(user.id).await?;
    firm.commit().await?;
    if !passwords::verify(current, Some(stored.password_hash.clone())).await {
        return Err(AppError::Invalid(vec![crate::error::FieldError {
            field: "current_password".into(),
            message: "That is not your current password.".into(),
        }]));
    }
    let hash = passwords::hash(new).await.map_err(|e| internal(&e))?;
    let (_, firm_ref) = request_firm()?;
    let firm = FirmDb::begin(&state.db, user.firm_id).await?;
    let result = set_password(&state, &firm, &firm_ref, &stored, hash).await;
    firm.finish(result).await?;
    state.mailer.wake();
    end_all_for_user(&state.db, user.firm_id, user.id).await?;
    // This session lives on under a new id; its old record was just deleted.
    let session = session(&parts)?;
    session.cycle_id().await.map_err(|e| internal(&e))?;
    tracing::info!(user_id = %user.id, "password changed; other sessions ended");
    Ok(())
}

/// Stores a new password hash for `user`, unlocks the account, and queues the "password
/// changed" mail, all in `firm`'s transaction. The caller ends the user's other sessions.
pub(crate) async fn set_password(
    state: &AppState,
    firm: &FirmDb,
    firm_ref: &FirmRef,
    user: &users::Model,
    hash: String,
) -> Result<(), AppError> {
    firm.update_many::<users::Entity>()
        .col_expr(users::Column::PasswordHash, Expr::value(hash))
        .col_expr(users::Column::FailedSignIns, Expr::value(0))
        .col_expr(users::Column::LockedUntil, Expr::value(Option::<i64>::None))
        .filter(users::Column::Id.eq(user.id))
        .exec()
        .await?;
    firm.log("auth.password_changed", "users", Some(user.id), json!({}));
    let mail = PasswordChanged {
        name: user.name.clone(),
        when: format_time(&firm_ref.clock, time_now()),
        reset_link: state.urls.firm(&firm_ref.slug, "/forgot-password"),
    };
    state
        .mailer
        .queue_in(firm, firm_ref, &user.email, &mail)
        .await
}

/// Ends every session of a user of the current request's firm (after deactivation).
pub async fn end_sessions_of(user_id: Uuid) -> Result<(), AppError> {
    let (state, _) = request()?;
    let me = current_user()?;
    end_all_for_user(&state.db, me.firm_id, user_id).await?;
    Ok(())
}

/// Ends every session of the signed-in user, this one included.
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    let (state, parts) = request()?;
    let user = current_user()?;
    end_all_for_user(&state.db, user.firm_id, user.id).await?;
    record_sign_out(&state, &parts, &user, "everywhere").await?;
    session(&parts)?.flush().await.map_err(|e| internal(&e))
}

/// Ends the current session.
pub async fn sign_out() -> Result<(), AppError> {
    let (state, parts) = request()?;
    if let Some(user) = parts.extensions.get::<CurrentUser>() {
        record_sign_out(&state, &parts, user, "this session").await?;
    } else if let Some(admin) = parts.extensions.get::<super::platform::PlatformAdmin>() {
        super::platform::record_sign_out(&state.db, &parts, admin).await?;
    }
    session(&parts)?.flush().await.map_err(|e| internal(&e))
}

async fn record_sign_out(
    state: &AppState,
    parts: &Parts,
    user: &CurrentUser,
    scope: &str,
) -> Result<(), AppError> {
    let firm = FirmDb::begin_write(&state.db, user.firm_id)
        .await?
        .with_context(AuditContext::request(parts, user.actor()));
    // Signing out of a support session ends it.
    let ended = match &user.support {
        Some(support) => super::support::end(&firm, support.session_id).await,
        None => {
            firm.log(
                "auth.sign_out",
                "users",
                Some(user.id),
                json!({ "scope": scope }),
            );
            Ok(())
        }
    };
    firm.finish(ended).await
}
