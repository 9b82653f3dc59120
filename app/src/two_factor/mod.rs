//! Two-factor sign-in with an authenticator app (TOTP) and recovery codes: the user's own
//! set-up on the account page, and the firm's rule that everyone must use it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in user's two-factor sign-in, as the account page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    /// Whether sign-in asks for a code.
    pub enabled: bool,
    /// Unused recovery codes left.
    pub recovery_codes_left: u32,
    /// Whether the firm requires it (then it cannot be turned off).
    pub required_by_firm: bool,
}

/// What an authenticator app needs to start making codes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// The secret in base32, in groups of four, for typing in by hand.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub otpauth_url: String,
    /// The QR code as an SVG document, made on the server.
    pub qr_svg: String,
}

/// The firm's two-factor rule, as the settings page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmPolicy {
    /// Whether every user must sign in with a second factor.
    pub required: bool,
    /// Active users who have not set it up.
    pub users_without: u32,
}

/// The signed-in user's two-factor state.
#[server(endpoint = "two-factor/status")]
pub async fn load_two_factor_status() -> Result<TwoFactorStatus, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::status().await)
}

/// Starts setting up two-factor sign-in: a new secret, shown once as a QR code and as text.
/// Nothing changes at sign-in until a code from the app confirms it.
#[server(endpoint = "two-factor/begin")]
pub async fn begin_two_factor() -> Result<Enrolment, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::begin().await)
}

/// Turns two-factor sign-in on with a code from the app; answers the recovery codes, which are
/// shown this once.
#[server(endpoint = "two-factor/enable")]
pub async fn enable_two_factor(code: String) -> Result<Vec<String>, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::enable(code).await)
}

/// Turns two-factor sign-in off, after checking the password (refused when the firm requires it).
#[server(endpoint = "two-factor/disable")]
pub async fn disable_two_factor(password: String) -> Result<(), AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::disable(password).await)
}

/// Replaces the recovery codes with new ones, after checking the password.
#[server(endpoint = "two-factor/recovery-codes")]
pub async fn new_recovery_codes(password: String) -> Result<Vec<String>, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::new_recovery_codes(password).await)
}

/// The firm's two-factor rule (`settings.manage`).
#[server(endpoint = "two-factor/policy")]
pub async fn load_firm_policy() -> Result<FirmPolicy, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::policy().await)
}

/// Requires (or stops requiring) two-factor sign-in for every user of the firm
/// (`settings.manage`; the admin must use it themselves first).
#[server(endpoint = "two-factor/set-required")]
pub async fn set_two_factor_required(required: bool) -> Result<FirmPolicy, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::set_required(required).await)
}
