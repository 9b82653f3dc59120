//! Plans and quotas: platform admins edit plans and put firms on them; seats, storage, file
//! size and features are enforced with messages that say what to do, only for the firm on the
//! plan; firm admins see their plan and usage.

use app::error::AppError;
use app::invitations::InvitationRow;
use app::plans::{Plan, PlanUsage};
use app::platform::FirmSummary;
use reqwest::StatusCode;

use crate::both_backends;
use crate::documents::{matter, noise};
use crate::harness::{ADMIN_HOST, TestApp};

both_backends!(
    a_full_plan_refuses_the_next_seat_and_says_what_to_do,
    storage_and_file_size_follow_the_plan,
    a_feature_off_hides_its_screens_and_refuses_its_functions,
    only_platform_admins_edit_plans_and_bad_plans_are_refused,
);

/// Saves plan `id` with these limits and puts firm A on it.
async fn put_alpha_on(app: &TestApp, admin: &str, form: &[(&str, &str)]) -> Plan {
    let plan: Plan = app
        .as_platform(admin, "platform/plan-save", form)
        .await
        .expect("the plan is saved");
    let moved: FirmSummary = app
        .as_platform(
            admin,
            "platform/firm-plan",
            &[("slug", "alpha"), ("plan", &plan.id)],
        )
        .await
        .expect("alpha is moved");
    assert_eq!(moved.plan, plan.id);
    plan
}

fn plan_form<'a>(id: &'a str, overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut form = vec![
        ("id", id),
        ("name", "Tiny"),
        ("seat_limit", ""),
        ("storage_quota_mb", ""),
        ("max_file_mb", ""),
        ("requests_per_minute", ""),
        ("features", "documents,billing"),
    ];
    for (key, value) in overrides {
        form.retain(|(k, _)| k != key);
        form.push((key, value));
    }
    form
}

async fn invite(
    app: &TestApp,
    host: &str,
    email: &str,
) -> Result<InvitationRow, (StatusCode, AppError)> {
    TestApp::decode(
        app.call(
            host,
            "invitations/create",
            &[("email", email), ("role", "paralegal")],
        )
        .await,
    )
    .await
}

async fn a_full_plan_refuses_the_next_seat_and_says_what_to_do(app: TestApp) {
    let admin = app.platform_admin().await;
    put_alpha_on(&app, &admin, &plan_form("tiny", &[("seat_limit", "2")])).await;
    let host = app.a.host();
    // The owner is one seat; an invitation is the second.
    let first = invite(&app, &host, "one@alpha.test").await.unwrap();
    let (status, err) = invite(&app, &host, "two@alpha.test").await.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let message = err.field("email").expect("a message on the email field");
    assert!(
        message.contains("2 seats") && message.contains("revoke an invitation"),
        "{message}"
    );
    let usage: PlanUsage = TestApp::decode(app.call(&host, "plans/usage", &[]).await)
        .await
        .unwrap();
    assert_eq!((usage.seats_used, usage.plan.seat_limit), (2, Some(2)));
    // Revoking the invitation frees its seat.
    let revoked = app
        .call(
            &host,
            "invitations/revoke",
            &[("id", &first.id.to_string())],
        )
        .await;
    assert!(revoked.status().is_success());
    assert!(invite(&app, &host, "two@alpha.test").await.is_ok());
    // The other firm, on the standard plan, is not held to alpha's.
    for n in 0..3 {
        assert!(
            invite(&app, &app.b.host(), &format!("p{n}@bravo.test"))
                .await
                .is_ok()
        );
    }
}

async fn upload(
    app: &TestApp,
    host: &str,
    matter: uuid::Uuid,
    name: &str,
    bytes: Vec<u8>,
) -> Result<serde_json::Value, (StatusCode, AppError)> {
    let response = app
        .http
        .post(app.url(&format!("/api/documents/upload?matter={matter}")))
        .header("host", host)
        .header("origin", format!("http://{host}"))
        .header("cookie", &app.cookies[host])
        .header("x-file-name", name)
        .body(bytes)
        .send()
        .await
        .unwrap();
    TestApp::decode(response).await
}

async fn storage_and_file_size_follow_the_plan(app: TestApp) {
    let admin = app.platform_admin().await;
    put_alpha_on(
        &app,
        &admin,
        &plan_form("small", &[("max_file_mb", "1"), ("storage_quota_mb", "2")]),
    )
    .await;
    let host = app.a.host();
    let opened = matter(&app, &host, &app.cookies[&host].clone(), "Quota Client").await;
    const KB: usize = 1024;
    let big = upload(&app, &host, opened.id, "big.bin", noise(1500 * KB, 1))
        .await
        .unwrap_err();
    assert!(
        big.1
            .field("file")
            .is_some_and(|m| m.contains("1 MB limit")),
        "{big:?}"
    );
    upload(&app, &host, opened.id, "a.bin", noise(900 * KB, 2))
        .await
        .unwrap();
    upload(&app, &host, opened.id, "b.bin", noise(900 * KB, 3))
        .await
        .unwrap();
    let full = upload(&app, &host, opened.id, "c.bin", noise(900 * KB, 4))
        .await
        .unwrap_err();
    assert!(
        full.1
            .field("file")
            .is_some_and(|m| m.contains("does not fit")),
        "{full:?}"
    );
    // Firm B's plan lets the same file in.
    let bravo = app.b.host();
    let theirs = matter(&app, &bravo, &app.cookies[&bravo].clone(), "Bravo Quota").await;
    upload(&app, &bravo, theirs.id, "big.bin", noise(1500 * KB, 1))
        .await
        .unwrap();
}

async fn a_feature_off_hides_its_screens_and_refuses_its_functions(app: TestApp) {
    let admin = app.platform_admin().await;
    put_alpha_on(
        &app,
        &admin,
        &plan_form("no-billing", &[("features", "documents")]),
    )
    .await;
    let host = app.a.host();
    // Sessions learn the plan on their next request.
    let refused: Result<serde_json::Value, _> =
        TestApp::decode(app.call(&host, "billing/settings", &[]).await).await;
    let (status, err) = refused.unwrap_err();
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(err, AppError::NotInPlan("Time and billing".into()));
    assert!(err.to_string().contains("ask Docket to change the plan"));
    let page = app.get(&host, "/").await.text().await.unwrap();
    assert!(!page.contains("href=\"/billing\"") && !page.contains("href=\"/time\""));
    assert!(page.contains("href=\"/documents\""));
    // Other features and firms carry on.
    assert_eq!(
        app.call(&host, "clients/list", &[("q", ""), ("page", "1")])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.call(&app.b.host(), "billing/settings", &[])
            .await
            .status(),
        StatusCode::OK
    );
    let bravo = app.get(&app.b.host(), "/").await.text().await.unwrap();
    assert!(bravo.contains("href=\"/billing\""));
}

async fn only_platform_admins_edit_plans_and_bad_plans_are_refused(app: TestApp) {
    let firm_user = app.cookies[&app.a.host()].clone();
    let form = plan_form("sneaky", &[("seat_limit", "1000")]);
    assert_eq!(
        app.send_form(ADMIN_HOST, "platform/plan-save", &form, Some(&firm_user))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(
            &app.a.host(),
            "platform/firm-plan",
            &[("slug", "alpha"), ("plan", "enterprise")]
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let admin = app.platform_admin().await;
    let bad: Result<Plan, _> = app
        .as_platform(
            &admin,
            "platform/plan-save",
            &plan_form(
                "Bad Id",
                &[("seat_limit", "-3"), ("features", "documents,teleport")],
            ),
        )
        .await;
    let (status, err) = bad.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["id", "seat_limit", "features"] {
        assert!(err.field(field).is_some(), "{field}: {err:?}");
    }
    let unknown: Result<FirmSummary, _> = app
        .as_platform(
            &admin,
            "platform/firm-plan",
            &[("slug", "alpha"), ("plan", "nope")],
        )
        .await;
    assert!(unknown.unwrap_err().1.field("plan").is_some());
    let plans: Vec<Plan> = app
        .as_platform(&admin, "platform/plans", &[])
        .await
        .unwrap();
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["enterprise", "standard", "starter"]);
    // The firm admin sees their own plan; another firm's admin sees theirs.
    let usage: PlanUsage = TestApp::decode(app.call(&app.a.host(), "plans/usage", &[]).await)
        .await
        .unwrap();
    assert_eq!(usage.plan.id, "standard");
}
