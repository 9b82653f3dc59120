//! Signing in and out of a firm.

mod permissions;

pub use permissions::{Permission, Role, RoleRef};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// The signed-in user, as the pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// Display name.
    pub name: String,
    /// Sign-in email.
    pub email: String,
    /// What the user may do (screens hide the rest; the server checks again).
    pub permissions: Vec<Permission>,
    /// The firm requires two-factor sign-in and the user has not set it up: every page but the
    /// account page asks them to, and the server refuses firm data until they do.
    pub must_enrol_two_factor: bool,
    /// Set when this is a platform admin's support session: every page shows a banner.
    pub support: Option<crate::support::SupportBanner>,
    /// The features of the firm's plan (screens of the others are hidden).
    pub features: Vec<crate::plans::Feature>,
}

impl UserInfo {
    /// Whether the user may do `permission`.
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// Signs in to the firm of this host (or the platform console on `admin.`). On success the
/// session id is rotated and the answer is the local path to go to next: `next` if it is a safe
/// local path (else `/`), or `/login/two-factor` when the user's second factor is awaited.
#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<String, AppError> {
    let result = crate::ssr::auth::sign_in(email, password, safe_next(&next)).await;
    crate::ssr::errors::respond(result)
}

/// The second step of signing in, for users with two-factor sign-in: a code from their
/// authenticator app or one of their recovery codes. The answer is the local path to go to.
#[server(endpoint = "auth/two-factor")]
pub async fn sign_in_second_step(code: String) -> Result<String, AppError> {
    crate::ssr::errors::respond(crate::ssr::two_factor::second_step(code).await)
}

/// Signs out of this session.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::ssr::errors::respond(crate::ssr::auth::sign_out().await)
}

/// Changes the signed-in user's password; every other session of the user ends.
#[server(endpoint = "auth/change-password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    crate::ssr::errors::respond(
        crate::ssr::auth::change_password(current_password, new_password, confirm_password).await,
    )
}

/// Signs the user out of every device, this one included.
#[server(endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    crate::ssr::errors::respond(crate::ssr::auth::sign_out_everywhere().await)
}

/// Mails a password reset link if the email belongs to an active user of this firm; answers the
/// same either way.
#[server(endpoint = "auth/forgot-password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    crate::ssr::errors::respond(crate::ssr::recovery::request_reset(email).await)
}

/// Sets a new password from a reset link; every session of the user ends.
#[server(endpoint = "auth/reset-password")]
pub async fn reset_password(
    token: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    crate::ssr::errors::respond(
        crate::ssr::recovery::reset_password(token, new_password, confirm_password).await,
    )
}

/// Confirms a new firm owner's email from the link in the verification mail and signs them in.
#[server(endpoint = "auth/verify-email")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    crate::ssr::errors::respond(crate::ssr::recovery::verify_email(token).await)
}

/// Pages of a firm's host that people who are not signed in may open.
pub const SIGNED_OUT_PAGES: &[&str] = &[
    "/login",
    "/login/two-factor",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/invitation",
    "/support/enter",
];

/// A local path to return to after sign-in: never another site (`//host`, `http:`).
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.contains("://");
    if local && next != "/login" {
        next.to_string()
    } else {
        "/".to_string()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next("/clients?q=a"), "/clients?q=a");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "clients",
            "",
            "/login",
        ] {
            assert_eq!(super::safe_next(bad), "/", "{bad}");
        }
    }
}
