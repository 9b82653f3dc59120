//! The invoice downloads. Plain HTTP rather than server functions because the browser saves
//! or opens their answers as files; they reach firm data as server functions do, through
//! [`firm_db_for`] and the invoice's matter-level access.
//!
//! - `GET /billing/invoices/{id}/pdf`: the invoice as a PDF (drafts are marked DRAFT).
//! - `GET /billing/invoices/{id}/ledes`: the invoice in LEDES 1998B.
//! - `GET /billing/invoices/{id}/print`: the printable HTML page.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, HeaderValue};
use http::request::Parts;
use uuid::Uuid;

use super::PrintableInvoice;
use crate::auth::Permission;
use crate::error::AppError;
use crate::ssr::documents::routes::{in_request, refusal};
use crate::ssr::errors::internal;
use crate::ssr::state::AppState;
use crate::ssr::tenant::{FirmRef, Site, firm_db_for};

/// The routes, for the firm site's router.
pub fn router() -> Router<AppState> {
    Router::new().route("/billing/invoices/{id}/{format}", get(download))
}

async fn download(
    State(state): State<AppState>,
    Path((id, format)): Path<(String, String)>,
    parts: Parts,
) -> Response {
    let answer = in_request(&parts, render(&state, &parts, &id, &format)).await;
    answer.unwrap_or_else(refusal)
}

async fn render(
    state: &AppState,
    parts: &Parts,
    id: &str,
    format: &str,
) -> Result<Response, AppError> {
    if !matches!(format, "pdf" | "ledes" | "print") {
        return Err(AppError::NotFound);
    }
    let firm_ref: FirmRef = match parts.extensions.get::<Site>() {
        Some(Site::Firm(firm)) => firm.clone(),
        _ => return Err(AppError::NotFound),
    };
    let (firm, me) = firm_db_for(state, parts, Permission::BillingRead).await?;
    let found = async {
        let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
        let invoice = crate::billing::store::invoices::get(&firm, &me, id).await?;
        firm.log(
            "export",
            "invoices",
            Some(id),
            serde_json::json!({ "format": format }),
        );
        crate::billing::store::invoices::printable(&firm, &firm_ref, invoice).await
    }
    .await;
    let doc: PrintableInvoice = firm.finish(found).await?;
    let name = doc
        .invoice
        .number
        .clone()
        .unwrap_or_else(|| "draft-invoice".into());
    let (body, content_type, disposition) = match format {
        "pdf" => (
            super::pdf::invoice_pdf(&doc),
            "application/pdf",
            Some(format!("{name}.pdf")),
        ),
        "ledes" => (
            super::ledes::ledes_1998b(&doc).into_bytes(),
            "text/plain; charset=utf-8",
            Some(format!("{name}.ledes.txt")),
        ),
        _ => (
            super::print::invoice_html(&doc)
                .map_err(|e| internal(&e))?
                .into_bytes(),
            "text/html; charset=utf-8",
            None,
        ),
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Some(file) = disposition
        && let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\""))
    {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
