//! `client_views`: when each user last opened each client's page (firm-owned), for the
//! dashboard's "recently viewed clients". One row per user and client, bumped on every view.

use sea_orm_migration::prelude::*;

use crate::rls;
use crate::table_parts::{Clients, Users, created_at, firm_table, index, same_firm_key};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ClientViews {
    Table,
    UserId,
    ClientId,
    ViewedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                firm_table("client_views")
                    .col(ColumnDef::new(ClientViews::UserId).uuid().not_null())
                    .col(ColumnDef::new(ClientViews::ClientId).uuid().not_null())
                    .col(created_at(ClientViews::ViewedAt))
                    .foreign_key(&mut same_firm_key(
                        ClientViews::Table,
                        ClientViews::UserId,
                        Users::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut same_firm_key(
                        ClientViews::Table,
                        ClientViews::ClientId,
                        Clients::Table,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "client_views_user_client",
                ClientViews::Table,
                &["firm_id", "user_id", "client_id"],
                true,
            ))
            .await?;
        manager
            .create_index(index(
                "client_views_recent",
                ClientViews::Table,
                &["firm_id", "user_id", "viewed_at"],
                false,
            ))
            .await?;
        rls::protect(manager, "client_views").await
    }
}
