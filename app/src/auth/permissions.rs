//! Permissions and the built-in roles that grant them. Shared with the browser so screens can
//! hide what a user may not do; the server checks every permission itself.

use serde::{Deserialize, Serialize};

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

/// The built-in roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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

const EVERYTHING: &[Permission] = &[
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

    /// The label of a stored role name ("Unknown role" for one Docket does not know).
    pub fn label_of(name: &str) -> &'static str {
        Role::parse(name).map_or("Unknown role", Role::label)
    }

    /// What the role allows.
    pub fn permissions(self) -> &'static [Permission] {
        match self {
            Role::Owner | Role::Admin => EVERYTHING,
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

/// The permissions of a stored role name; an unknown name grants nothing.
pub fn permissions_of(role: &str) -> &'static [Permission] {
    Role::parse(role).map(Role::permissions).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip_and_unknown_roles_grant_nothing() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert!(permissions_of("superuser").is_empty());
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
