//! The `workorder` binary: dispatches operator commands, or parses configuration and serves.

use clap::Parser;
use workorder::cli::{bench_engine, bench_todo, bpmn_check, BenchCommand, BpmnCommand};
use workorder::server::config::{Cli, Command};
use workorder::server::{http, telemetry};

/// mimalloc rather than glibc malloc: the engine allocates many small, short-lived values per
/// command (events, ids), and glibc spent about half of an in-memory benchmark run in
/// `malloc`/`free` (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Bpmn(BpmnCommand::Check(args))) => return bpmn_check::run(&args),
        Some(Command::Bench(BenchCommand::Engine(args))) => return bench_engine::run(args).await,
        Some(Command::Bench(BenchCommand::Todo(args))) => return bench_todo::run(args).await,
        Some(Command::Serve(_)) | None => {}
    }
    let settings = cli.into_settings();
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
