//! The `workorder` binary: parses configuration and serves.

use clap::Parser;
use workorder::server::config::Cli;
use workorder::server::{http, telemetry};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let settings = Cli::parse().into_settings();
    telemetry::init(settings.log_format);
    match http::serve(settings).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("workorder: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
