//! User queries, always through the firm's `FirmDb`.

use chrono::DateTime;
use sea_orm::{ActiveValue::Set, ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::UserRow;
use crate::auth::{Role, RoleRef};
use crate::error::{AppError, FieldError};
use crate::roles::store::{assignable, manageable};
use crate::ssr::auth::{CurrentUser, current_user};
use crate::ssr::db::FirmDb;
use crate::ssr::db::entities::users;

fn row(u: users::Model, me: &CurrentUser) -> UserRow {
    UserRow {
        is_you: u.id == me.id,
        id: u.id,
        name: u.name,
        email: u.email,
        role: u.role,
        active: u.active,
        last_sign_in_at: u
            .last_sign_in_at
            .and_then(|s| DateTime::from_timestamp(s, 0)),
        two_factor: u.totp_enabled_at.is_some(),
    }
}

fn invalid(field: &str, message: &str) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message: message.into(),
    }])
}

const OWNER: &str = "owner";

pub async fn list(firm: &FirmDb) -> Result<Vec<UserRow>, AppError> {
    let me = current_user()?;
    let users = firm
        .find::<users::Entity>()
        .order_by_asc(users::Column::Name)
        .all(firm.conn())
        .await?;
    Ok(users.into_iter().map(|u| row(u, &me)).collect())
}

/// Whether `user` is the firm's only active Owner. The active Owners' rows stay locked until the
/// transaction ends (on PostgreSQL; SQLite serializes writers anyway), so two Owners demoting
/// each other at the same moment cannot leave the firm without one.
async fn last_owner(firm: &FirmDb, user: &users::Model) -> Result<bool, AppError> {
    if user.role != OWNER || !user.active {
        return Ok(false);
    }
    let owners = firm
        .find::<users::Entity>()
        .filter(users::Column::Role.eq(OWNER))
        .filter(users::Column::Active.eq(true))
        .lock_exclusive()
        .all(firm.conn())
        .await?;
    Ok(owners.len() <= 1)
}

pub async fn set_role(firm: &FirmDb, id: Uuid, role: &str) -> Result<UserRow, AppError> {
    let me = current_user()?;
    let Some(new_role) = RoleRef::parse(role) else {
        return Err(invalid("role", "Choose one of the roles listed."));
    };
    let user = firm.get::<users::Entity>(id).await?;
    let owner = RoleRef::BuiltIn(Role::Owner);
    // Only Owners make or unmake Owners.
    if (new_role == owner || user.role == OWNER) && me.role != OWNER {
        return Err(AppError::Forbidden);
    }
    manageable(firm, &me, &user.role).await?;
    // A role of this firm, and nothing the signed-in user may not do themselves.
    assignable(firm, &me, new_role).await?;
    if new_role != owner && last_owner(firm, &user).await? {
        return Err(invalid(
            "role",
            "The firm needs at least one active Owner: make someone else Owner first.",
        ));
    }
    let updated = firm
        .update(users::ActiveModel {
            id: Set(id),
            role: Set(new_role.to_stored()),
            ..Default::default()
        })
        .await?;
    Ok(row(updated, &me))
}

pub async fn set_active(firm: &FirmDb, id: Uuid, active: bool) -> Result<UserRow, AppError> {
    let me = current_user()?;
    let user = firm.get::<users::Entity>(id).await?;
    if !active && user.id == me.id {
        return Err(invalid("active", "You cannot deactivate your own account."));
    }
    if user.role == OWNER && me.role != OWNER {
        return Err(AppError::Forbidden);
    }
    manageable(firm, &me, &user.role).await?;
    if active && !user.active {
        crate::ssr::plans::check_seat(firm, "active").await?;
    }
    if !active && last_owner(firm, &user).await? {
        return Err(invalid(
            "active",
            "The firm needs at least one active Owner: make someone else Owner first.",
        ));
    }
    let updated = firm
        .update(users::ActiveModel {
            id: Set(id),
            active: Set(active),
            ..Default::default()
        })
        .await?;
    Ok(row(updated, &me))
}

pub async fn reset_two_factor(firm: &FirmDb, id: Uuid) -> Result<UserRow, AppError> {
    let me = current_user()?;
    let user = crate::ssr::two_factor::reset_for(firm, id).await?;
    Ok(row(user, &me))
}
