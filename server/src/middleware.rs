//! Request middleware: host to tenant resolution, security headers, and request ids.

use std::sync::Arc;

use app::ssr::tenant::{Resolution, SiteResolver};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{HOST, HeaderName, HeaderValue};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::status_pages::status_page;

/// What the tenancy middleware needs.
#[derive(Clone)]
pub struct HostPolicy {
    /// Resolves hosts to sites.
    pub sites: Arc<SiteResolver>,
    /// Whether `X-Forwarded-Host` is honoured (only behind a trusted proxy).
    pub trusted_proxy: bool,
}

const FORWARDED_HOST: HeaderName = HeaderName::from_static("x-forwarded-host");

/// Resolves the request's host to a site and puts it in the request's extensions; answers
/// unknown hosts with 404 and suspended firms with a page that says so.
pub async fn resolve_site(
    State(policy): State<HostPolicy>,
    mut req: Request,
    next: Next,
) -> Response {
    let headers = req.headers();
    let forwarded = policy
        .trusted_proxy
        .then(|| headers.get(FORWARDED_HOST))
        .flatten();
    let host = forwarded
        .or_else(|| headers.get(HOST))
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.to_string()))
        .unwrap_or_default();
    match policy.sites.resolve(&host).await {
        Ok(Resolution::Site(site)) => {
            if let Some(firm_id) = site.firm_id() {
                tracing::Span::current().record("firm_id", tracing::field::display(firm_id));
            }
            req.extensions_mut().insert(site);
            next.run(req).await
        }
        Ok(Resolution::Suspended { name }) => status_page(
            StatusCode::FORBIDDEN,
            "Account suspended",
            &format!("{name}'s Docket account is suspended. Its data is kept safe; please contact your firm's administrator."),
        ),
        Ok(Resolution::Unknown) => status_page(
            StatusCode::NOT_FOUND,
            "No firm at this address",
            "Check the address for typing mistakes, or ask your firm's administrator for the right link.",
        ),
        Err(err) => {
            tracing::error!(error = %err, "host resolution failed");
            status_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Docket is briefly unavailable",
                "Please try again in a moment.",
            )
        }
    }
    .into_response()
}

/// Makes UUIDv7 request ids (sortable by time, unique across processes).
#[derive(Clone, Copy, Default)]
pub struct MakeRequestUuidV7;

impl MakeRequestId for MakeRequestUuidV7 {
    fn make_request_id<B>(&mut self, _request: &http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&uuid::Uuid::now_v7().to_string())
            .ok()
            .map(RequestId::new)
    }
}

/// The security headers every response carries.
pub fn security_headers(production: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
            ),
        ),
        (
            http::header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            http::header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            http::header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ),
    ];
    if production {
        headers.push((
            http::header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ));
    }
    headers
}
