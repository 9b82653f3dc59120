//! `roles`: a firm's custom roles (firm-owned). Users and invitations name one as `custom:{id}`
//! (see [`crate::auth::RoleRef`]).

use sea_orm::entity::prelude::*;

/// A custom role of a firm.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The name people read, unique in the firm.
    pub name: String,
    /// The stored names of its permissions, comma-separated (`clients.read,clients.write`).
    pub permissions: String,
    /// Unix seconds.
    pub created_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
