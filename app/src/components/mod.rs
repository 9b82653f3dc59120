//! Widgets shared by several pages.

mod data_table;
mod field;
mod form;
mod page_header;

pub use data_table::DataTable;
pub use field::{Field, FieldKind};
pub use form::{FormError, SubmitButton};
pub use page_header::PageHeader;
