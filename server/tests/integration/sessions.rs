//! Sign-in and sessions: what needs a signed-in user, how sign-in fails, sessions bound to their
//! firm, rotation, sign-out, restarts, and same-origin POSTs.

use app::error::AppError;
use reqwest::StatusCode;
use server::startup::Application;

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, TestApp, session_cookie};

both_backends!(
    pages_and_server_functions_need_a_signed_in_user,
    wrong_passwords_and_unknown_emails_get_the_same_answer,
    a_session_replayed_on_another_firms_host_is_refused_and_ended,
    signing_in_rotates_the_session_id_and_sets_a_host_only_cookie,
    signing_out_ends_the_session,
    sessions_survive_a_restart,
    cross_origin_posts_are_refused,
    idle_sessions_expire_and_are_swept,
);

async fn pages_and_server_functions_need_a_signed_in_user(app: TestApp) {
    let host = app.a.host();
    let page = app.get_with(&host, "/clients?q=x", None).await;
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/login?next=%2Fclients%3Fq%3Dx");
    let login = app.get_with(&host, "/login", None).await;
    assert_eq!(login.status(), StatusCode::OK);
    assert!(login.text().await.unwrap().contains("Sign in to"));
    let form = [
        ("name", "Sneaky"),
        ("email", ""),
        ("phone", ""),
        ("kind", "person"),
        ("notes", ""),
    ];
    let (status, err) = TestApp::decode::<app::clients::Client>(
        app.send_form(&host, "clients/create", &form, None).await,
    )
    .await
    .unwrap_err();
    assert_eq!(
        (status, err),
        (StatusCode::UNAUTHORIZED, AppError::Unauthorized)
    );
    assert_eq!(
        app.list_clients(&host, "", 1).await.unwrap().total,
        0,
        "an anonymous call wrote"
    );
    // A signed-in user asking for the sign-in page goes home.
    let signed_in = app.get(&host, "/login").await;
    assert_eq!(signed_in.status(), StatusCode::SEE_OTHER);
}

async fn wrong_passwords_and_unknown_emails_get_the_same_answer(app: TestApp) {
    let host = app.a.host();
    let wrong = app
        .sign_in(&host, "admin@alpha.test", "not the password at all")
        .await
        .unwrap_err();
    let unknown = app
        .sign_in(&host, "nobody@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(wrong, (StatusCode::UNAUTHORIZED, AppError::SignInFailed));
    assert_eq!(unknown, wrong);
    // Firm B's admin cannot sign in at firm A.
    assert_eq!(
        app.sign_in(&host, "admin@bravo.test", ADMIN_PASSWORD)
            .await
            .unwrap_err(),
        wrong
    );
    let (status, empty) = app.sign_in(&host, " ", "").await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.field("email").is_some() && empty.field("password").is_some());
    // Email case and spaces do not matter.
    assert!(
        app.sign_in(&host, "  ADMIN@Alpha.test ", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
}

async fn a_session_replayed_on_another_firms_host_is_refused_and_ended(app: TestApp) {
    let cookie = app
        .sign_in(&app.a.host(), "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let b = app.b.host();
    let page = app.get_with(&b, "/clients", Some(&cookie)).await;
    assert_eq!(
        page.status(),
        StatusCode::SEE_OTHER,
        "firm A's session opened firm B"
    );
    let call = app
        .send_form(
            &b,
            "clients/list",
            &[("q", ""), ("page", "1")],
            Some(&cookie),
        )
        .await;
    assert_eq!(call.status(), StatusCode::UNAUTHORIZED);
    let back_home = app.get_with(&app.a.host(), "/clients", Some(&cookie)).await;
    assert_eq!(
        back_home.status(),
        StatusCode::SEE_OTHER,
        "a replayed session stays alive"
    );
}

async fn signing_in_rotates_the_session_id_and_sets_a_host_only_cookie(app: TestApp) {
    let host = app.a.host();
    let first = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let response = app
        .send_form(
            &host,
            "auth/sign-in",
            &[
                ("email", "admin@alpha.test"),
                ("password", ADMIN_PASSWORD),
                ("next", "/"),
            ],
            Some(&first),
        )
        .await;
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    let second = session_cookie(&response).expect("a new cookie");
    assert_ne!(first, second, "the session id was not rotated");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    assert!(
        !set_cookie.contains("Domain") && !set_cookie.contains("Secure"),
        "{set_cookie}"
    );
    let old = app.get_with(&host, "/clients", Some(&first)).await;
    assert_eq!(
        old.status(),
        StatusCode::SEE_OTHER,
        "the pre-rotation id still works"
    );
    let new = app.get_with(&host, "/clients", Some(&second)).await;
    assert_eq!(new.status(), StatusCode::OK);
}

async fn signing_out_ends_the_session(app: TestApp) {
    let host = app.a.host();
    let cookie = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let out = app
        .send_form(&host, "auth/sign-out", &[], Some(&cookie))
        .await;
    assert_eq!(out.status(), StatusCode::OK);
    let after = app.get_with(&host, "/clients", Some(&cookie)).await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
}

async fn sessions_survive_a_restart(app: TestApp) {
    let second = Application::build(&app.config)
        .await
        .expect("a second server builds");
    let port = second.port();
    tokio::spawn(second.run_until_stopped());
    let response = app
        .http
        .get(format!("http://127.0.0.1:{port}/clients"))
        .header("host", app.a.host())
        .header("cookie", &app.cookies[&app.a.host()])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("Alpha &amp; Partners")
    );
}

async fn cross_origin_posts_are_refused(app: TestApp) {
    let host = app.a.host();
    for origin in [
        Some("http://evil.example"),
        Some("http://bravo.localhost"),
        None,
    ] {
        let mut request = app
            .http
            .post(app.url("/api/clients/create"))
            .header("host", &host)
            .header("cookie", &app.cookies[&host])
            .form(&[
                ("name", "Forged"),
                ("email", ""),
                ("phone", ""),
                ("kind", "person"),
                ("notes", ""),
            ]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        assert_eq!(
            request.send().await.unwrap().status(),
            StatusCode::FORBIDDEN,
            "{origin:?}"
        );
    }
    assert_eq!(app.list_clients(&host, "Forged", 1).await.unwrap().total, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_attempts_are_rate_limited_per_client_address() {
    use figment::providers::Serialized;
    // Two of the allowance go to the harness signing in both firms' admins.
    let app = TestApp::spawn_with(crate::harness::Backend::Sqlite, |f| {
        f.merge(Serialized::default("sign_in_per_minute", 5))
    })
    .await
    .expect("SQLite always runs");
    let host = app.a.host();
    for _ in 0..3 {
        let _ = app
            .sign_in(&host, "admin@alpha.test", "a wrong password")
            .await;
    }
    let limited = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        limited,
        (StatusCode::TOO_MANY_REQUESTS, AppError::RateLimited)
    );
    // Signed-in work is not affected.
    assert_eq!(app.get(&host, "/clients").await.status(), StatusCode::OK);
}

async fn idle_sessions_expire_and_are_swept(app: TestApp) {
    use sea_orm::ConnectionTrait;
    use tower_sessions::session_store::ExpiredDeletion;
    let host = app.a.host();
    let cookie = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    // Every session idle past its expiry (moved into the past here) is refused...
    app.owner
        .execute_unprepared("UPDATE sessions SET expires_at = 1")
        .await
        .unwrap();
    assert_eq!(
        app.get_with(&host, "/clients", Some(&cookie))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // ...and the sweeper deletes them.
    app::ssr::sessions::DbSessionStore::new(app.served.clone())
        .delete_expired()
        .await
        .unwrap();
    let left = app
        .owner
        .query_one_raw(sea_orm::Statement::from_string(
            app.owner.get_database_backend(),
            "SELECT COUNT(*) AS n FROM sessions",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(left, 0);
}
