//! Two-factor sign-in: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock
//! skew either way) through `totp-rs`, with the QR code for enrolment drawn by `qrcode` as SVG.
//!
//! - The secret is sealed under the master key for its user ([`super::crypto`]); it counts
//!   only once a code from the app has confirmed it.
//! - A code is accepted once: the last accepted time step is stored and only a later step
//!   passes, checked and recorded in one conditional UPDATE (so two requests racing with one
//!   code cannot both win).
//! - Ten recovery codes, each usable once, stored as SHA-256 (they are random, not chosen).
//! - Wrong codes count as failed sign-ins, so the lockout after five applies to both steps.
//! - A firm can require two-factor sign-in ([`required`]); its users without it reach only
//!   their account page until they set it up ([`super::tenant::firm_db`] refuses the rest).

use qrcode::QrCode;
use qrcode::render::svg;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, PaginatorTrait, QueryFilter};
use sha2::{Digest, Sha256};
use totp_rs::{Builder, Totp};
use uuid::Uuid;

use super::audit::{Actor, AuditContext};
use super::auth::{current_user, record_failure, request, session, start_session};
use super::db::entities::{firm_settings, recovery_codes, users};
use super::db::{FirmDb, new_id};
use super::errors::internal;
use super::limits::ClientAddr;
use super::mail::format_time;
use super::mail::templates::TwoFactorChanged;
use super::services::passwords;
use super::sessions::{SECOND_STEP, SecondStep, time_now};
use super::state::AppState;
use super::tenant::{FirmRef, firm_db, request_firm};
use crate::auth::{Permission, Role};
use crate::error::{AppError, FieldError};
use crate::two_factor::{Enrolment, FirmPolicy, TwoFactorStatus};

/// The page that asks for the second factor.
pub const SECOND_STEP_PAGE: &str = "/login/two-factor";
/// How long the second step may take after the password, in seconds.
pub const SECOND_STEP_SECONDS: i64 = 5 * 60;
/// How many recovery codes a user gets at a time.
pub const RECOVERY_CODES: usize = 10;

/// Recovery code characters: lower case without look-alikes (no i, l, o, 0, 1).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

/// Whether the firm requires two-factor sign-in of everyone.
pub async fn required(firm: &FirmDb) -> Result<bool, AppError> {
    let settings = firm
        .find::<firm_settings::Entity>()
        .one(firm.conn())
        .await?;
    Ok(settings.is_some_and(|s| s.require_two_factor))
}

/// The associated data a user's secret is sealed with: it opens for that user only.
fn sealed_for(user: &users::Model) -> Vec<u8> {
    format!("totp:{}:{}", user.firm_id, user.id).into_bytes()
}

/// The user's TOTP generator, from their sealed secret.
fn totp_of(state: &AppState, user: &users::Model, firm_slug: &str) -> Result<Totp, AppError> {
    let sealed = user
        .totp_secret
        .as_deref()
        .ok_or_else(|| internal(&"no two-factor secret"))?;
    let secret = state
        .master_key
        .open(sealed, &sealed_for(user))
        .map_err(|e| internal(&e))?;
    Builder::new()
        .with_secret(secret)
        .with_account_name(user.email.as_str())
        .with_issuer(Some(format!("Docket ({firm_slug})")))
        .build()
        .map_err(|e| internal(&e))
}

/// The time step of `code` if it is the user's current code and later than any accepted before.
fn matching_step(totp: &Totp, user: &users::Model, code: &str) -> Option<i64> {
    let now = u64::try_from(time_now()).unwrap_or(0);
    let step = i64::try_from(totp.check(code, now)?).ok()?;
    user.totp_last_step
        .is_none_or(|last| step > last)
        .then_some(step)
}

/// Records `step` as used, unless a concurrent request used it (or a later one) first.
async fn spend_step(firm: &FirmDb, user_id: Uuid, step: i64) -> Result<bool, AppError> {
    let spent = firm
        .update_many::<users::Entity>()
        .col_expr(users::Column::TotpLastStep, Expr::value(step))
        .filter(users::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(users::Column::TotpLastStep.is_null())
                .add(users::Column::TotpLastStep.lt(step)),
        )
        .exec()
        .await?;
    Ok(spent == 1)
}

/// A recovery code as stored: lower case, without spaces or dashes, hashed.
fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// Replaces the user's recovery codes with fresh ones; returns them, formatted `xxxxx-xxxxx`.
async fn replace_recovery_codes(firm: &FirmDb, user_id: Uuid) -> Result<Vec<String>, AppError> {
    firm.delete_many::<recovery_codes::Entity>()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec()
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let raw = passwords::random_chars(RECOVERY_ALPHABET, 10);
        let code = format!("{}-{}", &raw[..5], &raw[5..]);
        firm.insert(recovery_codes::ActiveModel {
            id: Set(new_id()),
            user_id: Set(user_id),
            code_hash: Set(recovery_hash(&code)),
            created_at: Set(time_now()),
            used_at: Set(None),
            ..Default::default()
        })
        .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// Spends one of the user's recovery codes; whether it was unused and theirs.
async fn spend_recovery_code(firm: &FirmDb, user_id: Uuid, code: &str) -> Result<bool, AppError> {
    let spent = firm
        .update_many::<recovery_codes::Entity>()
        .col_expr(recovery_codes::Column::UsedAt, Expr::value(time_now()))
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::CodeHash.eq(recovery_hash(code)))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .exec()
        .await?;
    Ok(spent == 1)
}

async fn codes_left(firm: &FirmDb, user_id: Uuid) -> Result<u64, AppError> {
    Ok(firm
        .find::<recovery_codes::Entity>()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .filter(recovery_codes::Column::UsedAt.is_null())
        .count(firm.conn())
        .await?)
}

/// Tells `user` by mail, and the audit trail, in `firm`'s transaction, that their two-factor
/// sign-in changed.
async fn tell(
    state: &AppState,
    firm: &FirmDb,
    firm_ref: &FirmRef,
    user: &users::Model,
    change: &str,
) -> Result<(), AppError> {
    firm.log(
        "auth.two_factor_changed",
        "users",
        Some(user.id),
        serde_json::json!({ "change": change }),
    );
    let mail = TwoFactorChanged {
        name: user.name.clone(),
        change: change.to_string(),
        when: format_time(&firm_ref.clock, time_now()),
        link: state.urls.firm(&firm_ref.slug, "/account"),
    };
    state
        .mailer
        .queue_in(firm, firm_ref, &user.email, &mail)
        .await
}

/// Turns two-factor sign-in off for `user` and deletes their recovery codes (in `firm`'s
/// transaction).
async fn clear(firm: &FirmDb, user_id: Uuid) -> Result<(), AppError> {
    firm.update_many::<users::Entity>()
        .col_expr(
            users::Column::TotpSecret,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            users::Column::TotpEnabledAt,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(
            users::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .filter(users::Column::Id.eq(user_id))
        .exec()
        .await?;
    firm.delete_many::<recovery_codes::Entity>()
        .filter(recovery_codes::Column::UserId.eq(user_id))
        .exec()
        .await?;
    Ok(())
}

/// The signed-in user's own row in a transaction of their firm. Works for users who still
/// have to set up two-factor sign-in, unlike [`firm_db`].
struct Me {
    state: AppState,
    firm: FirmDb,
    firm_ref: FirmRef,
    user: users::Model,
}

impl Me {
    async fn open() -> Result<Me, AppError> {
        let (state, parts) = request()?;
        let me = current_user()?;
        let (_, firm_ref) = request_firm()?;
        let firm = FirmDb::begin_write(&state.db, me.firm_id)
            .await?
            .with_context(AuditContext::request(&parts, me.actor()));
        match firm.get::<users::Entity>(me.id).await {
            Ok(user) => Ok(Me {
                state,
                firm,
                firm_ref,
                user,
            }),
            Err(err) => firm.finish(Err(err)).await,
        }
    }

    /// Commits if `result` is `Ok` (then wakes the mail sender), rolls back otherwise.
    async fn finish<T>(self, result: Result<T, AppError>) -> Result<T, AppError> {
        let value = self.firm.finish(result).await?;
        self.state.mailer.wake();
        Ok(value)
    }

    /// Tells the user by mail, in this transaction, that their two-factor sign-in changed.
    async fn tell(&self, change: &str) -> Result<(), AppError> {
        tell(&self.state, &self.firm, &self.firm_ref, &self.user, change).await
    }
}

/// The password check before turning off or replacing codes.
async fn check_password(user: &users::Model, password: String) -> Result<(), AppError> {
    if passwords::verify(password, Some(user.password_hash.clone())).await {
        Ok(())
    } else {
        Err(invalid("password", "That is not your current password."))
    }
}

/// The signed-in user's state.
pub async fn status() -> Result<TwoFactorStatus, AppError> {
    let me = Me::open().await?;
    let result = async {
        Ok(TwoFactorStatus {
            enabled: me.user.totp_enabled_at.is_some(),
            recovery_codes_left: u32::try_from(codes_left(&me.firm, me.user.id).await?)
                .unwrap_or(u32::MAX),
            required_by_firm: required(&me.firm).await?,
        })
    }
    .await;
    me.finish(result).await
}

/// A new secret for the signed-in user, not yet in force.
pub async fn begin() -> Result<Enrolment, AppError> {
    let me = Me::open().await?;
    let result = async {
        if me.user.totp_enabled_at.is_some() {
            return Err(invalid(
                "code",
                "Two-factor sign-in is already on. To move it to a new phone, turn it off and set it up again.",
            ));
        }
        let mut secret = [0u8; 20];
        getrandom::fill(&mut secret).map_err(|e| internal(&e))?;
        let sealed = me.state.master_key.seal(&secret, &sealed_for(&me.user));
        me.firm
            .update_many::<users::Entity>()
            .col_expr(users::Column::TotpSecret, Expr::value(sealed.clone()))
            .filter(users::Column::Id.eq(me.user.id))
            .exec()
            .await?;
        let user = users::Model {
            totp_secret: Some(sealed),
            ..me.user.clone()
        };
        enrolment(&totp_of(&me.state, &user, &me.firm_ref.slug)?)
    }
    .await;
    me.finish(result).await
}

/// The secret, its `otpauth://` address and that address as a QR code.
fn enrolment(totp: &Totp) -> Result<Enrolment, AppError> {
    let otpauth_url = totp.to_url().map_err(|e| internal(&e))?;
    let qr_svg = QrCode::new(otpauth_url.as_bytes())
        .map_err(|e| internal(&e))?
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#0f172a"))
        .light_color(svg::Color("#ffffff"))
        .build();
    let secret = totp
        .secret()
        .to_base32()
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Enrolment {
        secret,
        otpauth_url,
        qr_svg,
    })
}

/// Confirms the new secret with a code and turns two-factor sign-in on.
pub async fn enable(code: String) -> Result<Vec<String>, AppError> {
    let me = Me::open().await?;
    let result = async {
        let user = &me.user;
        if user.totp_enabled_at.is_some() {
            return Err(invalid("code", "Two-factor sign-in is already on."));
        }
        if user.totp_secret.is_none() {
            return Err(invalid(
                "code",
                "Start the set-up again: scan the new QR code, then enter the code.",
            ));
        }
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 6 || !code.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid("code", "Enter the 6-digit code your app shows."));
        }
        let totp = totp_of(&me.state, user, &me.firm_ref.slug)?;
        let Some(step) = matching_step(&totp, user, &code) else {
            return Err(invalid(
                "code",
                "That code does not match. Enter the code your app shows now; if it keeps failing, check that your phone sets its clock automatically.",
            ));
        };
        me.firm
            .update_many::<users::Entity>()
            .col_expr(users::Column::TotpEnabledAt, Expr::value(time_now()))
            .col_expr(users::Column::TotpLastStep, Expr::value(step))
            .filter(users::Column::Id.eq(user.id))
            .exec()
            .await?;
        let codes = replace_recovery_codes(&me.firm, user.id).await?;
        me.tell("Two-factor sign-in was turned on.").await?;
        tracing::info!(user_id = %user.id, "two-factor sign-in turned on");
        Ok(codes)
    }
    .await;
    me.finish(result).await
}

/// Turns two-factor sign-in off for the signed-in user.
pub async fn disable(password: String) -> Result<(), AppError> {
    let me = Me::open().await?;
    let result = async {
        if me.user.totp_enabled_at.is_none() {
            return Err(invalid("password", "Two-factor sign-in is already off."));
        }
        if required(&me.firm).await? {
            return Err(invalid(
                "password",
                "Your firm requires two-factor sign-in, so it cannot be turned off. To move it to a new phone, ask an administrator to reset it.",
            ));
        }
        check_password(&me.user, password).await?;
        clear(&me.firm, me.user.id).await?;
        me.tell("Two-factor sign-in was turned off.").await?;
        tracing::info!(user_id = %me.user.id, "two-factor sign-in turned off");
        Ok(())
    }
    .await;
    me.finish(result).await
}

/// New recovery codes for the signed-in user; the old ones stop working.
pub async fn new_recovery_codes(password: String) -> Result<Vec<String>, AppError> {
    let me = Me::open().await?;
    let result = async {
        if me.user.totp_enabled_at.is_none() {
            return Err(invalid(
                "password",
                "Turn on two-factor sign-in first; recovery codes come with it.",
            ));
        }
        check_password(&me.user, password).await?;
        let codes = replace_recovery_codes(&me.firm, me.user.id).await?;
        me.tell("New recovery codes were made; the old ones no longer work.")
            .await?;
        Ok(codes)
    }
    .await;
    me.finish(result).await
}

/// Finishes a sign-in that awaits the second factor: a current code from the app or an unused
/// recovery code. Returns where to go.
pub async fn second_step(code: String) -> Result<String, AppError> {
    let (state, parts) = request()?;
    let (_, firm_ref) = request_firm()?;
    let addr = parts
        .extensions
        .get::<ClientAddr>()
        .ok_or_else(|| internal(&"client address missing"))?;
    state.limits.sign_in(addr.0)?;
    let session = session(&parts)?;
    let pending: Option<SecondStep> = session.get(SECOND_STEP).await.map_err(|e| internal(&e))?;
    let now = time_now();
    let Some(pending) =
        pending.filter(|p| p.firm_id == firm_ref.id && now - p.at < SECOND_STEP_SECONDS)
    else {
        session
            .remove_value(SECOND_STEP)
            .await
            .map_err(|e| internal(&e))?;
        return Err(AppError::SignInTimedOut);
    };
    let code = code.trim().to_string();
    if code.is_empty() {
        return Err(invalid(
            "code",
            "Enter the 6-digit code from your authenticator app, or one of your recovery codes.",
        ));
    }
    let firm = FirmDb::begin_write(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::request(&parts, Actor::System));
    let user = match firm.get::<users::Entity>(pending.user_id).await {
        Ok(user) => {
            firm.set_actor(Actor::User {
                id: user.id,
                name: user.name.clone(),
            });
            user
        }
        Err(AppError::NotFound) => {
            firm.commit().await?;
            return Err(AppError::SignInTimedOut);
        }
        Err(err) => return Err(err),
    };
    if !user.active
        || user.locked_until.is_some_and(|until| until > now)
        || user.totp_enabled_at.is_none()
    {
        firm.commit().await?;
        session
            .remove_value(SECOND_STEP)
            .await
            .map_err(|e| internal(&e))?;
        return Err(AppError::SignInFailed);
    }
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let accepted = if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
        let totp = totp_of(&state, &user, &firm_ref.slug)?;
        match matching_step(&totp, &user, &digits) {
            Some(step) => spend_step(&firm, user.id, step).await?,
            None => false,
        }
    } else if spend_recovery_code(&firm, user.id, &code).await? {
        let left = codes_left(&firm, user.id).await?;
        let change =
            format!("A recovery code was used to sign in; {left} of your recovery codes are left.");
        tell(&state, &firm, &firm_ref, &user, &change).await?;
        true
    } else {
        false
    };
    if !accepted {
        firm.log(
            "auth.sign_in_failed",
            "users",
            Some(user.id),
            serde_json::json!({ "email": user.email, "reason": "wrong second-step code" }),
        );
        let locked = record_failure(&state, &firm, &firm_ref, &user, now).await?;
        firm.commit().await?;
        if locked {
            state.mailer.wake();
            session
                .remove_value(SECOND_STEP)
                .await
                .map_err(|e| internal(&e))?;
            return Err(AppError::SignInFailed);
        }
        tracing::info!(user_id = %user.id, "second step refused: wrong code");
        return Err(invalid(
            "code",
            "That code is not right. Enter the code your app shows now (each code works once), or a recovery code.",
        ));
    }
    firm.update_many::<users::Entity>()
        .col_expr(users::Column::FailedSignIns, Expr::value(0))
        .col_expr(users::Column::LastSignInAt, Expr::value(now))
        .filter(users::Column::Id.eq(user.id))
        .exec()
        .await?;
    firm.log(
        "auth.sign_in",
        "users",
        Some(user.id),
        serde_json::json!({ "second_factor": true }),
    );
    firm.commit().await?;
    state.mailer.wake();
    state.activity.sign_in(firm_ref.id);
    start_session(&parts, firm_ref.id, user.id).await?;
    tracing::info!(user_id = %user.id, "signed in with a second factor");
    Ok(pending.next)
}

/// The firm's rule and how many active users lack a second factor.
async fn policy_in(firm: &FirmDb) -> Result<FirmPolicy, AppError> {
    let without = firm
        .find::<users::Entity>()
        .filter(users::Column::Active.eq(true))
        .filter(users::Column::TotpEnabledAt.is_null())
        .count(firm.conn())
        .await?;
    Ok(FirmPolicy {
        required: required(firm).await?,
        users_without: u32::try_from(without).unwrap_or(u32::MAX),
    })
}

/// The firm's two-factor rule (`settings.manage`).
pub async fn policy() -> Result<FirmPolicy, AppError> {
    let firm = firm_db(Permission::SettingsManage).await?;
    let result = policy_in(&firm).await;
    firm.finish(result).await
}

/// Sets the firm's two-factor rule (`settings.manage`). To require it, the admin must use it.
pub async fn set_required(require: bool) -> Result<FirmPolicy, AppError> {
    let firm = firm_db(Permission::SettingsManage).await?;
    let result = async {
        let me = current_user()?;
        let mine = firm.get::<users::Entity>(me.id).await?;
        if require && mine.totp_enabled_at.is_none() {
            return Err(invalid(
                "require_two_factor",
                "Turn on two-factor sign-in for your own account first (on your account page), so you are not the first one asked.",
            ));
        }
        super::firm_settings::change(
            &firm,
            firm_settings::ActiveModel {
                require_two_factor: Set(require),
                ..Default::default()
            },
        )
        .await?;
        tracing::info!(required = require, "firm two-factor rule changed");
        policy_in(&firm).await
    }
    .await;
    firm.finish(result).await
}

/// An administrator turns off a user's two-factor sign-in (a lost phone and lost codes); the
/// user is told by mail and sets it up again at their next sign-in if the firm requires it.
/// Only Owners reset an Owner's; nobody resets their own here.
pub async fn reset_for(firm: &FirmDb, user_id: Uuid) -> Result<users::Model, AppError> {
    let (state, _) = request()?;
    let (_, firm_ref) = request_firm()?;
    let me = current_user()?;
    let user = firm.get::<users::Entity>(user_id).await?;
    if user.id == me.id {
        return Err(invalid(
            "two_factor",
            "Change your own two-factor sign-in on your account page.",
        ));
    }
    if user.role == Role::Owner.as_str() && me.role != Role::Owner.as_str() {
        return Err(AppError::Forbidden);
    }
    if user.totp_enabled_at.is_none() && user.totp_secret.is_none() {
        return Err(invalid(
            "two_factor",
            "This person has not set up two-factor sign-in.",
        ));
    }
    clear(firm, user.id).await?;
    let change = format!(
        "An administrator ({}) reset your two-factor sign-in; set it up again from your account page.",
        me.name
    );
    tell(&state, firm, &firm_ref, &user, &change).await?;
    tracing::info!(%user_id, "two-factor sign-in reset by an administrator");
    Ok(users::Model {
        totp_secret: None,
        totp_enabled_at: None,
        totp_last_step: None,
        ..user
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_codes_match_however_they_are_typed() {
        let stored = recovery_hash("abcde-fgh23");
        for typed in ["abcde-fgh23", "ABCDE FGH23", " abcdefgh23 ", "abcde–fgh23"] {
            assert_eq!(recovery_hash(typed), stored, "{typed}");
        }
        assert_ne!(recovery_hash("abcde-fgh24"), stored);
    }
}
