//! Support access: a platform admin enters a firm through a one-time link for a stated reason;
//! the session is read-only unless the firm's admin allows changes, ends after 30 minutes or
//! when ended, is refused where the firm turned support off, stays inside its firm, and is in
//! both audit logs.

use app::clients::ClientPage;
use app::error::AppError;
use app::ssr::db::FirmDb;
use app::ssr::db::entities::{audit_entries, platform_audit, support_sessions};
use app::support::SupportOverview;
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::both_backends;
use crate::harness::{ADMIN_HOST, TestApp, session_cookie};

both_backends!(
    a_support_session_reads_but_cannot_change_until_the_firm_allows_it,
    support_sessions_expire_and_end,
    firms_can_turn_support_access_off,
    an_entry_link_works_once_and_only_at_its_firm,
);

/// Asks to enter `slug` for `reason`; the entry link or the error.
async fn start(
    app: &TestApp,
    admin: &str,
    slug: &str,
    reason: &str,
) -> Result<String, (StatusCode, AppError)> {
    app.as_platform(
        admin,
        "platform/support-start",
        &[("slug", slug), ("reason", reason)],
    )
    .await
}

/// Follows an entry link on `host`; the support session's cookie.
async fn enter(app: &TestApp, host: &str, link: &str) -> Result<String, StatusCode> {
    let path = &link[link.find("/support/enter").expect("an entry path")..];
    let response = app.get_with(host, path, None).await;
    if response.status() != StatusCode::SEE_OTHER {
        return Err(response.status());
    }
    Ok(session_cookie(&response).expect("a session cookie"))
}

async fn list_clients(app: &TestApp, cookie: &str) -> Result<ClientPage, (StatusCode, AppError)> {
    TestApp::decode(
        app.send_form(
            &app.a.host(),
            "clients/list",
            &[("q", ""), ("page", "1")],
            Some(cookie),
        )
        .await,
    )
    .await
}

async fn create_client(app: &TestApp, cookie: &str, name: &str) -> StatusCode {
    app.send_form(
        &app.a.host(),
        "clients/create",
        &[
            ("name", name),
            ("kind", "person"),
            ("email", ""),
            ("phone", ""),
            ("notes", ""),
        ],
        Some(cookie),
    )
    .await
    .status()
}

async fn overview(app: &TestApp) -> SupportOverview {
    TestApp::decode(app.call(&app.a.host(), "support/overview", &[]).await)
        .await
        .expect("the firm admin sees support sessions")
}

async fn a_support_session_reads_but_cannot_change_until_the_firm_allows_it(app: TestApp) {
    app.create_client(&app.a.host(), "Existing Client").await;
    let admin = app.platform_admin().await;
    let missing = start(&app, &admin, "alpha", " ").await.unwrap_err();
    assert!(missing.1.field("reason").is_some());
    let link = start(
        &app,
        &admin,
        "alpha",
        "Ticket 4521: invoice totals look wrong",
    )
    .await
    .unwrap();
    assert!(link.starts_with("http://alpha.localhost"));
    let support = enter(&app, &app.a.host(), &link).await.unwrap();

    // It reads the firm's data, with the banner's facts on the page.
    let page = list_clients(&app, &support).await.unwrap();
    assert!(page.items.iter().any(|c| c.name == "Existing Client"));
    let html = app
        .get_with(&app.a.host(), "/clients", Some(&support))
        .await;
    assert_eq!(html.status(), StatusCode::OK);
    assert!(html.text().await.unwrap().contains("support-banner"));
    // It cannot change anything.
    assert_eq!(
        create_client(&app, &support, "Support Made This").await,
        StatusCode::FORBIDDEN
    );
    let refused: Result<serde_json::Value, _> = TestApp::decode(
        app.send_form(
            &app.a.host(),
            "clients/create",
            &[
                ("name", "x"),
                ("kind", "person"),
                ("email", ""),
                ("phone", ""),
                ("notes", ""),
            ],
            Some(&support),
        )
        .await,
    )
    .await;
    assert_eq!(refused.unwrap_err().1, AppError::SupportReadOnly);
    assert!(
        list_clients(&app, &support)
            .await
            .unwrap()
            .items
            .iter()
            .all(|c| c.name != "Support Made This")
    );

    // The firm's admin sees the session and allows changes; then a change goes through, by
    // "support" in the firm's trail.
    let seen = overview(&app).await;
    assert!(seen.allowed);
    let session = seen
        .sessions
        .first()
        .expect("the session is listed")
        .clone();
    assert!(session.active && !session.write_access);
    assert_eq!(session.reason, "Ticket 4521: invoice totals look wrong");
    let granted: SupportOverview = TestApp::decode(
        app.call(
            &app.a.host(),
            "support/grant-write",
            &[("id", &session.id.to_string())],
        )
        .await,
    )
    .await
    .unwrap();
    assert!(granted.sessions[0].write_access);
    assert_eq!(
        create_client(&app, &support, "Fixed By Support").await,
        StatusCode::OK
    );

    let firm = FirmDb::begin(&app.owner, app.a.id).await.unwrap();
    let trail = firm
        .find::<audit_entries::Entity>()
        .all(firm.conn())
        .await
        .unwrap();
    firm.commit().await.unwrap();
    let start_entry = trail
        .iter()
        .find(|e| e.action == "support.start")
        .expect("the support access is in the firm's trail");
    assert_eq!(start_entry.actor_kind, "support");
    assert!(start_entry.changes.contains("Ticket 4521"));
    assert!(trail.iter().any(|e| e.action == "support.write_granted"));
    let made = trail
        .iter()
        .find(|e| e.action == "create" && e.changes.contains("Fixed By Support"))
        .expect("the change is recorded");
    assert_eq!(
        (made.actor_kind.as_str(), made.actor_name.as_str()),
        ("support", "ops")
    );
    let platform = platform_audit::Entity::find()
        .filter(platform_audit::Column::Action.eq("support.start"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(platform.len(), 1);
    assert_eq!(platform[0].firm_id, Some(app.a.id));
    // The firm's admin can pick the support admin in the audit log's filter, and finds what
    // they did there.
    let log = crate::audit::audit_page(&app, &app.a.host(), &[]).await;
    let (admin_id, label) = log
        .users
        .iter()
        .find(|(_, name)| name.ends_with("(Docket support)"))
        .expect("the support admin is in the user filter")
        .clone();
    assert_eq!(label, "ops (Docket support)");
    let by_support = crate::audit::audit_page(
        &app,
        &app.a.host(),
        &[("query[user]", &admin_id.to_string())],
    )
    .await;
    assert!(by_support.total >= 2);
    assert!(by_support.rows.iter().all(|r| r.actor_kind == "support"));
    // The session is no use on another firm's host (and, like a firm user's, is ended there).
    assert_eq!(
        list_clients_at(&app, &app.b.host(), &support).await,
        StatusCode::UNAUTHORIZED
    );
}

async fn list_clients_at(app: &TestApp, host: &str, cookie: &str) -> StatusCode {
    app.send_form(
        host,
        "clients/list",
        &[("q", ""), ("page", "1")],
        Some(cookie),
    )
    .await
    .status()
}

async fn support_sessions_expire_and_end(app: TestApp) {
    let admin = app.platform_admin().await;
    let link = start(&app, &admin, "alpha", "Checking a report")
        .await
        .unwrap();
    let support = enter(&app, &app.a.host(), &link).await.unwrap();
    assert!(list_clients(&app, &support).await.is_ok());
    // Thirty minutes on, it is over.
    let firm = FirmDb::begin_write(&app.served, app.a.id).await.unwrap();
    firm.update_many::<support_sessions::Entity>()
        .col_expr(
            support_sessions::Column::ExpiresAt,
            Expr::value(app::ssr::sessions::time_now() - 1),
        )
        .exec()
        .await
        .unwrap();
    firm.commit().await.unwrap();
    assert_eq!(
        list_clients(&app, &support).await.unwrap_err().0,
        StatusCode::UNAUTHORIZED
    );
    // A second session, ended by the firm's admin.
    let link = start(&app, &admin, "alpha", "Second look").await.unwrap();
    let support = enter(&app, &app.a.host(), &link).await.unwrap();
    assert!(list_clients(&app, &support).await.is_ok());
    let id = overview(&app).await.sessions[0].id;
    let ended: SupportOverview = TestApp::decode(
        app.call(&app.a.host(), "support/end", &[("id", &id.to_string())])
            .await,
    )
    .await
    .unwrap();
    assert!(!ended.sessions[0].active);
    assert_eq!(
        list_clients(&app, &support).await.unwrap_err().0,
        StatusCode::UNAUTHORIZED
    );
    // Another firm's admin cannot see, end or open up this firm's sessions.
    for endpoint in ["support/end", "support/grant-write"] {
        let answer = app
            .call(&app.b.host(), endpoint, &[("id", &id.to_string())])
            .await;
        assert_eq!(answer.status(), StatusCode::NOT_FOUND, "{endpoint}");
    }
    let bravo: SupportOverview =
        TestApp::decode(app.call(&app.b.host(), "support/overview", &[]).await)
            .await
            .unwrap();
    assert!(bravo.sessions.is_empty());
}

async fn firms_can_turn_support_access_off(app: TestApp) {
    let admin = app.platform_admin().await;
    let link = start(&app, &admin, "alpha", "Before the switch")
        .await
        .unwrap();
    let support = enter(&app, &app.a.host(), &link).await.unwrap();
    let off: SupportOverview = TestApp::decode(
        app.call(&app.a.host(), "support/allow", &[("allowed", "false")])
            .await,
    )
    .await
    .unwrap();
    assert!(!off.allowed);
    // The running session ended with it, and no new one starts.
    assert_eq!(
        list_clients(&app, &support).await.unwrap_err().0,
        StatusCode::UNAUTHORIZED
    );
    let refused = start(&app, &admin, "alpha", "After the switch")
        .await
        .unwrap_err();
    assert!(
        refused
            .1
            .field("reason")
            .is_some_and(|m| m.contains("turned support access off"))
    );
    // Other firms are unaffected; only a firm admin may flip the switch.
    assert!(start(&app, &admin, "bravo", "Elsewhere").await.is_ok());
    let para = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let forbidden = app
        .send_form(
            &app.a.host(),
            "support/allow",
            &[("allowed", "true")],
            Some(&para),
        )
        .await;
    assert_eq!(forbidden.status(), StatusCode::FORBIDDEN);
}

async fn an_entry_link_works_once_and_only_at_its_firm(app: TestApp) {
    let admin = app.platform_admin().await;
    let link = start(&app, &admin, "alpha", "One visit").await.unwrap();
    // At another firm's host the link is nothing.
    assert_eq!(
        enter(&app, &app.b.host(), &link).await.unwrap_err(),
        StatusCode::GONE
    );
    assert!(enter(&app, &app.a.host(), &link).await.is_ok());
    assert_eq!(
        enter(&app, &app.a.host(), &link).await.unwrap_err(),
        StatusCode::GONE
    );
    // Firm users cannot start support sessions.
    let firm_user = app.cookies[&app.a.host()].clone();
    let answer = app
        .send_form(
            ADMIN_HOST,
            "platform/support-start",
            &[("slug", "alpha"), ("reason", "x")],
            Some(&firm_user),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let answer = app
        .call(
            &app.a.host(),
            "platform/support-start",
            &[("slug", "alpha"), ("reason", "x")],
        )
        .await;
    assert_eq!(answer.status(), StatusCode::NOT_FOUND);
}
