//! Roles: every server function checks its permission on the server; screens hide what the
//! user may not do.

use app::clients::{Client, ClientPage};
use app::error::AppError;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    read_only_users_can_look_but_not_change,
    writers_can_add_clients,
    an_unknown_role_grants_nothing,
);

fn form(name: &str) -> [(&'static str, String); 5] {
    [
        ("name", name.to_string()),
        ("email", String::new()),
        ("phone", String::new()),
        ("kind", "person".into()),
        ("notes", String::new()),
    ]
}

async fn send(
    app: &TestApp,
    endpoint: &str,
    fields: &[(&str, String)],
    cookie: &str,
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.send_form(&app.a.host(), endpoint, &pairs, Some(cookie))
        .await
}

async fn read_only_users_can_look_but_not_change(app: TestApp) {
    let existing = app.create_client(&app.a.host(), "Existing Client").await;
    let viewer = app.add_user(&app.a, "viewer@alpha.test", "read_only").await;
    let list: ClientPage = TestApp::decode(
        send(
            &app,
            "clients/list",
            &[("q", String::new()), ("page", "1".into())],
            &viewer,
        )
        .await,
    )
    .await
    .unwrap();
    assert_eq!(list.total, 1);
    let refused = TestApp::decode::<Client>(
        send(&app, "clients/create", &form("Not Allowed"), &viewer).await,
    )
    .await;
    assert_eq!(
        refused.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    let mut update = form("Renamed").to_vec();
    update.push(("id", existing.id.to_string()));
    let refused =
        TestApp::decode::<Client>(send(&app, "clients/update", &update, &viewer).await).await;
    assert_eq!(
        refused.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
    let after = app.list_clients(&app.a.host(), "", 1).await.unwrap();
    assert_eq!(
        after.items,
        vec![existing.clone()],
        "a refused call changed something"
    );
    // The screens offer no way to change anything.
    let page = app
        .get_with(&app.a.host(), "/clients", Some(&viewer))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Existing Client") && !page.contains("client-form"));
    let detail = app
        .get_with(
            &app.a.host(),
            &format!("/clients/{}", existing.id),
            Some(&viewer),
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(detail.contains("client-details") && !detail.contains("client-form"));
}

async fn writers_can_add_clients(app: TestApp) {
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let added = TestApp::decode::<Client>(
        send(
            &app,
            "clients/create",
            &form("Added By Paralegal"),
            &paralegal,
        )
        .await,
    )
    .await;
    assert_eq!(added.unwrap().name, "Added By Paralegal");
    let page = app
        .get_with(&app.a.host(), "/clients", Some(&paralegal))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("client-form"));
}

async fn an_unknown_role_grants_nothing(app: TestApp) {
    let odd = app.add_user(&app.a, "odd@alpha.test", "superuser").await;
    let response = send(
        &app,
        "clients/list",
        &[("q", String::new()), ("page", "1".into())],
        &odd,
    )
    .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}
