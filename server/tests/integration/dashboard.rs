//! The dashboard's lists: recently viewed clients are each user's own, in the order they were
//! opened, and another firm's client can neither be opened nor show up.

use app::clients::Client;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::TestApp;
use crate::matters::{Answer, NOT_FOUND, pairs, send};

both_backends!(recently_viewed_clients_are_per_user_and_per_firm);

async fn open(app: &TestApp, host: &str, cookie: &str, id: Uuid) -> Answer<Client> {
    send(
        app,
        host,
        cookie,
        "clients/open",
        pairs(&[("id", id.to_string())]),
    )
    .await
}

async fn recent(app: &TestApp, host: &str, cookie: &str) -> Vec<String> {
    let list: Vec<Client> = send(app, host, cookie, "clients/recent", vec![])
        .await
        .expect("recent clients listed");
    list.into_iter().map(|c| c.name).collect()
}

async fn recently_viewed_clients_are_per_user_and_per_firm(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (owner, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let first = app.create_client(&a, "First Client").await;
    let second = app.create_client(&a, "Second Client").await;
    assert!(recent(&app, &a, &owner).await.is_empty());
    for id in [first.id, second.id, first.id] {
        open(&app, &a, &owner, id).await.unwrap();
    }
    assert_eq!(
        recent(&app, &a, &owner).await,
        ["First Client", "Second Client"]
    );
    // A colleague has their own list.
    let lawyer = app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    assert!(recent(&app, &a, &lawyer).await.is_empty());
    open(&app, &a, &lawyer, second.id).await.unwrap();
    assert_eq!(recent(&app, &a, &lawyer).await, ["Second Client"]);
    // Another firm cannot open A's client, and nothing of A's shows at B.
    assert_eq!(
        open(&app, &b, &beta, first.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert!(recent(&app, &b, &beta).await.is_empty());
    assert_eq!(
        recent(&app, &a, &owner).await,
        ["First Client", "Second Client"]
    );
}
