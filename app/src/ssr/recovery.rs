//! Getting back in by mail: password reset links and email verification after sign-up.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, QueryFilter};

use super::audit::{Actor, AuditContext};
use super::auth::{request, set_password, start_session};
use super::db::FirmDb;
use super::db::entities::users;
use super::errors::internal;
use super::limits::ClientAddr;
use super::mail::templates::{PasswordReset, Welcome};
use super::services::passwords;
use super::sessions::{end_all_for_user, time_now};
use super::tenant::request_firm;
use super::tokens::{self, Purpose};
use crate::error::{AppError, Validator};

/// How long a password reset link works.
pub const RESET_MINUTES: i64 = 30;
/// How long an email verification link works.
pub const VERIFY_HOURS: i64 = 24;

/// Mails a reset link to `email` if it is an active user of this firm. The answer is the same
/// either way, so the form tells nobody whether an account exists.
pub async fn request_reset(email: String) -> Result<(), AppError> {
    let (state, firm_ref) = request_firm()?;
    let (_, parts) = request()?;
    if let Some(addr) = parts.extensions.get::<ClientAddr>() {
        state.limits.sign_in(addr.0)?;
    }
    let mut v = Validator::default();
    let email = v.email("email", &email);
    v.finish()?;
    let firm = FirmDb::begin_write(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::current(Actor::System));
    let result = async {
        let user = firm
            .find::<users::Entity>()
            .filter(users::Column::Email.eq(&email))
            .filter(users::Column::Active.eq(true))
            .one(firm.conn())
            .await?;
        let Some(user) = user else {
            tracing::info!("password reset asked for an unknown or inactive email");
            return Ok(false);
        };
        let token =
            tokens::issue_for_user(&firm, user.id, Purpose::Reset, RESET_MINUTES * 60).await?;
        let mail = PasswordReset {
            name: user.name.clone(),
            link: state
                .urls
                .firm(&firm_ref.slug, &format!("/reset-password?token={token}")),
            minutes: RESET_MINUTES,
        };
        state
            .mailer
            .queue_in(&firm, &firm_ref, &user.email, &mail)
            .await?;
        tracing::info!(user_id = %user.id, "password reset link sent");
        Ok(true)
    }
    .await;
    if firm.finish(result).await? {
        state.mailer.wake();
    }
    Ok(())
}

/// Sets a new password from a reset link: the link works once; the account is unlocked, every
/// session of the user ends, and the user is told by mail.
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let (state, firm_ref) = request_firm()?;
    passwords::check_new(&new_password, &confirm_password)?;
    let hash = passwords::hash(new_password)
        .await
        .map_err(|e| internal(&e))?;
    let firm = FirmDb::begin_write(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::current(Actor::System));
    let result = async {
        let user_id = tokens::consume(&firm, Purpose::Reset, &token).await?;
        let user = firm.get::<users::Entity>(user_id).await?;
        if !user.active {
            return Err(AppError::LinkExpired);
        }
        set_password(&state, &firm, &firm_ref, &user, hash).await?;
        Ok(user.id)
    }
    .await;
    let user_id = firm.finish(result).await?;
    state.mailer.wake();
    end_all_for_user(&state.db, firm_ref.id, user_id).await?;
    tracing::info!(%user_id, "password reset; every session ended");
    Ok(())
}

/// Confirms a sign-up owner's email from the link in the verification mail, signs them in on
/// this host and sends the welcome mail.
pub async fn verify_email(token: String) -> Result<(), AppError> {
    let (state, firm_ref) = request_firm()?;
    let (_, parts) = request()?;
    let firm = FirmDb::begin_write(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::current(Actor::System));
    let result = async {
        let user_id = tokens::consume(&firm, Purpose::Verify, &token).await?;
        let user = firm.get::<users::Entity>(user_id).await?;
        firm.update_many::<users::Entity>()
            .col_expr(users::Column::EmailVerified, Expr::value(true))
            .col_expr(users::Column::LastSignInAt, Expr::value(time_now()))
            .filter(users::Column::Id.eq(user.id))
            .exec()
            .await?;
        let mail = Welcome {
            name: user.name.clone(),
            link: state.urls.firm(&firm_ref.slug, "/"),
        };
        state
            .mailer
            .queue_in(&firm, &firm_ref, &user.email, &mail)
            .await?;
        Ok(user.id)
    }
    .await;
    let user_id = firm.finish(result).await?;
    state.mailer.wake();
    start_session(&parts, firm_ref.id, user_id).await?;
    tracing::info!(%user_id, "email verified; signed in");
    Ok(())
}
