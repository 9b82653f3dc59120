//! The platform audit log: what platform admins (and the command line) did to firms and to the
//! platform. Global and append-only; firms never read it.

use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr};
use serde_json::Value as Json;
use uuid::Uuid;

use super::RequestMeta;
use crate::ssr::db::entities::platform_audit;
use crate::ssr::db::new_id;

/// Who acted on the platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlatformActor {
    /// The admin, or `None` for the command line.
    pub admin_id: Option<Uuid>,
    /// Their name, or `command line`.
    pub name: String,
    /// Where the request came from.
    pub request: RequestMeta,
}

impl PlatformActor {
    /// Docket itself (the sweeper that purges firms once their deletion is due).
    pub fn system() -> Self {
        PlatformActor {
            admin_id: None,
            name: "Docket".into(),
            request: RequestMeta::default(),
        }
    }

    /// The `docket` command line.
    pub fn command_line() -> Self {
        PlatformActor {
            admin_id: None,
            name: "command line".into(),
            request: RequestMeta::default(),
        }
    }
}

/// Records `action` (on `firm`, if any, as `(id, name)`) with its `details`, on `conn`: pass
/// the transaction that makes the change, so both commit or neither does.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &PlatformActor,
    action: &str,
    firm: Option<(Uuid, &str)>,
    details: Json,
) -> Result<(), DbErr> {
    platform_audit::ActiveModel {
        id: Set(new_id()),
        at: Set(chrono::Utc::now().timestamp_millis()),
        admin_id: Set(actor.admin_id),
        admin_name: Set(actor.name.chars().take(200).collect()),
        action: Set(action.to_string()),
        firm_id: Set(firm.map(|(id, _)| id)),
        firm_name: Set(firm.map(|(_, name)| name.to_string())),
        details: Set(details.to_string()),
        request_id: Set(actor.request.request_id.clone()),
        client_addr: Set(actor.request.client_addr.clone()),
        user_agent: Set(actor.request.user_agent.clone()),
    }
    .insert(conn)
    .await
    .map(|_| ())
}
