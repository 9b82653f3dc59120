//! The firm-owned `clients` table.

use sea_orm_migration::prelude::*;

use crate::rls;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Firms {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    FirmId,
    Id,
    Name,
    Email,
    Phone,
    Kind,
    Notes,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .col(ColumnDef::new(Clients::FirmId).uuid().not_null())
                    .col(ColumnDef::new(Clients::Id).uuid().not_null())
                    .col(ColumnDef::new(Clients::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Clients::Email).string_len(254).null())
                    .col(ColumnDef::new(Clients::Phone).string_len(32).null())
                    .col(ColumnDef::new(Clients::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(Clients::Notes).text().not_null().default(""))
                    .col(
                        ColumnDef::new(Clients::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Clients::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(Clients::FirmId).col(Clients::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Clients::Table, Clients::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("clients_firm_name")
                    .table(Clients::Table)
                    .col(Clients::FirmId)
                    .col(Clients::Name)
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "clients").await
    }
}
