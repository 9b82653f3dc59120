//! Integration tests: the whole server on port 0 with a fresh database and two firms, on SQLite
//! and on the local PostgreSQL. One test binary, so the server is linked once.

mod harness;
mod killed_upload;

mod audit;
mod billing;
mod cli_lifecycle;
mod client_details;
mod conflicts;
mod dashboard;
mod documents;
mod firm_profile;
mod health;
mod hosts;
mod lifecycle;
mod mail;
mod matters;
mod passwords;
mod permissions;
mod plans;
mod platform;
mod platform_dashboard;
mod postgres_wall;
mod process;
mod roles;
mod s3_storage;
mod sessions;
mod smtp;
mod support;
mod tenancy;
mod two_factor;
mod users;
