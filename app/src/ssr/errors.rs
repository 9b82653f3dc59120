//! How server-side failures become [`AppError`]s: details to the log with the request id, only
//! the request id to the browser, and the HTTP status set to match.

use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sea_orm::DbErr;

use crate::error::AppError;

/// The header that carries the request id (set by the server's request-id layer).
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The current request's id, or an empty string outside a request.
pub fn request_id() -> String {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(REQUEST_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

/// Logs `err` with the request id and returns the error the browser may see.
pub fn internal(err: &dyn std::fmt::Display) -> AppError {
    let request_id = request_id();
    tracing::error!(%request_id, error = %err, "internal error");
    AppError::Internal { request_id }
}

/// The HTTP status that matches `err` (404, 422, 400, 500, ...).
pub fn status_of(err: &AppError) -> StatusCode {
    match err {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::Unauthorized | AppError::SignInFailed | AppError::SignInTimedOut => {
            StatusCode::UNAUTHORIZED
        }
        AppError::RateLimited | AppError::Throttled(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::Forbidden
        | AppError::EmailUnverified
        | AppError::TwoFactorRequired
        | AppError::SupportReadOnly
        | AppError::NotInPlan(_) => StatusCode::FORBIDDEN,
        AppError::LinkExpired => StatusCode::GONE,
        AppError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Sets the response status that matches `err` ([`status_of`]).
pub fn set_status(err: &AppError) {
    if let Some(options) = use_context::<ResponseOptions>() {
        options.set_status(status_of(err));
    }
}

/// Passes a server function's result through, setting the HTTP status of an error.
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(err) = &result {
        set_status(err);
    }
    result
}

impl From<DbErr> for AppError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) | DbErr::RecordNotUpdated => AppError::NotFound,
            DbErr::Custom(message) if message == crate::ssr::db::READ_ONLY => {
                AppError::SupportReadOnly
            }
            other => internal(&other),
        }
    }
}
