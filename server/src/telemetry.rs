//! Logging through `tracing`: one span per request with `request_id` and `firm_id`.

use axum::body::Body;
use http::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber (once; later calls are ignored). `RUST_LOG` overrides `filter`.
pub fn init(filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The span of one request. Only the path is recorded: query strings may hold search terms.
pub fn request_span(req: &Request<Body>) -> Span {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = %request_id,
        firm_id = tracing::field::Empty,
        user_id = tracing::field::Empty,
    )
}
