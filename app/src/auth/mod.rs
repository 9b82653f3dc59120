//! Signing in and out of a firm.

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
}

/// Signs in to the firm of this host. On success the session id is rotated and the answer is
/// the local path to go to next (`next` if it is a safe local path, else `/`).
#[server(endpoint = "auth/sign-in")]
pub async fn sign_in(email: String, password: String, next: String) -> Result<String, AppError> {
    let result = crate::ssr::auth::sign_in(email, password)
        .await
        .map(|()| safe_next(&next));
    if let Err(err) = &result {
        crate::ssr::errors::set_status(err);
    }
    result
}

/// Signs out of this session.
#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    crate::ssr::auth::sign_out().await
}

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
