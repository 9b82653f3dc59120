//! Support access: the firm-owned `support_sessions` (a platform admin inside a firm for a
//! stated reason, for at most 30 minutes, read-only unless the firm grants changes) and the
//! firm's switch that allows them at all (`firm_settings.allow_support`, on by default).

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{firm_table, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SupportSessions {
    Table,
    AdminId,
    AdminName,
    Reason,
    WriteAccess,
    EntryTokenHash,
    CreatedAt,
    ExpiresAt,
    EndedAt,
}

#[derive(DeriveIden)]
enum FirmSettings {
    Table,
    AllowSupport,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut table = firm_table("support_sessions");
        table
            .col(ColumnDef::new(SupportSessions::AdminId).uuid().not_null())
            .col(
                ColumnDef::new(SupportSessions::AdminName)
                    .string_len(200)
                    .not_null(),
            )
            .col(ColumnDef::new(SupportSessions::Reason).text().not_null())
            .col(
                ColumnDef::new(SupportSessions::WriteAccess)
                    .boolean()
                    .not_null()
                    .default(false),
            )
            .col(
                ColumnDef::new(SupportSessions::EntryTokenHash)
                    .string_len(64)
                    .null(),
            )
            .col(
                ColumnDef::new(SupportSessions::CreatedAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(SupportSessions::ExpiresAt)
                    .big_integer()
                    .not_null(),
            )
            .col(
                ColumnDef::new(SupportSessions::EndedAt)
                    .big_integer()
                    .null(),
            );
        manager.create_table(table).await?;
        manager
            .create_index(index(
                "support_sessions_created",
                SupportSessions::Table,
                &["firm_id", "created_at"],
                false,
            ))
            .await?;
        rls::protect(manager, "support_sessions").await?;
        manager
            .alter_table(
                Table::alter()
                    .table(FirmSettings::Table)
                    .add_column(
                        ColumnDef::new(FirmSettings::AllowSupport)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await
    }
}
