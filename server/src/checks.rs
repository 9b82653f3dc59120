//! Start-up checks: the server refuses to serve, and `docket check` exits 1, unless the
//! database is migrated and, on PostgreSQL, the tenancy wall stands: the server's role is not a
//! superuser, cannot bypass row-level security and owns no table, and every firm-owned table has
//! `firm_id` in its primary key and row-level security enabled, forced and with a policy.

use std::collections::HashSet;

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

/// Tables that are platform-wide by design; every other table must be firm-owned. Platform
/// admins belong to no firm. `sessions`
/// is found by its secret id before the tenant is known; each row records its firm, which the
/// server checks against the request's on every request.
/// `outbox` is drained by one sender for every firm; a row holds an already rendered message
/// and, for reference, its firm. `platform_audit` is the platform admins' own log, which firms
/// never read. `plans` are the platform's offer, the same for every firm. `firm_stats` and
/// `firm_activity` are the dashboard's counters: numbers only, no firm content.
pub const GLOBAL_TABLES: &[&str] = &[
    "firms",
    "firm_domains",
    "platform_admins",
    "sessions",
    "outbox",
    "platform_audit",
    "plans",
    "firm_stats",
    "firm_activity",
    "seaql_migrations",
];

/// The outcome of the checks, one line each.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// What holds.
    pub passed: Vec<String>,
    /// What does not, and what to do about it.
    pub failed: Vec<String>,
}

impl CheckReport {
    /// Whether every check passed.
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }

    fn check(&mut self, ok: bool, pass: impl Into<String>, fail: impl Into<String>) {
        if ok {
            self.passed.push(pass.into())
        } else {
            self.failed.push(fail.into())
        }
    }
}

impl std::fmt::Display for CheckReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for line in &self.passed {
            writeln!(f, "ok    {line}")?;
        }
        for line in &self.failed {
            writeln!(f, "FAIL  {line}")?;
        }
        Ok(())
    }
}

/// Runs every check on the connection the server would serve with.
pub async fn run(db: &DatabaseConnection) -> CheckReport {
    let mut report = CheckReport::default();
    if let Err(err) = db.ping().await {
        report
            .failed
            .push(format!("the database is unreachable: {err}"));
        return report;
    }
    report.passed.push("the database answers".into());
    match pending_migrations(db).await {
        Ok(pending) => report.check(
            pending.is_empty(),
            "the schema is up to date",
            format!(
                "migrations pending ({}): run `docket migrate`",
                pending.join(", ")
            ),
        ),
        Err(err) => report.failed.push(format!(
            "cannot read the migration history ({err}): run `docket migrate`"
        )),
    }
    if db.get_database_backend() == DbBackend::Postgres
        && let Err(err) = postgres_wall(db, &mut report).await
    {
        report
            .failed
            .push(format!("cannot inspect the PostgreSQL catalog: {err}"));
    }
    report
}

/// Migrations not yet applied. Reads the history table directly: the migrator's own look-up
/// would try to create the table, which the unprivileged role rightly may not.
async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let applied = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations".to_string(),
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<String>("", "version"))
        .collect::<Result<HashSet<_>, _>>()?;
    Ok(Migrator::migrations()
        .iter()
        .map(|m| m.name().to_string())
        .filter(|name| !applied.contains(name))
        .collect())
}

async fn postgres_wall(
    db: &DatabaseConnection,
    report: &mut CheckReport,
) -> Result<(), sea_orm::DbErr> {
    let sql = |s: &str| Statement::from_string(DbBackend::Postgres, s.to_string());
    let role = db
        .query_one_raw(sql("SELECT current_user::text AS name, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"))
        .await?
        .ok_or_else(|| sea_orm::DbErr::Custom("current role not found".into()))?;
    let name: String = role.try_get("", "name")?;
    let superuser: bool = role.try_get("", "rolsuper")?;
    let bypass: bool = role.try_get("", "rolbypassrls")?;
    report.check(
        !superuser && !bypass,
        format!("the server's role {name} is neither SUPERUSER nor BYPASSRLS"),
        format!("the server's role {name} is SUPERUSER or BYPASSRLS: serve as the unprivileged role of DOCKET_APP_DATABASE_URL"),
    );
    let owned: Vec<String> = db
        .query_all_raw(sql(
            "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
             ORDER BY 1",
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "name"))
        .collect::<Result<_, _>>()?;
    report.check(
        owned.is_empty(),
        format!("the server's role {name} owns no table"),
        format!(
            "the server's role {name} owns {}: serve as a role that owns nothing",
            owned.join(", ")
        ),
    );
    let tables = db
        .query_all_raw(sql(
            "SELECT c.relname::text AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
                    EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid) AS policy,
                    EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                            WHERE i.indrelid = c.oid AND i.indisprimary AND a.attname = 'firm_id') AS keyed
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1",
        ))
        .await?;
    let mut firm_tables = 0;
    for t in tables {
        let table: String = t.try_get("", "name")?;
        if GLOBAL_TABLES.contains(&table.as_str()) {
            continue;
        }
        firm_tables += 1;
        let (rls, forced, policy, keyed): (bool, bool, bool, bool) = (
            t.try_get("", "rls")?,
            t.try_get("", "forced")?,
            t.try_get("", "policy")?,
            t.try_get("", "keyed")?,
        );
        if !keyed {
            report
                .failed
                .push(format!("table {table} lacks firm_id in its primary key"));
        }
        if !(rls && forced && policy) {
            report.failed.push(format!(
                "table {table} lacks row-level security that is enabled, forced and has a policy"
            ));
        }
    }
    report.passed.push(format!(
        "{firm_tables} firm-owned tables checked for firm_id keys and forced row-level security"
    ));
    Ok(())
}
