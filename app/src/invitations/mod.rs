//! Invitations: firm admins invite people by email with a role; the invitee chooses a name and
//! password from the link, which works once and for seven days, and can be revoked or resent.

#[cfg(feature = "ssr")]
mod store;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppError, Validator};

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 7;

/// A pending invitation, as the users page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationRow {
    /// The invitation's id.
    pub id: Uuid,
    /// Who is invited.
    pub email: String,
    /// The role they will get (stored value: a built-in role's name or `custom:{id}`).
    pub role: String,
    /// That role's name, as people read it.
    pub role_name: String,
    /// Who sent or last resent it.
    pub invited_by: String,
    /// When the link stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether it already has.
    pub expired: bool,
}

/// What the invitation page shows the invitee before they accept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationInfo {
    /// The firm's name.
    pub firm_name: String,
    /// The invited address (the account's sign-in email).
    pub email: String,
    /// The role offered, as people read it.
    pub role: String,
}

/// What the invitee sends to accept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptForm {
    /// The token from the link.
    pub token: String,
    /// Their name.
    pub name: String,
    /// Their new password.
    pub new_password: String,
    /// The password again.
    pub confirm_password: String,
}

impl AcceptForm {
    /// The checks the browser can make before sending.
    pub fn validate(&self) -> Result<(), AppError> {
        let mut v = Validator::default();
        let name = self.name.trim().chars().count();
        if name == 0 || name > 200 {
            v.reject("name", "Enter your name (up to 200 characters).");
        }
        let length = self.new_password.chars().count();
        if !(12..=256).contains(&length) {
            v.reject(
                "new_password",
                "Use 12 to 256 characters; a few unrelated words make a strong password.",
            );
        } else if self.new_password != self.confirm_password {
            v.reject(
                "confirm_password",
                "Type the new password the same way twice.",
            );
        }
        v.finish()
    }
}

/// The firm's pending invitations, newest first.
#[server(endpoint = "invitations/list")]
pub async fn list_invitations() -> Result<Vec<InvitationRow>, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::list(&firm).await;
    firm.finish(result).await
}

/// Invites `email` to the firm with `role` (a built-in role's name or one of the firm's custom
/// roles, as [`crate::roles::RoleChoice::stored`]) and mails the link.
#[server(endpoint = "invitations/create")]
pub async fn invite(email: String, role: String) -> Result<InvitationRow, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::invite(&firm, &email, &role).await;
    let result = firm.finish(result).await;
    crate::ssr::mail::wake_after_commit(&result);
    result
}

/// Sends a pending invitation again with a fresh link (the old link stops working) and a fresh
/// seven days.
#[server(endpoint = "invitations/resend")]
pub async fn resend_invitation(id: Uuid) -> Result<InvitationRow, AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::resend(&firm, id).await;
    let result = firm.finish(result).await;
    crate::ssr::mail::wake_after_commit(&result);
    result
}

/// Revokes a pending invitation: its link stops working.
#[server(endpoint = "invitations/revoke")]
pub async fn revoke_invitation(id: Uuid) -> Result<(), AppError> {
    let firm = crate::ssr::tenant::firm_db(crate::auth::Permission::UsersManage).await?;
    let result = store::revoke(&firm, id).await;
    firm.finish(result).await
}

/// What an invitation link offers (no sign-in needed: the link is the key).
#[server(endpoint = "invitations/lookup")]
pub async fn lookup_invitation(token: String) -> Result<InvitationInfo, AppError> {
    crate::ssr::errors::respond(store::lookup(token).await)
}

/// Accepts an invitation: creates the account and signs it in on this host.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(
    token: String,
    name: String,
    new_password: String,
    confirm_password: String,
) -> Result<(), AppError> {
    let form = AcceptForm {
        token,
        name,
        new_password,
        confirm_password,
    };
    crate::ssr::errors::respond(store::accept(form).await)
}
