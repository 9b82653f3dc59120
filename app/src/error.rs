//! The one error type every server function returns.
//!
//! Policy: what reaches the browser is only what the user can act on. A missing row and another
//! firm's row are the same `NotFound`; bad input is `Invalid` with a message per field; anything
//! else is `Internal`, which carries only the request id so support can find the logged details.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A problem with one input field, in words that tell the user what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, as in the server function's argument.
    pub field: String,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Typed error returned by Docket's server functions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing does not exist, or belongs to another firm (never confirmed either way).
    #[error("Not found. It may have been removed, or the link is wrong.")]
    NotFound,
    /// The input was rejected; nothing was changed.
    #[error("Please correct the highlighted fields.")]
    Invalid(Vec<FieldError>),
    /// No one is signed in (or the session ended): sign in again.
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// The email and password did not match an account of this firm (which of the two is never said).
    #[error("That email and password do not match an account here. Check them and try again.")]
    SignInFailed,
    /// The user's role does not allow this; nothing was done.
    #[error("You do not have permission to do this. Ask your firm's administrator if you need it.")]
    Forbidden,
    /// Too many attempts in a short time; nothing was done.
    #[error("Too many attempts from your network. Wait a minute, then try again.")]
    RateLimited,
    /// A user or their firm did too much of one kind of work (searches, uploads) in a short
    /// time; nothing was done. The text says whose allowance ran out.
    #[error("{0} Wait a minute, then try again.")]
    Throttled(String),
    /// A one-time link that is unknown, used or expired (410).
    #[error("This link has expired or was already used. Ask for a new one.")]
    LinkExpired,
    /// Right password, but the account's email is not confirmed yet (403).
    #[error(
        "Confirm your email address first: follow the link in the mail we sent when you signed up."
    )]
    EmailUnverified,
    /// The second step of a sign-in came too late or without the first (401).
    #[error("Your sign-in timed out. Enter your email and password again.")]
    SignInTimedOut,
    /// The firm requires two-factor sign-in and this user has not set it up yet (403).
    #[error("Your firm requires two-factor sign-in. Set it up on your account page to continue.")]
    TwoFactorRequired,
    /// A platform admin's support session tried to change data the firm has not allowed it to
    /// (403); nothing was saved.
    #[error(
        "This support session is read-only: the firm's administrator has not allowed changes in it. Nothing was saved."
    )]
    SupportReadOnly,
    /// The firm's plan does not include this feature (403); nothing was done.
    #[error(
        "{0} is not part of your firm's plan. Your firm's administrator can ask Docket to change the plan."
    )]
    NotInPlan(String),
    /// The request could not be understood (malformed or missing arguments).
    #[error("The request could not be read: {0}")]
    BadRequest(String),
    /// Something failed on the server; details are in the log under this request id.
    #[error(
        "Something went wrong on our side. Please try again; if it keeps happening, quote reference {request_id}."
    )]
    Internal {
        /// The request id the server logged the details under.
        request_id: String,
    },
}

impl AppError {
    /// The message for one field, if the error is a validation error that names it.
    pub fn field(&self, name: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .find(|e| e.field == name)
                .map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The error in words for a banner: a validation error's field messages, else its text.
    pub fn in_words(&self) -> String {
        match self {
            AppError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            other => other.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let err = match value {
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(m),
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::BadRequest(
                "the server could not be reached; check your connection".into(),
            ),
            other => internal_error(other),
        };
        // On the server this runs when arguments cannot be decoded: answer 400, not 500.
        #[cfg(feature = "ssr")]
        crate::ssr::errors::set_status(&err);
        err
    }
}

/// On the server: logged with the request id.
#[cfg(feature = "ssr")]
fn internal_error(err: ServerFnErrorErr) -> AppError {
    crate::ssr::errors::internal(&err)
}

/// In the browser: the server's details are not known here.
#[cfg(not(feature = "ssr"))]
fn internal_error(_: ServerFnErrorErr) -> AppError {
    AppError::Internal {
        request_id: String::new(),
    }
}

/// Whether `email` (trimmed, lower-cased) looks like an email address: one `@`, something
/// before it, a dotted domain after it, no spaces, at most 254 characters.
pub fn is_plausible_email(email: &str) -> bool {
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        }
        None => false,
    }
}

/// Collects field errors; `finish` turns them into `AppError::Invalid` if there are any.
#[derive(Debug, Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    /// Records that `field` is wrong, with a message saying what to fix.
    pub fn reject(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            field: field.to_string(),
            message: message.into(),
        });
    }

    /// Normalises a required email address (trimmed, lower-cased), rejecting it under `field`
    /// when it does not look like one.
    pub fn email(&mut self, field: &str, raw: &str) -> String {
        let email = raw.trim().to_lowercase();
        if !is_plausible_email(&email) {
            self.reject(field, "Enter an email address like name@example.com.");
        }
        email
    }

    /// `Ok(())` when nothing was rejected.
    pub fn finish(self) -> Result<(), AppError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.errors))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_emails_are_refused_and_good_ones_normalised() {
        for bad in [
            "a@b",
            "@b.com",
            "a@@b.com",
            "a b@c.com",
            "a@b..com",
            "a@.b.com",
            "",
        ] {
            assert!(!is_plausible_email(bad), "{bad} accepted");
        }
        let mut v = Validator::default();
        assert_eq!(v.email("email", "  Ada@Example.COM "), "ada@example.com");
        assert!(v.finish().is_ok());
        let mut v = Validator::default();
        v.email("admin_email", "nope");
        assert!(v.finish().unwrap_err().field("admin_email").is_some());
    }
}
