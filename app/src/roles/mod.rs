//! Custom roles: a firm's own roles, each a name and a set of permissions, edited on `/settings`
//! by those with `roles.manage` and given to users and invitations as `custom:{id}` (see
//! [`crate::auth::RoleRef`]). The built-in roles stay as they are.

#[cfg(feature = "ssr")]
pub(crate) mod store;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{Permission, Role, RoleRef};
use crate::error::{AppError, Validator};

/// The longest role name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// A role the firm can give, built-in or custom, as role pickers and the role editor list it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleChoice {
    /// What a user's or invitation's role stores for it: a built-in role's name or `custom:{id}`.
    pub stored: String,
    /// The name people read.
    pub name: String,
    /// Whether it is built in (and cannot be changed).
    pub builtin: bool,
    /// What it allows, in the order of [`Permission::ALL`].
    pub permissions: Vec<Permission>,
    /// How many of the firm's users have it.
    pub users: u32,
}

impl RoleChoice {
    /// The id of a custom role (`None` for a built-in one).
    pub fn custom_id(&self) -> Option<Uuid> {
        match RoleRef::parse(&self.stored) {
            Some(RoleRef::Custom(id)) => Some(id),
            _ => None,
        }
    }
}

/// A custom role's name and permissions, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRole {
    /// The trimmed name.
    pub name: String,
    /// The permissions, once each, in the order of [`Permission::ALL`].
    pub permissions: Vec<Permission>,
}

/// Checks a custom role's name and its permissions (stored names, comma-separated): the checks
/// the browser can make before sending. The server makes them again, and also checks that no
/// other role of the firm has the name and that the user holds what they grant.
pub fn validate_role(name: &str, permissions: &str) -> Result<ValidRole, AppError> {
    let mut v = Validator::default();
    let name = name.trim();
    let length = name.chars().count();
    if length == 0 || length > MAX_NAME_CHARS {
        v.reject(
            "name",
            format!("Give the role a name of 1 to {MAX_NAME_CHARS} characters."),
        );
    } else if let Some(builtin) = Role::ALL
        .into_iter()
        .find(|r| r.label().eq_ignore_ascii_case(name) || r.as_str().eq_ignore_ascii_case(name))
    {
        v.reject(
            "name",
            format!(
                "{} is a built-in role; choose another name.",
                builtin.label()
            ),
        );
    }
    let names: Vec<&str> = permissions
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let unknown: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| Permission::parse(n).is_none())
        .collect();
    if !unknown.is_empty() {
        v.reject(
            "permissions",
            format!(
                "Docket has no permission called {}; choose from the list.",
                unknown.join(", ")
            ),
        );
    } else if names.is_empty() {
        v.reject("permissions", "Choose at least one permission.");
    }
    v.finish()?;
    Ok(ValidRole {
        name: name.to_string(),
        permissions: Permission::ALL
            .into_iter()
            .filter(|p| names.contains(&p.as_str()))
            .collect(),
    })
}

/// Every role the firm can give: the built-in ones first, then its custom roles by name, each
/// with how many users have it. For role pickers and the role editor, so `users.manage` or
/// `roles.manage` will do.
#[server(endpoint = "roles/list")]
pub async fn list_roles() -> Result<Vec<RoleChoice>, AppError> {
    let firm = store::picker_db().await?;
    let result = store::list(&firm).await;
    firm.finish(result).await
}

/// Creates a custom role (without `id`) or changes one. `permissions` are stored names,
/// comma-separated (`clients.read,clients.write`); nobody grants what they may not do themselves.
#[server(endpoint = "roles/save")]
pub async fn save_role(
    id: Option<Uuid>,
    name: String,
    permissions: String,
) -> Result<RoleChoice, AppError> {
    let firm = crate::ssr::tenant::firm_db(Permission::RolesManage).await?;
    let result = async { store::save(&firm, id, validate_role(&name, &permissions)?).await }.await;
    firm.finish(result).await
}

/// Deletes a custom role that no user has and no pending invitation offers.
#[server(endpoint = "roles/delete")]
pub async fn delete_role(id: Uuid) -> Result<(), AppError> {
    let firm = crate::ssr::tenant::firm_db(Permission::RolesManage).await?;
    let result = store::delete(&firm, id).await;
    firm.finish(result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_needs_a_free_name_and_known_permissions() {
        let valid = validate_role("  Clerks ", "clients.write, clients.read,clients.read").unwrap();
        assert_eq!(valid.name, "Clerks");
        assert_eq!(
            valid.permissions,
            vec![Permission::ClientsRead, Permission::ClientsWrite]
        );
        let long = "x".repeat(MAX_NAME_CHARS + 1);
        for (name, permissions, field) in [
            ("   ", "clients.read", "name"),
            (long.as_str(), "clients.read", "name"),
            ("read-ONLY", "clients.read", "name"),
            ("read_only", "clients.read", "name"),
            ("Clerks", "", "permissions"),
            ("Clerks", " , ", "permissions"),
            ("Clerks", "clients.read,clients.fly", "permissions"),
        ] {
            let err = validate_role(name, permissions).unwrap_err();
            assert!(
                err.field(field).is_some(),
                "{name:?} {permissions:?}: {err:?}"
            );
        }
    }
}
