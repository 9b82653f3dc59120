//! Health endpoints, request ids and security headers.

use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    health_and_readiness_answer_on_any_host,
    responses_carry_request_ids_and_security_headers
);

async fn health_and_readiness_answer_on_any_host(app: TestApp) {
    for host in ["127.0.0.1", "nosuchfirm.localhost", "alpha.localhost"] {
        assert_eq!(
            app.get(host, "/healthz").await.status(),
            StatusCode::OK,
            "{host}"
        );
        assert_eq!(
            app.get(host, "/readyz").await.status(),
            StatusCode::OK,
            "{host}"
        );
    }
}

async fn responses_carry_request_ids_and_security_headers(app: TestApp) {
    let response = app.get(&app.a.host(), "/clients").await;
    let headers = response.headers().clone();
    let id = headers["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "HSTS is for production only"
    );
    // A page's scripts run by its nonce, never by 'unsafe-inline'.
    let csp = headers["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .unwrap();
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    let nonce = script_src
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce");
    let html = response.text().await.unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script lacks the CSP's nonce"
    );
    // Each page gets its own nonce and request id.
    let other = app.get(&app.a.host(), "/clients").await;
    assert_ne!(
        other.headers()["x-request-id"].to_str().unwrap(),
        id,
        "request ids repeat"
    );
    assert!(
        !other.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains(nonce),
        "nonces repeat"
    );
}
