//! Matters (cases): numbered per firm and year, each for one client, with a team. Users whose
//! role lacks `matters.all` reach only the matters they are on the team of.

#[cfg(feature = "ssr")]
pub mod activity;
mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use model::*;
