//! Documents: files on a firm's matters, with every version kept, a trash that firm admins
//! restore from or empty, and names checked the same way in the browser and on the server. A
//! document is reachable only while its matter is. Uploads and downloads are plain HTTP routes
//! (`crate::ssr::documents::routes`); everything else is a server function here.

mod api;
mod model;
#[cfg(feature = "ssr")]
pub mod store;

pub use api::*;
pub use model::*;
