//! Managing a firm's users: roles, deactivation, the last Owner, and other firms' users.

use app::error::AppError;
use app::users::UserRow;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, TestApp};

both_backends!(
    another_firms_users_are_not_found_and_not_listed,
    the_last_owner_cannot_be_demoted_or_deactivated,
    deactivation_ends_sessions_and_blocks_sign_in_until_reactivated,
    only_owners_make_owners_and_others_may_not_manage_users,
);

async fn list(
    app: &TestApp,
    host: &str,
    cookie: &str,
) -> Result<Vec<UserRow>, (StatusCode, AppError)> {
    TestApp::decode(app.send_form(host, "users/list", &[], Some(cookie)).await).await
}

async fn set_role(
    app: &TestApp,
    host: &str,
    cookie: &str,
    id: &str,
    role: &str,
) -> Result<UserRow, (StatusCode, AppError)> {
    TestApp::decode(
        app.send_form(
            host,
            "users/set-role",
            &[("id", id), ("role", role)],
            Some(cookie),
        )
        .await,
    )
    .await
}

async fn set_active(
    app: &TestApp,
    host: &str,
    cookie: &str,
    id: &str,
    active: bool,
) -> Result<UserRow, (StatusCode, AppError)> {
    let active = active.to_string();
    TestApp::decode(
        app.send_form(
            host,
            "users/set-active",
            &[("id", id), ("active", &active)],
            Some(cookie),
        )
        .await,
    )
    .await
}

async fn another_firms_users_are_not_found_and_not_listed(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (a_owner, b_owner) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let a_users = list(&app, &a, &a_owner).await.unwrap();
    assert_eq!(a_users.len(), 1);
    assert!(a_users[0].is_you && a_users[0].last_sign_in_at.is_some());
    let b_users = list(&app, &b, &b_owner).await.unwrap();
    assert!(b_users.iter().all(|u| u.email.ends_with("@bravo.test")));
    let a_id = a_users[0].id.to_string();
    assert_eq!(
        set_role(&app, &b, &b_owner, &a_id, "read_only")
            .await
            .unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound)
    );
    assert_eq!(
        set_active(&app, &b, &b_owner, &a_id, false)
            .await
            .unwrap_err(),
        (StatusCode::NOT_FOUND, AppError::NotFound)
    );
    let after = list(&app, &a, &a_owner).await.unwrap();
    assert_eq!((after[0].role.as_str(), after[0].active), ("owner", true));
}

async fn the_last_owner_cannot_be_demoted_or_deactivated(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let me = list(&app, &a, &owner).await.unwrap()[0].id.to_string();
    let (status, err) = set_role(&app, &a, &owner, &me, "lawyer").await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("role").unwrap().contains("Owner"));
    let (status, _) = set_active(&app, &a, &owner, &me, false).await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, err) = set_role(&app, &a, &owner, &me, "emperor")
        .await
        .unwrap_err();
    assert!(err.field("role").is_some());
    // With a second Owner, the first may step down.
    app.add_user(&app.a, "second@alpha.test", "owner").await;
    assert_eq!(
        set_role(&app, &a, &owner, &me, "lawyer")
            .await
            .unwrap()
            .role,
        "lawyer"
    );
}

async fn deactivation_ends_sessions_and_blocks_sign_in_until_reactivated(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let lawyer = app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    assert_eq!(
        app.get_with(&a, "/clients", Some(&lawyer)).await.status(),
        StatusCode::OK
    );
    let id = list(&app, &a, &owner)
        .await
        .unwrap()
        .into_iter()
        .find(|u| u.email == "lawyer@alpha.test")
        .unwrap()
        .id
        .to_string();
    assert!(
        !set_active(&app, &a, &owner, &id, false)
            .await
            .unwrap()
            .active
    );
    assert_eq!(
        app.get_with(&a, "/clients", Some(&lawyer)).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.sign_in(&a, "lawyer@alpha.test", ADMIN_PASSWORD)
            .await
            .unwrap_err()
            .1,
        AppError::SignInFailed
    );
    assert!(
        set_active(&app, &a, &owner, &id, true)
            .await
            .unwrap()
            .active
    );
    assert!(
        app.sign_in(&a, "lawyer@alpha.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
}

async fn only_owners_make_owners_and_others_may_not_manage_users(app: TestApp) {
    let a = app.a.host();
    let admin = app.add_user(&app.a, "admin2@alpha.test", "admin").await;
    let lawyer = app.add_user(&app.a, "lawyer2@alpha.test", "lawyer").await;
    let users = list(&app, &a, &admin).await.unwrap();
    let lawyer_id = users
        .iter()
        .find(|u| u.email == "lawyer2@alpha.test")
        .unwrap()
        .id
        .to_string();
    let owner_id = users
        .iter()
        .find(|u| u.role == "owner")
        .unwrap()
        .id
        .to_string();
    assert_eq!(
        set_role(&app, &a, &admin, &lawyer_id, "owner")
            .await
            .unwrap_err()
            .1,
        AppError::Forbidden
    );
    assert_eq!(
        set_active(&app, &a, &admin, &owner_id, false)
            .await
            .unwrap_err()
            .1,
        AppError::Forbidden
    );
    assert_eq!(
        set_role(&app, &a, &admin, &lawyer_id, "paralegal")
            .await
            .unwrap()
            .role,
        "paralegal"
    );
    assert_eq!(
        list(&app, &a, &lawyer).await.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
}
