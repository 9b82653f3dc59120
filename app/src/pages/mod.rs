//! Screens, one module per page.

pub mod account;
pub mod clients;
pub mod coming_soon;
pub mod home;
pub mod layout;
pub mod not_found;
pub mod settings;
pub mod sign_in;
