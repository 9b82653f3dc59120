//! Widgets shared by several pages.

mod field;
mod form;
mod page_header;

pub use field::{Field, FieldKind};
pub use form::{FormError, SubmitButton};
pub use page_header::PageHeader;
