//! The Content-Security-Policy of rendered pages: scripts only from this origin or carrying the
//! page's nonce (Leptos puts a fresh nonce on every script it renders), WASM allowed to compile.

use http::HeaderValue;
use http::header::CONTENT_SECURITY_POLICY;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// The policy with this nonce allowed for scripts.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// Sets the page's CSP header from the nonce of this render. Runs before the first byte is
/// streamed, so the header always goes out.
pub fn set_page_policy() {
    let (Some(nonce), Some(options)) = (use_nonce(), use_context::<ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce)) {
        options.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
