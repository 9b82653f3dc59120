//! Connecting to the database, migrating it, and setting up the unprivileged application role
//! on PostgreSQL.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::SqliteJournalMode;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement,
};

/// Opens a pool on `url`. SQLite files get WAL mode and a busy timeout, and their folder is
/// created if missing.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10));
    if url.starts_with("sqlite:") {
        if let Some(dir) = sqlite_dir(url) {
            std::fs::create_dir_all(&dir)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
        options.max_connections(5).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(20);
    }
    Database::connect(options).await
}

fn sqlite_dir(url: &str) -> Option<std::path::PathBuf> {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let path = path.split('?').next()?;
    if path.is_empty() || path == ":memory:" {
        return None;
    }
    std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Into::into)
}

/// What `docket migrate` did, and what a person still has to do.
#[derive(Debug, Default)]
pub struct MigrateReport {
    /// Migrations applied by this run.
    pub applied: usize,
    /// SQL an administrator must run because the owner role could not.
    pub todo: Vec<String>,
}

/// Applies pending migrations as the owner and, on PostgreSQL, makes sure the application role
/// exists with exactly the grants it needs.
pub async fn migrate(
    owner: &DatabaseConnection,
    app_url: Option<&str>,
) -> Result<MigrateReport, DbErr> {
    let pending = Migrator::get_pending_migrations(owner).await?.len();
    Migrator::up(owner, None).await?;
    let mut report = MigrateReport {
        applied: pending,
        todo: Vec::new(),
    };
    if owner.get_database_backend() == DbBackend::Postgres {
        match app_url {
            Some(url) => ensure_app_role(owner, url, &mut report).await?,
            None => report.todo.push(
                "set DOCKET_APP_DATABASE_URL to a role that owns nothing (e.g. postgres://docket_app@127.0.0.1/docket) and run `docket migrate` again".into(),
            ),
        }
    }
    Ok(report)
}

/// Creates the application role if it is missing, and grants it data access (no ownership, no
/// DDL). Where the owner may not create roles, the statement to run is added to the report.
async fn ensure_app_role(
    owner: &DatabaseConnection,
    app_url: &str,
    report: &mut MigrateReport,
) -> Result<(), DbErr> {
    let url = url::Url::parse(app_url)
        .map_err(|e| DbErr::Custom(format!("DOCKET_APP_DATABASE_URL: {e}")))?;
    let role = url.username();
    if role.is_empty()
        || !role
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(DbErr::Custom(
            "DOCKET_APP_DATABASE_URL must name a role of lowercase letters, digits and underscores"
                .into(),
        ));
    }
    let password = url.password().map(|p| p.replace('\'', "''"));
    let create = format!(
        "CREATE ROLE {role} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE{}",
        password
            .map(|p| format!(" PASSWORD '{p}'"))
            .unwrap_or_default()
    );
    if !role_exists(owner, role).await?
        && let Err(err) = owner.execute_unprepared(&create).await
        // Another migrate may have created it meanwhile; otherwise the owner lacks CREATEROLE.
        && !role_exists(owner, role).await?
    {
        tracing::warn!(error = %err, "could not create the application role");
        report.todo.push(format!("{create};"));
        return Ok(());
    }
    let grants = format!(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {role}', current_database()); END $$;
         GRANT USAGE ON SCHEMA public TO {role};
         GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
         REVOKE INSERT, UPDATE, DELETE ON seaql_migrations FROM {role};
         REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, platform_audit FROM {role};"
    );
    owner.execute_unprepared(&grants).await?;
    Ok(())
}

async fn role_exists(db: &DatabaseConnection, role: &str) -> Result<bool, DbErr> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT 1 AS found FROM pg_roles WHERE rolname = $1",
            [role.into()],
        ))
        .await?;
    Ok(row.is_some())
}

#[cfg(test)]
mod tests {
    #[test]
    fn sqlite_folders_come_from_the_url() {
        assert_eq!(
            super::sqlite_dir("sqlite://data/docket.db?mode=rwc"),
            Some("data".into())
        );
        assert_eq!(super::sqlite_dir("sqlite:docket.db"), None);
        assert_eq!(super::sqlite_dir("sqlite::memory:"), None);
    }
}
