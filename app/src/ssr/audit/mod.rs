//! The audit trail. Every write a [`FirmDb`](super::db::FirmDb) makes to firm data, and every
//! security event (sign-in, failed sign-in, sign-out, password and two-factor changes, role and
//! permission changes, invitations, exports, support access), becomes an entry of the firm's
//! `audit_entries` in the same transaction as the change: the entries are chained and inserted
//! just before the transaction commits, so a rolled-back change leaves no entry and no entry
//! exists without its change.
//!
//! Each entry carries the SHA-256 of the firm's previous entry and of its own fields
//! ([`chain`]), so `docket audit verify --firm SLUG` finds any entry that was altered, removed or
//! reordered. Platform admins' actions go to the separate `platform_audit` ([`platform`]).

pub mod chain;
pub mod changes;
pub mod platform;
pub mod routes;

use http::request::Parts;
use tower_http::request_id::RequestId;
use uuid::Uuid;

use super::limits::ClientAddr;

/// Who did something.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A user of the firm.
    User {
        /// The user's id.
        id: Uuid,
        /// Their display name at the time.
        name: String,
    },
    /// A platform admin inside the firm through a support session.
    Support {
        /// The platform admin's id.
        admin_id: Uuid,
        /// Their display name at the time.
        name: String,
    },
    /// Docket itself: background work, the command line, or someone not (yet) signed in.
    System,
}

impl Actor {
    /// `user`, `support` or `system`, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::User { .. } => "user",
            Actor::Support { .. } => "support",
            Actor::System => "system",
        }
    }

    /// The user's or admin's id.
    pub fn id(&self) -> Option<Uuid> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::Support { admin_id, .. } => Some(*admin_id),
            Actor::System => None,
        }
    }

    /// The name shown in the log.
    pub fn name(&self) -> &str {
        match self {
            Actor::User { name, .. } | Actor::Support { name, .. } => name,
            Actor::System => "Docket",
        }
    }
}

/// Where a request came from, as the log records it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestMeta {
    /// The request's id (its `x-request-id`), to find it in the server log.
    pub request_id: Option<String>,
    /// The client's address (behind a trusted proxy, the one the proxy saw).
    pub client_addr: Option<String>,
    /// The client's `User-Agent`, cut to 300 characters.
    pub user_agent: Option<String>,
}

impl RequestMeta {
    /// What `parts` tell of the request.
    pub fn of(parts: &Parts) -> Self {
        RequestMeta {
            request_id: parts
                .extensions
                .get::<RequestId>()
                .and_then(|id| id.header_value().to_str().ok())
                .map(str::to_string),
            client_addr: parts
                .extensions
                .get::<ClientAddr>()
                .map(|addr| addr.0.to_string()),
            user_agent: parts
                .headers
                .get(http::header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .map(|ua| ua.chars().take(300).collect()),
        }
    }
}

/// Who acts in a transaction, and from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditContext {
    /// Who.
    pub actor: Actor,
    /// From where.
    pub request: RequestMeta,
}

impl AuditContext {
    /// Docket itself, outside any request.
    pub fn system() -> Self {
        AuditContext {
            actor: Actor::System,
            request: RequestMeta::default(),
        }
    }

    /// `actor`, in the current server function's request (if there is one).
    pub fn current(actor: Actor) -> Self {
        AuditContext {
            actor,
            request: leptos::prelude::use_context::<Parts>()
                .map(|parts| RequestMeta::of(&parts))
                .unwrap_or_default(),
        }
    }

    /// `actor`, in the request of `parts`.
    pub fn request(parts: &Parts, actor: Actor) -> Self {
        AuditContext {
            actor,
            request: RequestMeta::of(parts),
        }
    }
}
