//! Two-factor sign-in and firm settings: the user's sealed TOTP secret, when it was turned on and
//! the last time step accepted (a code works once); the firm-owned `recovery_codes` (hashed,
//! single use) and `firm_settings` (one row per firm; a missing row means the defaults).

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
enum Users {
    Table,
    FirmId,
    Id,
    TotpSecret,
    TotpEnabledAt,
    TotpLastStep,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    FirmId,
    Id,
    UserId,
    CodeHash,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum FirmSettings {
    Table,
    FirmId,
    Id,
    RequireTwoFactor,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for column in [
            ColumnDef::new(Users::TotpSecret).text().null().to_owned(),
            ColumnDef::new(Users::TotpEnabledAt)
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(Users::TotpLastStep)
                .big_integer()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Users::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(RecoveryCodes::Table)
                    .col(ColumnDef::new(RecoveryCodes::FirmId).uuid().not_null())
                    .col(ColumnDef::new(RecoveryCodes::Id).uuid().not_null())
                    .col(ColumnDef::new(RecoveryCodes::UserId).uuid().not_null())
                    .col(
                        ColumnDef::new(RecoveryCodes::CodeHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(RecoveryCodes::CreatedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(RecoveryCodes::UsedAt).big_integer().null())
                    .primary_key(
                        Index::create()
                            .col(RecoveryCodes::FirmId)
                            .col(RecoveryCodes::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RecoveryCodes::Table, RecoveryCodes::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                RecoveryCodes::Table,
                                (RecoveryCodes::FirmId, RecoveryCodes::UserId),
                            )
                            .to(Users::Table, (Users::FirmId, Users::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("recovery_codes_user")
                    .table(RecoveryCodes::Table)
                    .col(RecoveryCodes::FirmId)
                    .col(RecoveryCodes::UserId)
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "recovery_codes").await?;

        manager
            .create_table(
                Table::create()
                    .table(FirmSettings::Table)
                    .col(ColumnDef::new(FirmSettings::FirmId).uuid().not_null())
                    .col(ColumnDef::new(FirmSettings::Id).uuid().not_null())
                    .col(
                        ColumnDef::new(FirmSettings::RequireTwoFactor)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .primary_key(
                        Index::create()
                            .col(FirmSettings::FirmId)
                            .col(FirmSettings::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FirmSettings::Table, FirmSettings::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("firm_settings_one_per_firm")
                    .table(FirmSettings::Table)
                    .col(FirmSettings::FirmId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "firm_settings").await
    }
}
