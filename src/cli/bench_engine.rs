//! `workorder bench engine`: lifecycles per second of the engine over a store, the store's
//! raw commit ceiling, and per-command latency percentiles, as one JSON line.

use std::process::ExitCode;

use clap::{Args, ValueEnum};
use serde_json::json;
use woc_store::Durability;

use super::bench_models::{BenchModel, PROCESS_KEY};
use super::bench_store::{BenchStore, MemoryBenchStore, SqlBenchStore};
use super::lifecycle_run::{run_lifecycles, run_lifecycles_on_threads, LifecycleError};
use super::raw_commit::{self, per_second};

/// Flags of `bench engine`.
#[derive(Debug, Clone, Args)]
pub struct BenchEngineArgs {
    /// Where instances live.
    #[arg(long, value_enum, default_value_t = StoreKind::Memory)]
    pub store: StoreKind,
    /// `user-task`, `straight-through`, `parallel`, or a path to a BPMN file (its first
    /// executable process runs).
    #[arg(long, default_value = "user-task")]
    pub model: String,
    /// Lifecycles to run (and single-row commits for the raw ceiling).
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub n: u64,
    /// PostgreSQL to measure with `--store postgres` (a scratch table is created and dropped).
    #[arg(long)]
    pub database_url: Option<String>,
    /// OS threads running lifecycles at once over the one engine (`--store memory` only;
    /// default: the machine's available parallelism there, 1 for the SQL stores). `--threads
    /// 1` is the single-thread figure.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    pub threads: Option<u64>,
    /// `--store sqlite`: when a commit (the raw ceiling's and the engine's alike) returns:
    /// once on disk, as the server runs (`disk`), or once handed to the operating system
    /// (`os-cache`, SQLite's `synchronous = NORMAL` alone, lost on a power cut).
    #[arg(long, value_enum, default_value_t = DurabilityArg::Disk)]
    pub durability: DurabilityArg,
}

/// `--durability` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DurabilityArg {
    /// After the commit is on disk (group fsync of the WAL).
    Disk,
    /// After SQLite wrote the commit to the operating system.
    OsCache,
}

impl DurabilityArg {
    fn store(self) -> Durability {
        match self {
            DurabilityArg::Disk => Durability::Disk,
            DurabilityArg::OsCache => Durability::OsCache,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DurabilityArg::Disk => "disk",
            DurabilityArg::OsCache => "os-cache",
        }
    }
}

/// The stores a benchmark can run against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreKind {
    /// The engine's in-memory store.
    Memory,
    /// A SQLite file in WAL mode.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl StoreKind {
    fn name(self) -> &'static str {
        match self {
            StoreKind::Memory => "memory",
            StoreKind::Sqlite => "sqlite",
            StoreKind::Postgres => "postgres",
        }
    }
}

/// Why a benchmark could not produce its figures.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The command line asks for something impossible.
    #[error("{0}")]
    Usage(String),
    /// The benchmark database cannot be opened or migrated.
    #[error("{0}")]
    Open(String),
    /// The model file cannot be read.
    #[error("cannot read {path}: {source}")]
    ModelFile {
        /// The path given.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The engine refused the model.
    #[error("model {model} cannot be deployed: {source}")]
    Deploy {
        /// The model's name.
        model: String,
        /// The engine's refusal.
        source: woc_engine::EngineError,
    },
    /// The model deployed nothing to start.
    #[error("model {0} has no executable process")]
    NoProcess(String),
    /// A lifecycle failed.
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

impl BenchError {
    /// 2 when the run cannot happen as asked (usage, missing store), 1 when it failed.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            BenchError::Usage(_) => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }
}

/// Runs the benchmark, prints its JSON line, and reports failures on stderr.
pub async fn run(args: BenchEngineArgs) -> ExitCode {
    match measure(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("workorder bench engine: {error}");
            error.exit_code()
        }
    }
}

/// How many threads the run uses: as asked, else all cores for memory and one for SQL.
fn threads(args: &BenchEngineArgs) -> Result<usize, BenchError> {
    match (args.store, args.threads) {
        (StoreKind::Memory, None) => {
            Ok(std::thread::available_parallelism().map_or(1, |n| n.get()))
        }
        (StoreKind::Memory, Some(n)) => {
            usize::try_from(n).map_err(|_| BenchError::Usage("--threads is too large".into()))
        }
        (_, None | Some(1)) => Ok(1),
        (_, Some(_)) => Err(BenchError::Usage(
            "--threads above 1 is measured with --store memory only".into(),
        )),
    }
}

async fn measure(args: &BenchEngineArgs) -> Result<(), BenchError> {
    let n = usize::try_from(args.n).map_err(|_| BenchError::Usage("--n is too large".into()))?;
    let threads = threads(args)?;
    let model = BenchModel::from_arg(&args.model);
    let xml = model.xml().map_err(|source| BenchError::ModelFile {
        path: model.name(),
        source,
    })?;
    let raw_commits_per_s = match args.store {
        StoreKind::Memory => raw_commit::memory(n),
        StoreKind::Sqlite => raw_commit::sqlite(n, args.durability.store()).await?,
        StoreKind::Postgres => {
            let url = args.database_url.as_deref().ok_or_else(|| {
                BenchError::Usage("--store postgres needs --database-url postgres://...".into())
            })?;
            raw_commit::postgres(url, n).await?
        }
    };
    let line = match args.store {
        StoreKind::Memory => {
            let store = MemoryBenchStore::new();
            let run = Run {
                kind: args.store,
                model: &model,
                n,
                threads,
                raw_commits_per_s,
                durability: None,
            };
            lifecycle_line(&store, &run, &xml).await?
        }
        StoreKind::Sqlite | StoreKind::Postgres => {
            // A fresh database per run: a scratch SQLite file, or the given PostgreSQL URL.
            let scratch = std::env::temp_dir().join(format!("woc-bench-{}", std::process::id()));
            let url = match (args.store, args.database_url.as_deref()) {
                (StoreKind::Postgres, Some(url)) => url.to_owned(),
                _ => {
                    std::fs::create_dir_all(&scratch).map_err(|source| BenchError::ModelFile {
                        path: scratch.display().to_string(),
                        source,
                    })?;
                    format!("sqlite://{}/bench.db?mode=rwc", scratch.display())
                }
            };
            let store = SqlBenchStore::open(&url, args.durability.store())
                .await
                .map_err(|e| {
                    BenchError::Open(format!("cannot open {}: {e}", woc_store::db::redact(&url)))
                })?;
            let run = Run {
                kind: args.store,
                model: &model,
                n,
                threads,
                raw_commits_per_s,
                durability: (args.store == StoreKind::Sqlite).then(|| args.durability.name()),
            };
            let line = lifecycle_line(&store, &run, &xml).await;
            let _ = std::fs::remove_dir_all(&scratch);
            line?
        }
    };
    println!("{line}");
    Ok(())
}

/// What one run measures.
struct Run<'a> {
    kind: StoreKind,
    model: &'a BenchModel,
    n: usize,
    threads: usize,
    raw_commits_per_s: f64,
    /// SQLite's `--durability`.
    durability: Option<&'static str>,
}

/// Deploys the model, runs the lifecycles and shapes the result line.
async fn lifecycle_line<S: BenchStore + Sync>(
    store: &S,
    run: &Run<'_>,
    xml: &str,
) -> Result<serde_json::Value, BenchError> {
    let model = run.model;
    let keys = store
        .deploy(xml)
        .await
        .map_err(|source| BenchError::Deploy {
            model: model.name(),
            source,
        })?;
    let key = match model {
        BenchModel::File(_) => keys
            .into_iter()
            .next()
            .ok_or_else(|| BenchError::NoProcess(model.name()))?,
        _ => PROCESS_KEY.to_string(),
    };
    let n = run.n;
    // One thread runs on this task, as before threads existed (and as the SQL stores must:
    // their pool lives on this runtime).
    let mut figures = if run.threads == 1 {
        run_lifecycles(store, &key, n).await?
    } else {
        run_lifecycles_on_threads(store, &key, n, run.threads)?
    };
    Ok(json!({
        "store": run.kind.name(),
        "model": model.name(),
        "n": n,
        "threads": run.threads,
        "durability": run.durability,
        "lifecycles_per_s": per_second(n, figures.elapsed).round(),
        "raw_commits_per_s": run.raw_commits_per_s.round(),
        "commits_per_lifecycle": figures.commits as f64 / n as f64,
        "p50_ms": round_micro(figures.latencies.percentile_ms(50.0)),
        "p99_ms": round_micro(figures.latencies.percentile_ms(99.0)),
    }))
}

/// Milliseconds to the nanosecond-ish precision worth printing (three decimals of a µs).
fn round_micro(ms: f64) -> f64 {
    (ms * 1_000_000.0).round() / 1_000_000.0
}
