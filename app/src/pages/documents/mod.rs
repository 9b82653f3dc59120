//! The documents screens: a matter's Documents tab (upload with a progress bar per file, the
//! list with rename, move, new version, history and delete), the firm's documents page (recent
//! documents, and the trash for firm admins).

mod list;
mod page;
mod row;
pub(crate) mod transfer;
mod trash;
mod uploader;

pub use list::DocumentsTab;
pub use page::{ClientDocuments, DocumentsPage, RecentDocuments};
