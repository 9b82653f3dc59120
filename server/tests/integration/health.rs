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
    let headers = response.headers();
    let id = headers
        .get("x-request-id")
        .expect("request id")
        .to_str()
        .unwrap();
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 7);
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    assert!(
        headers.get("strict-transport-security").is_none(),
        "HSTS is for production only"
    );
    let other = app.get(&app.a.host(), "/clients").await;
    assert_ne!(other.headers()["x-request-id"], id, "request ids repeat");
}
