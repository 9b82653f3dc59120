//! Widgets shared by several pages.

mod field;
mod page_header;

pub use field::{Field, FieldKind};
pub use page_header::PageHeader;
