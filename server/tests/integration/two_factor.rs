//! Two-factor sign-in: enrolment, the second step, one use per code, recovery codes, lockout,
//! the firm's rule, administrators' resets, and other firms.
//!
//! Codes are made here the way an authenticator app makes them, from the secret the enrolment
//! shows. A code is accepted once, so after enrolment (which spends the current time step) a
//! test signs in with the next step's code, which the server's one step of skew accepts.

use app::error::AppError;
use app::two_factor::{Enrolment, FirmPolicy, TwoFactorStatus};
use app::users::UserRow;
use reqwest::StatusCode;
use totp_rs::{Builder, Secret};

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, TestApp, session_cookie};

both_backends!(
    sign_in_asks_for_a_code_and_each_code_works_once,
    recovery_codes_work_once_and_wrong_codes_lock_the_account,
    a_half_finished_sign_in_is_worthless_and_bound_to_its_firm,
    a_firm_can_require_two_factor_and_its_users_set_it_up_first,
    administrators_reset_two_factor_only_in_their_own_firm,
);

/// The code an authenticator app shows `steps` time steps from now.
fn code(secret: &str, steps: i64) -> String {
    let secret = Secret::try_from_base32(secret.replace(' ', "")).expect("a base32 secret");
    let totp = Builder::new()
        .with_secret(secret)
        .build()
        .expect("a valid TOTP");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    totp.generate(now.saturating_add_signed(steps * 30))
        .to_string()
}

async fn call<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    host: &str,
    cookie: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> Result<T, (StatusCode, AppError)> {
    TestApp::decode(app.send_form(host, endpoint, form, Some(cookie)).await).await
}

/// Sets up two-factor sign-in for the user of `cookie`: their secret and recovery codes.
/// Turns two-factor on: the secret, the recovery codes, and the code that turned it on (spent).
async fn enrol(app: &TestApp, host: &str, cookie: &str) -> (String, Vec<String>, String) {
    let enrolment: Enrolment = call(app, host, cookie, "two-factor/begin", &[])
        .await
        .unwrap();
    assert!(enrolment.otpauth_url.starts_with("otpauth://totp/"));
    assert!(enrolment.qr_svg.contains("<svg"));
    let spent = code(&enrolment.secret, 0);
    let codes: Vec<String> = call(app, host, cookie, "two-factor/enable", &[("code", &spent)])
        .await
        .unwrap();
    (enrolment.secret, codes, spent)
}

/// The password step: where the server sends the browser, and the session cookie.
async fn password_step(app: &TestApp, host: &str, email: &str) -> (String, String) {
    let response = app
        .send_form(
            host,
            "auth/sign-in",
            &[
                ("email", email),
                ("password", ADMIN_PASSWORD),
                ("next", "/clients"),
            ],
            None,
        )
        .await;
    let cookie = session_cookie(&response).expect("a session cookie");
    let next: String = TestApp::decode(response).await.unwrap();
    (next, cookie)
}

async fn second_step(
    app: &TestApp,
    host: &str,
    cookie: &str,
    code: &str,
) -> Result<String, (StatusCode, AppError)> {
    call(app, host, cookie, "auth/two-factor", &[("code", code)]).await
}

fn is_code_refusal(err: &(StatusCode, AppError)) -> bool {
    err.0 == StatusCode::UNPROCESSABLE_ENTITY && err.1.field("code").is_some()
}

async fn can_list_clients(app: &TestApp, host: &str, cookie: &str) -> Result<(), AppError> {
    call::<serde_json::Value>(
        app,
        host,
        cookie,
        "clients/list",
        &[("q", ""), ("page", "1")],
    )
    .await
    .map(drop)
    .map_err(|(_, e)| e)
}

async fn sign_in_asks_for_a_code_and_each_code_works_once(app: TestApp) {
    let host = app.a.host();
    let admin = app.cookies[&host].clone();
    let (secret, codes, spent) = enrol(&app, &host, &admin).await;
    assert_eq!(codes.len(), 10);
    // The secret is sealed at rest: neither its text nor its bytes are in the row.
    let stored = stored_secret(&app, "admin@alpha.test").await;
    assert!(!stored.to_uppercase().contains(&secret.replace(' ', "")));
    let mail = app.wait_for_mail("admin@alpha.test", 1).await;
    assert_eq!(mail.subject, "Your Docket two-factor sign-in changed");
    assert!(mail.text.contains("turned on"), "{}", mail.text);
    assert!(!mail.text.contains(&secret) && !mail.text.contains(&codes[0]));

    let (next, pending) = password_step(&app, &host, "admin@alpha.test").await;
    assert_eq!(next, "/login/two-factor");
    // Halfway signed in is not signed in.
    assert_eq!(
        can_list_clients(&app, &host, &pending).await,
        Err(AppError::Unauthorized)
    );
    let page = app
        .get_with(&host, "/login/two-factor", Some(&pending))
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Enter your sign-in code")
    );

    let wrong = if code(&secret, 1) == "000000" {
        "111111"
    } else {
        "000000"
    };
    assert!(is_code_refusal(
        &second_step(&app, &host, &pending, wrong).await.unwrap_err()
    ));
    // The code enrolment used is spent; the next one works, once.
    assert!(is_code_refusal(
        &second_step(&app, &host, &pending, &spent)
            .await
            .unwrap_err()
    ));
    let next_code = code(&secret, 1);
    let response = app
        .send_form(
            &host,
            "auth/two-factor",
            &[("code", &next_code)],
            Some(&pending),
        )
        .await;
    let signed_in = session_cookie(&response).expect("a new session id");
    assert_ne!(signed_in, pending, "the id rotates at the second step too");
    assert_eq!(
        TestApp::decode::<String>(response).await.unwrap(),
        "/clients"
    );
    assert_eq!(can_list_clients(&app, &host, &signed_in).await, Ok(()));

    let (_, again) = password_step(&app, &host, "admin@alpha.test").await;
    assert!(
        is_code_refusal(
            &second_step(&app, &host, &again, &next_code)
                .await
                .unwrap_err()
        ),
        "a code is accepted once"
    );
    let status: TwoFactorStatus = call(&app, &host, &signed_in, "two-factor/status", &[])
        .await
        .unwrap();
    assert_eq!(
        status,
        TwoFactorStatus {
            enabled: true,
            recovery_codes_left: 10,
            required_by_firm: false
        }
    );

    // Turning it off takes the password, and then sign-in asks for no code.
    let refused = call::<()>(
        &app,
        &host,
        &signed_in,
        "two-factor/disable",
        &[("password", "not my password at all")],
    )
    .await
    .unwrap_err();
    assert!(refused.1.field("password").is_some());
    call::<()>(
        &app,
        &host,
        &signed_in,
        "two-factor/disable",
        &[("password", ADMIN_PASSWORD)],
    )
    .await
    .unwrap();
    let (next, _) = password_step(&app, &host, "admin@alpha.test").await;
    assert_eq!(next, "/clients");
    assert!(stored_secret_is_none(&app, "admin@alpha.test").await);
}

async fn recovery_codes_work_once_and_wrong_codes_lock_the_account(app: TestApp) {
    let host = app.a.host();
    let admin = app.cookies[&host].clone();
    let (_, codes, _) = enrol(&app, &host, &admin).await;
    let (_, pending) = password_step(&app, &host, "admin@alpha.test").await;
    // Typed in capitals with spaces, as people do.
    let typed = codes[3].to_uppercase().replace('-', " ");
    assert_eq!(
        second_step(&app, &host, &pending, &typed).await.unwrap(),
        "/clients"
    );
    let mail = app.wait_for_mail("admin@alpha.test", 2).await;
    assert!(
        mail.text.contains("recovery code was used"),
        "{}",
        mail.text
    );
    assert!(
        mail.text.contains("9 of your recovery codes"),
        "{}",
        mail.text
    );

    let (_, pending) = password_step(&app, &host, "admin@alpha.test").await;
    assert!(is_code_refusal(
        &second_step(&app, &host, &pending, &codes[3])
            .await
            .unwrap_err()
    ));
    // Four more wrong codes make five failures: the account locks and the pending sign-in ends.
    for _ in 0..3 {
        assert!(is_code_refusal(
            &second_step(&app, &host, &pending, "not-a-code")
                .await
                .unwrap_err()
        ));
    }
    assert_eq!(
        second_step(&app, &host, &pending, "not-a-code")
            .await
            .unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::SignInFailed)
    );
    // Locked: even an unused recovery code, after the right password, does not get in.
    let locked = app
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
    assert_eq!(
        TestApp::decode::<String>(locked).await.unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::SignInFailed)
    );
    assert_eq!(
        second_step(&app, &host, &pending, &codes[4])
            .await
            .unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::SignInTimedOut)
    );
    let lock_mail = app.wait_for_mail("admin@alpha.test", 3).await;
    assert!(
        lock_mail.subject.contains("was locked"),
        "{}",
        lock_mail.subject
    );
}

async fn a_half_finished_sign_in_is_worthless_and_bound_to_its_firm(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let admin = app.cookies[&a].clone();
    let (secret, ..) = enrol(&app, &a, &admin).await;
    let (_, pending) = password_step(&app, &a, "admin@alpha.test").await;
    // Replayed on another firm's host, or on the platform host, it finishes nothing.
    assert_eq!(
        second_step(&app, &b, &pending, &code(&secret, 1))
            .await
            .unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::SignInTimedOut)
    );
    assert_eq!(
        second_step(&app, "admin.localhost", &pending, &code(&secret, 1))
            .await
            .unwrap_err()
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        can_list_clients(&app, &b, &pending).await,
        Err(AppError::Unauthorized)
    );
    // Without a password step there is nothing to finish.
    let fresh = app.get_with(&a, "/login", None).await;
    let anonymous = session_cookie(&fresh).unwrap_or_default();
    assert_eq!(
        second_step(&app, &a, &anonymous, &code(&secret, 1))
            .await
            .unwrap_err(),
        (StatusCode::UNAUTHORIZED, AppError::SignInTimedOut)
    );
}

async fn a_firm_can_require_two_factor_and_its_users_set_it_up_first(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let admin = app.cookies[&a].clone();
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    // Not before the admin uses it, and never by someone without settings.manage.
    let refused = call::<FirmPolicy>(
        &app,
        &a,
        &admin,
        "two-factor/set-required",
        &[("required", "true")],
    )
    .await
    .unwrap_err();
    assert!(refused.1.field("require_two_factor").is_some());
    enrol(&app, &a, &admin).await;
    assert_eq!(
        call::<FirmPolicy>(
            &app,
            &a,
            &paralegal,
            "two-factor/set-required",
            &[("required", "true")],
        )
        .await
        .unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    let policy: FirmPolicy = call(
        &app,
        &a,
        &admin,
        "two-factor/set-required",
        &[("required", "true")],
    )
    .await
    .unwrap();
    assert_eq!(
        policy,
        FirmPolicy {
            required: true,
            users_without: 1
        }
    );

    // The paralegal, already signed in, reaches nothing of the firm's until they set it up.
    assert_eq!(
        can_list_clients(&app, &a, &paralegal).await,
        Err(AppError::TwoFactorRequired)
    );
    let page = app.get_with(&a, "/clients", Some(&paralegal)).await;
    let html = page.text().await.unwrap();
    assert!(html.contains("enrolment-required"), "{html}");
    assert!(!html.contains("clients-table"));
    let account = app.get_with(&a, "/account", Some(&paralegal)).await;
    assert!(!account.text().await.unwrap().contains("enrolment-required"));
    let (secret, ..) = enrol(&app, &a, &paralegal).await;
    assert_eq!(can_list_clients(&app, &a, &paralegal).await, Ok(()));
    // Required means it stays on.
    let refused = call::<()>(
        &app,
        &a,
        &paralegal,
        "two-factor/disable",
        &[("password", ADMIN_PASSWORD)],
    )
    .await
    .unwrap_err();
    assert!(
        refused
            .1
            .field("password")
            .is_some_and(|m| m.contains("requires"))
    );
    let (next, pending) = password_step(&app, &a, "para@alpha.test").await;
    assert_eq!(next, "/login/two-factor");
    second_step(&app, &a, &pending, &code(&secret, 1))
        .await
        .unwrap();

    // The rule is the firm's own: the other firm neither has it nor sees it.
    let b_admin = app.cookies[&b].clone();
    let b_policy: FirmPolicy = call(&app, &b, &b_admin, "two-factor/policy", &[])
        .await
        .unwrap();
    assert!(!b_policy.required);
    assert_eq!(can_list_clients(&app, &b, &b_admin).await, Ok(()));
}

async fn administrators_reset_two_factor_only_in_their_own_firm(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let admin = app.cookies[&a].clone();
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    enrol(&app, &a, &paralegal).await;
    let users: Vec<UserRow> = call(&app, &a, &admin, "users/list", &[]).await.unwrap();
    let para = users.iter().find(|u| u.email == "para@alpha.test").unwrap();
    assert!(para.two_factor);
    let id = para.id.to_string();
    let b_admin = app.cookies[&b].clone();
    assert_eq!(
        call::<UserRow>(&app, &b, &b_admin, "users/reset-two-factor", &[("id", &id)])
            .await
            .unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound)
    );
    assert_eq!(
        call::<UserRow>(
            &app,
            &a,
            &paralegal,
            "users/reset-two-factor",
            &[("id", &id)]
        )
        .await
        .unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    let (next, _) = password_step(&app, &a, "para@alpha.test").await;
    assert_eq!(
        next, "/login/two-factor",
        "the failed resets changed nothing"
    );

    let row: UserRow = call(&app, &a, &admin, "users/reset-two-factor", &[("id", &id)])
        .await
        .unwrap();
    assert!(!row.two_factor);
    let mail = app.wait_for_mail("para@alpha.test", 2).await;
    assert!(mail.text.contains("reset your two-factor"), "{}", mail.text);
    let (next, _) = password_step(&app, &a, "para@alpha.test").await;
    assert_eq!(next, "/clients");
}

async fn stored_secret(app: &TestApp, email: &str) -> String {
    stored_user(app, email)
        .await
        .totp_secret
        .expect("a sealed secret")
}

async fn stored_secret_is_none(app: &TestApp, email: &str) -> bool {
    stored_user(app, email).await.totp_secret.is_none()
}

async fn stored_user(app: &TestApp, email: &str) -> app::ssr::db::entities::users::Model {
    use app::ssr::db::entities::users;
    use sea_orm::{ColumnTrait, QueryFilter};
    let firm = app::ssr::db::FirmDb::begin(&app.served, app.a.id)
        .await
        .unwrap();
    let user = firm
        .find::<users::Entity>()
        .filter(users::Column::Email.eq(email))
        .one(firm.conn())
        .await
        .unwrap()
        .expect("the user");
    firm.commit().await.unwrap();
    user
}
