//! A firm's lifecycle: platform admins suspend it with a reason (its sessions end, its host and
//! every server function answer with the suspension page, sign-in is refused, its data is kept,
//! other firms carry on) and reactivate it; each change is in the platform audit log and the
//! firm's own trail. Only platform admins on the platform host may do it.

use app::error::AppError;
use app::platform::FirmSummary;
use app::ssr::db::FirmDb;
use app::ssr::db::entities::{audit_entries, platform_audit};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::both_backends;
use crate::harness::{ADMIN_HOST, ADMIN_PASSWORD, TestApp};

both_backends!(
    a_suspended_firm_is_refused_everywhere_and_comes_back_intact,
    only_platform_admins_suspend_firms,
);

async fn a_suspended_firm_is_refused_everywhere_and_comes_back_intact(app: TestApp) {
    let host = app.a.host();
    let client = app.create_client(&host, "Kept Safe").await;
    let admin = app.platform_admin().await;

    // A reason is required, and a refusal changes nothing.
    let missing: Result<FirmSummary, _> = TestApp::decode(
        app.send_form(
            ADMIN_HOST,
            "platform/firm-suspend",
            &[("slug", "alpha"), ("reason", "  ")],
            Some(&admin),
        )
        .await,
    )
    .await;
    let (status, err) = missing.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("reason").is_some());
    assert_eq!(app.get(&host, "/clients").await.status(), StatusCode::OK);

    let suspended: FirmSummary = TestApp::decode(
        app.send_form(
            ADMIN_HOST,
            "platform/firm-suspend",
            &[("slug", "alpha"), ("reason", "Invoice 2026-11 unpaid")],
            Some(&admin),
        )
        .await,
    )
    .await
    .unwrap();
    assert_eq!(suspended.status, "suspended");
    assert_eq!(
        suspended.suspended_reason.as_deref(),
        Some("Invoice 2026-11 unpaid")
    );

    // Pages, server functions and downloads all get the suspension page.
    let page = app.get(&host, "/clients").await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    let html = page.text().await.unwrap();
    assert!(html.contains("suspended") && html.contains("Invoice 2026-11 unpaid"));
    assert!(!html.contains("Kept Safe"));
    let call = app
        .call(&host, "clients/list", &[("q", ""), ("page", "1")])
        .await;
    assert_eq!(call.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&host, "/audit/export.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    let sign_in = app
        .send_form(
            &host,
            "auth/sign-in",
            &[
                ("email", "admin@alpha.test"),
                ("password", ADMIN_PASSWORD),
                ("next", "/"),
            ],
            None,
        )
        .await;
    assert_eq!(sign_in.status(), StatusCode::FORBIDDEN);
    // The other firm carries on.
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );

    // Both logs have it.
    let platform = platform_audit::Entity::find()
        .filter(platform_audit::Column::Action.eq("firm.suspended"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(platform.len(), 1);
    assert_eq!(platform[0].admin_name, "ops");
    assert_eq!(platform[0].firm_id, Some(app.a.id));
    assert!(platform[0].details.contains("Invoice 2026-11 unpaid"));
    assert!(platform[0].request_id.is_some());

    let reactivated: FirmSummary = TestApp::decode(
        app.send_form(
            ADMIN_HOST,
            "platform/firm-reactivate",
            &[("slug", "alpha")],
            Some(&admin),
        )
        .await,
    )
    .await
    .unwrap();
    assert_eq!(reactivated.status, "active");
    assert_eq!(reactivated.suspended_reason, None);

    // The old session ended with the suspension; signing in again works and the data is there.
    assert_eq!(
        app.call(&host, "clients/list", &[("q", ""), ("page", "1")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let cookie = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let found = app
        .get_with(&host, &format!("/clients/{}", client.id), Some(&cookie))
        .await;
    assert_eq!(found.status(), StatusCode::OK);
    assert!(found.text().await.unwrap().contains("Kept Safe"));
    let firm = FirmDb::begin(&app.owner, app.a.id).await.unwrap();
    let trail: Vec<String> = firm
        .find::<audit_entries::Entity>()
        .filter(audit_entries::Column::Entity.eq("firms"))
        .all(firm.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    firm.commit().await.unwrap();
    assert_eq!(trail, ["firm.suspended", "firm.reactivated"]);
}

async fn only_platform_admins_suspend_firms(app: TestApp) {
    let form = [("slug", "bravo"), ("reason", "just because")];
    // A firm admin, on their own host or the platform's.
    let at_firm = app
        .call(&app.a.host(), "platform/firm-suspend", &form)
        .await;
    assert_eq!(at_firm.status(), StatusCode::NOT_FOUND);
    let firm_cookie = app.cookies[&app.a.host()].clone();
    let at_platform = app
        .send_form(
            ADMIN_HOST,
            "platform/firm-suspend",
            &form,
            Some(&firm_cookie),
        )
        .await;
    assert_eq!(at_platform.status(), StatusCode::UNAUTHORIZED);
    // A platform admin's session means nothing on a firm host.
    let admin = app.platform_admin().await;
    let crossed = app
        .send_form(&app.a.host(), "platform/firm-suspend", &form, Some(&admin))
        .await;
    assert_eq!(crossed.status(), StatusCode::NOT_FOUND);
    // An unknown firm is "not found"; nothing was suspended.
    let unknown: Result<FirmSummary, _> = TestApp::decode(
        app.send_form(
            ADMIN_HOST,
            "platform/firm-suspend",
            &[("slug", "nobody"), ("reason", "x")],
            Some(&admin),
        )
        .await,
    )
    .await;
    assert_eq!(unknown.unwrap_err().1, AppError::NotFound);
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );
}
