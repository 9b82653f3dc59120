//! Related parties and conflict checks: name variants are found across clients, parties and
//! titles of the firm and never another firm's; another firm's ids are "not found" and change
//! nothing; opening a matter records its parties and check in one transaction; users who may
//! not see a matter learn only that a restricted matter has the name.

use app::conflicts::{ConflictCheck, ConflictResults, HitMatter, HitSource, Party};
use app::matters::MatterPage;
use reqwest::StatusCode;
use uuid::Uuid;

use crate::both_backends;
use crate::harness::TestApp;
use crate::matters::{Answer, NOT_FOUND, pairs, send, user_id};

both_backends!(
    name_variants_are_found_across_the_firm_and_never_in_another_firm,
    another_firms_parties_and_checks_are_not_found_and_nothing_changes,
    opening_a_matter_records_its_parties_and_check_or_nothing,
    users_who_may_not_see_a_matter_get_restricted_hits_and_no_access,
);

async fn search(app: &TestApp, host: &str, cookie: &str, names: &str) -> Answer<ConflictResults> {
    send(
        app,
        host,
        cookie,
        "conflicts/search",
        pairs(&[("names", names.into())]),
    )
    .await
}

/// Opens a matter for `client` with these `(name, role)` parties and the check decided as
/// `(decision, reason)`.
async fn open_with(
    app: &TestApp,
    host: &str,
    cookie: &str,
    client: Uuid,
    title: &str,
    parties: &[(&str, &str)],
    (decision, reason): (&str, &str),
) -> Answer<app::matters::Matter> {
    let mut fields = pairs(&[
        ("client_id", client.to_string()),
        ("form[title]", title.into()),
        ("form[status]", "open".into()),
        ("form[opened_on]", "2026-11-30".into()),
        ("opening[conflict][decision]", decision.into()),
        ("opening[conflict][reason]", reason.into()),
    ]);
    for (i, (name, role)) in parties.iter().enumerate() {
        fields.push((format!("opening[parties][{i}][name]"), name.to_string()));
        fields.push((format!("opening[parties][{i}][role]"), role.to_string()));
    }
    send(app, host, cookie, "matters/create", fields).await
}

async fn parties(app: &TestApp, host: &str, cookie: &str, matter: Uuid) -> Answer<Vec<Party>> {
    send(
        app,
        host,
        cookie,
        "matters/parties",
        pairs(&[("matter_id", matter.to_string())]),
    )
    .await
}

async fn checks(
    app: &TestApp,
    host: &str,
    cookie: &str,
    matter: Uuid,
) -> Answer<Vec<ConflictCheck>> {
    send(
        app,
        host,
        cookie,
        "conflicts/checks",
        pairs(&[("matter_id", matter.to_string())]),
    )
    .await
}

fn found(results: &ConflictResults) -> Vec<(HitSource, String)> {
    let mut hits: Vec<(HitSource, String)> = results
        .hits
        .iter()
        .map(|h| (h.source, h.found.clone()))
        .collect();
    hits.sort_by(|a, b| a.1.cmp(&b.1));
    hits
}

async fn name_variants_are_found_across_the_firm_and_never_in_another_firm(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    app.create_client(&a, "John Smith").await;
    app.create_client(&a, "Müller GmbH").await;
    let acme = app.create_client(&a, "Acme Widgets, Inc.").await;
    open_with(
        &app,
        &a,
        &alpha,
        acme.id,
        "Bill Gates v. Initech",
        &[
            ("Jón Smíth", "opposing_party"),
            ("O'Brien & Sons Ltd", "opposing_counsel"),
        ],
        ("clear", ""),
    )
    .await
    .unwrap();
    // The same names at firm B must never show at A, nor A's at B.
    app.create_client(&b, "Jon Smith").await;
    app.create_client(&b, "Acme Widgets LLC").await;

    let smith = search(&app, &a, &alpha, "SMITH, Jon").await.unwrap();
    assert_eq!(
        found(&smith),
        [
            (HitSource::Client, "John Smith".to_string()),
            (HitSource::Party, "Jón Smíth".to_string()),
        ]
    );
    let party = smith
        .hits
        .iter()
        .find(|h| h.source == HitSource::Party)
        .unwrap();
    assert!(
        party.describe().starts_with("Opposing party on 2026-"),
        "{}",
        party.describe()
    );
    assert!(matches!(party.matter, Some(HitMatter::Visible { .. })));
    for (query, expected) in [
        (
            "acme widgets llc",
            vec![(HitSource::Client, "Acme Widgets, Inc.")],
        ),
        (
            "William Gates",
            vec![(HitSource::MatterTitle, "Bill Gates v. Initech")],
        ),
        ("muller", vec![(HitSource::Client, "Müller GmbH")]),
        (
            "OBrien Sons",
            vec![(HitSource::Party, "O'Brien & Sons Ltd")],
        ),
        ("Smithson", vec![]),
    ] {
        let results = search(&app, &a, &alpha, query).await.unwrap();
        let expected: Vec<(HitSource, String)> = expected
            .into_iter()
            .map(|(s, n)| (s, n.to_string()))
            .collect();
        assert_eq!(found(&results), expected, "{query}");
    }
    // Several names at once, one per line; each hit says which name it matched.
    let both = search(&app, &a, &alpha, "Jonathan Q. Nobody\nInitech")
        .await
        .unwrap();
    assert_eq!(both.names, ["Jonathan Q. Nobody", "Initech"]);
    assert_eq!(both.hits.len(), 1);
    assert_eq!(both.hits[0].searched, "Initech");

    let at_b = search(
        &app,
        &b,
        &beta,
        "John Smith\nAcme Widgets\nInitech\nO'Brien",
    )
    .await
    .unwrap();
    assert_eq!(
        found(&at_b),
        [
            (HitSource::Client, "Acme Widgets LLC".to_string()),
            (HitSource::Client, "Jon Smith".to_string()),
        ],
        "only B's own clients"
    );
    // Nothing to search for is a clear message.
    let (status, err) = search(&app, &a, &alpha, " \n ").await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("names").is_some());
}

async fn another_firms_parties_and_checks_are_not_found_and_nothing_changes(app: TestApp) {
    let (a, b) = (app.a.host(), app.b.host());
    let (alpha, beta) = (app.cookies[&a].clone(), app.cookies[&b].clone());
    let client = app.create_client(&a, "Alpha Client").await;
    let matter = open_with(
        &app,
        &a,
        &alpha,
        client.id,
        "Alpha v Omega",
        &[("Omega Corp", "opposing_party")],
        ("clear", ""),
    )
    .await
    .unwrap();
    let before_parties = parties(&app, &a, &alpha, matter.id).await.unwrap();
    let before_checks = checks(&app, &a, &alpha, matter.id).await.unwrap();
    assert_eq!(before_parties.len(), 1);
    assert_eq!(before_checks.len(), 1);
    let m = matter.id.to_string();
    let party = before_parties[0].id.to_string();
    let calls: Vec<(&str, Vec<(String, String)>)> = vec![
        ("matters/parties", pairs(&[("matter_id", m.clone())])),
        (
            "matters/party-add",
            pairs(&[
                ("matter_id", m.clone()),
                ("form[name]", "Intruder".into()),
                ("form[role]", "witness".into()),
            ]),
        ),
        (
            "matters/party-remove",
            pairs(&[("matter_id", m.clone()), ("party_id", party.clone())]),
        ),
        (
            "conflicts/preview",
            pairs(&[("matter_id", m.clone()), ("extra", String::new())]),
        ),
        (
            "conflicts/record",
            pairs(&[
                ("matter_id", m.clone()),
                ("extra", String::new()),
                ("form[decision]", "clear".into()),
            ]),
        ),
        ("conflicts/checks", pairs(&[("matter_id", m.clone())])),
        ("matters/activity", pairs(&[("id", m.clone())])),
        (
            "conflicts/search",
            pairs(&[
                ("names", "Omega".into()),
                ("client_id", client.id.to_string()),
            ]),
        ),
    ];
    for (endpoint, fields) in calls {
        let answer: Answer<serde_json::Value> = send(&app, &b, &beta, endpoint, fields).await;
        assert_eq!(answer.unwrap_err(), NOT_FOUND, "{endpoint}");
    }
    // B's own party on B's matter cannot be removed through A's matter id either way round.
    let b_client = app.create_client(&b, "Beta Client").await;
    let b_matter = open_with(&app, &b, &beta, b_client.id, "Beta", &[], ("clear", ""))
        .await
        .unwrap();
    let removal: Answer<Vec<Party>> = send(
        &app,
        &b,
        &beta,
        "matters/party-remove",
        pairs(&[("matter_id", b_matter.id.to_string()), ("party_id", party)]),
    )
    .await;
    assert_eq!(removal.unwrap_err(), NOT_FOUND, "A's party via B's matter");
    assert_eq!(
        parties(&app, &a, &alpha, matter.id).await.unwrap(),
        before_parties
    );
    assert_eq!(
        checks(&app, &a, &alpha, matter.id).await.unwrap(),
        before_checks
    );
}

async fn opening_a_matter_records_its_parties_and_check_or_nothing(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Harbor Foods").await;
    let other = app.create_client(&a, "Bay Shipping Ltd").await;
    // A waiver without a reason, a nameless party and a bad role: every problem named, nothing
    // created.
    let (status, err) = open_with(
        &app,
        &a,
        &owner,
        client.id,
        "Harbor v Bay",
        &[("Bay Shipping", "opposing_party"), ("  ", "judge")],
        ("waived", ""),
    )
    .await
    .unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["reason", "party1_name", "party1_role"] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    let (_, err) = open_with(&app, &a, &owner, client.id, "Harbor v Bay", &[], ("", ""))
        .await
        .unwrap_err();
    assert!(err.field("decision").is_some(), "a decision is required");
    let none: MatterPage = send(
        &app,
        &a,
        &owner,
        "matters/list",
        pairs(&[("page", "1".into()), ("filter[q]", String::new())]),
    )
    .await
    .unwrap();
    assert_eq!(none.total, 0, "nothing was opened");
    let nothing = search(&app, &a, &owner, "Bay Shipping").await.unwrap();
    assert_eq!(
        found(&nothing),
        [(HitSource::Client, "Bay Shipping Ltd".to_string())],
        "no party was left behind"
    );

    // Opened with a waiver: the parties and the check (with what the server found) are kept.
    let matter = open_with(
        &app,
        &a,
        &owner,
        client.id,
        "Harbor v Bay",
        &[
            ("Bay Shipping", "opposing_party"),
            ("Dana Reyes", "witness"),
        ],
        ("waived", "Bay Shipping consented in writing on 28 Nov."),
    )
    .await
    .unwrap();
    let listed = parties(&app, &a, &owner, matter.id).await.unwrap();
    let names: Vec<&str> = listed.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Bay Shipping", "Dana Reyes"]);
    let recorded = checks(&app, &a, &owner, matter.id).await.unwrap();
    assert_eq!(recorded.len(), 1);
    let check = &recorded[0];
    assert_eq!(check.decision, app::conflicts::Decision::Waived);
    assert_eq!(check.reason, "Bay Shipping consented in writing on 28 Nov.");
    assert_eq!(check.names, ["Harbor Foods", "Bay Shipping", "Dana Reyes"]);
    assert!(
        check
            .hits
            .iter()
            .any(|h| h.client_id == Some(other.id) && h.source == HitSource::Client),
        "the opposing party is a client of the firm: {:?}",
        check.hits
    );
    assert!(
        check.hits.iter().all(|h| h.client_id != Some(client.id)),
        "the matter's own client is not a hit"
    );

    // On demand: add a party, preview with an extra name, record a clear check.
    let added: Vec<Party> = send(
        &app,
        &a,
        &owner,
        "matters/party-add",
        pairs(&[
            ("matter_id", matter.id.to_string()),
            ("form[name]", "Reyes & Partners LLP".into()),
            ("form[role]", "opposing_counsel".into()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(added.len(), 3);
    let preview: ConflictResults = send(
        &app,
        &a,
        &owner,
        "conflicts/preview",
        pairs(&[
            ("matter_id", matter.id.to_string()),
            ("extra", "Harbor Holdings".into()),
        ]),
    )
    .await
    .unwrap();
    assert!(preview.names.contains(&"Reyes & Partners LLP".to_string()));
    assert!(preview.names.contains(&"Harbor Holdings".to_string()));
    let again: ConflictCheck = send(
        &app,
        &a,
        &owner,
        "conflicts/record",
        pairs(&[
            ("matter_id", matter.id.to_string()),
            ("extra", String::new()),
            ("form[decision]", "clear".into()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(again.decision, app::conflicts::Decision::Clear);
    assert_eq!(checks(&app, &a, &owner, matter.id).await.unwrap().len(), 2);
    // Removing a party keeps what past checks found.
    let gone: Vec<Party> = send(
        &app,
        &a,
        &owner,
        "matters/party-remove",
        pairs(&[
            ("matter_id", matter.id.to_string()),
            ("party_id", listed[0].id.to_string()),
        ]),
    )
    .await
    .unwrap();
    assert_eq!(gone.len(), 2);
    let kept = checks(&app, &a, &owner, matter.id).await.unwrap();
    assert_eq!(kept.last().unwrap().hits, check.hits);
    // The matter's activity tells the story, newest first.
    let activity: Vec<app::matters::ActivityItem> = send(
        &app,
        &a,
        &owner,
        "matters/activity",
        pairs(&[("id", matter.id.to_string())]),
    )
    .await
    .unwrap();
    let lines: Vec<String> = activity
        .iter()
        .map(|i| {
            format!("{} {}", i.who.clone().unwrap_or_default(), i.what)
                .trim()
                .to_string()
        })
        .collect();
    assert_eq!(
        lines.last().unwrap(),
        &format!("Matter {} opened", matter.number)
    );
    for expected in [
        "Administrator recorded a conflict check: Cleared",
        "Administrator recorded a conflict check: Waived",
        "Dana Reyes recorded as witness",
        "Reyes & Partners LLP recorded as opposing counsel",
        "Administrator joined the team as Lead lawyer",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(expected)),
            "{expected}: {lines:?}"
        );
    }
    assert!(
        activity.windows(2).all(|w| w[0].at >= w[1].at),
        "newest first"
    );
}

async fn users_who_may_not_see_a_matter_get_restricted_hits_and_no_access(app: TestApp) {
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    let client = app.create_client(&a, "Quiet Client").await;
    let secret = open_with(
        &app,
        &a,
        &owner,
        client.id,
        "Project Falcon for Zenith Dynamics",
        &[("Zenith Dynamics", "opposing_party")],
        ("clear", ""),
    )
    .await
    .unwrap();
    let paralegal = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let results = search(&app, &a, &paralegal, "Zenith Dynamics")
        .await
        .unwrap();
    assert_eq!(results.hits.len(), 2, "{:?}", results.hits);
    for hit in &results.hits {
        assert_eq!(hit.matter, Some(HitMatter::Restricted), "{hit:?}");
        assert!(!hit.found.contains("Falcon"), "the title is withheld");
    }
    let m = secret.id.to_string();
    for (endpoint, fields) in [
        ("matters/parties", pairs(&[("matter_id", m.clone())])),
        ("matters/activity", pairs(&[("id", m.clone())])),
        ("conflicts/checks", pairs(&[("matter_id", m.clone())])),
        (
            "conflicts/preview",
            pairs(&[("matter_id", m.clone()), ("extra", String::new())]),
        ),
    ] {
        let answer: Answer<serde_json::Value> = send(&app, &a, &paralegal, endpoint, fields).await;
        assert_eq!(answer.unwrap_err(), NOT_FOUND, "{endpoint}");
    }
    // A screened Admin is refused too, and their hits become restricted.
    let admin = app.add_user(&app.a, "walled@alpha.test", "admin").await;
    let admin_id = user_id(&app, &a, "walled@alpha.test").await;
    let _: Answer<serde_json::Value> = send(
        &app,
        &a,
        &owner,
        "matters/screen",
        pairs(&[
            ("matter_id", m.clone()),
            ("user_id", admin_id.to_string()),
            ("reason", "Former counsel to Zenith".into()),
        ]),
    )
    .await;
    assert_eq!(
        checks(&app, &a, &admin, secret.id).await.unwrap_err(),
        NOT_FOUND
    );
    let walled = search(&app, &a, &admin, "Zenith").await.unwrap();
    assert!(
        walled
            .hits
            .iter()
            .all(|h| h.matter == Some(HitMatter::Restricted)),
        "{:?}",
        walled.hits
    );
    // The owner sees the matter in full.
    let full = search(&app, &a, &owner, "Zenith").await.unwrap();
    assert!(
        full.hits
            .iter()
            .all(|h| matches!(h.matter, Some(HitMatter::Visible { .. })))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn searches_past_the_allowance_are_refused_with_a_clear_message() {
    use figment::providers::Serialized;
    // Five a minute: one more comes back every 12 s, far longer than the test takes.
    let app = TestApp::spawn_with(crate::harness::Backend::Sqlite, |f| {
        f.merge(Serialized::default("searches_per_minute", 5))
    })
    .await
    .expect("SQLite always runs");
    let a = app.a.host();
    let owner = app.cookies[&a].clone();
    for _ in 0..5 {
        search(&app, &a, &owner, "Anyone").await.unwrap();
    }
    let (status, err) = search(&app, &a, &owner, "Anyone").await.unwrap_err();
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        err.to_string()
            .starts_with("You have run many searches in a short time."),
        "{err}"
    );
    // A list search counts too; a colleague and another firm search on.
    let list: Answer<MatterPage> = send(
        &app,
        &a,
        &owner,
        "matters/list",
        pairs(&[("page", "1".into()), ("filter[q]", "x".into())]),
    )
    .await;
    assert_eq!(list.unwrap_err().0, StatusCode::TOO_MANY_REQUESTS);
    let colleague = app.add_user(&app.a, "colleague@alpha.test", "lawyer").await;
    search(&app, &a, &colleague, "Anyone").await.unwrap();
    let b = app.b.host();
    search(&app, &b, &app.cookies[&b], "Anyone").await.unwrap();
}
