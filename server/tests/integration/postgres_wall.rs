//! The second wall: PostgreSQL row-level security, and the start-up checks that refuse to serve
//! without it. PostgreSQL only.

use app::ssr::db::FirmDb;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement,
    TransactionTrait,
};
use secrecy::ExposeSecret;
use server::checks;

use crate::harness::{Backend, TestApp};

async fn postgres() -> Option<TestApp> {
    TestApp::spawn(Backend::Postgres).await
}

/// A pool of exactly one connection as the app role, so consecutive transactions share it.
async fn single_connection(app: &TestApp) -> DatabaseConnection {
    let mut options = ConnectOptions::new(app.app_role_url());
    options
        .max_connections(1)
        .min_connections(1)
        .sqlx_logging(false);
    Database::connect(options).await.expect("app role connects")
}

async fn names(conn: &impl ConnectionTrait, sql: &str) -> Vec<String> {
    conn.query_all_raw(Statement::from_string(DbBackend::Postgres, sql.to_string()))
        .await
        .expect("query runs")
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("name column"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unscoped_select_as_the_app_role_sees_only_the_firms_rows() {
    let Some(app) = postgres().await else { return };
    app.create_client(&app.a.host(), "Alpha Row").await;
    app.create_client(&app.b.host(), "Bravo Row").await;
    let pool = single_connection(&app).await;

    // Inside firm A's transaction, a deliberately unscoped query returns only A's rows.
    let firm = FirmDb::begin(&pool, app.a.id).await.unwrap();
    assert_eq!(
        names(firm.conn(), "SELECT name FROM clients ORDER BY name").await,
        ["Alpha Row"]
    );
    // Writing a row for another firm is refused by the policy's WITH CHECK.
    let foreign = format!(
        "INSERT INTO clients (firm_id, id, name, kind, notes, created_at, updated_at) VALUES ('{}', gen_random_uuid(), 'x', 'person', '', now(), now())",
        app.b.id
    );
    assert!(
        firm.conn().execute_unprepared(&foreign).await.is_err(),
        "wrote into another firm"
    );
    drop(firm);

    // The same (only) pooled connection, after the transaction: no firm set, no rows.
    assert!(
        names(&pool, "SELECT name FROM clients").await.is_empty(),
        "the firm setting leaked"
    );
    let tx = pool.begin().await.unwrap();
    assert!(names(&tx, "SELECT name FROM clients").await.is_empty());
    tx.commit().await.unwrap();

    // Firm B's transaction on the same connection sees only B's row.
    let firm = FirmDb::begin(&pool, app.b.id).await.unwrap();
    assert_eq!(
        names(firm.conn(), "SELECT name FROM clients").await,
        ["Bravo Row"]
    );
    firm.commit().await.unwrap();
    assert_eq!(app.backend, Backend::Postgres);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checks_refuse_a_superuser_unforced_security_and_unkeyed_tables() {
    let Some(app) = postgres().await else { return };
    let report = checks::run(&app.served).await;
    assert!(report.ok(), "the app role should pass:\n{report}");

    let report = checks::run(&app.owner).await;
    assert!(!report.ok());
    assert!(
        report.failed.iter().any(|l| l.contains("SUPERUSER")),
        "{report}"
    );

    app.owner
        .execute_unprepared("ALTER TABLE clients NO FORCE ROW LEVEL SECURITY")
        .await
        .unwrap();
    let report = checks::run(&app.served).await;
    assert!(
        report
            .failed
            .iter()
            .any(|l| l.contains("table clients lacks row-level security")),
        "{report}"
    );
    app.owner
        .execute_unprepared("ALTER TABLE clients FORCE ROW LEVEL SECURITY")
        .await
        .unwrap();

    app.owner
        .execute_unprepared("CREATE TABLE rogue (id uuid PRIMARY KEY, firm_id uuid NOT NULL)")
        .await
        .unwrap();
    let report = checks::run(&app.served).await;
    assert!(
        report
            .failed
            .iter()
            .any(|l| l.contains("table rogue lacks firm_id in its primary key")),
        "{report}"
    );
    app.owner
        .execute_unprepared("DROP TABLE rogue")
        .await
        .unwrap();
    assert!(checks::run(&app.served).await.ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docket_check_exits_1_as_a_superuser_and_0_as_the_app_role() {
    let Some(app) = postgres().await else { return };
    let owner_url = app.config.owner_database_url();
    let app_url = app
        .config
        .app_database_url
        .as_ref()
        .unwrap()
        .expose_secret()
        .to_string();
    let run = |app_url: Option<&str>| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_docket"));
        command
            .arg("check")
            .env("DOCKET_DATABASE_URL", &owner_url)
            .env_remove("DOCKET_APP_DATABASE_URL");
        if let Some(url) = app_url {
            command.env("DOCKET_APP_DATABASE_URL", url);
        }
        command.output().expect("docket runs")
    };
    let as_owner = run(None);
    assert_eq!(as_owner.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&as_owner.stdout).contains("FAIL"));
    let as_app = run(Some(&app_url));
    assert_eq!(
        as_app.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&as_app.stdout)
    );
}
