//! A firm's lifecycle: platform admins suspend it with a reason (its sessions end, its host and
//! every server function answer with the suspension page, sign-in is refused, its data is kept,
//! other firms carry on) and reactivate it; each change is in the platform audit log and the
//! firm's own trail. Only platform admins on the platform host may do it. Deleting a firm
//! waits out its grace period (reactivation cancels), then leaves no row or stored byte of it.

use app::error::AppError;
use app::platform::FirmSummary;
use app::ssr::audit::chain;
use app::ssr::db::FirmDb;
use app::ssr::db::entities::{audit_entries, firms, platform_audit};
use app::ssr::services::lifecycle;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};
use uuid::Uuid;

use crate::both_backends;
use crate::documents::{add, files_under, matter, noise};
use crate::harness::{ADMIN_HOST, ADMIN_PASSWORD, Backend, TestApp};

both_backends!(
    a_suspended_firm_is_refused_everywhere_and_comes_back_intact,
    only_platform_admins_suspend_firms,
    deletion_leaves_no_row_or_byte_of_the_firm_and_others_untouched,
    a_scheduled_deletion_waits_and_reactivation_cancels_it,
);

async fn a_suspended_firm_is_refused_everywhere_and_comes_back_intact(app: TestApp) {
    let host = app.a.host();
    let client = app.create_client(&host, "Kept Safe").await;
    let admin = app.platform_admin().await;

    // A reason is required, and a refusal changes nothing.
    let missing: Result<FirmSummary, _> = app
        .as_platform(
            &admin,
            "platform/firm-suspend",
            &[("slug", "alpha"), ("reason", "  ")],
        )
        .await;
    let (status, err) = missing.unwrap_err();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(err.field("reason").is_some());
    assert_eq!(app.get(&host, "/clients").await.status(), StatusCode::OK);

    let suspended: FirmSummary = app
        .as_platform(
            &admin,
            "platform/firm-suspend",
            &[("slug", "alpha"), ("reason", "Invoice 2026-11 unpaid")],
        )
        .await
        .unwrap();
    assert_eq!(suspended.status, "suspended");
    assert_eq!(
        suspended.suspended_reason.as_deref(),
        Some("Invoice 2026-11 unpaid")
    );

    // Pages, server functions and downloads all get the suspension page.
    let page = app.get(&host, "/clients").await;
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    let html = page.text().await.unwrap();
    assert!(html.contains("suspended") && html.contains("Invoice 2026-11 unpaid"));
    assert!(!html.contains("Kept Safe"));
    let call = app
        .call(&host, "clients/list", &[("q", ""), ("page", "1")])
        .await;
    assert_eq!(call.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&host, "/audit/export.csv").await.status(),
        StatusCode::FORBIDDEN
    );
    let sign_in = app
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
    assert_eq!(sign_in.status(), StatusCode::FORBIDDEN);
    // The other firm carries on.
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );

    // Both logs have it.
    let platform = platform_audit::Entity::find()
        .filter(platform_audit::Column::Action.eq("firm.suspended"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(platform.len(), 1);
    assert_eq!(platform[0].admin_name, "ops");
    assert_eq!(platform[0].firm_id, Some(app.a.id));
    assert!(platform[0].details.contains("Invoice 2026-11 unpaid"));
    assert!(platform[0].request_id.is_some());

    let reactivated: FirmSummary = app
        .as_platform(&admin, "platform/firm-reactivate", &[("slug", "alpha")])
        .await
        .unwrap();
    assert_eq!(reactivated.status, "active");
    assert_eq!(reactivated.suspended_reason, None);

    // The old session ended with the suspension; signing in again works and the data is there.
    assert_eq!(
        app.call(&host, "clients/list", &[("q", ""), ("page", "1")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let cookie = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let found = app
        .get_with(&host, &format!("/clients/{}", client.id), Some(&cookie))
        .await;
    assert_eq!(found.status(), StatusCode::OK);
    assert!(found.text().await.unwrap().contains("Kept Safe"));
    let firm = FirmDb::begin(&app.owner, app.a.id).await.unwrap();
    let trail: Vec<String> = firm
        .find::<audit_entries::Entity>()
        .filter(audit_entries::Column::Entity.eq("firms"))
        .all(firm.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    firm.commit().await.unwrap();
    assert_eq!(trail, ["firm.suspended", "firm.reactivated"]);
}

async fn only_platform_admins_suspend_firms(app: TestApp) {
    let form = [("slug", "bravo"), ("reason", "just because")];
    // A firm admin, on their own host or the platform's.
    let at_firm = app
        .call(&app.a.host(), "platform/firm-suspend", &form)
        .await;
    assert_eq!(at_firm.status(), StatusCode::NOT_FOUND);
    let firm_cookie = app.cookies[&app.a.host()].clone();
    let at_platform = app
        .send_form(
            ADMIN_HOST,
            "platform/firm-suspend",
            &form,
            Some(&firm_cookie),
        )
        .await;
    assert_eq!(at_platform.status(), StatusCode::UNAUTHORIZED);
    // A platform admin's session means nothing on a firm host.
    let admin = app.platform_admin().await;
    let crossed = app
        .send_form(&app.a.host(), "platform/firm-suspend", &form, Some(&admin))
        .await;
    assert_eq!(crossed.status(), StatusCode::NOT_FOUND);
    // An unknown firm is "not found"; nothing was suspended.
    let unknown: Result<FirmSummary, _> = app
        .as_platform(
            &admin,
            "platform/firm-suspend",
            &[("slug", "nobody"), ("reason", "x")],
        )
        .await;
    assert_eq!(unknown.unwrap_err().1, AppError::NotFound);
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );
}

/// Every table with a `firm_id` column.
async fn firm_tables(app: &TestApp) -> Vec<String> {
    let sql = match app.backend {
        Backend::Postgres => {
            "SELECT table_name AS name FROM information_schema.columns WHERE column_name = 'firm_id' AND table_schema = 'public'"
        }
        Backend::Sqlite => {
            "SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'firm_id'"
        }
    };
    app.owner
        .query_all_raw(Statement::from_string(
            app.owner.get_database_backend(),
            sql,
        ))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", "name").unwrap())
        .collect()
}

/// How many rows of `firm` each firm table holds (as the owner, which sees past row security).
async fn rows_of(app: &TestApp, firm: Uuid) -> Vec<(String, i64)> {
    let backend = app.owner.get_database_backend();
    let mut counts = Vec::new();
    for table in firm_tables(app).await {
        let sql = match backend {
            DbBackend::Postgres => format!("SELECT COUNT(*) AS n FROM {table} WHERE firm_id = $1"),
            _ => format!("SELECT COUNT(*) AS n FROM {table} WHERE firm_id = ?"),
        };
        let row = app
            .owner
            .query_one_raw(Statement::from_sql_and_values(backend, sql, [firm.into()]))
            .await
            .unwrap()
            .unwrap();
        counts.push((table, row.try_get::<i64>("", "n").unwrap()));
    }
    counts
}

async fn deletion_leaves_no_row_or_byte_of_the_firm_and_others_untouched(app: TestApp) {
    // Both firms have clients, matters, documents, logos, sessions, mail and audit trails.
    for (firm, host) in [(&app.a, app.a.host()), (&app.b, app.b.host())] {
        let cookie = app.cookies[&host].clone();
        let logo = crate::firm_profile::upload_logo(
            &app,
            &host,
            &cookie,
            crate::firm_profile::LOGO.to_vec(),
        )
        .await;
        assert_eq!(logo.status(), StatusCode::OK);
        let opened = matter(&app, &host, &cookie, &format!("{} Client", firm.slug)).await;
        add(
            &app,
            &host,
            &cookie,
            opened.id,
            "brief.pdf",
            noise(40_000, 7),
        )
        .await;
    }
    let admin = app.platform_admin().await;
    let support: Result<String, _> = app
        .as_platform(
            &admin,
            "platform/support-start",
            &[("slug", "alpha"), ("reason", "before deletion")],
        )
        .await;
    support.unwrap();
    let b_before = rows_of(&app, app.b.id).await;
    let b_files = files_under(&app.documents_dir.join(app.b.id.to_string()));
    assert!(!b_files.is_empty());
    assert!(rows_of(&app, app.a.id).await.iter().any(|(_, n)| *n > 0));

    let scheduled: FirmSummary = app
        .as_platform(
            &admin,
            "platform/firm-delete",
            &[("slug", "alpha"), ("grace_days", "0")],
        )
        .await
        .unwrap();
    assert_eq!(scheduled.status, "suspended");
    assert!(scheduled.deletion_due_at.is_some());
    assert_eq!(
        lifecycle::purge_due(&app.served, &app.storage)
            .await
            .unwrap(),
        1
    );

    // Nothing of A: no row in any firm table, no firm row, no stored byte.
    // (The platform's own log keeps its lines about the firm: who suspended, entered and
    // deleted it. They hold no firm data.)
    let left: Vec<(String, i64)> = rows_of(&app, app.a.id)
        .await
        .into_iter()
        .filter(|(table, n)| *n > 0 && table != "platform_audit")
        .collect();
    assert!(left.is_empty(), "rows left behind: {left:?}");
    assert!(
        firms::Entity::find_by_id(app.a.id)
            .one(&app.owner)
            .await
            .unwrap()
            .is_none()
    );
    assert!(!app.documents_dir.join(app.a.id.to_string()).exists());
    assert_eq!(
        app.get(&app.a.host(), "/").await.status(),
        StatusCode::NOT_FOUND
    );
    // B is exactly as it was, and still works.
    assert_eq!(rows_of(&app, app.b.id).await, b_before);
    assert_eq!(
        files_under(&app.documents_dir.join(app.b.id.to_string())),
        b_files
    );
    assert_eq!(
        app.get(&app.b.host(), "/clients").await.status(),
        StatusCode::OK
    );
    let firm = FirmDb::begin(&app.owner, app.b.id).await.unwrap();
    assert!(chain::verify(firm.conn(), app.b.id).await.unwrap().ok());
    firm.commit().await.unwrap();
    // The platform remembers that it happened.
    let deleted = platform_audit::Entity::find()
        .filter(platform_audit::Column::Action.eq("firm.deleted"))
        .all(&app.owner)
        .await
        .unwrap();
    assert_eq!(deleted.len(), 1);
    assert_eq!(deleted[0].firm_id, Some(app.a.id));
}

async fn a_scheduled_deletion_waits_and_reactivation_cancels_it(app: TestApp) {
    let admin = app.platform_admin().await;
    let bad = app
        .send_form(
            ADMIN_HOST,
            "platform/firm-delete",
            &[("slug", "alpha"), ("grace_days", "-1")],
            Some(&admin),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let scheduled: FirmSummary = app
        .as_platform(
            &admin,
            "platform/firm-delete",
            &[("slug", "alpha"), ("grace_days", "30")],
        )
        .await
        .unwrap();
    assert!(
        scheduled
            .suspended_reason
            .is_some_and(|r| r.contains("scheduled for deletion"))
    );
    // Not due yet: nothing is purged.
    assert_eq!(
        lifecycle::purge_due(&app.served, &app.storage)
            .await
            .unwrap(),
        0
    );
    let back: FirmSummary = app
        .as_platform(&admin, "platform/firm-reactivate", &[("slug", "alpha")])
        .await
        .unwrap();
    assert_eq!(back.deletion_due_at, None);
    assert!(
        app.sign_in(&app.a.host(), "admin@alpha.test", ADMIN_PASSWORD)
            .await
            .is_ok()
    );
}
