//! Matters: gap-free numbers under concurrent creation, another firm's ids are "not found" and
//! change nothing, users without `matters.all` reach only their teams' matters, and the matter
//! lifecycle (validation, team, close and reopen, filters, practice areas).

use std::collections::HashSet;

use app::error::AppError;
use app::matters::{Choice, Matter, MatterPage, MatterStatus, Screen, TeamRole};
use reqwest::StatusCode;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::TestApp;

both_backends!(
    numbers_are_unique_and_gap_free_under_concurrent_creation,
    another_firms_matters_are_not_found_and_nothing_changes,
    users_without_matters_all_reach_only_their_teams_matters,
    a_matter_is_validated_staffed_closed_reopened_and_filtered,
    a_screened_user_cannot_reach_the_matter_whatever_their_role,
);

pub type Answer<T> = Result<T, (StatusCode, AppError)>;

pub const NOT_FOUND: (StatusCode, AppError) = (StatusCode::NOT_FOUND, AppError::NotFound);

/// The form fields of a matter, as `form[..]` pairs, with these overrides.
fn form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "Estate of Smith"),
        ("status", "open"),
        ("opened_on", "2026-11-02"),
        ("practice_area_id", ""),
        ("description", ""),
        ("responsible_id", ""),
        ("originating_id", ""),
    ];
    for (key, value) in overrides {
        match fields.iter_mut().find(|(k, _)| k == key) {
            Some(field) => field.1 = value,
            None => fields.push((key, value)),
        }
    }
    fields
        .into_iter()
        .map(|(k, v)| (format!("form[{k}]"), v.to_string()))
        .collect()
}

pub async fn send<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    host: &str,
    cookie: &str,
    endpoint: &str,
    pairs: Vec<(String, String)>,
) -> Answer<T> {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    TestApp::decode(app.send_form(host, endpoint, &pairs, Some(cookie)).await).await
}

pub fn pairs(list: &[(&str, String)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// Opens a matter for `client` with the form's fields (and these overrides), no related
/// parties, and the conflict check cleared.
pub async fn create(
    app: &TestApp,
    host: &str,
    cookie: &str,
    client: Uuid,
    overrides: &[(&str, &str)],
) -> Answer<Matter> {
    let mut fields = pairs(&[
        ("client_id", client.to_string()),
        ("opening[conflict][decision]", "clear".into()),
    ]);
    fields.extend(form(overrides));
    send(app, host, cookie, "matters/create", fields).await
}

async fn update(
    app: &TestApp,
    host: &str,
    cookie: &str,
    id: Uuid,
    overrides: &[(&str, &str)],
) -> Answer<Matter> {
    let mut fields = pairs(&[("id", id.to_string())]);
    fields.extend(form(overrides));
    send(app, host, cookie, "matters/update", fields).await
}

async fn get(app: &TestApp, host: &str, cookie: &str, id: Uuid) -> Answer<Matter> {
    send(
        app,
        host,
        cookie,
        "matters/get",
        pairs(&[("id", id.to_string())]),
    )
    .await
}

async fn list(
    app: &TestApp,
    host: &str,
    cookie: &str,
    filter: &[(&str, &str)],
) -> Answer<MatterPage> {
    let mut fields = pairs(&[("page", "1".into())]);
    // The browser always sends the search, even when empty.
    if !filter.iter().any(|(k, _)| *k == "q") {
        fields.push(("filter[q]".into(), String::new()));
    }
    fields.extend(
        filter
            .iter()
            .map(|(k, v)| (format!("filter[{k}]"), v.to_string())),
    );
    send(app, host, cookie, "matters/list", fields).await
}

async fn add_member(
    app: &TestApp,
    host: &str,
    cookie: &str,
    matter: Uuid,
    user: Uuid,
    role: &str,
) -> Answer<Matter> {
    let fields = pairs(&[
        ("matter_id", matter.to_string()),
        ("user_id", user.to_string()),
        ("role", role.into()),
    ]);
    send(app, host, cookie, "matters/team-add", fields).await
}

async fn remove_member(
    app: &TestApp,
    host: &str,
    cookie: &str,
    matter: Uuid,
    user: Uuid,
) -> Answer<Matter> {
    let fields = pairs(&[
        ("matter_id", matter.to_string()),
        ("user_id", user.to_string()),
    ]);
    send(app, host, cookie, "matters/team-remove", fields).await
}

/// The id of the firm's user with this email.
pub async fn user_id(app: &TestApp, host: &str, email: &str) -> Uuid {
    let users: Vec<app::users::UserRow> = TestApp::decode(app.call(host, "users/list", &[]).await)
        .await
        .expect("users listed");
    users
        .into_iter()
        .find(|u| u.email == email)
        .expect("the user exists")
        .id
}

fn numbers(page: &MatterPage) -> Vec<String> {
    page.items.iter().map(|m| m.number.clone()).collect()
}

async fn numbers_are_unique_and_gap_free_under_concurrent_creation(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Concurrent Holdings").await;
    let created =
        futures_util::future::join_all((0..50).map(|_| create(&app, &a, &owner, client.id, &[])))
            .await;
    let mut seqs: Vec<u32> = created
        .into_iter()
        .map(|m| {
            let number = m.expect("every concurrent creation succeeds").number;
            let (year, seq) = number.split_once('-').expect("YYYY-NNNN");
            assert_eq!(year.len(), 4, "{number}");
            assert_eq!(seq.len(), 4, "{number}");
            seq.parse().unwrap()
        })
        .collect();
    seqs.sort_unstable();
    assert_eq!(
        seqs,
        (1..=50).collect::<Vec<u32>>(),
        "unique and without gaps"
    );
    // Each firm counts on its own.
    let b = app.b.host();
    let b_client = app.create_client(&b, "Beta Client").await;
    let first = create(&app, &b, &app.cookies[&b], b_client.id, &[])
        .await
        .unwrap();
    assert!(first.number.ends_with("-0001"), "{}", first.number);
}

async fn another_firms_matters_are_not_found_and_nothing_changes(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let client = app.create_client(&a, "Alpha Secret Client").await;
    let area: Choice = send(
        &app,
        &a,
        &alpha,
        "practice-areas/create",
        pairs(&[("name", "Mergers".into())]),
    )
    .await
    .unwrap();
    let area_id = area.id.to_string();
    let matter = create(
        &app,
        &a,
        &alpha,
        client.id,
        &[
            ("title", "Project Nightingale"),
            ("practice_area_id", &area_id),
        ],
    )
    .await
    .unwrap();
    let alpha_admin = user_id(&app, &a, "admin@alpha.test").await;
    let b_client = app.create_client(&b, "Beta Client").await;
    // Every matter function on B's host treats A's ids as unknown.
    assert_eq!(
        get(&app, &b, &beta, matter.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        update(&app, &b, &beta, matter.id, &[("title", "Hijacked")])
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        add_member(&app, &b, &beta, matter.id, alpha_admin, "lawyer")
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        remove_member(&app, &b, &beta, matter.id, alpha_admin)
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        create(&app, &b, &beta, client.id, &[]).await.unwrap_err(),
        NOT_FOUND,
        "a matter for another firm's client"
    );
    let delete_area: Answer<()> = send(
        &app,
        &b,
        &beta,
        "practice-areas/delete",
        pairs(&[("id", area_id.clone())]),
    )
    .await;
    assert_eq!(delete_area.unwrap_err(), NOT_FOUND);
    // Another firm's practice area or user cannot be put on B's matter either.
    let alpha_admin_id = alpha_admin.to_string();
    for (field, value) in [
        ("practice_area_id", area_id.as_str()),
        ("responsible_id", alpha_admin_id.as_str()),
    ] {
        let (status, err) = create(&app, &b, &beta, b_client.id, &[(field, value)])
            .await
            .unwrap_err();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    let b_matter = create(&app, &b, &beta, b_client.id, &[]).await.unwrap();
    assert_eq!(
        add_member(&app, &b, &beta, b_matter.id, alpha_admin, "lawyer")
            .await
            .unwrap_err(),
        NOT_FOUND,
        "another firm's user on B's team"
    );
    // B's lists and searches never show A's matter.
    for filter in [
        vec![],
        vec![("q", "Nightingale")],
        vec![("q", matter.number.as_str())],
        vec![("q", "Alpha Secret")],
    ] {
        let page = list(&app, &b, &beta, &filter).await.unwrap();
        assert!(page.items.iter().all(|m| m.id != matter.id), "{filter:?}");
    }
    let client_filter = client.id.to_string();
    let page = list(&app, &b, &beta, &[("client_id", &client_filter)])
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    let options: app::matters::MatterOptions = send(&app, &b, &beta, "matters/options", vec![])
        .await
        .unwrap();
    assert!(options.practice_areas.is_empty());
    let areas: Vec<Choice> = send(&app, &b, &beta, "practice-areas/list", vec![])
        .await
        .unwrap();
    assert!(areas.is_empty(), "{areas:?}");
    assert!(options.users.iter().all(|u| u.id != alpha_admin));
    // Nothing of A's changed, and A's number sequence was not touched by B.
    assert_eq!(get(&app, &a, &alpha, matter.id).await.unwrap(), matter);
    let a_next = create(&app, &a, &alpha, client.id, &[]).await.unwrap();
    assert!(a_next.number.ends_with("-0002"), "{}", a_next.number);
    // The page for A's matter on B's host is a 404 that reveals nothing.
    let page = app.get(&b, &format!("/matters/{}", matter.id)).await;
    assert_eq!(page.status(), StatusCode::NOT_FOUND);
    assert!(!page.text().await.unwrap().contains("Nightingale"));
}

async fn users_without_matters_all_reach_only_their_teams_matters(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Shared Client").await;
    let first = create(&app, &a, &owner, client.id, &[("title", "Team Matter")])
        .await
        .unwrap();
    let second = create(&app, &a, &owner, client.id, &[("title", "Other Matter")])
        .await
        .unwrap();
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let paralegal_id = user_id(&app, &a, "para@alpha.test").await;
    // Not on any team: nothing listed, searched or reachable.
    assert_eq!(list(&app, &a, &paralegal, &[]).await.unwrap().total, 0);
    assert_eq!(
        list(&app, &a, &paralegal, &[("q", "Matter")])
            .await
            .unwrap()
            .total,
        0
    );
    assert_eq!(
        get(&app, &a, &paralegal, first.id).await.unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        update(&app, &a, &paralegal, first.id, &[("title", "Changed")])
            .await
            .unwrap_err(),
        NOT_FOUND
    );
    assert_eq!(
        add_member(&app, &a, &paralegal, first.id, paralegal_id, "paralegal")
            .await
            .unwrap_err(),
        NOT_FOUND,
        "nobody joins a matter they cannot see"
    );
    // On the first matter's team: that matter, and only it.
    let staffed = add_member(&app, &a, &owner, first.id, paralegal_id, "paralegal")
        .await
        .unwrap();
    assert!(
        staffed
            .team
            .iter()
            .any(|m| m.user_id == paralegal_id && m.role == TeamRole::Paralegal)
    );
    let page = list(&app, &a, &paralegal, &[]).await.unwrap();
    assert_eq!(numbers(&page), vec![first.number.clone()]);
    assert_eq!(
        get(&app, &a, &paralegal, first.id).await.unwrap().title,
        "Team Matter"
    );
    assert_eq!(
        get(&app, &a, &paralegal, second.id).await.unwrap_err(),
        NOT_FOUND
    );
    let searched = list(&app, &a, &paralegal, &[("q", &second.number)])
        .await
        .unwrap();
    assert_eq!(searched.total, 0);
    // Off the team again: gone.
    remove_member(&app, &a, &owner, first.id, paralegal_id)
        .await
        .unwrap();
    assert_eq!(
        get(&app, &a, &paralegal, first.id).await.unwrap_err(),
        NOT_FOUND
    );
    // With matters.all (Billing), every matter; read-only users cannot open one.
    let billing = app.add_user(&app.a, "billing@alpha.test", "billing").await;
    assert_eq!(list(&app, &a, &billing, &[]).await.unwrap().total, 2);
    let reader = app.add_user(&app.a, "reader@alpha.test", "read_only").await;
    assert_eq!(
        create(&app, &a, &reader, client.id, &[]).await.unwrap_err(),
        (StatusCode::FORBIDDEN, AppError::Forbidden)
    );
}

async fn a_matter_is_validated_staffed_closed_reopened_and_filtered(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Jones Family Trust").await;
    // Bad input is refused by field and writes nothing.
    let (status, err) = create(
        &app,
        &a,
        &owner,
        client.id,
        &[("title", "  "), ("opened_on", "yesterday")],
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("title").is_some() && err.field("opened_on").is_some());
    assert_eq!(list(&app, &a, &owner, &[]).await.unwrap().total, 0);
    // A deactivated or unknown responsible lawyer is refused too.
    app.add_user(&app.a, "lawyer@alpha.test", "lawyer").await;
    let lawyer = user_id(&app, &a, "lawyer@alpha.test").await.to_string();
    let unknown = Uuid::now_v7().to_string();
    let (_, err) = create(&app, &a, &owner, client.id, &[("responsible_id", &unknown)])
        .await
        .unwrap_err();
    assert!(err.field("responsible_id").is_some(), "{err:?}");
    // Practice areas: unique names, in any case.
    let area: Choice = send(
        &app,
        &a,
        &owner,
        "practice-areas/create",
        pairs(&[("name", " Probate ".into())]),
    )
    .await
    .unwrap();
    assert_eq!(area.name, "Probate");
    let duplicate: Answer<Choice> = send(
        &app,
        &a,
        &owner,
        "practice-areas/create",
        pairs(&[("name", "PROBATE".into())]),
    )
    .await;
    assert!(duplicate.unwrap_err().1.field("name").is_some());
    // A matter with a responsible lawyer: they lead, the opener works it.
    let area_id = area.id.to_string();
    let matter = create(
        &app,
        &a,
        &owner,
        client.id,
        &[
            ("title", "Jones probate"),
            ("responsible_id", &lawyer),
            ("practice_area_id", &area_id),
        ],
    )
    .await
    .unwrap();
    assert_eq!(matter.status, MatterStatus::Open);
    assert_eq!(matter.client_name, "Jones Family Trust");
    assert_eq!(matter.practice_area.as_deref(), Some("Probate"));
    let roles: HashSet<(String, TeamRole)> = matter
        .team
        .iter()
        .map(|m| (m.email.clone(), m.role))
        .collect();
    assert_eq!(
        roles,
        HashSet::from([
            ("lawyer@alpha.test".to_string(), TeamRole::Lead),
            ("admin@alpha.test".to_string(), TeamRole::Lawyer),
        ])
    );
    let lawyer_id: Uuid = lawyer.parse().unwrap();
    let (_, err) = remove_member(&app, &a, &owner, matter.id, lawyer_id)
        .await
        .unwrap_err();
    assert!(
        err.field("user_id").is_some(),
        "the responsible lawyer stays"
    );
    let in_use: Answer<()> = send(
        &app,
        &a,
        &owner,
        "practice-areas/delete",
        pairs(&[("id", area_id.clone())]),
    )
    .await;
    assert!(in_use.unwrap_err().1.field("name").is_some());
    // Closing sets the close date; reopening clears it.
    let closed = update(
        &app,
        &a,
        &owner,
        matter.id,
        &[
            ("title", "Jones probate"),
            ("status", "closed"),
            ("responsible_id", &lawyer),
            ("practice_area_id", &area_id),
        ],
    )
    .await
    .unwrap();
    assert_eq!(closed.status, MatterStatus::Closed);
    assert!(closed.closed_on.is_some());
    let other = create(&app, &a, &owner, client.id, &[("title", "Second matter")])
        .await
        .unwrap();
    // Filters: status, practice area, responsible lawyer, client, mine, search.
    let only = |page: MatterPage| numbers(&page);
    assert_eq!(
        only(
            list(&app, &a, &owner, &[("status", "closed")])
                .await
                .unwrap()
        ),
        vec![matter.number.clone()]
    );
    assert_eq!(
        only(list(&app, &a, &owner, &[("status", "open")]).await.unwrap()),
        vec![other.number.clone()]
    );
    assert_eq!(
        only(
            list(&app, &a, &owner, &[("practice_area_id", &area_id)])
                .await
                .unwrap()
        ),
        vec![matter.number.clone()]
    );
    assert_eq!(
        only(
            list(&app, &a, &owner, &[("responsible_id", &lawyer)])
                .await
                .unwrap()
        ),
        vec![matter.number.clone()]
    );
    assert_eq!(
        only(
            list(&app, &a, &owner, &[("q", "JONES FAMILY")])
                .await
                .unwrap()
        ),
        vec![other.number.clone(), matter.number.clone()],
        "client name search, newest first"
    );
    assert_eq!(
        only(list(&app, &a, &owner, &[("q", "probate")]).await.unwrap()),
        vec![matter.number.clone()]
    );
    let lawyer_cookie = app
        .sign_in(&a, "lawyer@alpha.test", crate::harness::ADMIN_PASSWORD)
        .await
        .unwrap();
    assert_eq!(
        only(
            list(&app, &a, &lawyer_cookie, &[("mine", "true")])
                .await
                .unwrap()
        ),
        vec![matter.number.clone()]
    );
    let bad: Answer<MatterPage> = list(&app, &a, &owner, &[("status", "archived")]).await;
    assert!(bad.unwrap_err().1.field("status").is_some());
    let reopened = update(
        &app,
        &a,
        &owner,
        matter.id,
        &[
            ("title", "Jones probate"),
            ("status", "pending"),
            ("responsible_id", &lawyer),
        ],
    )
    .await
    .unwrap();
    assert_eq!(reopened.status, MatterStatus::Pending);
    assert_eq!(reopened.closed_on, None);
    assert_eq!(reopened.practice_area, None);
}

async fn screen(
    app: &TestApp,
    host: &str,
    cookie: &str,
    matter: Uuid,
    user: Uuid,
    reason: &str,
) -> Answer<Vec<Screen>> {
    let fields = pairs(&[
        ("matter_id", matter.to_string()),
        ("user_id", user.to_string()),
        ("reason", reason.into()),
    ]);
    send(app, host, cookie, "matters/screen", fields).await
}

async fn a_screened_user_cannot_reach_the_matter_whatever_their_role(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Walled Client").await;
    let matter = create(&app, &a, &owner, client.id, &[("title", "Walled Matter")])
        .await
        .unwrap();
    // An Admin (matters.all) and a paralegal on the team both reach it at first.
    let admin = app.add_user(&app.a, "admin2@alpha.test", "admin").await;
    let admin_id = user_id(&app, &a, "admin2@alpha.test").await;
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let paralegal_id = user_id(&app, &a, "para@alpha.test").await;
    add_member(&app, &a, &owner, matter.id, paralegal_id, "paralegal")
        .await
        .unwrap();
    assert!(get(&app, &a, &admin, matter.id).await.is_ok());
    assert!(get(&app, &a, &paralegal, matter.id).await.is_ok());
    // A reason is required, and nobody screens themselves.
    let (_, err) = screen(&app, &a, &owner, matter.id, admin_id, "  ")
        .await
        .unwrap_err();
    assert!(err.field("reason").is_some(), "{err:?}");
    let me = user_id(&app, &a, "admin@alpha.test").await;
    let (_, err) = screen(&app, &a, &owner, matter.id, me, "Conflict")
        .await
        .unwrap_err();
    assert!(err.field("user_id").is_some(), "{err:?}");
    // Screened: the wall beats matters.all and team membership alike.
    for (user, cookie) in [(admin_id, &admin), (paralegal_id, &paralegal)] {
        let walls = screen(
            &app,
            &a,
            &owner,
            matter.id,
            user,
            "Acted for the other side at a previous firm",
        )
        .await
        .unwrap();
        assert!(
            walls
                .iter()
                .any(|w| w.user_id == user && w.lifted.is_none())
        );
        assert_eq!(
            get(&app, &a, cookie, matter.id).await.unwrap_err(),
            NOT_FOUND
        );
        let page = list(&app, &a, cookie, &[("q", "Walled")]).await.unwrap();
        assert_eq!(page.total, 0);
        assert_eq!(
            update(&app, &a, cookie, matter.id, &[]).await.unwrap_err(),
            NOT_FOUND
        );
    }
    let after = get(&app, &a, &owner, matter.id).await.unwrap();
    assert!(
        after.team.iter().all(|m| m.user_id != paralegal_id),
        "a screened user leaves the team"
    );
    let (_, err) = add_member(&app, &a, &owner, matter.id, paralegal_id, "paralegal")
        .await
        .unwrap_err();
    assert!(err.field("user_id").is_some(), "{err:?}");
    // Another firm can neither see nor lift the wall.
    let lift_fields = pairs(&[
        ("matter_id", matter.id.to_string()),
        ("user_id", admin_id.to_string()),
    ]);
    let foreign: Answer<Vec<Screen>> = send(
        &app,
        &b,
        &app.cookies[&b],
        "matters/unscreen",
        lift_fields.clone(),
    )
    .await;
    assert_eq!(foreign.unwrap_err(), NOT_FOUND);
    let foreign: Answer<Vec<Screen>> = send(
        &app,
        &b,
        &app.cookies[&b],
        "matters/screens",
        pairs(&[("matter_id", matter.id.to_string())]),
    )
    .await;
    assert_eq!(foreign.unwrap_err(), NOT_FOUND);
    // Lifted: the admin reaches it again, and the record stays.
    let walls: Vec<Screen> = send(&app, &a, &owner, "matters/unscreen", lift_fields)
        .await
        .unwrap();
    assert_eq!(walls.len(), 2);
    assert!(
        walls
            .iter()
            .any(|w| w.user_id == admin_id && w.lifted.is_some())
    );
    assert!(get(&app, &a, &admin, matter.id).await.is_ok());
    assert_eq!(
        get(&app, &a, &paralegal, matter.id).await.unwrap_err(),
        NOT_FOUND
    );
}
