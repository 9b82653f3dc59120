//! The global firm tables and the firm-owned `users` table.

use sea_orm_migration::prelude::*;

use crate::rls;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Firms {
    Table,
    Id,
    Slug,
    Name,
    Status,
    Plan,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FirmDomains {
    Table,
    Domain,
    FirmId,
    Verified,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    FirmId,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Firms::Table)
                    .col(ColumnDef::new(Firms::Id).uuid().not_null().primary_key())
                    .col(
                        ColumnDef::new(Firms::Slug)
                            .string_len(40)
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Firms::Name).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Firms::Status)
                            .string_len(20)
                            .not_null()
                            .default("active"),
                    )
                    .col(
                        ColumnDef::new(Firms::Plan)
                            .string_len(40)
                            .not_null()
                            .default("standard"),
                    )
                    .col(
                        ColumnDef::new(Firms::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FirmDomains::Table)
                    .col(
                        ColumnDef::new(FirmDomains::Domain)
                            .string_len(253)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(FirmDomains::FirmId).uuid().not_null())
                    .col(
                        ColumnDef::new(FirmDomains::Verified)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(
                        ColumnDef::new(FirmDomains::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FirmDomains::Table, FirmDomains::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(ColumnDef::new(Users::FirmId).uuid().not_null())
                    .col(ColumnDef::new(Users::Id).uuid().not_null())
                    .col(ColumnDef::new(Users::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Users::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Users::PasswordHash).text().not_null())
                    .col(ColumnDef::new(Users::Role).string_len(40).not_null())
                    .col(
                        ColumnDef::new(Users::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(Users::FirmId).col(Users::Id))
                    .index(
                        Index::create()
                            .name("users_firm_email")
                            .col(Users::FirmId)
                            .col(Users::Email)
                            .unique(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Users::Table, Users::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "users").await
    }
}
