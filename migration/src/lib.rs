//! Docket's schema, as one stream of SeaORM migrations for all firms.
//!
//! Firm-owned tables follow the tenancy contract: `firm_id NOT NULL`, primary key
//! `(firm_id, id)`, foreign keys and unique constraints that include `firm_id`, and on
//! PostgreSQL row-level security enabled, forced, and keyed on `app.firm_id`.

pub use sea_orm_migration::prelude::*;

mod m0001_tenancy;
mod m0002_clients;
mod m0003_sessions;
mod m0004_sign_in_lockout;
mod m0005_platform_admins;
mod m0006_user_status;
mod m0007_platform_admin_lockout;
mod m0008_mail_and_tokens;
mod m0009_two_factor;
mod m0010_custom_roles;
mod m0011_matters;
mod m0012_conflicts;
mod m0013_documents;
mod m0014_client_views;
mod m0015_client_details;
mod m0016_billing;
mod m0017_audit;
mod m0018_support;
mod m0019_plans;
mod m0020_stats;
mod m0021_firm_profile;
pub mod rls;
mod table_parts;

/// The migrator `docket migrate` runs.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_tenancy::Migration),
            Box::new(m0002_clients::Migration),
            Box::new(m0003_sessions::Migration),
            Box::new(m0004_sign_in_lockout::Migration),
            Box::new(m0005_platform_admins::Migration),
            Box::new(m0006_user_status::Migration),
            Box::new(m0007_platform_admin_lockout::Migration),
            Box::new(m0008_mail_and_tokens::Migration),
            Box::new(m0009_two_factor::Migration),
            Box::new(m0010_custom_roles::Migration),
            Box::new(m0011_matters::Migration),
            Box::new(m0012_conflicts::Migration),
            Box::new(m0013_documents::Migration),
            Box::new(m0014_client_views::Migration),
            Box::new(m0015_client_details::Migration),
            Box::new(m0016_billing::Migration),
            Box::new(m0017_audit::Migration),
            Box::new(m0018_support::Migration),
            Box::new(m0019_plans::Migration),
            Box::new(m0020_stats::Migration),
            Box::new(m0021_firm_profile::Migration),
        ]
    }
}
