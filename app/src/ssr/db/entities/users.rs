//! `users`: a firm's people (firm-owned). A login is `(firm, email)`.

use sea_orm::entity::prelude::*;

/// A user of a firm.
#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// The argon2id PHC string; never logged (see the `Debug` impl).
    pub password_hash: String,
    /// The stored role: a built-in role's name (`owner` for a firm's first admin) or
    /// `custom:{id}` of one of the firm's `roles` (see [`crate::auth::RoleRef`]).
    pub role: String,
    pub created_at: ChronoDateTimeUtc,
    /// Failed sign-ins since the last success or lock.
    pub failed_sign_ins: i32,
    /// Unix seconds until which sign-in is refused, after too many failures.
    pub locked_until: Option<i64>,
    /// Deactivated users cannot sign in; their data stays.
    pub active: bool,
    /// Unix seconds of the last successful sign-in.
    pub last_sign_in_at: Option<i64>,
    /// False only for a sign-up owner who has not yet followed the verification link.
    pub email_verified: bool,
    /// The TOTP secret sealed under the master key for this user (never logged). Set at the
    /// start of enrolment; it counts only once `totp_enabled_at` is set.
    pub totp_secret: Option<String>,
    /// Unix seconds when two-factor sign-in was turned on; `None` while it is off.
    pub totp_enabled_at: Option<i64>,
    /// The last TOTP time step accepted: a code is never accepted twice.
    pub totp_last_step: Option<i64>,
    /// The user's default hourly rate (minor units).
    pub hourly_rate: i64,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("firm_id", &self.firm_id)
            .field("id", &self.id)
            .field("email", &self.email)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
