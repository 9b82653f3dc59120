//! Host handling: firm subdomains however written, reserved and unknown names, the platform and
//! public sites, `X-Forwarded-Host` and custom domains (suspended firms: `lifecycle.rs`).

use app::ssr::db::PlatformDb;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    firm_hosts_resolve_whatever_the_case_port_or_trailing_dot,
    unknown_and_reserved_hosts_get_the_404_page,
    platform_and_public_sites_are_served,
    forwarded_host_is_ignored_without_a_trusted_proxy,
    custom_domains_resolve_once_verified,
);

async fn firm_hosts_resolve_whatever_the_case_port_or_trailing_dot(app: TestApp) {
    for host in [
        "alpha.localhost",
        "ALPHA.LocalHost",
        "alpha.localhost:3000",
        "alpha.localhost.",
    ] {
        let response = app.get_as(&app.a, host, "/clients").await;
        assert_eq!(response.status(), StatusCode::OK, "{host}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("Alpha &amp; Partners"),
            "{host}"
        );
    }
}

async fn unknown_and_reserved_hosts_get_the_404_page(app: TestApp) {
    for host in [
        "nosuchfirm.localhost",
        "api.localhost",
        "a.b.localhost",
        "example.org",
        "[::1]:3000",
    ] {
        let response = app.get(host, "/").await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{host}");
        assert!(
            response
                .text()
                .await
                .unwrap()
                .contains("No firm at this address"),
            "{host}"
        );
    }
}

async fn platform_and_public_sites_are_served(app: TestApp) {
    let platform = app.get("admin.localhost", "/login").await;
    assert_eq!(platform.status(), StatusCode::OK);
    let login = platform.text().await.unwrap();
    assert!(login.contains("sign-in-form") && login.contains("Docket Platform"));
    let public = app.get("localhost:3000", "/").await;
    assert_eq!(public.status(), StatusCode::OK);
    let html = public.text().await.unwrap();
    assert!(html.contains("Docket") && !html.contains("Alpha"));
    assert_eq!(
        app.get("localhost", "/clients").await.status(),
        StatusCode::NOT_FOUND
    );
}

async fn forwarded_host_is_ignored_without_a_trusted_proxy(app: TestApp) {
    let response = app
        .http
        .get(app.url("/clients"))
        .header("host", app.b.host())
        .header("x-forwarded-host", app.a.host())
        .header("cookie", &app.cookies[&app.b.host()])
        .send()
        .await
        .unwrap();
    let html = response.text().await.unwrap();
    assert!(html.contains("Bravo Legal") && !html.contains("Alpha &amp; Partners"));
}

async fn custom_domains_resolve_once_verified(app: TestApp) {
    let platform = PlatformDb::new(&app.owner);
    platform
        .insert_domain(app.b.id, "law.bravo.example", false)
        .await
        .unwrap();
    app.resolver.invalidate();
    assert_eq!(
        app.get("law.bravo.example", "/").await.status(),
        StatusCode::NOT_FOUND
    );
    platform
        .insert_domain(app.b.id, "Portal.Bravo.Example", true)
        .await
        .unwrap();
    app.resolver.invalidate();
    let response = app.get_as(&app.b, "portal.bravo.example", "/clients").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("Bravo Legal"));
}
