//! [`PlatformDb`]: the explicitly named handle for platform-wide tables (firms and their
//! domains). Only host resolution, provisioning and platform administration use it.

use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter, QueryOrder,
};

use sea_orm::sea_query::{Expr, ExprTrait};

use super::entities::{firm_domains, firms, platform_admins};
use super::{new_id, now};

/// A firm to create.
#[derive(Clone, Debug)]
pub struct NewFirm {
    /// Validated subdomain label.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Plan id (an existing plan).
    pub plan: String,
}

/// Platform-wide queries on any connection or transaction.
pub struct PlatformDb<'a, C> {
    conn: &'a C,
}

impl<'a, C: ConnectionTrait> PlatformDb<'a, C> {
    /// A handle on `conn`.
    pub fn new(conn: &'a C) -> Self {
        PlatformDb { conn }
    }

    /// The firm with this slug, whatever its status.
    pub async fn firm_by_slug(&self, slug: &str) -> Result<Option<firms::Model>, DbErr> {
        firms::Entity::find()
            .filter(firms::Column::Slug.eq(slug))
            .one(self.conn)
            .await
    }

    /// The firm that owns this verified custom domain.
    pub async fn firm_by_verified_domain(
        &self,
        domain: &str,
    ) -> Result<Option<firms::Model>, DbErr> {
        let Some(row) = firm_domains::Entity::find_by_id(domain.to_string())
            .filter(firm_domains::Column::Verified.eq(true))
            .one(self.conn)
            .await?
        else {
            return Ok(None);
        };
        firms::Entity::find_by_id(row.firm_id).one(self.conn).await
    }

    /// Inserts an active firm on the standard plan, with its dashboard counters at zero.
    pub async fn insert_firm(&self, firm: NewFirm) -> Result<firms::Model, DbErr> {
        let inserted = firms::ActiveModel {
            id: Set(new_id()),
            slug: Set(firm.slug),
            name: Set(firm.name),
            status: Set("active".into()),
            plan: Set(firm.plan),
            created_at: Set(now()),
            suspended_reason: Set(None),
            deletion_due_at: Set(None),
        }
        .insert(self.conn)
        .await?;
        crate::ssr::stats::start(self.conn, inserted.id).await?;
        Ok(inserted)
    }

    /// Records a custom domain for a firm, verified or not.
    pub async fn insert_domain(
        &self,
        firm_id: uuid::Uuid,
        domain: &str,
        verified: bool,
    ) -> Result<firm_domains::Model, DbErr> {
        firm_domains::ActiveModel {
            domain: Set(domain.to_ascii_lowercase()),
            firm_id: Set(firm_id),
            verified: Set(verified),
            created_at: Set(now()),
        }
        .insert(self.conn)
        .await
    }

    /// Every firm, by name.
    pub async fn all_firms(&self) -> Result<Vec<firms::Model>, DbErr> {
        firms::Entity::find()
            .order_by_asc(firms::Column::Name)
            .all(self.conn)
            .await
    }

    /// The platform admin with this email.
    pub async fn admin_by_email(
        &self,
        email: &str,
    ) -> Result<Option<platform_admins::Model>, DbErr> {
        platform_admins::Entity::find()
            .filter(platform_admins::Column::Email.eq(email))
            .one(self.conn)
            .await
    }

    /// The platform admin with this id.
    pub async fn admin_by_id(
        &self,
        id: uuid::Uuid,
    ) -> Result<Option<platform_admins::Model>, DbErr> {
        platform_admins::Entity::find_by_id(id).one(self.conn).await
    }

    /// Inserts a platform admin with an already hashed password.
    pub async fn insert_admin(
        &self,
        email: &str,
        name: &str,
        password_hash: String,
    ) -> Result<platform_admins::Model, DbErr> {
        platform_admins::ActiveModel {
            id: Set(new_id()),
            email: Set(email.to_string()),
            name: Set(name.to_string()),
            password_hash: Set(password_hash),
            created_at: Set(now()),
            failed_sign_ins: Set(0),
            locked_until: Set(None),
        }
        .insert(self.conn)
        .await
    }

    /// Counts a failed platform sign-in atomically and locks the admin out until `lock_until`
    /// once `limit` failures are reached.
    pub async fn record_admin_failure(
        &self,
        id: uuid::Uuid,
        limit: i32,
        lock_until: i64,
    ) -> Result<(), DbErr> {
        use platform_admins::Column as C;
        platform_admins::Entity::update_many()
            .col_expr(C::FailedSignIns, Expr::col(C::FailedSignIns).add(1))
            .filter(C::Id.eq(id))
            .exec(self.conn)
            .await?;
        platform_admins::Entity::update_many()
            .col_expr(C::FailedSignIns, Expr::value(0))
            .col_expr(C::LockedUntil, Expr::value(lock_until))
            .filter(C::Id.eq(id))
            .filter(C::FailedSignIns.gte(limit))
            .exec(self.conn)
            .await?;
        Ok(())
    }

    /// Clears a platform admin's failure count and lock after a successful sign-in.
    pub async fn reset_admin_failures(&self, id: uuid::Uuid) -> Result<(), DbErr> {
        use platform_admins::Column as C;
        platform_admins::Entity::update_many()
            .col_expr(C::FailedSignIns, Expr::value(0))
            .col_expr(C::LockedUntil, Expr::value(Option::<i64>::None))
            .filter(C::Id.eq(id))
            .exec(self.conn)
            .await?;
        Ok(())
    }
}
