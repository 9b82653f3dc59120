//! `client_views`: when a user last opened a client's page (firm-owned).

use sea_orm::entity::prelude::*;

/// A user's last view of a client.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_views")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub client_id: Uuid,
    pub viewed_at: ChronoDateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
