//! Permissions, the built-in roles that grant them, and how a stored role names a built-in or a
//! firm's custom role. Shared with the browser so screens can hide what a user may not do; the
//! server checks every permission itself.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Something a user may be allowed to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    /// See clients.
    ClientsRead,
    /// Add and change clients.
    ClientsWrite,
    /// See the matters one is on the team of.
    MattersRead,
    /// Open and change matters.
    MattersWrite,
    /// See every matter of the firm, not only one's own.
    MattersAll,
    /// See documents.
    DocumentsRead,
    /// Upload and change documents.
    DocumentsWrite,
    /// Delete documents.
    DocumentsDelete,
    /// Record time.
    TimeWrite,
    /// See billing.
    BillingRead,
    /// Issue invoices and record payments.
    BillingManage,
    /// Invite, change and deactivate users.
    UsersManage,
    /// Edit roles.
    RolesManage,
    /// Change firm settings.
    SettingsManage,
    /// Read the audit log.
    AuditRead,
}

use Permission::*;

impl Permission {
    /// Every permission, in the order screens list them (grouped by [`Permission::group`]).
    pub const ALL: [Permission; 15] = [
        ClientsRead,
        ClientsWrite,
        MattersRead,
        MattersWrite,
        MattersAll,
        DocumentsRead,
        DocumentsWrite,
        DocumentsDelete,
        TimeWrite,
        BillingRead,
        BillingManage,
        UsersManage,
        RolesManage,
        SettingsManage,
        AuditRead,
    ];

    /// The stored name (`clients.read`), as custom roles keep it.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientsRead => "clients.read",
            ClientsWrite => "clients.write",
            MattersRead => "matters.read",
            MattersWrite => "matters.write",
            MattersAll => "matters.all",
            DocumentsRead => "documents.read",
            DocumentsWrite => "documents.write",
            DocumentsDelete => "documents.delete",
            TimeWrite => "time.write",
            BillingRead => "billing.read",
            BillingManage => "billing.manage",
            UsersManage => "users.manage",
            RolesManage => "roles.manage",
            SettingsManage => "settings.manage",
            AuditRead => "audit.read",
        }
    }

    /// The permission with this stored name.
    pub fn parse(name: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// What the permission allows, as people read it.
    pub fn label(self) -> &'static str {
        match self {
            ClientsRead => "See clients",
            ClientsWrite => "Add and change clients",
            MattersRead => "See their own matters",
            MattersWrite => "Open and change matters",
            MattersAll => "See every matter of the firm",
            DocumentsRead => "See documents",
            DocumentsWrite => "Upload and change documents",
            DocumentsDelete => "Delete documents",
            TimeWrite => "Record time",
            BillingRead => "See billing",
            BillingManage => "Issue invoices and record payments",
            UsersManage => "Invite, change and deactivate users",
            RolesManage => "Edit roles",
            SettingsManage => "Change firm settings",
            AuditRead => "Read the audit log",
        }
    }

    /// The heading the role editor lists the permission under.
    pub fn group(self) -> &'static str {
        match self {
            ClientsRead | ClientsWrite => "Clients",
            MattersRead | MattersWrite | MattersAll => "Matters",
            DocumentsRead | DocumentsWrite | DocumentsDelete => "Documents",
            TimeWrite | BillingRead | BillingManage => "Time and billing",
            UsersManage | RolesManage | SettingsManage | AuditRead => "Administration",
        }
    }

    /// Every permission under its [`Permission::group`] heading, in the order of
    /// [`Permission::ALL`].
    pub fn groups() -> Vec<(&'static str, Vec<Permission>)> {
        let mut groups: Vec<(&'static str, Vec<Permission>)> = Vec::new();
        for p in Permission::ALL {
            if groups.last().map(|(group, _)| *group) != Some(p.group()) {
                groups.push((p.group(), Vec::new()));
            }
            if let Some((_, members)) = groups.last_mut() {
                members.push(p);
            }
        }
        groups
    }

    /// How a list of permissions is stored: their stored names, comma-separated.
    pub fn join(permissions: &[Permission]) -> String {
        permissions
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The permissions of a stored list; a name Docket does not know grants nothing.
    pub fn parse_list(stored: &str) -> Vec<Permission> {
        stored
            .split(',')
            .filter_map(|name| Permission::parse(name.trim()))
            .collect()
    }
}

/// The built-in roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// The firm's owner: everything.
    Owner,
    /// A firm administrator: everything.
    Admin,
    /// Works matters, records time, sees billing.
    Lawyer,
    /// Works matters and records time.
    Paralegal,
    /// Runs billing across all matters.
    Billing,
    /// Looks, never changes.
    ReadOnly,
}

impl Role {
    /// Every built-in role.
    pub const ALL: [Role; 6] = [
        Role::Owner,
        Role::Admin,
        Role::Lawyer,
        Role::Paralegal,
        Role::Billing,
        Role::ReadOnly,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Lawyer => "lawyer",
            Role::Paralegal => "paralegal",
            Role::Billing => "billing",
            Role::ReadOnly => "read_only",
        }
    }

    /// The role with this stored name.
    pub fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Lawyer => "Lawyer",
            Role::Paralegal => "Paralegal",
            Role::Billing => "Billing",
            Role::ReadOnly => "Read-only",
        }
    }

    /// The label of a stored built-in role name ("Unknown role" for any other).
    pub fn label_of(name: &str) -> &'static str {
        Role::parse(name).map_or("Unknown role", Role::label)
    }

    /// What the role allows.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Role::Owner | Role::Admin => &Permission::ALL,
            Role::Lawyer => &[
                ClientsRead,
                ClientsWrite,
                MattersRead,
                MattersWrite,
                DocumentsRead,
                DocumentsWrite,
                TimeWrite,
                BillingRead,
            ],
            Role::Paralegal => &[
                ClientsRead,
                ClientsWrite,
                MattersRead,
                MattersWrite,
                DocumentsRead,
                DocumentsWrite,
                TimeWrite,
            ],
            Role::Billing => &[
                ClientsRead,
                MattersRead,
                MattersAll,
                DocumentsRead,
                BillingRead,
                BillingManage,
            ],
            Role::ReadOnly => &[ClientsRead, MattersRead, DocumentsRead],
        }
    }
}

/// The prefix of a stored custom role: `custom:{id}`.
const CUSTOM_PREFIX: &str = "custom:";

/// What `users.role` and `invitations.role` hold: a built-in role by its stored name (`lawyer`),
/// or a custom role of the same firm as `custom:{id}` of its row in `roles`. The one place that
/// encoding is read and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoleRef {
    /// A built-in role.
    BuiltIn(Role),
    /// The firm's custom role with this id.
    Custom(Uuid),
}

impl RoleRef {
    /// The role a stored value names, if it is well-formed (a custom role may still be gone).
    pub fn parse(stored: &str) -> Option<RoleRef> {
        match stored.strip_prefix(CUSTOM_PREFIX) {
            Some(id) => Uuid::parse_str(id).ok().map(RoleRef::Custom),
            None => Role::parse(stored).map(RoleRef::BuiltIn),
        }
    }

    /// The value to store (custom ids always in their hyphenated lower-case form).
    pub fn to_stored(self) -> String {
        match self {
            RoleRef::BuiltIn(role) => role.as_str().to_string(),
            RoleRef::Custom(id) => format!("{CUSTOM_PREFIX}{}", id.hyphenated()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_names_round_trip_and_are_listed_once() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.as_str()), Some(p));
        }
        let mut seen = std::collections::HashSet::new();
        assert!(
            Permission::ALL.iter().all(|p| seen.insert(*p)),
            "a duplicate in ALL"
        );
        assert_eq!(Permission::parse("clients.fly"), None);
        let listed: Vec<Permission> = Permission::groups()
            .into_iter()
            .flat_map(|(_, members)| members)
            .collect();
        assert_eq!(
            listed,
            Permission::ALL.to_vec(),
            "groups are contiguous in ALL"
        );
        let stored = Permission::join(&[ClientsRead, BillingManage]);
        assert_eq!(stored, "clients.read,billing.manage");
        assert_eq!(
            Permission::parse_list(&format!("{stored},gone.away")),
            vec![ClientsRead, BillingManage]
        );
    }

    #[test]
    fn stored_roles_round_trip_and_unknown_ones_name_nothing() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let stored = RoleRef::BuiltIn(role).to_stored();
            assert_eq!(RoleRef::parse(&stored), Some(RoleRef::BuiltIn(role)));
        }
        let id = Uuid::from_u128(0x0192_3c4d_5e6f_7a8b_9c0d_1e2f_3a4b_5c6d);
        let stored = RoleRef::Custom(id).to_stored();
        assert_eq!(stored, "custom:01923c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d");
        assert_eq!(RoleRef::parse(&stored), Some(RoleRef::Custom(id)));
        for unknown in ["superuser", "custom:", "custom:nope", "Owner", ""] {
            assert_eq!(RoleRef::parse(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn only_owners_and_admins_manage_users_and_read_only_never_writes() {
        for role in Role::ALL {
            let manages = role.permissions().contains(&UsersManage);
            assert_eq!(
                manages,
                matches!(role, Role::Owner | Role::Admin),
                "{role:?}"
            );
        }
        assert!(!Role::ReadOnly.permissions().iter().any(|p| matches!(
            p,
            ClientsWrite
                | MattersWrite
                | DocumentsWrite
                | DocumentsDelete
                | TimeWrite
                | BillingManage
        )));
    }
}
