//! `GET /audit/export.csv`: the firm's audit trail (with the audit page's filters) as CSV, for
//! users with `audit.read`. The export itself is an entry of the trail.

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use http::request::Parts;
use sea_orm::{PaginatorTrait, QuerySelect};

use crate::audit::{AuditQuery, action_label, store};
use crate::auth::Permission;
use crate::error::AppError;
use crate::ssr::documents::routes::{in_request, refusal};
use crate::ssr::errors::internal;
use crate::ssr::state::AppState;
use crate::ssr::tenant::{Site, firm_db_for};

/// Rows read from the database at a time.
const BATCH: u64 = 1000;

/// The routes, for the firm site's router.
pub fn router() -> Router<AppState> {
    Router::new().route("/audit/export.csv", get(export))
}

async fn export(
    State(state): State<AppState>,
    Query(query): Query<AuditQuery>,
    parts: Parts,
) -> Response {
    in_request(&parts, csv_of(&state, &parts, query))
        .await
        .unwrap_or_else(refusal)
}

async fn csv_of(state: &AppState, parts: &Parts, query: AuditQuery) -> Result<Response, AppError> {
    let (firm, _) = firm_db_for(state, parts, Permission::AuditRead).await?;
    let written = async {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "seq",
            "time (UTC)",
            "actor kind",
            "actor",
            "action",
            "entity",
            "entity id",
            "details",
            "request id",
            "client address",
            "user agent",
            "hash",
        ])
        .map_err(|e| internal(&e))?;
        // The firm's clock, cached with its host.
        let Some(Site::Firm(firm_ref)) = parts.extensions.get::<Site>() else {
            return Err(AppError::NotFound);
        };
        let clock = &firm_ref.clock;
        let total = store::matching(&firm, &query, clock)
            .count(firm.conn())
            .await?;
        let mut offset = 0;
        while offset < total {
            let batch = store::matching(&firm, &query, clock)
                .offset(offset)
                .limit(BATCH)
                .all(firm.conn())
                .await?;
            offset += BATCH;
            for entry in batch {
                let hash = entry.hash.clone();
                let row = store::row(entry);
                let details = row
                    .details
                    .iter()
                    .map(|(k, v)| format!("{k}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                out.write_record([
                    row.seq.to_string(),
                    row.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                    row.actor_kind,
                    row.actor_name,
                    action_label(&row.action).to_string(),
                    row.entity,
                    row.entity_id.unwrap_or_default(),
                    details,
                    row.request_id.unwrap_or_default(),
                    row.client_addr.unwrap_or_default(),
                    row.user_agent.unwrap_or_default(),
                    hash,
                ])
                .map_err(|e| internal(&e))?;
            }
        }
        firm.log(
            "export",
            "audit_entries",
            None,
            serde_json::json!({ "format": "csv", "entries": total, "filters": serde_json::to_value(&query).unwrap_or_default() }),
        );
        out.into_inner().map_err(|e| internal(&e))
    }
    .await;
    let body = firm.finish(written).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"audit-log.csv\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
