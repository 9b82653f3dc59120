//! Self-service sign-up on the public site: a new firm, its owner, and the verification mail.

#[cfg(feature = "ssr")]
mod store;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, Validator};

/// What the sign-up form sends. Field names match the validation messages' fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUpForm {
    /// The firm's name.
    pub name: String,
    /// The subdomain.
    pub slug: String,
    /// The owner's name.
    pub admin_name: String,
    /// The owner's email.
    pub admin_email: String,
    /// The owner's password.
    pub admin_password: String,
    /// The ISO code of the currency the firm bills in (USD if empty).
    #[serde(default)]
    pub currency: String,
}

impl SignUpForm {
    /// The checks the browser can make before sending (the server checks everything again,
    /// including the password list and whether the subdomain is free).
    pub fn validate(&self) -> Result<(), AppError> {
        let mut v = Validator::default();
        if self.name.trim().is_empty() {
            v.reject("name", "Enter the firm's name.");
        }
        if self.slug.trim().is_empty() {
            v.reject("slug", "Choose your firm's address.");
        }
        if self.admin_name.trim().is_empty() {
            v.reject("admin_name", "Enter your name.");
        }
        v.email("admin_email", &self.admin_email);
        let length = self.admin_password.chars().count();
        if !(12..=256).contains(&length) {
            v.reject(
                "admin_password",
                "Use 12 to 256 characters; a few unrelated words make a strong password.",
            );
        }
        v.finish()
    }
}

/// Whether a subdomain can be had, and why not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugCheck {
    /// The label as it would be stored.
    pub slug: String,
    /// Free and well-formed.
    pub available: bool,
    /// What to tell the person choosing it.
    pub message: String,
}

/// Checks a subdomain as it is typed: well-formed, not reserved, not taken.
#[server(endpoint = "signup/check-slug")]
pub async fn check_slug(slug: String) -> Result<SlugCheck, AppError> {
    crate::ssr::errors::respond(store::check_slug(slug).await)
}

/// Creates the firm and its owner and mails the owner a verification link. Answers the address
/// the link went to.
#[server(endpoint = "signup/create")]
pub async fn sign_up(
    name: String,
    slug: String,
    admin_name: String,
    admin_email: String,
    admin_password: String,
    #[server(default)] currency: String,
) -> Result<String, AppError> {
    let form = SignUpForm {
        name,
        slug,
        admin_name,
        admin_email,
        admin_password,
        currency,
    };
    crate::ssr::errors::respond(store::sign_up(form).await)
}
