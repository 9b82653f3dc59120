//! Mail and one-time links: the global `outbox` (mail queued in the same transaction as the
//! change it reports, sent after commit), the firm-owned `user_tokens` (password reset and email
//! verification) and `invitations`, and `users.email_verified`.

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
    EmailVerified,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    FirmId,
    Recipients,
    Message,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    FailedAt,
    LastError,
}

#[derive(DeriveIden)]
enum UserTokens {
    Table,
    FirmId,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Invitations {
    Table,
    FirmId,
    Id,
    Email,
    Role,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
    AcceptedAt,
    RevokedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Existing users were made by an admin or the CLI and count as verified; only sign-up
        // inserts `false`. (A default instead of an UPDATE: RLS hides rows from a migration.)
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(
                        ColumnDef::new(Users::EmailVerified)
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(ColumnDef::new(Outbox::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Outbox::FirmId).uuid().null())
                    .col(ColumnDef::new(Outbox::Recipients).text().not_null())
                    .col(ColumnDef::new(Outbox::Message).binary().not_null())
                    .col(ColumnDef::new(Outbox::CreatedAt).big_integer().not_null())
                    .col(
                        ColumnDef::new(Outbox::Attempts)
                            .integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Outbox::NextAttemptAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Outbox::ClaimedUntil).big_integer().null())
                    .col(ColumnDef::new(Outbox::SentAt).big_integer().null())
                    .col(ColumnDef::new(Outbox::FailedAt).big_integer().null())
                    .col(ColumnDef::new(Outbox::LastError).text().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Outbox::Table, Outbox::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(UserTokens::Table)
                    .col(ColumnDef::new(UserTokens::FirmId).uuid().not_null())
                    .col(ColumnDef::new(UserTokens::Id).uuid().not_null())
                    .col(ColumnDef::new(UserTokens::UserId).uuid().not_null())
                    .col(
                        ColumnDef::new(UserTokens::Purpose)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UserTokens::TokenHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UserTokens::CreatedAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(UserTokens::ExpiresAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(UserTokens::UsedAt).big_integer().null())
                    .primary_key(Index::create().col(UserTokens::FirmId).col(UserTokens::Id))
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserTokens::Table, UserTokens::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(UserTokens::Table, (UserTokens::FirmId, UserTokens::UserId))
                            .to(Users::Table, (Users::FirmId, Users::Id))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("user_tokens_hash")
                    .table(UserTokens::Table)
                    .col(UserTokens::FirmId)
                    .col(UserTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "user_tokens").await?;

        manager
            .create_table(
                Table::create()
                    .table(Invitations::Table)
                    .col(ColumnDef::new(Invitations::FirmId).uuid().not_null())
                    .col(ColumnDef::new(Invitations::Id).uuid().not_null())
                    .col(
                        ColumnDef::new(Invitations::Email)
                            .string_len(254)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Invitations::Role).string_len(40).not_null())
                    .col(
                        ColumnDef::new(Invitations::TokenHash)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(ColumnDef::new(Invitations::InvitedBy).uuid().not_null())
                    .col(
                        ColumnDef::new(Invitations::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Invitations::ExpiresAt)
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Invitations::AcceptedAt).big_integer().null())
                    .col(ColumnDef::new(Invitations::RevokedAt).big_integer().null())
                    .primary_key(
                        Index::create()
                            .col(Invitations::FirmId)
                            .col(Invitations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Invitations::Table, Invitations::FirmId)
                            .to(Firms::Table, Firms::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                Invitations::Table,
                                (Invitations::FirmId, Invitations::InvitedBy),
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
                    .name("invitations_hash")
                    .table(Invitations::Table)
                    .col(Invitations::FirmId)
                    .col(Invitations::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "invitations").await
    }
}
