//! Platform admins: signing in only at `admin.`, listing firms, and sessions that are worthless
//! on the other kind of host.

use app::error::AppError;
use app::platform::FirmSummary;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::{ADMIN_HOST, TestApp};

both_backends!(
    platform_admins_sign_in_at_admin_and_see_every_firm,
    firm_and_platform_sessions_do_not_cross,
    platform_functions_refuse_everyone_else,
    five_failures_lock_a_platform_admin_out,
    a_platform_admin_opens_a_firm_whose_owner_chooses_a_password,
);

async fn platform_admins_sign_in_at_admin_and_see_every_firm(app: TestApp) {
    let anonymous = app.get_with(ADMIN_HOST, "/", None).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    let cookie = app.platform_admin().await;
    let firms: Vec<FirmSummary> = TestApp::decode(
        app.send_form(ADMIN_HOST, "platform/firms", &[], Some(&cookie))
            .await,
    )
    .await
    .unwrap();
    let slugs: Vec<&str> = firms.iter().map(|f| f.slug.as_str()).collect();
    assert_eq!(slugs, ["alpha", "bravo"]);
    let page = app.get_with(ADMIN_HOST, "/", Some(&cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Platform administration") && html.contains("Bravo Legal"));
    // The same credentials mean nothing at a firm.
    let at_firm = app
        .sign_in(&app.a.host(), "ops@docket.test", "whatever it was")
        .await
        .unwrap_err();
    assert_eq!(at_firm.1, AppError::SignInFailed);
    // A firm admin's credentials mean nothing at the platform.
    let firm_admin = app
        .sign_in(
            ADMIN_HOST,
            "admin@alpha.test",
            crate::harness::ADMIN_PASSWORD,
        )
        .await
        .unwrap_err();
    assert_eq!(firm_admin.1, AppError::SignInFailed);
}

async fn firm_and_platform_sessions_do_not_cross(app: TestApp) {
    let admin = app.platform_admin().await;
    let firm_user = app.cookies[&app.a.host()].clone();
    assert_eq!(
        app.get_with(ADMIN_HOST, "/", Some(&firm_user))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let listed = app
        .send_form(ADMIN_HOST, "platform/firms", &[], Some(&firm_user))
        .await;
    assert_eq!(listed.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get_with(&app.a.host(), "/clients", Some(&admin))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let call = app
        .send_form(
            &app.a.host(),
            "clients/list",
            &[("q", ""), ("page", "1")],
            Some(&admin),
        )
        .await;
    assert_eq!(call.status(), StatusCode::UNAUTHORIZED);
}

async fn platform_functions_refuse_everyone_else(app: TestApp) {
    let anonymous = app.send_form(ADMIN_HOST, "platform/firms", &[], None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // On a firm's host the platform's functions do not exist.
    let cookie = app.platform_admin().await;
    let at_firm = app
        .send_form(&app.a.host(), "platform/firms", &[], Some(&cookie))
        .await;
    assert_eq!(at_firm.status(), StatusCode::NOT_FOUND);
    let duplicate = app::ssr::platform::create_admin(&app.served, "OPS@docket.test")
        .await
        .unwrap_err();
    assert!(duplicate.field("email").is_some());
}

async fn five_failures_lock_a_platform_admin_out(app: TestApp) {
    let (email, password) = app::ssr::platform::create_admin(&app.served, "ops@docket.test")
        .await
        .unwrap();
    for _ in 0..5 {
        let _ = app.sign_in(ADMIN_HOST, &email, "a wrong password").await;
    }
    let locked = app
        .sign_in(ADMIN_HOST, &email, &password)
        .await
        .unwrap_err();
    assert_eq!(locked, (StatusCode::UNAUTHORIZED, AppError::SignInFailed));
    use sea_orm::ConnectionTrait;
    app.owner
        .execute_unprepared("UPDATE platform_admins SET locked_until = 1")
        .await
        .unwrap();
    assert!(app.sign_in(ADMIN_HOST, &email, &password).await.is_ok());
}

async fn a_platform_admin_opens_a_firm_whose_owner_chooses_a_password(app: TestApp) {
    use app::ssr::db::entities::{audit_entries, platform_audit};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let admin = app.platform_admin().await;
    let form = |slug: &'static str, email: &'static str| {
        vec![
            ("name", "Charlie Law"),
            ("slug", slug),
            ("admin_name", "Carla Charles"),
            ("admin_email", email),
            ("currency", "EUR"),
            ("plan", "starter"),
        ]
    };
    // Bad input says what to fix and opens nothing.
    let taken: Result<FirmSummary, _> = app
        .as_platform(
            &admin,
            "platform/firm-create",
            &form("alpha", "carla@charlie.test"),
        )
        .await;
    let (status, err) = taken.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("slug").unwrap().contains("already taken"));
    let mut bad = form("charlie", "not an email");
    bad.retain(|(k, _)| *k != "plan");
    bad.push(("plan", "no-such-plan"));
    let (_, err) = app
        .as_platform::<FirmSummary>(&admin, "platform/firm-create", &bad)
        .await
        .unwrap_err();
    assert!(err.field("plan").is_some(), "{err:?}");
    let firms: Vec<FirmSummary> = app
        .as_platform(&admin, "platform/firms", &[])
        .await
        .unwrap();
    assert_eq!(firms.len(), 2);
    // A firm user cannot open firms, not even on the platform's host.
    let firm_user = app.cookies[&app.a.host()].clone();
    let pairs = form("charlie", "carla@charlie.test");
    let refused = app
        .send_form(ADMIN_HOST, "platform/firm-create", &pairs, Some(&firm_user))
        .await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    let refused = app
        .send_form(
            &app.a.host(),
            "platform/firm-create",
            &pairs,
            Some(&firm_user),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    let opened: FirmSummary = app
        .as_platform(&admin, "platform/firm-create", &pairs)
        .await
        .expect("the firm opens");
    assert_eq!(
        (
            opened.slug.as_str(),
            opened.name.as_str(),
            opened.plan.as_str()
        ),
        ("charlie", "Charlie Law", "starter")
    );
    // The owner gets the link, chooses a password and signs in to the new host.
    let mail = app.wait_for_mail("carla@charlie.test", 1).await;
    assert_eq!(
        mail.subject,
        "Charlie Law is ready on Docket: choose your password"
    );
    let token = mail.token("/reset-password");
    let host = "charlie.localhost";
    let password = "the owner's own long passphrase";
    let chosen = app
        .send_form(
            host,
            "auth/reset-password",
            &[
                ("token", token.as_str()),
                ("new_password", password),
                ("confirm_password", password),
            ],
            None,
        )
        .await;
    assert_eq!(chosen.status(), StatusCode::OK);
    let cookie = app
        .sign_in(host, "carla@charlie.test", password)
        .await
        .expect("the owner signs in");
    let clients = app.get_with(host, "/clients", Some(&cookie)).await;
    assert_eq!(clients.status(), StatusCode::OK);
    // Recorded in the platform's log and the new firm's own trail.
    let logged = platform_audit::Entity::find()
        .filter(platform_audit::Column::Action.eq("firm.create"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].admin_name, "ops");
    let trail = audit_entries::Entity::find()
        .filter(audit_entries::Column::Action.eq("firm.create"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(trail[0].changes.contains("carla@charlie.test"));
}
