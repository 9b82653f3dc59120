//! Row-level security for firm-owned tables (PostgreSQL only; SQLite relies on the app's
//! firm-scoped handle alone).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// The name of the per-firm policy on every firm-owned table.
pub const POLICY: &str = "firm_isolation";

/// Enables and forces row-level security on `table`, with a policy that admits only rows of the
/// firm named by the transaction-local `app.firm_id` setting. With no firm set, no row matches.
pub async fn protect(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let firm = "NULLIF(current_setting('app.firm_id', true), '')::uuid";
    let sql = format!(
        "ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
         ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
         CREATE POLICY {POLICY} ON {table} USING (firm_id = {firm}) WITH CHECK (firm_id = {firm});"
    );
    manager.get_connection().execute_unprepared(&sql).await?;
    Ok(())
}
