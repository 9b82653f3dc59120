//! Plans: what a firm may use (seats, storage, file size, request rate, features), editable by
//! platform admins and named by `firms.plan`. Three to start with; `standard` is every new
//! firm's.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    Name,
    SeatLimit,
    StorageQuotaMb,
    MaxFileMb,
    RequestsPerMinute,
    Features,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(
                        ColumnDef::new(Plans::Id)
                            .string_len(40)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Plans::Name).string_len(100).not_null())
                    .col(ColumnDef::new(Plans::SeatLimit).integer().null())
                    .col(ColumnDef::new(Plans::StorageQuotaMb).big_integer().null())
                    .col(ColumnDef::new(Plans::MaxFileMb).big_integer().null())
                    .col(ColumnDef::new(Plans::RequestsPerMinute).integer().null())
                    .col(ColumnDef::new(Plans::Features).text().not_null())
                    .to_owned(),
            )
            .await?;
        // (id, name, seats, storage MB, file MB, requests a minute, features); NULL is no limit.
        let plans: [(
            &str,
            &str,
            Option<i32>,
            Option<i64>,
            Option<i64>,
            Option<i32>,
            &str,
        ); 3] = [
            (
                "starter",
                "Starter",
                Some(3),
                Some(5 * 1024),
                Some(25),
                Some(300),
                "documents",
            ),
            (
                "standard",
                "Standard",
                Some(25),
                Some(50 * 1024),
                Some(1024),
                Some(1200),
                "documents,billing",
            ),
            (
                "enterprise",
                "Enterprise",
                None,
                None,
                None,
                None,
                "documents,billing",
            ),
        ];
        for (id, name, seats, storage, file, rpm, features) in plans {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table(Plans::Table)
                        .columns([
                            Plans::Id,
                            Plans::Name,
                            Plans::SeatLimit,
                            Plans::StorageQuotaMb,
                            Plans::MaxFileMb,
                            Plans::RequestsPerMinute,
                            Plans::Features,
                        ])
                        .values_panic([
                            id.into(),
                            name.into(),
                            seats.into(),
                            storage.into(),
                            file.into(),
                            rpm.into(),
                            features.into(),
                        ])
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
