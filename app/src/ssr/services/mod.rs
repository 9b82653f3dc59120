//! Server-side services that span several tables or need more than a query.

pub mod firms;
pub mod lifecycle;
pub mod passwords;
