//! Widgets shared by several pages.

mod auth_card;
mod data_table;
mod field;
mod form;
mod page_header;
mod pager;
pub mod url_filters;

pub use auth_card::{AuthCard, Notice};
pub use data_table::DataTable;
pub use field::{Field, FieldKind};
pub use form::{FormError, SubmitButton};
pub use page_header::PageHeader;
pub use pager::Pager;
