//! The firm's profile: contact details and time zone on `firm_settings` (the postal address is
//! already there), and the firm-owned `firm_logos` (at most one PNG per firm, shown in the top
//! bar and on invoices).

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{firm_table, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FirmSettings {
    Table,
    ContactEmail,
    Phone,
    Website,
    TimeZone,
}

#[derive(DeriveIden)]
enum FirmLogos {
    Table,
    Content,
    Width,
    Height,
    Etag,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        for (column, length, default) in [
            (FirmSettings::ContactEmail, 254, ""),
            (FirmSettings::Phone, 50, ""),
            (FirmSettings::Website, 200, ""),
            (FirmSettings::TimeZone, 64, "UTC"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(FirmSettings::Table)
                        .add_column(
                            ColumnDef::new(column)
                                .string_len(length)
                                .not_null()
                                .default(default),
                        )
                        .to_owned(),
                )
                .await?;
        }
        let mut table = firm_table("firm_logos");
        table
            .col(ColumnDef::new(FirmLogos::Content).blob().not_null())
            .col(ColumnDef::new(FirmLogos::Width).integer().not_null())
            .col(ColumnDef::new(FirmLogos::Height).integer().not_null())
            .col(ColumnDef::new(FirmLogos::Etag).string_len(64).not_null())
            .col(
                ColumnDef::new(FirmLogos::UpdatedAt)
                    .big_integer()
                    .not_null(),
            );
        manager.create_table(table).await?;
        manager
            .create_index(index(
                "firm_logos_one_per_firm",
                FirmLogos::Table,
                &["firm_id"],
                true,
            ))
            .await?;
        rls::protect(manager, "firm_logos").await
    }
}
