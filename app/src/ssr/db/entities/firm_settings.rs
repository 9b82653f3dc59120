//! `firm_settings`: a firm's own settings (firm-owned, one row per firm; provisioning writes it
//! and a missing row reads as the defaults).

use sea_orm::entity::prelude::*;

/// A firm's settings.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "firm_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub firm_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Every user must sign in with a second factor; those without one set it up first.
    pub require_two_factor: bool,
    /// ISO currency code, set at sign-up.
    pub currency: String,
    /// Billing increment in minutes (time rounds up to it).
    pub increment_minutes: i32,
    /// Tax on invoices, in basis points.
    pub tax_rate_bp: i32,
    /// What the tax is called.
    pub tax_label: String,
    /// Days from issue to due.
    pub payment_terms_days: i32,
    /// The firm's postal address, for invoices.
    pub address: String,
    /// How to pay, for invoices.
    pub payment_instructions: String,
    /// Platform admins may ask to enter the firm for support (each visit is in the audit log).
    pub allow_support: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
