//! Custom roles: the firm-owned `roles` (a name and the stored names of its permissions,
//! comma-separated), which `users.role` and `invitations.role` name as `custom:{id}`; and room
//! for that value in those two columns.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::rls;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Firms {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    FirmId,
    Id,
    Name,
    Permissions,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Roles::Table)
                    .col(ColumnDef::new(Roles::FirmId).uuid().not_null())
                    .col(ColumnDef::new(Roles::Id).uuid().not_null())
                    .col(ColumnDef::new(Roles::Name).string_len(60).not_null())
                    .col(ColumnDef::new(Roles::Permissions).text().not_null())
                    .col(ColumnDef::new(Roles::CreatedAt).big_integer().not_null())
                    .primary_key(Index::create().col(Roles::FirmId).col(Roles::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Roles::Table, Roles::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("roles_name")
                    .table(Roles::Table)
                    .col(Roles::FirmId)
                    .col(Roles::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "roles").await?;
        // `custom:` and a hyphenated UUID take 43 characters; the role columns held 40. SQLite
        // does not enforce the length (and cannot alter a column); PostgreSQL does.
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER TABLE users ALTER COLUMN role TYPE varchar(60);
                     ALTER TABLE invitations ALTER COLUMN role TYPE varchar(60);",
                )
                .await?;
        }
        Ok(())
    }
}
