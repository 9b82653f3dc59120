//! Clients: the people and companies a firm acts for.

mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use model::*;
