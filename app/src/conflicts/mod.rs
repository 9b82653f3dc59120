//! Related parties of matters and the conflict check: before a client or matter is taken on,
//! and on demand, the names involved are searched across the firm's clients, related parties
//! and matter titles, matching variants of a name; the check and the decision on it are kept on
//! the matter.

mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod names;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use model::*;
