//! `workorder bench todo`: latency of the todo list query (the page and its total, as
//! `todoList` and the UI run it) with a growing number of open tasks, one JSON line per size
//! and a last line with the ratio of the largest size's p99 to the smallest's.
//!
//! The open tasks are real: a one-user-task model is deployed through `SqlStore` and started
//! once per task, its assignee and candidates set by variables, so the rows are exactly the
//! ones the engine writes. The sizes grow in one database: after measuring 1,000 the next
//! 99,000 are started and 100,000 is measured.

use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use serde_json::{json, Map, Value};
use woc_engine::{Command, DefinitionRef, EngineConfig, ServiceTaskMode, SystemClock};
use woc_store::db::Db;
use woc_store::{Paging, SqlStore};

use super::bench_engine::{BenchError, StoreKind};
use super::latency::Latencies;
use super::raw_commit::per_second;

/// The user whose list is measured.
pub const USER: &str = "todo-bench";
/// The groups the measured user belongs to (the directory's group keys, as the app passes).
pub const GROUPS: [&str; 2] = ["todo-bench-team", "todo-bench-dept"];
/// Rows per page, as the UI asks.
pub const PAGE_SIZE: u32 = 10;
/// The deeper page measured besides the first.
pub const DEEP_PAGE: u32 = 50;
/// The engine issue's targets.
const TARGET_P99_MS: f64 = 20.0;
const TARGET_RATIO: f64 = 2.0;

const PROCESS_KEY: &str = "todo_bench";

/// Flags of `bench todo`.
#[derive(Debug, Clone, Args)]
pub struct BenchTodoArgs {
    /// `sqlite` (a scratch file) or `postgres` (a scratch database on `--database-url`).
    #[arg(long, value_enum)]
    pub store: StoreKind,
    /// A PostgreSQL server for `--store postgres`: a database is created on it for the run
    /// and dropped after (the URL's own database is only used to connect).
    #[arg(long)]
    pub database_url: Option<String>,
    /// Open task counts to measure, ascending, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1_000, 100_000],
          value_parser = clap::value_parser!(u64).range(1..))]
    pub open: Vec<u64>,
    /// Timed queries per page and size (page 1 and page 50 each, and the total alone).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..))]
    pub queries: u64,
    /// Instances started at once while seeding (each start is its own transaction).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=64))]
    pub seed_concurrency: u64,
}

/// Who task number `i` belongs to. Out of every ten tasks the measured user sees five: three
/// assigned to them, one offering them as candidate user, one offering one of their groups;
/// one more names them as candidate but was assigned to someone else (so it is not theirs),
/// and four belong to other users and groups.
fn task_variables(i: usize) -> Map<String, Value> {
    let other = format!("user-{}", i % 97);
    let other_group = format!("group-{}", i % 13);
    let (assignee, users, groups) = match i % 10 {
        0..=2 => (USER.to_string(), String::new(), String::new()),
        3 => (String::new(), format!("{USER},{other}"), other_group),
        4 => (
            String::new(),
            other.clone(),
            format!("{},{other_group}", GROUPS[0]),
        ),
        5 => (other, USER.to_string(), GROUPS[1].to_string()),
        6 | 7 => (other, String::new(), String::new()),
        8 => (String::new(), other, String::new()),
        _ => (String::new(), String::new(), other_group),
    };
    let mut variables = Map::new();
    variables.insert("assignee".into(), Value::String(assignee));
    variables.insert("candidateUsers".into(), Value::String(users));
    variables.insert("candidateGroups".into(), Value::String(groups));
    variables
}

/// Whether task number `i` is on the measured user's list.
fn visible(i: usize) -> bool {
    i % 10 <= 4
}

fn model_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="bench">
  <process id="{PROCESS_KEY}" name="Todo bench" isExecutable="true">
    <startEvent id="start"/>
    <userTask id="handle" name="Handle" flowable:assignee="${{assignee}}"
              flowable:candidateUsers="${{candidateUsers}}"
              flowable:candidateGroups="${{candidateGroups}}"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="handle"/>
    <sequenceFlow id="f2" sourceRef="handle" targetRef="end"/>
  </process>
</definitions>
"#
    )
}

/// Runs the benchmark, prints its JSON lines, and reports failures on stderr.
pub async fn run(args: BenchTodoArgs) -> ExitCode {
    match measure(&args, |line| println!("{line}")).await {
        Ok(_) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("workorder bench todo: {error}");
            error.exit_code()
        }
    }
}

/// Seeds and measures every size, handing each line to `emit` as soon as it is known; returns
/// all lines.
pub async fn measure(
    args: &BenchTodoArgs,
    mut emit: impl FnMut(&Value),
) -> Result<Vec<Value>, BenchError> {
    let sizes = sizes(&args.open)?;
    let queries = usize::try_from(args.queries)
        .map_err(|_| BenchError::Usage("--queries is too large".into()))?;
    let scratch = Scratch::create(args).await?;
    let result = async {
        let db = Db::connect(&scratch.url)
            .await
            .map_err(|e| BenchError::Open(format!("cannot open {}: {e}", scratch.redacted())))?;
        db.migrate()
            .await
            .map_err(|e| BenchError::Open(format!("cannot migrate: {e}")))?;
        let config = EngineConfig {
            service_tasks: ServiceTaskMode::NoOp,
            ..EngineConfig::default()
        };
        let store = SqlStore::with_config(db, Arc::new(SystemClock), config);
        let result = run_sizes(&store, args, &sizes, queries, &mut emit).await;
        store.db().close().await;
        result
    }
    .await;
    scratch.remove().await;
    result
}

fn sizes(open: &[u64]) -> Result<Vec<usize>, BenchError> {
    let mut sizes = Vec::with_capacity(open.len());
    for &n in open {
        let n = usize::try_from(n).map_err(|_| BenchError::Usage("--open is too large".into()))?;
        if sizes.last().is_some_and(|&last| n <= last) {
            return Err(BenchError::Usage(
                "--open must be ascending, e.g. 1000,100000".into(),
            ));
        }
        sizes.push(n);
    }
    if sizes.is_empty() {
        return Err(BenchError::Usage("--open needs at least one size".into()));
    }
    Ok(sizes)
}

async fn run_sizes(
    store: &SqlStore,
    args: &BenchTodoArgs,
    sizes: &[usize],
    queries: usize,
    emit: &mut impl FnMut(&Value),
) -> Result<Vec<Value>, BenchError> {
    store
        .deploy(&model_xml(), None)
        .await
        .map_err(|e| BenchError::Open(format!("cannot deploy the todo model: {e}")))?;
    let groups: Vec<String> = GROUPS.iter().map(|g| g.to_string()).collect();
    let mut lines = Vec::new();
    let mut p99s = Vec::new();
    let mut seeded = 0;
    for &size in sizes {
        let began = Instant::now();
        seed(store, seeded, size, args.seed_concurrency as usize).await?;
        let seed_elapsed = began.elapsed();
        let started = size - seeded;
        seeded = size;
        if let Db::Postgres(pool) = store.db() {
            // What autovacuum does after a bulk of inserts on a server that ran a while: fresh
            // statistics, and a visibility map that lets counts read only the indexes. SQLite
            // is measured as the application runs it, without ANALYZE.
            sqlx::query("VACUUM (ANALYZE)").execute(pool).await?;
        }
        let expected = (0..size).filter(|&i| visible(i)).count();
        let figures = time_queries(store, &groups, queries, expected).await?;
        let line = json!({
            "store": args.store_name(),
            "open_tasks": size,
            "user_tasks": expected,
            "user_assigned": (0..size).filter(|i| i % 10 <= 2).count(),
            "page_size": PAGE_SIZE,
            "queries": queries,
            "p50_ms": figures.both.p50,
            "p99_ms": figures.both.p99,
            "max_ms": figures.both.max,
            "page1": figures.first.to_json(),
            "page50": figures.deep.to_json(),
            "count": figures.count.to_json(),
            "seeded": started,
            "seed_per_s": per_second(started, seed_elapsed).round(),
        });
        emit(&line);
        p99s.push(figures.both.p99);
        lines.push(line);
    }
    let (smallest, largest) = (p99s[0], p99s[p99s.len() - 1]);
    let ratio = round_milli(largest / smallest.max(f64::MIN_POSITIVE));
    let summary = json!({
        "store": args.store_name(),
        "smallest": sizes[0],
        "largest": sizes[sizes.len() - 1],
        "p99_ratio": ratio,
        "target_p99_ms": TARGET_P99_MS,
        "target_ratio": TARGET_RATIO,
        "targets_met": largest < TARGET_P99_MS && ratio <= TARGET_RATIO,
    });
    emit(&summary);
    lines.push(summary);
    Ok(lines)
}

/// Starts instances `from..to` (task number = instance number), `concurrency` at a time.
async fn seed(
    store: &SqlStore,
    from: usize,
    to: usize,
    concurrency: usize,
) -> Result<(), BenchError> {
    let next = Arc::new(AtomicUsize::new(from));
    let mut workers: tokio::task::JoinSet<Result<(), BenchError>> = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let store = store.clone();
        let next = Arc::clone(&next);
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= to {
                    return Ok(());
                }
                let start = Command::Start {
                    definition: DefinitionRef::Key(PROCESS_KEY.to_string()),
                    business_key: Some(format!("todo-{i}")),
                    variables: task_variables(i),
                    parent: None,
                    start_event: None,
                };
                let starter = format!("starter-{}", i % 31);
                store
                    .execute(start, Some(&starter))
                    .await
                    .map_err(|e| BenchError::Open(format!("start {i}: {e}")))?;
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.map_err(|e| BenchError::Open(format!("seeding task: {e}")))??;
    }
    Ok(())
}

/// Percentiles of one series, in milliseconds.
struct Summary {
    p50: f64,
    p99: f64,
    max: f64,
}

impl Summary {
    fn of(latencies: &mut Latencies) -> Summary {
        Summary {
            p50: round_micro(latencies.percentile_ms(50.0)),
            p99: round_micro(latencies.percentile_ms(99.0)),
            max: round_micro(latencies.percentile_ms(100.0)),
        }
    }

    fn to_json(&self) -> Value {
        json!({"p50_ms": self.p50, "p99_ms": self.p99, "max_ms": self.max})
    }
}

struct Figures {
    /// Pages 1 and 50 together.
    both: Summary,
    first: Summary,
    deep: Summary,
    /// The total alone (it is part of every page above).
    count: Summary,
}

/// A few untimed rounds, then `queries` rounds of page 1, page 50 and the total; every answer
/// is checked against what the seeding put on the user's list.
async fn time_queries(
    store: &SqlStore,
    groups: &[String],
    queries: usize,
    expected: usize,
) -> Result<Figures, BenchError> {
    let mut first = Latencies::with_capacity(queries);
    let mut deep = Latencies::with_capacity(queries);
    let mut both = Latencies::with_capacity(queries * 2);
    let mut count = Latencies::with_capacity(queries);
    let warm_up = queries.div_ceil(10).min(20);
    for round in 0..warm_up + queries {
        let timed = round >= warm_up;
        for (page, series) in [(1, &mut first), (DEEP_PAGE, &mut deep)] {
            let paging = Paging {
                page,
                size: PAGE_SIZE,
            };
            let began = Instant::now();
            let result = store
                .todo(USER, groups, paging)
                .await
                .map_err(|e| BenchError::Open(format!("todo query: {e}")))?;
            let elapsed = began.elapsed();
            check(&result, page, expected)?;
            if timed {
                series.record(elapsed);
                both.record(elapsed);
            }
        }
        let began = Instant::now();
        let total = store
            .todo_total(USER, groups)
            .await
            .map_err(|e| BenchError::Open(format!("todo count: {e}")))?;
        let elapsed = began.elapsed();
        if total != expected as u64 {
            return Err(BenchError::Open(format!(
                "the todo count says {total}, the seeding made {expected}"
            )));
        }
        if timed {
            count.record(elapsed);
        }
    }
    Ok(Figures {
        both: Summary::of(&mut both),
        first: Summary::of(&mut first),
        deep: Summary::of(&mut deep),
        count: Summary::of(&mut count),
    })
}

/// The page has the rows and the total the seeding implies, newest first.
fn check(
    page: &woc_store::Page<woc_store::TaskRow>,
    number: u32,
    expected: usize,
) -> Result<(), BenchError> {
    let skipped = (number as usize - 1) * PAGE_SIZE as usize;
    let rows = expected.saturating_sub(skipped).min(PAGE_SIZE as usize);
    let ordered = page
        .rows
        .windows(2)
        .all(|w| (w[0].created_at, &w[0].task_id) >= (w[1].created_at, &w[1].task_id));
    if page.total != expected as u64 || page.rows.len() != rows || !ordered {
        return Err(BenchError::Open(format!(
            "page {number}: {} rows of {} (ordered: {ordered}), expected {rows} of {expected}",
            page.rows.len(),
            page.total
        )));
    }
    Ok(())
}

impl BenchTodoArgs {
    fn store_name(&self) -> &'static str {
        match self.store {
            StoreKind::Postgres => "postgres",
            _ => "sqlite",
        }
    }
}

/// The run's own database: a SQLite file in a scratch folder, or a PostgreSQL database
/// created on the given server. Removed after the run whatever its outcome.
struct Scratch {
    url: String,
    kind: ScratchKind,
}

enum ScratchKind {
    Folder(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Scratch {
    async fn create(args: &BenchTodoArgs) -> Result<Scratch, BenchError> {
        let suffix = unique_suffix();
        match args.store {
            StoreKind::Memory => Err(BenchError::Usage(
                "bench todo measures a database: --store sqlite or --store postgres".into(),
            )),
            StoreKind::Sqlite => {
                let folder = std::env::temp_dir().join(format!("woc-bench-todo-{suffix}"));
                std::fs::create_dir_all(&folder).map_err(|source| BenchError::ModelFile {
                    path: folder.display().to_string(),
                    source,
                })?;
                Ok(Scratch {
                    url: format!("sqlite://{}/todo.db?mode=rwc", folder.display()),
                    kind: ScratchKind::Folder(folder),
                })
            }
            StoreKind::Postgres => {
                let admin_url = args.database_url.clone().ok_or_else(|| {
                    BenchError::Usage("--store postgres needs --database-url postgres://...".into())
                })?;
                let name = format!("woc_bench_todo_{suffix}");
                let admin = Db::connect(&admin_url).await.map_err(|e| {
                    BenchError::Open(format!(
                        "cannot open {}: {e}",
                        woc_store::db::redact(&admin_url)
                    ))
                })?;
                let Db::Postgres(pool) = &admin else {
                    return Err(BenchError::Usage(
                        "--database-url must be a postgres:// URL".into(),
                    ));
                };
                let created = sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(pool)
                    .await;
                admin.close().await;
                created?;
                let url = database_url(&admin_url, &name);
                Ok(Scratch {
                    url,
                    kind: ScratchKind::Postgres { admin_url, name },
                })
            }
        }
    }

    fn redacted(&self) -> String {
        woc_store::db::redact(&self.url)
    }

    async fn remove(self) {
        match self.kind {
            ScratchKind::Folder(folder) => {
                // Best effort: a leftover scratch folder in the temp dir harms nothing.
                let _ = std::fs::remove_dir_all(folder);
            }
            ScratchKind::Postgres { admin_url, name } => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    if let Db::Postgres(pool) = &admin {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(pool)
                                .await;
                    }
                    admin.close().await;
                }
            }
        }
    }
}

/// `admin_url` with its database replaced by `name` (options after `?` kept).
fn database_url(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin_url, None),
    };
    let authority = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority..].find('/') {
        Some(slash) => &base[..authority + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{server}/{name}?{query}"),
        None => format!("{server}/{name}"),
    }
}

/// Process id and clock, so concurrent runs never share a scratch database.
fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_nanos();
    format!("{}_{nanos}", std::process::id())
}

/// Milliseconds to three decimals of a microsecond.
fn round_micro(ms: f64) -> f64 {
    (ms * 1_000_000.0).round() / 1_000_000.0
}

fn round_milli(x: f64) -> f64 {
    (x * 1_000.0).round() / 1_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_of_the_tasks_are_the_users() {
        assert_eq!((0..1_000).filter(|&i| visible(i)).count(), 500);
        for i in 0..10 {
            let v = task_variables(i);
            let assignee = v["assignee"].as_str().unwrap();
            let users = v["candidateUsers"].as_str().unwrap();
            let groups = v["candidateGroups"].as_str().unwrap();
            let offered = users.split(',').any(|u| u == USER)
                || groups.split(',').any(|g| GROUPS.contains(&g));
            let mine = assignee == USER || (assignee.is_empty() && offered);
            assert_eq!(mine, visible(i), "task {i}: {v:?}");
        }
    }

    #[test]
    fn the_model_deploys() {
        let definitions = woc_bpmn::parse(&model_xml()).expect("parses");
        let process = definitions.process(PROCESS_KEY).expect("the process");
        assert!(woc_bpmn::validate(process).is_empty());
    }

    #[test]
    fn the_scratch_database_replaces_the_urls() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/test", "b"),
            "postgres://postgres@127.0.0.1:5432/b"
        );
        assert_eq!(
            database_url("postgres://u:p@h/test?sslmode=disable", "b"),
            "postgres://u:p@h/b?sslmode=disable"
        );
        assert_eq!(
            database_url("postgres://h:5432", "b"),
            "postgres://h:5432/b"
        );
    }

    #[test]
    fn sizes_must_ascend() {
        assert!(sizes(&[1_000, 100_000]).is_ok());
        assert!(sizes(&[100, 100]).is_err());
        assert!(sizes(&[]).is_err());
    }
}
