//! Client details: a postal address on `clients`, and `client_tags` (firm-owned), the firm's
//! own labels on its clients ("vip", "estate planning"), searched by the clients list.

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{firm_table, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Clients {
    Table,
    Address,
}

#[derive(DeriveIden)]
enum ClientTags {
    Table,
    ClientId,
    Tag,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Clients::Table)
                    .add_column(
                        ColumnDef::new(Clients::Address)
                            .text()
                            .not_null()
                            .default(""),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                firm_table("client_tags")
                    .col(ColumnDef::new(ClientTags::ClientId).uuid().not_null())
                    .col(ColumnDef::new(ClientTags::Tag).string_len(40).not_null())
                    .foreign_key(&mut same_firm_key(
                        ClientTags::Table,
                        ClientTags::ClientId,
                        Clients::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "client_tags_client",
                &["firm_id", "client_id", "tag"][..],
                true,
            ),
            ("client_tags_tag", &["firm_id", "tag"][..], false),
        ] {
            manager
                .create_index(index(name, ClientTags::Table, cols, unique))
                .await?;
        }
        rls::protect(manager, "client_tags").await
    }
}
