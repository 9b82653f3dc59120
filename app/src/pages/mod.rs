//! Screens, one module per page.

pub mod account;
pub mod clients;
pub mod coming_soon;
pub mod home;
pub mod invitation;
pub mod layout;
pub mod not_found;
pub mod password_reset;
pub mod role_editor;
pub mod settings;
pub mod sign_in;
pub mod sign_up;
pub mod two_factor;
pub mod verify_email;
