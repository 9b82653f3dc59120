//! The platform dashboard: counters that follow what firms do (users, matters, documents,
//! storage, sign-ins, requests, last activity), search, filters, sorting and charts, counted
//! once for firms older than the counters, and only for platform admins.

use app::platform::dashboard::{Dashboard, FirmRow};
use app::ssr::db::entities::firm_stats;
use app::ssr::stats;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::both_backends;
use crate::documents::{add, matter, noise};
use crate::harness::{ADMIN_HOST, TestApp};

both_backends!(
    counters_follow_what_firms_do,
    the_dashboard_searches_filters_and_sorts,
    older_firms_are_counted_once_and_only_admins_see_it,
);

async fn board(app: &TestApp, admin: &str, form: &[(&str, &str)]) -> Dashboard {
    app.as_platform(admin, "platform/dashboard", form)
        .await
        .expect("the dashboard loads")
}

fn row<'a>(board: &'a Dashboard, slug: &str) -> &'a FirmRow {
    board
        .rows
        .iter()
        .find(|r| r.slug == slug)
        .unwrap_or_else(|| panic!("{slug} is listed"))
}

async fn counters_follow_what_firms_do(app: TestApp) {
    let admin = app.platform_admin().await;
    let before = board(&app, &admin, &[]).await;
    let a0 = row(&before, "alpha").clone();
    assert_eq!(
        (a0.users, a0.matters, a0.documents, a0.storage_bytes),
        (1, 0, 0, 0)
    );

    let host = app.a.host();
    let cookie = app.cookies[&host].clone();
    app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let opened = matter(&app, &host, &cookie, "Counted Client").await;
    add(&app, &host, &cookie, opened.id, "one.pdf", noise(30_000, 1)).await;
    add(&app, &host, &cookie, opened.id, "two.pdf", noise(20_000, 2)).await;
    app.activity.flush(&app.served).await.unwrap();

    let after = board(&app, &admin, &[]).await;
    let a1 = row(&after, "alpha");
    assert_eq!((a1.users, a1.matters, a1.documents), (2, 1, 2));
    assert_eq!(a1.storage_bytes, 50_000);
    // The admin's sign-in at start-up and the paralegal's, and every request since.
    assert!(a1.sign_ins_24h >= 2 && a1.sign_ins_30d >= a1.sign_ins_24h);
    assert!(a1.requests_24h >= 4 && a1.requests_30d >= a1.requests_24h);
    assert!(a1.last_activity_at.is_some());
    // Bravo did nothing of that.
    let b1 = row(&after, "bravo");
    assert_eq!(
        (b1.users, b1.matters, b1.documents, b1.storage_bytes),
        (1, 0, 0, 0)
    );
    assert!(after.storage_chart.contains("Alpha"));
    assert!(after.active_firms_chart.starts_with("<svg"));
}

async fn the_dashboard_searches_filters_and_sorts(app: TestApp) {
    let admin = app.platform_admin().await;
    let host = app.b.host();
    let cookie = app.cookies[&host].clone();
    let opened = matter(&app, &host, &cookie, "Bravo Client").await;
    add(&app, &host, &cookie, opened.id, "big.pdf", noise(60_000, 3)).await;
    app.activity.flush(&app.served).await.unwrap();

    let slugs = |b: &Dashboard| b.rows.iter().map(|r| r.slug.clone()).collect::<Vec<_>>();
    assert_eq!(slugs(&board(&app, &admin, &[]).await), ["alpha", "bravo"]);
    assert_eq!(
        slugs(&board(&app, &admin, &[("query[sort]", "storage")]).await),
        ["bravo", "alpha"]
    );
    assert_eq!(
        slugs(&board(&app, &admin, &[("query[sort]", "documents")]).await),
        ["bravo", "alpha"]
    );
    let found = board(&app, &admin, &[("query[q]", "BRAV")]).await;
    assert_eq!((slugs(&found), found.total), (vec!["bravo".to_string()], 1));
    let by_slug = board(&app, &admin, &[("query[q]", "alph")]).await;
    assert_eq!(slugs(&by_slug), ["alpha"]);
    let suspended = board(&app, &admin, &[("query[status]", "suspended")]).await;
    assert!(suspended.rows.is_empty());
    assert_eq!(
        (suspended.firms, suspended.active, suspended.suspended),
        (2, 2, 0)
    );
    let on_plan = board(&app, &admin, &[("query[plan]", "enterprise")]).await;
    assert_eq!(on_plan.total, 0);
    assert!(on_plan.plans.iter().any(|(id, _)| id == "standard"));
    // Activity sorts too, without error, with every firm listed.
    assert_eq!(
        board(&app, &admin, &[("query[sort]", "activity")])
            .await
            .total,
        2
    );
}

async fn older_firms_are_counted_once_and_only_admins_see_it(app: TestApp) {
    let host = app.a.host();
    let cookie = app.cookies[&host].clone();
    let opened = matter(&app, &host, &cookie, "Old Client").await;
    add(&app, &host, &cookie, opened.id, "old.pdf", noise(10_000, 4)).await;
    let kept = firm_stats::Entity::find_by_id(app.a.id)
        .one(&app.owner)
        .await
        .unwrap()
        .unwrap();
    // As if the firm predated the counters.
    firm_stats::Entity::delete_by_id(app.a.id)
        .exec(&app.owner)
        .await
        .unwrap();
    assert_eq!(stats::bootstrap(&app.served).await.unwrap(), 1);
    let counted = firm_stats::Entity::find_by_id(app.a.id)
        .one(&app.owner)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (
            counted.users,
            counted.matters,
            counted.documents,
            counted.storage_bytes
        ),
        (kept.users, kept.matters, kept.documents, kept.storage_bytes)
    );
    assert_eq!(stats::bootstrap(&app.served).await.unwrap(), 0);
    // Firm users never reach it, on either host.
    assert_eq!(
        app.send_form(ADMIN_HOST, "platform/dashboard", &[], Some(&cookie))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(&host, "platform/dashboard", &[]).await.status(),
        StatusCode::NOT_FOUND
    );
}
