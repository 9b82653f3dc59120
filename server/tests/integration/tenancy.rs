//! Cross-firm isolation of the clients slice: from firm B's host, firm A's ids answer "not
//! found" and nothing changes; B's pages never show A's rows.

use app::error::AppError;
use reqwest::StatusCode;

use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    another_firms_client_is_not_found,
    another_firms_client_cannot_be_updated,
    lists_and_pages_show_only_the_firms_own_clients,
    invalid_input_is_refused_with_field_messages_and_writes_nothing,
    search_is_case_insensitive_literal_and_paginated,
    server_functions_refuse_hosts_that_are_not_firms,
    malformed_ids_are_bad_requests,
);

async fn another_firms_client_is_not_found(app: TestApp) {
    let secret = app
        .create_client(&app.a.host(), "Alpha Confidential Holdings")
        .await;
    assert_eq!(
        app.get_client(&app.a.host(), secret.id).await.unwrap().name,
        "Alpha Confidential Holdings"
    );
    let (status, err) = app.get_client(&app.b.host(), secret.id).await.unwrap_err();
    assert_eq!((status, err), (StatusCode::NOT_FOUND, AppError::NotFound));
    // The page for that id on B's host is a 404 that reveals nothing.
    let page = app
        .get(&app.b.host(), &format!("/clients/{}", secret.id))
        .await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!page.text().await.unwrap().contains("Confidential"));
}

async fn another_firms_client_cannot_be_updated(app: TestApp) {
    let client = app.create_client(&app.a.host(), "Original Name").await;
    let id = client.id.to_string();
    let form = [
        ("id", id.as_str()),
        ("name", "Hijacked"),
        ("email", ""),
        ("phone", ""),
        ("kind", "company"),
        ("notes", ""),
    ];
    let (status, err) = TestApp::decode::<app::clients::Client>(
        app.call(&app.b.host(), "clients/update", &form).await,
    )
    .await
    .unwrap_err();
    assert_eq!((status, err), (StatusCode::NOT_FOUND, AppError::NotFound));
    let after = app.get_client(&app.a.host(), client.id).await.unwrap();
    assert_eq!(after, client, "firm A's client changed");
    // The owning firm can update it.
    let updated: app::clients::Client =
        TestApp::decode(app.call(&app.a.host(), "clients/update", &form).await)
            .await
            .unwrap();
    assert_eq!(updated.name, "Hijacked");
}

async fn lists_and_pages_show_only_the_firms_own_clients(app: TestApp) {
    app.create_client(&app.a.host(), "Zeta Alpha-Only Client")
        .await;
    app.create_client(&app.b.host(), "Bravo Own Client").await;
    let b_list = app.list_clients(&app.b.host(), "", 1).await.unwrap();
    assert_eq!(b_list.total, 1);
    assert_eq!(b_list.items[0].name, "Bravo Own Client");
    assert_eq!(
        app.list_clients(&app.b.host(), "Alpha-Only", 1)
            .await
            .unwrap()
            .total,
        0
    );
    let a_page = app.get(&app.a.host(), "/clients").await;
    assert_eq!(a_page.status(), StatusCode::OK);
    let a_html = a_page.text().await.unwrap();
    assert!(a_html.contains("Zeta Alpha-Only Client") && a_html.contains("Alpha &amp; Partners"));
    let b_html = app
        .get(&app.b.host(), "/clients")
        .await
        .text()
        .await
        .unwrap();
    assert!(b_html.contains("Bravo Own Client") && b_html.contains("Bravo Legal"));
    assert!(
        !b_html.contains("Alpha-Only") && !b_html.contains("Alpha &amp; Partners"),
        "B's page shows A's data"
    );
}

async fn invalid_input_is_refused_with_field_messages_and_writes_nothing(app: TestApp) {
    let form = [
        ("name", "  "),
        ("email", "not-an-email"),
        ("phone", "call me"),
        ("kind", "robot"),
        ("notes", ""),
    ];
    let (status, err) = TestApp::decode::<app::clients::Client>(
        app.call(&app.a.host(), "clients/create", &form).await,
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "email", "phone", "kind"] {
        assert!(
            err.field(field).is_some(),
            "no message for {field}: {err:?}"
        );
    }
    assert_eq!(
        app.list_clients(&app.a.host(), "", 1).await.unwrap().total,
        0
    );
}

async fn search_is_case_insensitive_literal_and_paginated(app: TestApp) {
    for i in 0..27 {
        app.create_client(&app.a.host(), &format!("Client {i:02}"))
            .await;
    }
    app.create_client(&app.a.host(), "100% Pure LLC").await;
    let first = app.list_clients(&app.a.host(), "", 1).await.unwrap();
    assert_eq!((first.total, first.pages, first.items.len()), (28, 2, 25));
    let second = app.list_clients(&app.a.host(), "", 2).await.unwrap();
    assert_eq!(second.items.len(), 3);
    assert!(first.items.iter().all(|c| !second.items.contains(c)));
    let beyond = app.list_clients(&app.a.host(), "", 99).await.unwrap();
    assert_eq!(beyond.page, 2, "a page past the end shows the last page");
    assert_eq!(
        app.list_clients(&app.a.host(), "cLiEnT 1", 1)
            .await
            .unwrap()
            .total,
        10
    );
    let percent = app.list_clients(&app.a.host(), "0%", 1).await.unwrap();
    assert_eq!(
        percent
            .items
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["100% Pure LLC"]
    );
}

async fn server_functions_refuse_hosts_that_are_not_firms(app: TestApp) {
    app.create_client(&app.a.host(), "Somebody").await;
    for host in ["localhost", "admin.localhost", "www.localhost"] {
        let (status, err) = app.list_clients(host, "", 1).await.unwrap_err();
        assert_eq!(
            (status, err),
            (StatusCode::NOT_FOUND, AppError::NotFound),
            "{host}"
        );
    }
    let unknown = app
        .call(
            "nosuch.localhost",
            "clients/list",
            &[("q", ""), ("page", "1")],
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

async fn malformed_ids_are_bad_requests(app: TestApp) {
    let response = app
        .call(&app.a.host(), "clients/get", &[("id", "not-a-uuid")])
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = app.get(&app.a.host(), "/clients/not-a-uuid").await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
}
