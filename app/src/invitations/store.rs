//! Invitation queries, always through the firm's `FirmDb`.

use std::collections::HashMap;

use chrono::DateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{AcceptForm, INVITATION_DAYS, InvitationInfo, InvitationRow};
use crate::auth::{Role, RoleRef};
use crate::error::{AppError, FieldError, Validator};
use crate::roles::store::{assignable, custom_names, name_of, resolve};
use crate::ssr::audit::{Actor, AuditContext};
use crate::ssr::auth::{current_user, request, start_session};
use crate::ssr::db::entities::{invitations, users};
use crate::ssr::db::{FirmDb, new_id, now};
use crate::ssr::errors::internal;
use crate::ssr::mail::format_time;
use crate::ssr::mail::templates::Invitation;
use crate::ssr::services::passwords;
use crate::ssr::sessions::time_now;
use crate::ssr::tenant::request_firm;
use crate::ssr::tokens;

fn invalid(field: &str, message: String) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message,
    }])
}

fn pending(i: &invitations::Model) -> bool {
    i.accepted_at.is_none() && i.revoked_at.is_none()
}

fn row(i: invitations::Model, invited_by: String, role_name: String, now: i64) -> InvitationRow {
    InvitationRow {
        id: i.id,
        email: i.email,
        role: i.role,
        role_name,
        invited_by,
        expires_at: DateTime::from_timestamp(i.expires_at, 0).unwrap_or_default(),
        expired: i.expires_at <= now,
    }
}

pub async fn list(firm: &FirmDb) -> Result<Vec<InvitationRow>, AppError> {
    let names: HashMap<Uuid, String> = firm
        .find::<users::Entity>()
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let roles = custom_names(firm).await?;
    let now = time_now();
    Ok(firm
        .find::<invitations::Entity>()
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .order_by_desc(invitations::Column::CreatedAt)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|i| {
            let by = names.get(&i.invited_by).cloned().unwrap_or_default();
            let role = roles
                .get(&i.role)
                .cloned()
                .unwrap_or_else(|| Role::label_of(&i.role).to_string());
            row(i, by, role, now)
        })
        .collect())
}

/// Queues the invitation mail with a link to `token`, and answers the invitation's row.
async fn send(
    firm: &FirmDb,
    invitation: invitations::Model,
    token: &str,
    inviter: String,
    role_name: String,
) -> Result<InvitationRow, AppError> {
    let (state, firm_ref) = request_firm()?;
    let mail = Invitation {
        inviter: inviter.clone(),
        role: role_name.clone(),
        link: state
            .urls
            .firm(&firm_ref.slug, &format!("/invitation?token={token}")),
        expires_on: format_time(&firm_ref.clock, invitation.expires_at),
    };
    state
        .mailer
        .queue_in(firm, &firm_ref, &invitation.email, &mail)
        .await?;
    Ok(row(invitation, inviter, role_name, time_now()))
}

pub async fn invite(firm: &FirmDb, email: &str, role: &str) -> Result<InvitationRow, AppError> {
    let me = current_user()?;
    let mut v = Validator::default();
    let email = v.email("email", email);
    let role = RoleRef::parse(role);
    if role.is_none() {
        v.reject("role", "Choose one of the roles listed.");
    }
    v.finish()?;
    let role = role.unwrap_or(RoleRef::BuiltIn(Role::ReadOnly));
    // Only Owners make Owners, as on the users page.
    if role == RoleRef::BuiltIn(Role::Owner) && me.role != Role::Owner.as_str() {
        return Err(AppError::Forbidden);
    }
    // A role of this firm, and nothing the inviter may not do themselves.
    let role_name = assignable(firm, &me, role).await?.name;
    let existing = firm
        .find::<users::Entity>()
        .filter(users::Column::Email.eq(&email))
        .one(firm.conn())
        .await?;
    if existing.is_some() {
        return Err(invalid(
            "email",
            format!("{email} already has an account here."),
        ));
    }
    crate::ssr::plans::check_seat(firm, "email").await?;
    let open = firm
        .find::<invitations::Entity>()
        .filter(invitations::Column::Email.eq(&email))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .one(firm.conn())
        .await?;
    if open.is_some() {
        return Err(invalid(
            "email",
            format!("{email} is already invited; resend that invitation instead."),
        ));
    }
    let token = tokens::issue();
    let invitation = firm
        .insert(invitations::ActiveModel {
            id: Set(new_id()),
            email: Set(email),
            role: Set(role.to_stored()),
            token_hash: Set(token.hash),
            invited_by: Set(me.id),
            created_at: Set(now()),
            expires_at: Set(time_now() + INVITATION_DAYS * 86_400),
            accepted_at: Set(None),
            revoked_at: Set(None),
            ..Default::default()
        })
        .await?;
    let sent = send(firm, invitation, &token.token, me.name, role_name).await?;
    tracing::info!(invitation_id = %sent.id, "invitation sent");
    Ok(sent)
}

pub async fn resend(firm: &FirmDb, id: Uuid) -> Result<InvitationRow, AppError> {
    let me = current_user()?;
    let invitation = firm.get::<invitations::Entity>(id).await?;
    if !pending(&invitation) {
        return Err(AppError::NotFound);
    }
    let token = tokens::issue();
    let invitation = firm
        .update(invitations::ActiveModel {
            id: Set(id),
            token_hash: Set(token.hash),
            invited_by: Set(me.id),
            expires_at: Set(time_now() + INVITATION_DAYS * 86_400),
            ..Default::default()
        })
        .await?;
    let role_name = name_of(firm, &invitation.role).await?;
    let sent = send(firm, invitation, &token.token, me.name, role_name).await?;
    tracing::info!(invitation_id = %id, "invitation resent");
    Ok(sent)
}

pub async fn revoke(firm: &FirmDb, id: Uuid) -> Result<(), AppError> {
    let invitation = firm.get::<invitations::Entity>(id).await?;
    if !pending(&invitation) {
        return Err(AppError::NotFound);
    }
    firm.update(invitations::ActiveModel {
        id: Set(id),
        revoked_at: Set(Some(time_now())),
        ..Default::default()
    })
    .await?;
    tracing::info!(invitation_id = %id, "invitation revoked");
    Ok(())
}

/// The pending, unexpired invitation of this firm with this token, or `LinkExpired`.
async fn usable(firm: &FirmDb, token: &str) -> Result<invitations::Model, AppError> {
    firm.find::<invitations::Entity>()
        .filter(invitations::Column::TokenHash.eq(tokens::hash(token)))
        .one(firm.conn())
        .await?
        .filter(|i| pending(i) && i.expires_at > time_now())
        .ok_or(AppError::LinkExpired)
}

/// The name of the role an invitation offers; refused if it names a custom role since deleted.
async fn offered(firm: &FirmDb, invitation: &invitations::Model) -> Result<String, AppError> {
    match resolve(firm, &invitation.role).await? {
        Some(role) => Ok(role.name),
        None => Err(invalid(
            "role",
            "The role this invitation offers no longer exists. Ask whoever invited you to send a \
             new invitation."
                .into(),
        )),
    }
}

pub async fn lookup(token: String) -> Result<InvitationInfo, AppError> {
    let (state, firm_ref) = request_firm()?;
    let firm = FirmDb::begin(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::current(Actor::System));
    let result = async {
        let invitation = usable(&firm, &token).await?;
        let role = offered(&firm, &invitation).await?;
        Ok::<_, AppError>(InvitationInfo {
            firm_name: firm_ref.name.clone(),
            email: invitation.email,
            role,
        })
    }
    .await;
    firm.finish(result).await
}

pub async fn accept(form: AcceptForm) -> Result<(), AppError> {
    let (state, firm_ref) = request_firm()?;
    let (_, parts) = request()?;
    form.validate()?;
    if let Some(problem) = passwords::weakness(&form.new_password) {
        return Err(invalid("new_password", problem));
    }
    let hash = passwords::hash(form.new_password)
        .await
        .map_err(|e| internal(&e))?;
    let firm = FirmDb::begin_write(&state.db, firm_ref.id)
        .await?
        .with_context(AuditContext::current(Actor::System));
    let result = async {
        let invitation = usable(&firm, &form.token).await?;
        offered(&firm, &invitation).await?;
        // Accepted once, also when two tabs submit at the same moment.
        let taken = firm
            .update_many::<invitations::Entity>()
            .col_expr(invitations::Column::AcceptedAt, Expr::value(time_now()))
            .filter(invitations::Column::Id.eq(invitation.id))
            .filter(invitations::Column::AcceptedAt.is_null())
            .filter(invitations::Column::RevokedAt.is_null())
            .exec()
            .await?;
        if taken != 1 {
            return Err(AppError::LinkExpired);
        }
        let existing = firm
            .find::<users::Entity>()
            .filter(users::Column::Email.eq(&invitation.email))
            .one(firm.conn())
            .await?;
        if existing.is_some() {
            return Err(AppError::LinkExpired);
        }
        let user = firm
            .insert(users::ActiveModel {
                id: Set(new_id()),
                email: Set(invitation.email),
                name: Set(form.name.trim().to_string()),
                password_hash: Set(hash),
                role: Set(invitation.role),
                created_at: Set(now()),
                email_verified: Set(true),
                last_sign_in_at: Set(Some(time_now())),
                ..Default::default()
            })
            .await?;
        Ok(user.id)
    }
    .await;
    let user_id = firm.finish(result).await?;
    start_session(&parts, firm_ref.id, user_id).await?;
    tracing::info!(%user_id, "invitation accepted; signed in");
    Ok(())
}
