//! SeaORM entities. `firms`, `firm_domains`, `firm_stats`, `firm_activity`, `plans`, `platform_admins`, `platform_audit`, `sessions` and `outbox` are global; every other table is firm-owned with
//! primary key `(firm_id, id)` and implements [`super::FirmOwned`].

pub mod audit_entries;
pub mod client_tags;
pub mod client_views;
pub mod clients;
pub mod conflict_checks;
pub mod document_versions;
pub mod documents;
pub mod expenses;
pub mod firm_activity;
pub mod firm_domains;
pub mod firm_keys;
pub mod firm_logos;
pub mod firm_settings;
pub mod firm_stats;
pub mod firms;
pub mod invitations;
pub mod invoice_lines;
pub mod invoice_matters;
pub mod invoices;
pub mod matter_members;
pub mod matter_parties;
pub mod matter_screens;
pub mod matters;
pub mod outbox;
pub mod payments;
pub mod plans;
pub mod platform_admins;
pub mod platform_audit;
pub mod practice_areas;
pub mod recovery_codes;
pub mod roles;
pub mod sessions;
pub mod support_sessions;
pub mod time_entries;
pub mod timers;
pub mod trust_balances;
pub mod trust_entries;
pub mod upload_intents;
pub mod user_tokens;
pub mod users;

/// Implements [`super::FirmOwned`] for an entity module with `FirmId` and `Id` columns
/// (`unaudited` for scratch rows and the audit trail itself).
macro_rules! firm_owned {
    ($module:ident, unaudited) => {
        impl crate::ssr::db::FirmOwned for $module::Entity {
            fn firm_column() -> $module::Column {
                $module::Column::FirmId
            }
            fn id_column() -> $module::Column {
                $module::Column::Id
            }
            const AUDITED: bool = false;
        }
    };
    ($module:ident) => {
        impl crate::ssr::db::FirmOwned for $module::Entity {
            fn firm_column() -> $module::Column {
                $module::Column::FirmId
            }
            fn id_column() -> $module::Column {
                $module::Column::Id
            }
        }
    };
}

firm_owned!(audit_entries, unaudited);
firm_owned!(client_tags);
firm_owned!(client_views, unaudited);
firm_owned!(clients);
firm_owned!(conflict_checks);
firm_owned!(document_versions);
firm_owned!(documents);
firm_owned!(expenses);
firm_owned!(firm_keys);
firm_owned!(firm_logos);
firm_owned!(firm_settings);
firm_owned!(invitations);
firm_owned!(invoice_lines);
firm_owned!(invoice_matters);
firm_owned!(invoices);
firm_owned!(matter_members);
firm_owned!(matter_parties);
firm_owned!(matter_screens);
firm_owned!(matters);
firm_owned!(payments);
firm_owned!(practice_areas);
firm_owned!(recovery_codes);
firm_owned!(roles);
firm_owned!(support_sessions);
firm_owned!(time_entries);
firm_owned!(timers);
firm_owned!(trust_balances);
firm_owned!(trust_entries);
firm_owned!(upload_intents, unaudited);
firm_owned!(user_tokens);
firm_owned!(users);
