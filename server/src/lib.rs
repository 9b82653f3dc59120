//! The Docket server: configuration, start-up checks, the axum router and its middleware, and
//! the `docket` command line.

pub mod checks;
pub mod cli;
pub mod config;
pub mod db;
pub mod middleware;
pub mod seed;
pub mod startup;
pub mod status_pages;
pub mod telemetry;
