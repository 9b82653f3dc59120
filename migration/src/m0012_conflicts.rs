//! Related parties and conflict checks: the firm-owned `matter_parties` (people and companies
//! on the other side of a matter, or otherwise involved in it, by name) and `conflict_checks`
//! (each search run for a matter, the hits it showed, and the decision taken on them). Both point
//! at their matter through `(firm_id, matter_id)`.

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{Matters, Users, created_at, firm_table, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MatterParties {
    Table,
    MatterId,
    Name,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConflictChecks {
    Table,
    MatterId,
    Names,
    Hits,
    HitCount,
    Decision,
    Reason,
    CheckedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                firm_table("matter_parties")
                    .col(ColumnDef::new(MatterParties::MatterId).uuid().not_null())
                    .col(
                        ColumnDef::new(MatterParties::Name)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(MatterParties::Role)
                            .string_len(20)
                            .not_null(),
                    )
                    .col(created_at(MatterParties::CreatedAt))
                    .foreign_key(&mut same_firm_key(
                        MatterParties::Table,
                        MatterParties::MatterId,
                        Matters::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "matter_parties_matter",
                MatterParties::Table,
                &["firm_id", "matter_id"],
                false,
            ))
            .await?;
        rls::protect(manager, "matter_parties").await?;

        manager
            .create_table(
                firm_table("conflict_checks")
                    .col(ColumnDef::new(ConflictChecks::MatterId).uuid().not_null())
                    .col(ColumnDef::new(ConflictChecks::Names).text().not_null())
                    .col(ColumnDef::new(ConflictChecks::Hits).text().not_null())
                    .col(
                        ColumnDef::new(ConflictChecks::HitCount)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ConflictChecks::Decision)
                            .string_len(10)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ConflictChecks::Reason)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .col(ColumnDef::new(ConflictChecks::CheckedBy).uuid().not_null())
                    .col(created_at(ConflictChecks::CreatedAt))
                    .foreign_key(&mut same_firm_key(
                        ConflictChecks::Table,
                        ConflictChecks::MatterId,
                        Matters::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut same_firm_key(
                        ConflictChecks::Table,
                        ConflictChecks::CheckedBy,
                        Users::Table,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "conflict_checks_matter",
                ConflictChecks::Table,
                &["firm_id", "matter_id", "created_at"],
                false,
            ))
            .await?;
        rls::protect(manager, "conflict_checks").await
    }
}
