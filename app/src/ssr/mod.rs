//! Server-only code: the data layer, the tenant context and the services. Never in the WASM build.

pub mod audit;
pub mod auth;
pub mod billing;
pub mod charts;
pub mod crypto;
pub mod csp;
pub mod db;
pub mod documents;
pub mod errors;
pub mod firm_logo;
pub mod firm_settings;
pub mod limits;
pub mod mail;
pub mod plans;
pub mod platform;
pub mod recovery;
pub mod services;
pub mod sessions;
pub mod state;
pub mod stats;
pub mod support;
pub mod tenant;
pub mod tokens;
pub mod two_factor;
pub mod urls;
