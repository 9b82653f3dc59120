//! The audit trail: entries commit and roll back with their change, record who did what from
//! where (secrets redacted), stay inside their firm, need `audit.read`, export as CSV, and form
//! a hash chain that `audit verify` checks; on PostgreSQL the app role may only insert and read
//! them.

use app::audit::{AuditPage, AuditRow};
use app::error::AppError;
use app::ssr::audit::chain;
use app::ssr::db::FirmDb;
use app::ssr::db::entities::{audit_entries, practice_areas};
use app::ssr::db::{new_id, now};
use reqwest::StatusCode;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, Statement,
};

use crate::both_backends;
use crate::harness::{ADMIN_PASSWORD, Backend, TestApp};

both_backends!(
    an_entry_commits_and_rolls_back_with_its_change,
    changes_record_who_what_and_from_where_with_secrets_redacted,
    sign_in_events_are_recorded,
    a_firm_admin_never_sees_another_firms_entries,
    reading_the_audit_log_needs_audit_read,
    the_log_exports_as_csv_and_the_export_is_recorded,
    verify_finds_altered_removed_and_reordered_entries,
);

async fn entries(app: &TestApp, firm_id: uuid::Uuid) -> Vec<audit_entries::Model> {
    let firm = FirmDb::begin(&app.owner, firm_id).await.unwrap();
    let rows = firm
        .find::<audit_entries::Entity>()
        .all(firm.conn())
        .await
        .unwrap();
    firm.commit().await.unwrap();
    rows
}

pub async fn audit_page(app: &TestApp, host: &str, form: &[(&str, &str)]) -> AuditPage {
    TestApp::decode(app.call(host, "audit/list", form).await)
        .await
        .expect("the audit page loads")
}

fn area(name: &str) -> practice_areas::ActiveModel {
    practice_areas::ActiveModel {
        id: Set(new_id()),
        name: Set(name.into()),
        created_at: Set(now()),
        ..Default::default()
    }
}

async fn an_entry_commits_and_rolls_back_with_its_change(app: TestApp) {
    let before = entries(&app, app.a.id).await.len();
    // Rolled back: neither the row nor its entry.
    let firm = FirmDb::begin_write(&app.served, app.a.id).await.unwrap();
    firm.insert(area("Rolled Back Area")).await.unwrap();
    let _ = firm.finish::<()>(Err(AppError::Invalid(Vec::new()))).await;
    // Dropped mid-way (a crash): neither either.
    let firm = FirmDb::begin_write(&app.served, app.a.id).await.unwrap();
    firm.insert(area("Crashed Area")).await.unwrap();
    drop(firm);
    assert_eq!(entries(&app, app.a.id).await.len(), before);
    // Committed: both, in one go.
    let firm = FirmDb::begin_write(&app.served, app.a.id).await.unwrap();
    let kept = firm.insert(area("Kept Area")).await.unwrap();
    firm.commit().await.unwrap();
    let after = entries(&app, app.a.id).await;
    assert_eq!(after.len(), before + 1);
    let entry = after.iter().max_by_key(|e| e.seq).unwrap();
    assert_eq!(
        (entry.action.as_str(), entry.entity.as_str()),
        ("create", "practice_areas")
    );
    assert_eq!(entry.entity_id, Some(kept.id.to_string()));
    assert!(entry.changes.contains("Kept Area"));
    let names = practice_areas::Entity::find()
        .filter(practice_areas::Column::FirmId.eq(app.a.id))
        .all(&app.owner)
        .await;
    // On PostgreSQL the owner outside a firm transaction sees nothing (forced RLS); the firm
    // handle saw the entry, which is what matters here.
    if let Ok(rows) = names {
        assert!(
            rows.iter()
                .all(|r| r.name != "Rolled Back Area" && r.name != "Crashed Area")
        );
    }
}

async fn changes_record_who_what_and_from_where_with_secrets_redacted(app: TestApp) {
    let host = app.a.host();
    let client = app.create_client(&host, "Audited Client").await;
    let page = audit_page(&app, &host, &[("query[entity]", "clients")]).await;
    let created = page
        .rows
        .iter()
        .find(|r| r.action == "create" && r.entity_id == Some(client.id.to_string()))
        .expect("the client's creation is in the log");
    assert_eq!(created.actor_kind, "user");
    assert_eq!(created.actor_name, "Administrator");
    assert!(created.request_id.as_ref().is_some_and(|id| id.len() == 36));
    assert_eq!(created.client_addr.as_deref(), Some("127.0.0.1"));
    assert!(
        created
            .details
            .iter()
            .any(|(k, v)| k == "name" && v == "Audited Client")
    );
    // A password change: the new hash never reaches the log.
    let changed = app
        .call(
            &host,
            "auth/change-password",
            &[
                ("current_password", ADMIN_PASSWORD),
                ("new_password", "another long test password 2"),
                ("confirm_password", "another long test password 2"),
            ],
        )
        .await;
    assert!(
        changed.status().is_success(),
        "{}",
        changed.text().await.unwrap()
    );
    let rows = entries(&app, app.a.id).await;
    assert!(rows.iter().any(|e| e.action == "auth.password_changed"));
    let update = rows
        .iter()
        .find(|e| e.action == "update" && e.changes.contains("password_hash"))
        .expect("the password update is recorded");
    assert!(update.changes.contains("[redacted]"));
    assert!(rows.iter().all(|e| !e.changes.contains("$argon2")));
}

fn actions(rows: &[AuditRow]) -> Vec<&str> {
    rows.iter().map(|r| r.action.as_str()).collect()
}

async fn sign_in_events_are_recorded(app: TestApp) {
    let host = app.a.host();
    let refused = app
        .sign_in(&host, "admin@alpha.test", "not the password")
        .await
        .unwrap_err();
    assert_eq!(refused.1, AppError::SignInFailed);
    app.sign_in(&host, "nobody@alpha.test", "whatever")
        .await
        .unwrap_err();
    let cookie = app
        .sign_in(&host, "admin@alpha.test", ADMIN_PASSWORD)
        .await
        .unwrap();
    let out = app
        .send_form(&host, "auth/sign-out", &[], Some(&cookie))
        .await;
    assert!(out.status().is_success());
    let page = audit_page(&app, &host, &[]).await;
    let seen = actions(&page.rows);
    assert!(seen.contains(&"auth.sign_in"));
    assert!(seen.contains(&"auth.sign_out"));
    let failures: Vec<&AuditRow> = page
        .rows
        .iter()
        .filter(|r| r.action == "auth.sign_in_failed")
        .collect();
    assert!(failures.iter().any(|r| {
        r.details
            .iter()
            .any(|(k, v)| k == "reason" && v == "wrong password")
    }));
    assert!(failures.iter().any(|r| {
        r.details
            .iter()
            .any(|(k, v)| k == "email" && v == "nobody@alpha.test")
    }));
    // Filters: by action.
    let only = audit_page(&app, &host, &[("query[action]", "auth.sign_out")]).await;
    assert!(only.total >= 1 && only.rows.iter().all(|r| r.action == "auth.sign_out"));
}

async fn a_firm_admin_never_sees_another_firms_entries(app: TestApp) {
    let bravo = app
        .create_client(&app.b.host(), "Bravo Secret Client")
        .await;
    let alpha = audit_page(&app, &app.a.host(), &[]).await;
    assert!(alpha.total > 0);
    assert!(
        alpha
            .rows
            .iter()
            .all(|r| r.entity_id != Some(bravo.id.to_string())
                && r.details.iter().all(|(_, v)| !v.contains("Bravo")))
    );
    // Filtering A's log by B's admin finds nothing; B's own log has the client.
    let bravo_admin = crate::matters::user_id(&app, &app.b.host(), "admin@bravo.test").await;
    let by_bravo = audit_page(
        &app,
        &app.a.host(),
        &[("query[user]", &bravo_admin.to_string())],
    )
    .await;
    assert_eq!(by_bravo.total, 0);
    assert!(by_bravo.users.iter().all(|(id, _)| *id != bravo_admin));
    let own = audit_page(&app, &app.b.host(), &[("query[entity]", "clients")]).await;
    assert!(
        own.rows
            .iter()
            .any(|r| r.entity_id == Some(bravo.id.to_string()))
    );
}

async fn reading_the_audit_log_needs_audit_read(app: TestApp) {
    let host = app.a.host();
    let cookie = app.add_user(&app.a, "para@alpha.test", "paralegal").await;
    let refused = app.send_form(&host, "audit/list", &[], Some(&cookie)).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let csv = app
        .get_with(&host, "/audit/export.csv", Some(&cookie))
        .await;
    assert_eq!(csv.status(), StatusCode::FORBIDDEN);
    let anonymous = app.get_with(&host, "/audit/export.csv", None).await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // The platform host has no firm log at all.
    let platform = app
        .send_form("admin.localhost", "audit/list", &[], None)
        .await;
    assert_eq!(platform.status(), StatusCode::NOT_FOUND);
}

async fn the_log_exports_as_csv_and_the_export_is_recorded(app: TestApp) {
    let host = app.a.host();
    app.create_client(&host, "Exported, \"Quoted\" Client")
        .await;
    let response = app
        .get(&host, "/audit/export.csv?entity=clients&action=create")
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = response.text().await.unwrap();
    let mut lines = body.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("seq,time (UTC),actor kind,actor,action")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 1, "{body}");
    assert!(
        rows[0].contains("name: Exported, \"\"Quoted\"\" Client"),
        "{body}"
    );
    let page = audit_page(&app, &host, &[("query[action]", "export")]).await;
    assert!(page.rows.iter().any(|r| r.entity == "audit_entries"));
}

/// Runs `sql` as the owner with the append-only triggers off, as someone tampering would.
async fn tamper(app: &TestApp, sql: &str) {
    let statements = match app.backend {
        Backend::Postgres => format!(
            "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only; {sql}; ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_append_only;"
        ),
        Backend::Sqlite => format!(
            "DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete; {sql};"
        ),
    };
    app.owner.execute_unprepared(&statements).await.unwrap();
}

async fn verify(app: &TestApp) -> chain::Verification {
    let firm = FirmDb::begin(&app.owner, app.a.id).await.unwrap();
    let found = chain::verify(firm.conn(), app.a.id).await.unwrap();
    firm.commit().await.unwrap();
    found
}

/// A's entry `seq`'s hash (a plain string, to name the row in raw SQL on either backend).
async fn hash_of(app: &TestApp, seq: i64) -> String {
    entries(app, app.a.id)
        .await
        .into_iter()
        .find(|e| e.seq == seq)
        .map(|e| e.hash)
        .expect("the entry exists")
}

async fn verify_finds_altered_removed_and_reordered_entries(app: TestApp) {
    for name in ["One", "Two", "Three", "Four", "Five", "Six", "Seven"] {
        app.create_client(&app.a.host(), name).await;
    }
    let whole = verify(&app).await;
    assert!(whole.ok(), "{:?}", whole.problems);
    let last = whole.entries;
    assert!(last >= 7);
    // Firm B's chain is its own.
    let firm = FirmDb::begin(&app.owner, app.b.id).await.unwrap();
    assert!(chain::verify(firm.conn(), app.b.id).await.unwrap().ok());
    firm.commit().await.unwrap();

    let (two, three, four, five, end) = (
        hash_of(&app, 2).await,
        hash_of(&app, 3).await,
        hash_of(&app, 4).await,
        hash_of(&app, 5).await,
        hash_of(&app, last).await,
    );
    tamper(
        &app,
        &format!(
            "UPDATE audit_entries SET actor_name = 'Someone Else' WHERE hash = '{two}';
             DELETE FROM audit_entries WHERE hash = '{three}';
             UPDATE audit_entries SET seq = -1 WHERE hash = '{four}';
             UPDATE audit_entries SET seq = 4 WHERE hash = '{five}';
             UPDATE audit_entries SET seq = 5 WHERE seq = -1 AND hash = '{four}';
             DELETE FROM audit_entries WHERE hash = '{end}'"
        ),
    )
    .await;
    let found = verify(&app).await;
    let said = |text: &str| found.problems.iter().any(|p| p.contains(text));
    assert!(said("entry 2 was altered"), "{:?}", found.problems);
    assert!(said("entry 3 is missing"), "{:?}", found.problems);
    assert!(said("entry 4 does not follow"), "{:?}", found.problems);
    assert!(said("chain ends at"), "{:?}", found.problems);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgres_the_app_role_may_only_insert_and_read_entries() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    app.create_client(&app.a.host(), "Anything").await;
    let app_role = sea_orm::Database::connect(app.app_role_url())
        .await
        .unwrap();
    let a = app.a.id;
    for sql in [
        "UPDATE audit_entries SET actor_name = 'x'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
        "UPDATE platform_audit SET admin_name = 'x'",
        "DELETE FROM platform_audit",
    ] {
        let firm = FirmDb::begin(&app_role, a).await.unwrap();
        let refused = firm
            .conn()
            .execute_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .expect_err(sql);
        assert!(
            refused.to_string().contains("permission denied"),
            "{sql}: {refused}"
        );
    }
    // The trigger refuses the owner too (short of switching it off).
    for sql in [
        format!("UPDATE audit_entries SET actor_name = 'x' WHERE firm_id = '{a}'"),
        format!("DELETE FROM audit_entries WHERE firm_id = '{a}'"),
    ] {
        let refused = app.owner.execute_unprepared(&sql).await.expect_err(&sql);
        assert!(
            refused.to_string().contains("append-only"),
            "{sql}: {refused}"
        );
    }
    // Reading and appending work.
    let firm = FirmDb::begin(&app_role, a).await.unwrap();
    let count = firm
        .find::<audit_entries::Entity>()
        .count(firm.conn())
        .await
        .unwrap();
    assert!(count > 0);
    firm.log("test.event", "firms", None, serde_json::json!({}));
    firm.commit().await.unwrap();
}
