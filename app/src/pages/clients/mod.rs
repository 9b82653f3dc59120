//! The clients screens: the searchable list with the add form, and one client's page.

mod billing_card;
mod detail;
mod editor;
mod list;

pub use detail::ClientDetailPage;
pub use list::ClientsPage;
