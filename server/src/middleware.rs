//! Request middleware: host to tenant resolution, security headers, and request ids.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use app::error::AppError;
use app::ssr::auth::authenticate;
use app::ssr::limits::{ClientAddr, Limits};
use app::ssr::platform;
use app::ssr::stats::Activity;
use app::ssr::tenant::{Resolution, Site, SiteResolver};
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use http::header::{HOST, HeaderName, HeaderValue, ORIGIN};
use http::{Method, StatusCode};
use sea_orm::DatabaseConnection;
use tower_http::request_id::{MakeRequestId, RequestId};
use tower_sessions::Session;

use crate::status_pages::status_page;

/// What the tenancy middleware needs.
#[derive(Clone)]
pub struct HostPolicy {
    /// Resolves hosts to sites.
    pub sites: Arc<SiteResolver>,
    /// Whether `X-Forwarded-Host` is honoured (only behind a trusted proxy).
    pub trusted_proxy: bool,
    /// Counts each firm's requests for the dashboard.
    pub activity: Arc<Activity>,
    /// Holds each firm to its plan's request rate.
    pub limits: Arc<Limits>,
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
            if let Site::Firm(firm) = &site {
                tracing::Span::current().record("firm_id", tracing::field::display(firm.id));
                policy.activity.request(firm.id);
                if let Some(per_minute) = firm.requests_per_minute
                    && !is_static(req.uri().path())
                    && let Err(refusal) = policy.limits.firm_request(firm.id, per_minute)
                {
                    return too_many(req.uri().path(), refusal);
                }
            }
            req.extensions_mut().insert(site);
            next.run(req).await
        }
        Ok(Resolution::Suspended { name, reason }) => status_page(
            StatusCode::FORBIDDEN,
            "Account suspended",
            &format!(
                "{name}'s Docket account is suspended{}. Its data is kept safe and nobody can sign in until it is reactivated; your firm's administrator can contact Docket support to resolve it.",
                reason.map(|r| format!(" ({r})")).unwrap_or_default()
            ),
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

/// Whether `path` is a static file (the site's scripts, styles and images), which page views
/// fetch by themselves and plan request rates do not count.
fn is_static(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

/// A request over the firm's plan rate: server functions and uploads get the typed error as
/// JSON, pages a page that says so; both ask to retry in a minute.
fn too_many(path: &str, refusal: AppError) -> Response {
    let mut response = if path.starts_with("/api/") {
        (StatusCode::TOO_MANY_REQUESTS, axum::Json(&refusal)).into_response()
    } else {
        status_page(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many requests",
            &refusal.to_string(),
        )
        .into_response()
    };
    response
        .headers_mut()
        .insert(http::header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

/// Records the client's address for rate limits: the peer address or, behind a trusted proxy,
/// the last `X-Forwarded-For` entry (the one the proxy itself added).
pub async fn client_addr(
    State(policy): State<HostPolicy>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let forwarded = policy
        .trusted_proxy
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|last| last.trim().parse::<IpAddr>().ok());
    let addr = forwarded.or(peer).unwrap_or(IpAddr::from([0, 0, 0, 0]));
    req.extensions_mut().insert(ClientAddr(addr));
    next.run(req).await
}

/// Refuses state-changing requests (anything but GET and HEAD) whose `Origin` is missing or is
/// not this host: server functions accept only same-origin POSTs. Cookies are `SameSite=Lax`
/// as well; this is the second wall against cross-site requests.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let host = req
        .headers()
        .get(HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin = req
        .headers()
        .get(ORIGIN)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    if host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
        tracing::warn!(origin, "cross-origin request refused");
        return status_page(
            StatusCode::FORBIDDEN,
            "Request refused",
            "This request did not come from a Docket page. Reload the page and try again.",
        );
    }
    next.run(req).await
}

/// Resolves the session to whoever is signed in to this host (a user of its firm, or on the
/// platform host a platform admin) and puts them in the request's extensions; sends page
/// requests from anyone not signed in to the sign-in page. Server functions refuse by
/// themselves (`Unauthorized`); static files pass.
pub async fn require_sign_in(
    State(db): State<DatabaseConnection>,
    mut req: Request,
    next: Next,
) -> Response {
    let Some(site) = req.extensions().get::<Site>().cloned() else {
        return next.run(req).await;
    };
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        tracing::error!("session layer missing");
        return status_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "Please try again.",
        );
    };
    let signed_in = match &site {
        Site::Firm(firm) => authenticate(&db, firm.id, &session).await.map(|user| {
            user.map(|user| {
                tracing::Span::current().record("user_id", tracing::field::display(user.id));
                req.extensions_mut().insert(user);
            })
        }),
        Site::Platform => platform::authenticate(&db, &session).await.map(|admin| {
            admin.map(|admin| {
                tracing::Span::current().record("user_id", tracing::field::display(admin.id));
                req.extensions_mut().insert(admin);
            })
        }),
        Site::Public => return next.run(req).await,
    };
    let signed_in = match signed_in {
        Ok(who) => who.is_some(),
        Err(err) => {
            tracing::error!(error = %err, "session look-up failed");
            return status_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Docket is briefly unavailable",
                "Please try again in a moment.",
            );
        }
    };
    let path = req.uri().path();
    if signed_in && (path == "/login" || path == "/login/two-factor") {
        return Redirect::to("/").into_response();
    }
    let page = req.method() == Method::GET
        && !app::auth::SIGNED_OUT_PAGES.contains(&path)
        && !path.starts_with("/api/")
        && !is_static(path);
    if !signed_in && page {
        let target = req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/");
        let next: String = url::form_urlencoded::byte_serialize(target.as_bytes()).collect();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    next.run(req).await
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

/// The security headers every response carries. Rendered pages replace this CSP with one that
/// also allows their own nonce (`app::ssr::csp`).
pub fn security_headers(production: bool) -> Vec<(HeaderName, HeaderValue)> {
    let mut headers = vec![
        (
            http::header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'",
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
