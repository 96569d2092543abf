//! The timed loop: start N instances and complete their user tasks until each one ends.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use woc_engine::{Command, DefinitionRef, EngineError, Outcome};

use super::bench_store::BenchStore;
use super::latency::Latencies;

/// The user every benchmark command is executed as.
const ACTOR: &str = "bench";

/// Commands one lifecycle may take before the model is declared not to end on its own
/// (e.g. a loop back to a user task on `approved == true`).
const MAX_COMMANDS_PER_LIFECYCLE: usize = 1_000;

/// What the loop measured.
#[derive(Debug)]
pub struct LifecycleFigures {
    /// Wall time of all lifecycles together.
    pub elapsed: Duration,
    /// Commands that committed (a completion refused as `NotFound` commits nothing).
    pub commits: usize,
    /// Every command's latency.
    pub latencies: Latencies,
}

/// Why a lifecycle could not be run to its end.
#[derive(Debug, thiserror::Error)]
pub enum LifecycleError {
    /// The engine refused a command.
    #[error("lifecycle {lifecycle}: {error}")]
    Engine {
        /// Which lifecycle (from 1).
        lifecycle: usize,
        /// What the engine said.
        error: EngineError,
    },
    /// No user task is left to complete, but the instance has not ended.
    #[error("lifecycle {lifecycle}: instance {instance} is still {status} with no user task left to complete (it waits on a timer, message, job or receive task); the benchmark only completes user tasks")]
    Stuck {
        /// Which lifecycle (from 1).
        lifecycle: usize,
        /// Instance id.
        instance: String,
        /// Its status.
        status: &'static str,
    },
    /// A benchmark thread could not get its executor.
    #[error("cannot start a benchmark thread's executor: {0}")]
    Runtime(std::io::Error),
    /// The instance kept creating user tasks.
    #[error("lifecycle {lifecycle}: instance {instance} did not end after {MAX_COMMANDS_PER_LIFECYCLE} commands (does completing with approved = true loop?)")]
    Endless {
        /// Which lifecycle (from 1).
        lifecycle: usize,
        /// Instance id.
        instance: String,
    },
}

/// Runs `n` lifecycles of process `key`: start, then complete open user tasks in creation
/// order with `approved = true` until the instance ends.
pub async fn run_lifecycles<S: BenchStore>(
    store: &S,
    key: &str,
    n: usize,
) -> Result<LifecycleFigures, LifecycleError> {
    let mut approved = Map::new();
    approved.insert("approved".into(), Value::Bool(true));
    // Sized for the largest built-in model (five commands) so recording never reallocates.
    let mut latencies = Latencies::with_capacity(n.saturating_mul(5));
    let mut commits = 0;
    let began = Instant::now();
    for lifecycle in 1..=n {
        let engine = |error| LifecycleError::Engine { lifecycle, error };
        let start = Command::Start {
            definition: DefinitionRef::Key(key.to_string()),
            business_key: None,
            variables: Map::new(),
            parent: None,
            start_event: None,
        };
        let started = timed(store, start, &mut latencies).await.map_err(engine)?;
        commits += 1;
        let instance = started.instance_id;
        let mut status = started.status;
        let mut open: VecDeque<String> = started.new_tasks.into();
        let mut commands = 1;
        while let Some(task_id) = open.pop_front() {
            if commands >= MAX_COMMANDS_PER_LIFECYCLE {
                return Err(LifecycleError::Endless {
                    lifecycle,
                    instance,
                });
            }
            let complete = Command::Complete {
                task_id,
                variables: approved.clone(),
                comment: None,
                next_assignees: Vec::new(),
                copy_to: Vec::new(),
            };
            commands += 1;
            match timed(store, complete, &mut latencies).await {
                Ok(outcome) => {
                    commits += 1;
                    status = outcome.status;
                    open.extend(outcome.new_tasks);
                }
                // A completion before it cancelled this task (a boundary event, a join that
                // discarded the branch): nothing left to do for it.
                Err(EngineError::NotFound { what: "task", .. }) => {}
                Err(error) => return Err(engine(error)),
            }
        }
        if !status.is_ended() {
            return Err(LifecycleError::Stuck {
                lifecycle,
                instance,
                status: status.as_str(),
            });
        }
    }
    Ok(LifecycleFigures {
        elapsed: began.elapsed(),
        commits,
        latencies,
    })
}

/// Runs `n` lifecycles on `threads` OS threads at once over the one shared `store` (each
/// thread its share, the first ones one more when `n` does not divide): wall time of them
/// all, their commits and every command's latency. Each thread drives the store's futures
/// with an executor of its own; for the in-memory store they never wait, so a thread is one
/// core running the engine, as concurrent requests would.
pub fn run_lifecycles_on_threads<S: BenchStore + Sync>(
    store: &S,
    key: &str,
    n: usize,
    threads: usize,
) -> Result<LifecycleFigures, LifecycleError> {
    let threads = threads.clamp(1, n.max(1));
    let began = Instant::now();
    let results: Vec<Result<LifecycleFigures, LifecycleError>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|i| {
                let share = n / threads + usize::from(i < n % threads);
                scope.spawn(move || {
                    let executor = tokio::runtime::Builder::new_current_thread()
                        .build()
                        .map_err(LifecycleError::Runtime)?;
                    executor.block_on(run_lifecycles(store, key, share))
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    let elapsed = began.elapsed();
    let mut commits = 0;
    let mut latencies = Latencies::with_capacity(n.saturating_mul(5));
    for result in results {
        let figures = result?;
        commits += figures.commits;
        latencies.extend(figures.latencies);
    }
    Ok(LifecycleFigures {
        elapsed,
        commits,
        latencies,
    })
}

/// Executes one command and records how long it took.
async fn timed<S: BenchStore>(
    store: &S,
    command: Command,
    latencies: &mut Latencies,
) -> Result<Outcome, EngineError> {
    let began = Instant::now();
    let result = store.execute(command, ACTOR).await;
    latencies.record(began.elapsed());
    result
}
