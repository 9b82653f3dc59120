//! Counters for the platform dashboard, kept as the app runs so the dashboard never scans firm
//! data: `firm_stats` (one row per firm: users, matters, documents, stored bytes, last
//! activity) and `firm_activity` (requests and sign-ins per firm per hour, kept 48 hours, and
//! per day). Both hold numbers only, no firm content.

use sea_orm_migration::prelude::*;

use crate::table_parts::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Firms {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FirmStats {
    Table,
    FirmId,
    Users,
    Matters,
    Documents,
    StorageBytes,
    LastActivityAt,
}

#[derive(DeriveIden)]
enum FirmActivity {
    Table,
    FirmId,
    Period,
    Start,
    Requests,
    SignIns,
}

fn counter(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .default(0)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FirmStats::Table)
                    .col(
                        ColumnDef::new(FirmStats::FirmId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(counter(FirmStats::Users))
                    .col(counter(FirmStats::Matters))
                    .col(counter(FirmStats::Documents))
                    .col(counter(FirmStats::StorageBytes))
                    .col(
                        ColumnDef::new(FirmStats::LastActivityAt)
                            .big_integer()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FirmStats::Table, FirmStats::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FirmActivity::Table)
                    .col(ColumnDef::new(FirmActivity::FirmId).uuid().not_null())
                    // `h`: `start` is hours since the epoch; `d`: days.
                    .col(
                        ColumnDef::new(FirmActivity::Period)
                            .string_len(1)
                            .not_null(),
                    )
                    .col(ColumnDef::new(FirmActivity::Start).big_integer().not_null())
                    .col(counter(FirmActivity::Requests))
                    .col(counter(FirmActivity::SignIns))
                    .primary_key(
                        Index::create()
                            .col(FirmActivity::FirmId)
                            .col(FirmActivity::Period)
                            .col(FirmActivity::Start),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FirmActivity::Table, FirmActivity::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // What the dashboard's charts read: activity per day, the largest firms, new firms.
        for (name, table, cols) in [
            (
                "firm_activity_period_start",
                "firm_activity",
                &["period", "start"][..],
            ),
            ("firm_stats_storage", "firm_stats", &["storage_bytes"][..]),
            ("firms_created_at", "firms", &["created_at"][..]),
        ] {
            manager
                .create_index(index(name, Alias::new(table), cols, false))
                .await?;
        }
        Ok(())
    }
}
