//! `docket`: see `docket --help`.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::run().await
}
