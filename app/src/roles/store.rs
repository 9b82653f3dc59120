//! Custom role queries, always through the firm's `FirmDb`, and what a stored role resolves to.

use std::collections::HashMap;

use sea_orm::{ActiveValue::Set, ColumnTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

use super::{RoleChoice, ValidRole};
use crate::auth::{Permission, Role, RoleRef};
use crate::error::{AppError, FieldError, Validator};
use crate::ssr::auth::{CurrentUser, current_user};
use crate::ssr::db::entities::{invitations, roles, users};
use crate::ssr::db::{FirmDb, new_id};
use crate::ssr::sessions::time_now;
use crate::ssr::tenant::firm_db;

fn invalid(field: &str, message: String) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message,
    }])
}

/// A stored role of the firm, looked up.
pub struct ResolvedRole {
    /// The name people read.
    pub name: String,
    /// What it allows.
    pub permissions: Vec<Permission>,
}

/// What a role names in this firm: a built-in role, or a custom role of the firm that still
/// exists. `None` for a custom role that is gone or belongs to another firm.
async fn resolve_ref(firm: &FirmDb, role: RoleRef) -> Result<Option<ResolvedRole>, AppError> {
    Ok(match role {
        RoleRef::BuiltIn(role) => Some(ResolvedRole {
            name: role.label().to_string(),
            permissions: role.permissions().to_vec(),
        }),
        RoleRef::Custom(id) => firm
            .find::<roles::Entity>()
            .filter(roles::Column::Id.eq(id))
            .one(firm.conn())
            .await?
            .map(|row| ResolvedRole {
                permissions: Permission::parse_list(&row.permissions),
                name: row.name,
            }),
    })
}

/// What a stored role names in this firm; `None` for a value Docket does not know or a custom
/// role that is gone (either grants nothing).
pub async fn resolve(firm: &FirmDb, stored: &str) -> Result<Option<ResolvedRole>, AppError> {
    match RoleRef::parse(stored) {
        Some(role) => resolve_ref(firm, role).await,
        None => Ok(None),
    }
}

/// What a stored role grants in this firm (nothing for an unknown or deleted role).
pub async fn permissions_of(firm: &FirmDb, stored: &str) -> Result<Vec<Permission>, AppError> {
    Ok(resolve(firm, stored)
        .await?
        .map(|role| role.permissions)
        .unwrap_or_default())
}

/// The name people read of a stored role of this firm ("Unknown role" when there is none).
pub async fn name_of(firm: &FirmDb, stored: &str) -> Result<String, AppError> {
    Ok(resolve(firm, stored)
        .await?
        .map_or_else(|| Role::label_of(stored).to_string(), |role| role.name))
}

/// The names of the firm's custom roles by stored value (`custom:{id}`); built-in roles are
/// named by [`Role::label_of`].
pub async fn custom_names(firm: &FirmDb) -> Result<HashMap<String, String>, AppError> {
    Ok(firm
        .find::<roles::Entity>()
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|row| (RoleRef::Custom(row.id).to_stored(), row.name))
        .collect())
}

/// Checks that `me` may give `role` to a user or an invitation: it must be a role of this firm
/// (another firm's custom role, or one that is gone, is `NotFound`) that allows nothing `me` may
/// not do (`Forbidden`). The Owner rules are the callers'.
pub async fn assignable(
    firm: &FirmDb,
    me: &CurrentUser,
    role: RoleRef,
) -> Result<ResolvedRole, AppError> {
    let resolved = resolve_ref(firm, role).await?.ok_or(AppError::NotFound)?;
    if resolved.permissions.iter().any(|p| !me.can(*p)) {
        return Err(AppError::Forbidden);
    }
    Ok(resolved)
}

/// Checks that `me` may change the role or status of a user whose role is `stored`: that role
/// must allow nothing `me` may not do, so nobody demotes or deactivates someone who may do more
/// than they may (`Forbidden`). The Owner rules are the callers'.
pub async fn manageable(firm: &FirmDb, me: &CurrentUser, stored: &str) -> Result<(), AppError> {
    if permissions_of(firm, stored)
        .await?
        .iter()
        .any(|p| !me.can(*p))
    {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The firm's handle for role pickers and the role editor: `users.manage` (to give roles) or
/// `roles.manage` (to edit them) will do; otherwise it fails as [`firm_db`] does.
pub async fn picker_db() -> Result<FirmDb, AppError> {
    let permission = match current_user() {
        Ok(me) if me.can(Permission::RolesManage) => Permission::RolesManage,
        _ => Permission::UsersManage,
    };
    firm_db(permission).await
}

fn choice(row: roles::Model, users: u32) -> RoleChoice {
    RoleChoice {
        stored: RoleRef::Custom(row.id).to_stored(),
        name: row.name,
        builtin: false,
        permissions: Permission::parse_list(&row.permissions),
        users,
    }
}

/// Every role the firm can give: the built-in ones, then the custom ones by name, with how many
/// users have each.
pub async fn list(firm: &FirmDb) -> Result<Vec<RoleChoice>, AppError> {
    let mut holders: HashMap<String, u32> = HashMap::new();
    for user in firm.find::<users::Entity>().all(firm.conn()).await? {
        *holders.entry(user.role).or_default() += 1;
    }
    let count = |stored: &str| holders.get(stored).copied().unwrap_or(0);
    let mut custom = firm.find::<roles::Entity>().all(firm.conn()).await?;
    custom.sort_by_key(|row| row.name.to_lowercase());
    let builtin = Role::ALL.into_iter().map(|role| RoleChoice {
        stored: role.as_str().to_string(),
        name: role.label().to_string(),
        builtin: true,
        permissions: role.permissions().to_vec(),
        users: count(role.as_str()),
    });
    let custom = custom.into_iter().map(|row| {
        let users = count(&RoleRef::Custom(row.id).to_stored());
        choice(row, users)
    });
    Ok(builtin.chain(custom).collect())
}

/// How many of the firm's users have the stored role.
async fn users_with(firm: &FirmDb, stored: &str) -> Result<u64, AppError> {
    Ok(firm
        .find::<users::Entity>()
        .filter(users::Column::Role.eq(stored))
        .count(firm.conn())
        .await?)
}

/// Creates (`id` none) or changes a custom role; the name must be free in the firm and the
/// signed-in user must hold every permission it adds.
pub async fn save(
    firm: &FirmDb,
    id: Option<Uuid>,
    valid: ValidRole,
) -> Result<RoleChoice, AppError> {
    let me = current_user()?;
    let before = match id {
        Some(id) => Some(firm.get::<roles::Entity>(id).await?),
        None => None,
    };
    let mut v = Validator::default();
    let lower = valid.name.to_lowercase();
    let taken = firm
        .find::<roles::Entity>()
        .all(firm.conn())
        .await?
        .into_iter()
        .any(|row| Some(row.id) != id && row.name.to_lowercase() == lower);
    if taken {
        v.reject(
            "name",
            format!(
                "The firm already has a role called {}; choose another name.",
                valid.name
            ),
        );
    }
    // No one grants what they may not do themselves (what the role already had may stay).
    let had = before
        .as_ref()
        .map(|row| Permission::parse_list(&row.permissions))
        .unwrap_or_default();
    let beyond: Vec<&str> = valid
        .permissions
        .iter()
        .copied()
        .filter(|p| !me.can(*p) && !had.contains(p))
        .map(Permission::label)
        .collect();
    if !beyond.is_empty() {
        v.reject(
            "permissions",
            format!(
                "You can only grant what you may do yourself; untick: {}.",
                beyond.join(", ")
            ),
        );
    }
    v.finish()?;
    let permissions = Permission::join(&valid.permissions);
    let row = match before {
        Some(row) => {
            firm.update(roles::ActiveModel {
                id: Set(row.id),
                name: Set(valid.name),
                permissions: Set(permissions),
                ..Default::default()
            })
            .await?
        }
        None => {
            firm.insert(roles::ActiveModel {
                id: Set(new_id()),
                name: Set(valid.name),
                permissions: Set(permissions),
                created_at: Set(time_now()),
                ..Default::default()
            })
            .await?
        }
    };
    tracing::info!(role_id = %row.id, "custom role saved");
    let users = users_with(firm, &RoleRef::Custom(row.id).to_stored()).await?;
    Ok(choice(row, u32::try_from(users).unwrap_or(u32::MAX)))
}

/// "1 user", "3 users".
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Deletes a custom role that no user has and no pending invitation offers.
pub async fn delete(firm: &FirmDb, id: Uuid) -> Result<(), AppError> {
    let row = firm.get::<roles::Entity>(id).await?;
    let stored = RoleRef::Custom(row.id).to_stored();
    let users = users_with(firm, &stored).await?;
    let invited = firm
        .find::<invitations::Entity>()
        .filter(invitations::Column::Role.eq(&stored))
        .filter(invitations::Column::AcceptedAt.is_null())
        .filter(invitations::Column::RevokedAt.is_null())
        .count(firm.conn())
        .await?;
    if users > 0 || invited > 0 {
        let mut uses = Vec::new();
        let mut fixes = Vec::new();
        if users > 0 {
            uses.push(format!("given to {}", counted(users, "user", "users")));
            fixes.push("give those users another role");
        }
        if invited > 0 {
            uses.push(format!(
                "offered by {}",
                counted(invited, "pending invitation", "pending invitations")
            ));
            fixes.push("revoke those invitations");
        }
        return Err(invalid(
            "role",
            format!(
                "{} is still {}: {} first.",
                row.name,
                uses.join(" and "),
                fixes.join(" and ")
            ),
        ));
    }
    firm.delete_many::<roles::Entity>()
        .filter(roles::Column::Id.eq(id))
        .exec()
        .await?;
    tracing::info!(role_id = %id, "custom role deleted");
    Ok(())
}
