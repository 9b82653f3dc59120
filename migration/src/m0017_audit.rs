//! The audit trail: the firm-owned, hash-chained `audit_entries`, the global `platform_audit`,
//! both append-only; and the firm lifecycle columns (why a firm is suspended, when it is due
//! for deletion).
//!
//! Append-only means: no update, and no delete while the entry's firm exists (deleting a firm
//! cascades to its entries, which is how a firm's trail leaves with the firm). On PostgreSQL the
//! app role is also refused UPDATE, DELETE and TRUNCATE by privilege (`server/src/db.rs`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::rls;
use crate::table_parts::{firm_table, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEntries {
    Table,
    Seq,
    At,
    ActorKind,
    ActorId,
    ActorName,
    Action,
    Entity,
    EntityId,
    Changes,
    PrevHash,
    Hash,
}

#[derive(DeriveIden)]
enum PlatformAudit {
    Table,
    Id,
    At,
    AdminId,
    AdminName,
    Action,
    FirmId,
    FirmName,
    Details,
}

#[derive(DeriveIden)]
enum Firms {
    Table,
    SuspendedReason,
    DeletionDueAt,
}

/// The request context columns both logs share.
fn context_columns(table: &mut TableCreateStatement) {
    table
        .col(
            ColumnDef::new(Alias::new("request_id"))
                .string_len(64)
                .null(),
        )
        .col(
            ColumnDef::new(Alias::new("client_addr"))
                .string_len(64)
                .null(),
        )
        .col(
            ColumnDef::new(Alias::new("user_agent"))
                .string_len(300)
                .null(),
        );
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut entries = firm_table("audit_entries");
        entries
            .col(ColumnDef::new(AuditEntries::Seq).big_integer().not_null())
            .col(ColumnDef::new(AuditEntries::At).big_integer().not_null())
            .col(
                ColumnDef::new(AuditEntries::ActorKind)
                    .string_len(10)
                    .not_null(),
            )
            .col(ColumnDef::new(AuditEntries::ActorId).uuid().null())
            .col(
                ColumnDef::new(AuditEntries::ActorName)
                    .string_len(200)
                    .not_null(),
            )
            .col(
                ColumnDef::new(AuditEntries::Action)
                    .string_len(60)
                    .not_null(),
            )
            .col(
                ColumnDef::new(AuditEntries::Entity)
                    .string_len(60)
                    .not_null(),
            )
            .col(ColumnDef::new(AuditEntries::EntityId).string_len(64).null())
            .col(ColumnDef::new(AuditEntries::Changes).text().not_null());
        context_columns(&mut entries);
        entries
            .col(
                ColumnDef::new(AuditEntries::PrevHash)
                    .string_len(64)
                    .not_null(),
            )
            .col(ColumnDef::new(AuditEntries::Hash).string_len(64).not_null());
        manager.create_table(entries).await?;
        for (name, cols, unique) in [
            ("audit_entries_seq", &["firm_id", "seq"][..], true),
            ("audit_entries_at", &["firm_id", "at"][..], false),
            (
                "audit_entries_actor",
                &["firm_id", "actor_id", "seq"][..],
                false,
            ),
            (
                "audit_entries_action",
                &["firm_id", "action", "seq"][..],
                false,
            ),
            (
                "audit_entries_entity",
                &["firm_id", "entity", "seq"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(name, AuditEntries::Table, cols, unique))
                .await?;
        }
        rls::protect(manager, "audit_entries").await?;

        let mut platform = Table::create();
        platform
            .table(PlatformAudit::Table)
            .col(
                ColumnDef::new(PlatformAudit::Id)
                    .uuid()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new(PlatformAudit::At).big_integer().not_null())
            .col(ColumnDef::new(PlatformAudit::AdminId).uuid().null())
            .col(
                ColumnDef::new(PlatformAudit::AdminName)
                    .string_len(200)
                    .not_null(),
            )
            .col(
                ColumnDef::new(PlatformAudit::Action)
                    .string_len(60)
                    .not_null(),
            )
            // No foreign key: the platform's record of a firm outlives the firm.
            .col(ColumnDef::new(PlatformAudit::FirmId).uuid().null())
            .col(
                ColumnDef::new(PlatformAudit::FirmName)
                    .string_len(200)
                    .null(),
            )
            .col(ColumnDef::new(PlatformAudit::Details).text().not_null());
        context_columns(&mut platform);
        manager.create_table(platform.to_owned()).await?;
        manager
            .create_index(index(
                "platform_audit_at",
                PlatformAudit::Table,
                &["at"],
                false,
            ))
            .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Firms::Table)
                    .add_column(ColumnDef::new(Firms::SuspendedReason).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Firms::Table)
                    .add_column(ColumnDef::new(Firms::DeletionDueAt).big_integer().null())
                    .to_owned(),
            )
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
                     BEGIN
                       IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM firms WHERE id = OLD.firm_id) THEN
                         RETURN OLD;
                       END IF;
                       RAISE EXCEPTION 'audit entries are append-only';
                     END $$ LANGUAGE plpgsql;
                     CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                     FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only();
                     CREATE FUNCTION audit_no_truncate() RETURNS trigger AS $$
                     BEGIN RAISE EXCEPTION 'audit logs are append-only'; END $$ LANGUAGE plpgsql;
                     CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();
                     CREATE FUNCTION platform_audit_append_only() RETURNS trigger AS $$
                     BEGIN RAISE EXCEPTION 'the platform audit log is append-only'; END $$ LANGUAGE plpgsql;
                     CREATE TRIGGER platform_audit_append_only BEFORE UPDATE OR DELETE ON platform_audit
                     FOR EACH ROW EXECUTE FUNCTION platform_audit_append_only();
                     CREATE TRIGGER platform_audit_no_truncate BEFORE TRUNCATE ON platform_audit
                     FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate();",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
                     BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                     CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
                     WHEN EXISTS (SELECT 1 FROM firms WHERE id = OLD.firm_id)
                     BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END;
                     CREATE TRIGGER platform_audit_no_update BEFORE UPDATE ON platform_audit
                     BEGIN SELECT RAISE(ABORT, 'the platform audit log is append-only'); END;
                     CREATE TRIGGER platform_audit_no_delete BEFORE DELETE ON platform_audit
                     BEGIN SELECT RAISE(ABORT, 'the platform audit log is append-only'); END;",
                )
                .await?;
            }
        }
        Ok(())
    }
}
