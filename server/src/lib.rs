//! The Docket server: configuration, start-up checks, the axum router and its middleware, and
//! the `docket` command line.

// Without `erase_components` (release builds), rendering the app's view types nests deeper
// than the compiler's default limit of 128.
#![recursion_limit = "256"]

pub mod checks;
pub mod cli;
pub mod config;
pub mod db;
pub mod middleware;
pub mod seed;
pub mod startup;
pub mod status_pages;
pub mod telemetry;
