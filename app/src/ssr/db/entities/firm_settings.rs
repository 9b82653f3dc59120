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
    /// The firm's postal address, for invoices and mail.
    pub address: String,
    /// How to pay, for invoices.
    pub payment_instructions: String,
    /// Platform admins may ask to enter the firm for support (each visit is in the audit log).
    pub allow_support: bool,
    /// The firm's contact address, for invoices and mail (may be empty).
    pub contact_email: String,
    /// The firm's telephone number (may be empty).
    pub phone: String,
    /// The firm's web site (may be empty).
    pub website: String,
    /// The firm's IANA time zone (`Europe/London`): what "today" is and how times are shown.
    pub time_zone: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
