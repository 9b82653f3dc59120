//! The firm's users, managed by its admins: roles, deactivation, last sign-in.

#[cfg(feature = "ssr")]
mod store;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::AppError;

/// A user as the users page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    /// The user's id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Sign-in email.
    pub email: String,
    /// The stored role: a built-in role's name or `custom:{id}`.
    pub role: String,
    /// Whether the user may sign in.
    pub active: bool,
    /// The last successful sign-in.
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// Whether the user signs in with a second factor.
    pub two_factor: bool,
    /// Whether this row is the signed-in user.
    pub is_you: bool,
}

/// Every user of the firm, by name.
#[server(endpoint = "users/list")]
pub async fn list_users() -> Result<Vec<UserRow>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::list(&firm).await;
    firm.finish(result).await
}

/// Gives a user of the firm another role, built-in or one of the firm's custom roles (stored
/// value, as [`crate::roles::RoleChoice::stored`]).
#[server(endpoint = "users/set-role")]
pub async fn set_user_role(id: Uuid, role: String) -> Result<UserRow, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::set_role(&firm, id, &role).await;
    firm.finish(result).await
}

/// Deactivates (ending every session) or reactivates a user of the firm.
#[server(endpoint = "users/set-active")]
pub async fn set_user_active(id: Uuid, active: bool) -> Result<UserRow, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::set_active(&firm, id, active).await;
    let result = firm.finish(result).await;
    if let (Ok(row), false) = (&result, active) {
        crate::ssr::auth::end_sessions_of(row.id).await?;
    }
    result
}

/// Turns off a user's two-factor sign-in (a lost phone and lost recovery codes); they are told
/// by mail.
#[server(endpoint = "users/reset-two-factor")]
pub async fn reset_two_factor(id: Uuid) -> Result<UserRow, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::reset_two_factor(&firm, id).await;
    let result = firm.finish(result).await;
    crate::ssr::mail::wake_after_commit(&result);
    result
}
