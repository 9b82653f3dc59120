//! Client details: addresses and tags are kept, tags are searched, the list sorts four ways,
//! and another firm can neither find a client by its tags nor change them.

use app::clients::{Client, ClientPage};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::TestApp;
use crate::matters::{Answer, NOT_FOUND, pairs, send};

both_backends!(
    addresses_and_tags_are_kept_searched_and_sorted,
    another_firms_client_tags_are_not_found_and_nothing_changes,
);

fn fields(name: &str, address: &str, tags: &str) -> Vec<(String, String)> {
    pairs(&[
        ("name", name.into()),
        ("email", String::new()),
        ("phone", String::new()),
        ("kind", "company".into()),
        ("notes", String::new()),
        ("address", address.into()),
        ("tags", tags.into()),
    ])
}

async fn add(app: &TestApp, host: &str, cookie: &str, name: &str, tags: &str) -> Answer<Client> {
    send(app, host, cookie, "clients/create", fields(name, "", tags)).await
}

async fn list(app: &TestApp, host: &str, cookie: &str, q: &str, sort: &str) -> Vec<String> {
    let page: ClientPage = send(
        app,
        host,
        cookie,
        "clients/list",
        pairs(&[("q", q.into()), ("page", "1".into()), ("sort", sort.into())]),
    )
    .await
    .expect("clients listed");
    page.items.into_iter().map(|c| c.name).collect()
}

async fn addresses_and_tags_are_kept_searched_and_sorted(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let created: Client = send(
        &app,
        &a,
        &owner,
        "clients/create",
        fields(
            "Beacon Holdings",
            "1 Harbour Road\nPortsmouth PO1 1AA",
            " VIP, estate   planning,vip",
        ),
    )
    .await
    .unwrap();
    assert_eq!(created.address, "1 Harbour Road\nPortsmouth PO1 1AA");
    assert_eq!(created.tags, ["estate planning", "vip"]);
    add(&app, &a, &owner, "Anchor Ltd", "litigation")
        .await
        .unwrap();
    add(&app, &a, &owner, "Cove Partners", "").await.unwrap();
    // Tags are searched with names and emails.
    assert_eq!(list(&app, &a, &owner, "VIP", "").await, ["Beacon Holdings"]);
    assert_eq!(
        list(&app, &a, &owner, "planning", "").await,
        ["Beacon Holdings"]
    );
    assert_eq!(list(&app, &a, &owner, "litig", "").await, ["Anchor Ltd"]);
    // Four orders; anything else is by name.
    assert_eq!(
        list(&app, &a, &owner, "", "").await,
        ["Anchor Ltd", "Beacon Holdings", "Cove Partners"]
    );
    assert_eq!(
        list(&app, &a, &owner, "", "name-desc").await,
        ["Cove Partners", "Beacon Holdings", "Anchor Ltd"]
    );
    assert_eq!(
        list(&app, &a, &owner, "", "newest").await,
        ["Cove Partners", "Anchor Ltd", "Beacon Holdings"]
    );
    assert_eq!(
        list(&app, &a, &owner, "", "oldest").await,
        ["Beacon Holdings", "Anchor Ltd", "Cove Partners"]
    );
    assert_eq!(
        list(&app, &a, &owner, "", "sideways").await,
        ["Anchor Ltd", "Beacon Holdings", "Cove Partners"]
    );
    // Editing replaces the tags; a bad tag is refused by name and changes nothing.
    let mut changed = fields("Beacon Holdings", "2 Quay Street", "archived");
    changed.push(("id".into(), created.id.to_string()));
    let updated: Client = send(&app, &a, &owner, "clients/update", changed)
        .await
        .unwrap();
    assert_eq!(updated.tags, ["archived"]);
    assert_eq!(updated.address, "2 Quay Street");
    let mut bad = fields("Beacon Holdings", "", "fine, <b>bold</b>");
    bad.push(("id".into(), created.id.to_string()));
    let (status, err) = send::<Client>(&app, &a, &owner, "clients/update", bad)
        .await
        .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err.field("tags").unwrap().contains("<b>bold</b>"),
        "{err:?}"
    );
    let kept: Client = send(
        &app,
        &a,
        &owner,
        "clients/get",
        pairs(&[("id", created.id.to_string())]),
    )
    .await
    .unwrap();
    assert_eq!(kept.tags, ["archived"]);
    assert_eq!(kept.address, "2 Quay Street");
}

async fn another_firms_client_tags_are_not_found_and_nothing_changes(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let client = add(&app, &a, &alpha, "Secret Tagged Client", "whistleblower")
        .await
        .unwrap();
    assert!(list(&app, &b, &beta, "whistleblower", "").await.is_empty());
    let mut hijack = fields("Renamed", "", "exposed");
    hijack.push(("id".into(), client.id.to_string()));
    assert_eq!(
        send::<Client>(&app, &b, &beta, "clients/update", hijack)
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    let documents: Answer<Vec<serde_json::Value>> = send(
        &app,
        &b,
        &beta,
        "documents/client",
        pairs(&[("client_id", client.id.to_string())]),
    )
    .await;
    assert_eq!(documents.unwrap_err(), NOT_FOUND);
    let unknown: Answer<Vec<serde_json::Value>> = send(
        &app,
        &a,
        &alpha,
        "documents/client",
        pairs(&[("client_id", Uuid::now_v7().to_string())]),
    )
    .await;
    assert_eq!(unknown.unwrap_err(), NOT_FOUND);
    assert_eq!(
        list(&app, &a, &alpha, "whistleblower", "").await,
        ["Secret Tagged Client"]
    );
}
