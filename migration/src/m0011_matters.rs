//! Matters: the firm-owned `practice_areas`, `matters` (numbered per firm and year),
//! `matter_members` (the team), `matter_screens` (ethical walls, kept when lifted), and
//! `firm_sequences`, the per-firm counters that give gap-free
//! numbers (matters here, invoices later). Every reference between firm tables includes
//! `firm_id`, so a row can only point at rows of its own firm.

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{Clients, Users, created_at, firm_key, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FirmSequences {
    Table,
    FirmId,
    Kind,
    Year,
    Last,
}

#[derive(DeriveIden)]
enum PracticeAreas {
    Table,
    FirmId,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Matters {
    Table,
    FirmId,
    Id,
    Number,
    Title,
    ClientId,
    PracticeAreaId,
    Status,
    OpenedOn,
    ClosedOn,
    Description,
    ResponsibleId,
    OriginatingId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MatterMembers {
    Table,
    FirmId,
    Id,
    MatterId,
    UserId,
    Role,
    AddedAt,
}

#[derive(DeriveIden)]
enum MatterScreens {
    Table,
    FirmId,
    Id,
    MatterId,
    UserId,
    Reason,
    ScreenedBy,
    CreatedAt,
    LiftedBy,
    LiftedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FirmSequences::Table)
                    .col(ColumnDef::new(FirmSequences::FirmId).uuid().not_null())
                    .col(
                        ColumnDef::new(FirmSequences::Kind)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(ColumnDef::new(FirmSequences::Year).integer().not_null())
                    .col(ColumnDef::new(FirmSequences::Last).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(FirmSequences::FirmId)
                            .col(FirmSequences::Kind)
                            .col(FirmSequences::Year),
                    )
                    .foreign_key(&mut firm_key(FirmSequences::Table))
                    .to_owned(),
            )
            .await?;
        rls::protect(manager, "firm_sequences").await?;

        manager
            .create_table(
                Table::create()
                    .table(PracticeAreas::Table)
                    .col(ColumnDef::new(PracticeAreas::FirmId).uuid().not_null())
                    .col(ColumnDef::new(PracticeAreas::Id).uuid().not_null())
                    .col(
                        ColumnDef::new(PracticeAreas::Name)
                            .string_len(80)
                            .not_null(),
                    )
                    .col(created_at(PracticeAreas::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(PracticeAreas::FirmId)
                            .col(PracticeAreas::Id),
                    )
                    .foreign_key(&mut firm_key(PracticeAreas::Table))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "practice_areas_name",
                PracticeAreas::Table,
                &["firm_id", "name"],
                true,
            ))
            .await?;
        rls::protect(manager, "practice_areas").await?;

        manager
            .create_table(
                Table::create()
                    .table(Matters::Table)
                    .col(ColumnDef::new(Matters::FirmId).uuid().not_null())
                    .col(ColumnDef::new(Matters::Id).uuid().not_null())
                    .col(ColumnDef::new(Matters::Number).string_len(20).not_null())
                    .col(ColumnDef::new(Matters::Title).string_len(200).not_null())
                    .col(ColumnDef::new(Matters::ClientId).uuid().not_null())
                    .col(ColumnDef::new(Matters::PracticeAreaId).uuid().null())
                    .col(ColumnDef::new(Matters::Status).string_len(10).not_null())
                    .col(ColumnDef::new(Matters::OpenedOn).date().not_null())
                    .col(ColumnDef::new(Matters::ClosedOn).date().null())
                    .col(
                        ColumnDef::new(Matters::Description)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new(Matters::ResponsibleId).uuid().null())
                    .col(ColumnDef::new(Matters::OriginatingId).uuid().null())
                    .col(created_at(Matters::CreatedAt))
                    .col(created_at(Matters::UpdatedAt))
                    .primary_key(Index::create().col(Matters::FirmId).col(Matters::Id))
                    .foreign_key(&mut firm_key(Matters::Table))
                    .foreign_key(&mut same_firm_key(
                        Matters::Table,
                        Matters::ClientId,
                        Clients::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut same_firm_key(
                        Matters::Table,
                        Matters::PracticeAreaId,
                        PracticeAreas::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut same_firm_key(
                        Matters::Table,
                        Matters::ResponsibleId,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut same_firm_key(
                        Matters::Table,
                        Matters::OriginatingId,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            ("matters_number", &["firm_id", "number"][..], true),
            ("matters_client", &["firm_id", "client_id"][..], false),
            ("matters_created", &["firm_id", "created_at"][..], false),
            (
                "matters_status",
                &["firm_id", "status", "created_at"][..],
                false,
            ),
            (
                "matters_responsible",
                &["firm_id", "responsible_id"][..],
                false,
            ),
        ] {
            manager
                .create_index(index(name, Matters::Table, cols, unique))
                .await?;
        }
        rls::protect(manager, "matters").await?;

        manager
            .create_table(
                Table::create()
                    .table(MatterMembers::Table)
                    .col(ColumnDef::new(MatterMembers::FirmId).uuid().not_null())
                    .col(ColumnDef::new(MatterMembers::Id).uuid().not_null())
                    .col(ColumnDef::new(MatterMembers::MatterId).uuid().not_null())
                    .col(ColumnDef::new(MatterMembers::UserId).uuid().not_null())
                    .col(
                        ColumnDef::new(MatterMembers::Role)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(created_at(MatterMembers::AddedAt))
                    .primary_key(
                        Index::create()
                            .col(MatterMembers::FirmId)
                            .col(MatterMembers::Id),
                    )
                    .foreign_key(&mut firm_key(MatterMembers::Table))
                    .foreign_key(&mut same_firm_key(
                        MatterMembers::Table,
                        MatterMembers::MatterId,
                        Matters::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut same_firm_key(
                        MatterMembers::Table,
                        MatterMembers::UserId,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "matter_members_member",
                MatterMembers::Table,
                &["firm_id", "matter_id", "user_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "matter_members_user",
                MatterMembers::Table,
                &["firm_id", "user_id", "matter_id"],
                false,
            ))
            .await?;
        rls::protect(manager, "matter_members").await?;

        manager
            .create_table(
                Table::create()
                    .table(MatterScreens::Table)
                    .col(ColumnDef::new(MatterScreens::FirmId).uuid().not_null())
                    .col(ColumnDef::new(MatterScreens::Id).uuid().not_null())
                    .col(ColumnDef::new(MatterScreens::MatterId).uuid().not_null())
                    .col(ColumnDef::new(MatterScreens::UserId).uuid().not_null())
                    .col(ColumnDef::new(MatterScreens::Reason).text().not_null())
                    .col(ColumnDef::new(MatterScreens::ScreenedBy).uuid().not_null())
                    .col(created_at(MatterScreens::CreatedAt))
                    .col(ColumnDef::new(MatterScreens::LiftedBy).uuid().null())
                    .col(
                        ColumnDef::new(MatterScreens::LiftedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .primary_key(
                        Index::create()
                            .col(MatterScreens::FirmId)
                            .col(MatterScreens::Id),
                    )
                    .foreign_key(&mut firm_key(MatterScreens::Table))
                    .foreign_key(&mut same_firm_key(
                        MatterScreens::Table,
                        MatterScreens::MatterId,
                        Matters::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut same_firm_key(
                        MatterScreens::Table,
                        MatterScreens::UserId,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "matter_screens_user",
                MatterScreens::Table,
                &["firm_id", "user_id", "matter_id"],
                false,
            ))
            .await?;
        rls::protect(manager, "matter_screens").await
    }
}
