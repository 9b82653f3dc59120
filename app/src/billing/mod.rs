//! Time and billing: money ([`money`]), rates and fee arrangements, time entries and the
//! timer, expenses, invoices (draft → issued → paid, or void), payments, trust accounting and
//! the billing reports. Server functions are in `api`; queries in [`store`] (server only).

mod api;
mod model;
pub mod money;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use model::*;
