//! `platform_admins`: Docket's own operators (global).

use sea_orm::entity::prelude::*;

/// A platform admin.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "platform_admins")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    /// The argon2id PHC string; never logged (see the `Debug` impl).
    pub password_hash: String,
    pub created_at: ChronoDateTimeUtc,
    /// Failed sign-ins since the last success or lock.
    pub failed_sign_ins: i32,
    /// Unix seconds until which sign-in is refused.
    pub locked_until: Option<i64>,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformAdmin")
            .field("id", &self.id)
            .field("email", &self.email)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
