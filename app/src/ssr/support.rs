//! Support sessions on the server: starting one from the platform console, entering the firm's
//! host through a one-time link, resolving the session on each request, and the firm admin's
//! controls (allow changes, end, turn support access off). See [`crate::support`].
//!
//! The platform admin's browser cannot carry a session from `admin.` to the firm's host (cookies
//! are host-only), so starting a session gives a one-time link (32 random bytes, stored as their
//! SHA-256, used once, only within the session's 30 minutes) that opens it on the firm's host.
//! There the request's user is the admin with every permission, but unless the firm's admin
//! allowed changes, [`crate::ssr::tenant::firm_db_for`] hands out a read-only [`FirmDb`] that
//! refuses every write.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::DateTime;
use http::request::Parts;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tower_sessions::Session;
use uuid::Uuid;

use super::audit::platform::{self, PlatformActor};
use super::audit::{Actor, AuditContext};
use super::auth::{CurrentUser, session};
use super::db::entities::{firm_settings, support_sessions};
use super::db::{FirmDb, PlatformDb, new_id};
use super::documents::routes::{in_request, refusal};
use super::errors::internal;
use super::sessions::{SIGNED_IN, time_now};
use super::state::AppState;
use super::tenant::Site;
use super::tokens;
use crate::auth::Permission;
use crate::error::{AppError, Validator};
use crate::support::{SUPPORT_MINUTES, SupportBanner, SupportOverview, SupportSessionRow};

/// The session key of a support session on a firm's host.
pub const SUPPORT_SIGNED_IN: &str = "support_signed_in";

/// What a support session's browser session holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportSignedIn {
    /// The firm entered.
    pub firm_id: Uuid,
    /// The `support_sessions` row.
    pub support_id: Uuid,
}

/// The support session a request's user is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupportAccess {
    /// The `support_sessions` row.
    pub session_id: Uuid,
    /// Whether the firm allowed changes.
    pub write: bool,
    /// Unix seconds when it ends.
    pub expires_at: i64,
}

impl SupportAccess {
    /// The banner the pages show, for the admin called `name`.
    pub fn banner(&self, name: &str) -> SupportBanner {
        SupportBanner {
            admin_name: name.to_string(),
            write: self.write,
            expires_at: DateTime::from_timestamp(self.expires_at, 0).unwrap_or_default(),
        }
    }
}

/// How many past sessions the firm's settings list.
const LISTED: u64 = 20;

/// Starts a support session in the firm with this slug for `reason`, unless the firm has turned
/// support access off; records it in both audit logs. Returns the one-time link that opens it
/// on the firm's host.
pub async fn start(
    state: &AppState,
    actor: &PlatformActor,
    slug: &str,
    reason: &str,
) -> Result<String, AppError> {
    let reason = reason.trim();
    let mut v = Validator::default();
    if reason.is_empty() {
        v.reject(
            "reason",
            "Say why you need to enter the firm; its administrator reads this in the audit log.",
        );
    } else if reason.chars().count() > 500 {
        v.reject("reason", "Keep the reason to 500 characters.");
    }
    v.finish()?;
    let firm_row = PlatformDb::new(&state.db)
        .firm_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut v = Validator::default();
    if firm_row.status != "active" {
        v.reject(
            "reason",
            "This firm is suspended; reactivate it before entering it.",
        );
    }
    v.finish()?;
    let admin_id = actor.admin_id.ok_or(AppError::Unauthorized)?;
    let firm = FirmDb::begin_write(&state.db, firm_row.id)
        .await?
        .with_context(AuditContext {
            actor: Actor::Support {
                admin_id,
                name: actor.name.clone(),
            },
            request: actor.request.clone(),
        });
    let result = async {
        if !allowed(&firm).await? {
            let mut v = Validator::default();
            v.reject(
                "reason",
                format!(
                    "{} has turned support access off in its settings. Ask the firm's administrator to turn it on.",
                    firm_row.name
                ),
            );
            v.finish()?;
        }
        let token = tokens::issue();
        let now = time_now();
        let row = firm
            .insert(support_sessions::ActiveModel {
                id: Set(new_id()),
                admin_id: Set(admin_id),
                admin_name: Set(actor.name.clone()),
                reason: Set(reason.to_string()),
                write_access: Set(false),
                entry_token_hash: Set(Some(token.hash)),
                created_at: Set(now),
                expires_at: Set(now + SUPPORT_MINUTES * 60),
                ended_at: Set(None),
                ..Default::default()
            })
            .await?;
        let details = json!({ "reason": reason, "session": row.id.to_string() });
        firm.log("support.start", "support_sessions", Some(row.id), details.clone());
        platform::record(
            firm.conn(),
            actor,
            "support.start",
            Some((firm_row.id, &firm_row.name)),
            details,
        )
        .await?;
        Ok(token.token)
    }
    .await;
    let token = firm.finish(result).await?;
    Ok(state
        .urls
        .firm(&firm_row.slug, &format!("/support/enter?token={token}")))
}

/// Whether the firm allows support access (a firm without a settings row does).
async fn allowed(firm: &FirmDb) -> Result<bool, AppError> {
    Ok(firm
        .find::<firm_settings::Entity>()
        .one(firm.conn())
        .await?
        .is_none_or(|s| s.allow_support))
}

/// The routes, for the firm site's router.
pub fn router() -> Router<AppState> {
    Router::new().route("/support/enter", get(enter))
}

#[derive(Deserialize)]
struct Entry {
    token: String,
}

async fn enter(
    State(state): State<AppState>,
    Query(entry): Query<Entry>,
    parts: Parts,
) -> Response {
    match in_request(&parts, open(&state, &parts, &entry.token)).await {
        Ok(()) => Redirect::to("/").into_response(),
        Err(err) => refusal(err),
    }
}

/// Opens the support session whose one-time link this is, on this firm's host.
async fn open(state: &AppState, parts: &Parts, token: &str) -> Result<(), AppError> {
    let firm_id = parts
        .extensions
        .get::<Site>()
        .and_then(Site::firm_id)
        .ok_or(AppError::NotFound)?;
    let firm = FirmDb::begin_write(&state.db, firm_id).await?;
    let now = time_now();
    let found = async {
        let row = firm
            .find::<support_sessions::Entity>()
            .filter(support_sessions::Column::EntryTokenHash.eq(tokens::hash(token)))
            .filter(support_sessions::Column::EndedAt.is_null())
            .filter(support_sessions::Column::ExpiresAt.gt(now))
            .one(firm.conn())
            .await?
            .ok_or(AppError::LinkExpired)?;
        firm.set_actor(Actor::Support {
            admin_id: row.admin_id,
            name: row.admin_name.clone(),
        });
        firm.update_many::<support_sessions::Entity>()
            .col_expr(
                support_sessions::Column::EntryTokenHash,
                Expr::value(Option::<String>::None),
            )
            .filter(support_sessions::Column::Id.eq(row.id))
            .exec()
            .await?;
        Ok(row.id)
    }
    .await;
    let support_id = firm.finish(found).await?;
    let session = session(parts)?;
    session.cycle_id().await.map_err(|e| internal(&e))?;
    session
        .remove_value(SIGNED_IN)
        .await
        .map_err(|e| internal(&e))?;
    session
        .insert(
            SUPPORT_SIGNED_IN,
            SupportSignedIn {
                firm_id,
                support_id,
            },
        )
        .await
        .map_err(|e| internal(&e))?;
    tracing::info!(%support_id, "support session entered");
    Ok(())
}

/// The support session a browser session holds on this firm's host, as the request's user; a
/// session that has ended, expired, or whose admin is gone is dropped.
pub async fn authenticate(
    db: &DatabaseConnection,
    firm_id: Uuid,
    session: &Session,
) -> Result<Option<CurrentUser>, AppError> {
    let held: Option<SupportSignedIn> = session
        .get(SUPPORT_SIGNED_IN)
        .await
        .map_err(|e| internal(&e))?;
    let Some(held) = held else {
        return Ok(None);
    };
    let row = if held.firm_id == firm_id {
        let firm = FirmDb::begin(db, firm_id).await?;
        let row = firm
            .find::<support_sessions::Entity>()
            .filter(support_sessions::Column::Id.eq(held.support_id))
            .filter(support_sessions::Column::EndedAt.is_null())
            .filter(support_sessions::Column::ExpiresAt.gt(time_now()))
            .one(firm.conn())
            .await?;
        firm.commit().await?;
        row
    } else {
        None
    };
    let admin = match &row {
        Some(row) => PlatformDb::new(db).admin_by_id(row.admin_id).await?,
        None => None,
    };
    let (Some(row), Some(admin)) = (row, admin) else {
        session.flush().await.map_err(|e| internal(&e))?;
        return Ok(None);
    };
    let features = super::plans::of_firm(db, firm_id).await?.features;
    Ok(Some(CurrentUser {
        id: admin.id,
        firm_id,
        email: admin.email,
        name: row.admin_name,
        role: "support".into(),
        permissions: super::auth::in_plan(Permission::ALL.to_vec(), &features),
        must_enrol_two_factor: false,
        support: Some(SupportAccess {
            session_id: row.id,
            write: row.write_access,
            expires_at: row.expires_at,
        }),
        features,
    }))
}

/// The firm's support switch and latest sessions.
pub async fn overview(firm: &FirmDb) -> Result<SupportOverview, AppError> {
    let now = time_now();
    let sessions = firm
        .find::<support_sessions::Entity>()
        .order_by_desc(support_sessions::Column::CreatedAt)
        .limit(LISTED)
        .all(firm.conn())
        .await?
        .into_iter()
        .map(|s| {
            let ends = s.ended_at.unwrap_or(s.expires_at).min(s.expires_at);
            SupportSessionRow {
                id: s.id,
                admin_name: s.admin_name,
                reason: s.reason,
                started_at: DateTime::from_timestamp(s.created_at, 0).unwrap_or_default(),
                ends_at: DateTime::from_timestamp(ends, 0).unwrap_or_default(),
                active: s.ended_at.is_none() && s.expires_at > now,
                write_access: s.write_access,
            }
        })
        .collect();
    Ok(SupportOverview {
        allowed: allowed(firm).await?,
        sessions,
    })
}

/// Turns support access on or off; off also ends every running session.
pub async fn set_allowed(firm: &FirmDb, allowed: bool) -> Result<(), AppError> {
    super::firm_settings::change(
        firm,
        firm_settings::ActiveModel {
            allow_support: Set(allowed),
            ..Default::default()
        },
    )
    .await?;
    if !allowed {
        running(firm)
            .col_expr(support_sessions::Column::EndedAt, Expr::value(time_now()))
            .exec()
            .await?;
    }
    Ok(())
}

/// An update of the firm's running support sessions.
fn running(firm: &FirmDb) -> crate::ssr::db::FirmUpdate<'_, support_sessions::Entity> {
    firm.update_many::<support_sessions::Entity>()
        .filter(support_sessions::Column::EndedAt.is_null())
        .filter(support_sessions::Column::ExpiresAt.gt(time_now()))
}

/// Allows the running support session `id` to make changes; `NotFound` if it is not running.
pub async fn grant_write(firm: &FirmDb, id: Uuid) -> Result<(), AppError> {
    let changed = running(firm)
        .col_expr(support_sessions::Column::WriteAccess, Expr::value(true))
        .filter(support_sessions::Column::Id.eq(id))
        .exec()
        .await?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    firm.log(
        "support.write_granted",
        "support_sessions",
        Some(id),
        json!({}),
    );
    Ok(())
}

/// Ends the running support session `id` now; `NotFound` if it is not running.
pub async fn end(firm: &FirmDb, id: Uuid) -> Result<(), AppError> {
    let changed = running(firm)
        .col_expr(support_sessions::Column::EndedAt, Expr::value(time_now()))
        .filter(support_sessions::Column::Id.eq(id))
        .exec()
        .await?;
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    firm.log("support.end", "support_sessions", Some(id), json!({}));
    Ok(())
}
