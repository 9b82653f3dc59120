//! Changing passwords, signing out everywhere, and locking an account after repeated failures.

use app::error::AppError;
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, TestApp};

both_backends!(
    weak_mismatched_or_unauthenticated_changes_are_refused,
    changing_the_password_ends_the_other_sessions,
    signing_out_everywhere_ends_every_session,
    five_failures_lock_the_account_until_the_lock_expires,
);

const NEW_PASSWORD: &str = "a brand new passphrase for alpha";

async fn change(
    app: &TestApp,
    cookie: Option<&str>,
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<(), (StatusCode, AppError)> {
    let form = [
        ("current_password", current),
        ("new_password", new),
        ("confirm_password", confirm),
    ];
    TestApp::decode(
        app.send_form(&app.a.host(), "auth/change-password", &form, cookie)
            .await,
    )
    .await
}

async fn weak_mismatched_or_unauthenticated_changes_are_refused(app: TestApp) {
    let cookie = app.cookies[&app.a.host()].clone();
    for (current, new, confirm, field) in [
        (ADMIN_PASSWORD, "short", "short", "new_password"),
        (
            ADMIN_PASSWORD,
            "password123456",
            "password123456",
            "new_password",
        ),
        (
            ADMIN_PASSWORD,
            NEW_PASSWORD,
            "something else entirely",
            "confirm_password",
        ),
        (
            "not my password at all",
            NEW_PASSWORD,
            NEW_PASSWORD,
            "current_password",
        ),
    ] {
        let (status, err) = change(&app, Some(&cookie), current, new, confirm)
            .await
            .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{new}");
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    let (status, err) = change(&app, None, ADMIN_PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        (status, err),
        (StatusCode::UNAUTHORIZED, AppError::Unauthorized)
    );
    // Firm B's session cannot change anything at firm A.
    let b_cookie = app.cookies[&app.b.host()].clone();
    assert_eq!(
        change(
            &app,
            Some(&b_cookie),
            ADMIN_PASSWORD,
            NEW_PASSWORD,
            NEW_PASSWORD
        )
        .await
        .unwrap_err()
        .0,
        StatusCode::UNAUTHORIZED
    );
    // Nothing changed: the old password still signs in.
    assert!(
        app.sign_in(&app.a.host(), "admin@alpha.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
}

async fn changing_the_password_ends_the_other_sessions(app: TestApp) {
    let host = app.a.host();
    let other_device = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let this_device = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let response = app
        .send_form(
            &host,
            "auth/change-password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("new_password", NEW_PASSWORD),
                ("confirm_password", NEW_PASSWORD),
            ],
            Some(&this_device),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let renewed =
        crate::harness::session_cookie(&response).expect("this session continues under a new id");
    assert_eq!(
        app.get_with(&host, "/clients", Some(&renewed))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get_with(&host, "/clients", Some(&other_device))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get_with(&host, "/clients", Some(&this_device))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
            .await
            .unwrap_err()
            .1,
        AppError::SignInFailed
    );
    assert!(
        app.sign_in(&host, "admin@alpha.test", NEW_PASSWORD)
            .await
            .is_ok()
    );
    // Firm B's admin was not touched.
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );
}

async fn signing_out_everywhere_ends_every_session(app: TestApp) {
    // Another firm's session (replayed here, so it is ended) signs nobody out.
    let b_session = app
        .sign_in(&app.b.host(), "admin@bravo.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let foreign = app
        .send_form(
            &app.a.host(),
            "auth/sign-out-everywhere",
            &[],
            Some(&b_session),
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.get(&app.a.host(), "/clients").await.status(),
        StatusCode::OK
    );
    let host = app.a.host();
    let second = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let out = app
        .send_form(&host, "auth/sign-out-everywhere", &[], Some(&second))
        .await;
    assert_eq!(out.status(), StatusCode::OK);
    assert_eq!(
        app.get_with(&host, "/clients", Some(&second))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.get(&host, "/clients").await.status(),
        StatusCode::SEE_OTHER,
        "the first session survived"
    );
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK,
        "firm B's session ended"
    );
}

async fn five_failures_lock_the_account_until_the_lock_expires(app: TestApp) {
    let host = app.a.host();
    for _ in 0..4 {
        assert_eq!(
            app.sign_in(&host, "admin@alpha.test", "wrong password here")
                .await
                .unwrap_err()
                .1,
            AppError::SignInFailed
        );
    }
    // Four failures: the right password still works, and resets the count.
    assert!(
        app.sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
    for _ in 0..5 {
        let _ = app
            .sign_in(&host, "admin@alpha.test", "wrong password here")
            .await;
    }
    let locked = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap_err();
    assert_eq!(
        locked,
        (StatusCode::UNAUTHORIZED, AppError::SignInFailed),
        "the answer must not reveal the lock"
    );
    // Firm B's admin is not affected.
    assert!(
        app.sign_in(&app.b.host(), "admin@bravo.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
    // When the lock has run out (moved into the past here), the right password works again.
    app.owner
        .execute_unprepared("UPDATE users SET locked_until = 1 WHERE email = 'admin@alpha.test'")
        .await
        .unwrap();
    assert!(
        app.sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
}
