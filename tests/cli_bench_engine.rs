//! `workorder bench engine`: the output shape and exit codes (never timings, which depend on
//! the machine).

use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workorder"))
        .args(["bench", "engine"])
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn memory_user_task_prints_one_line_with_the_figures() {
    let output = bench(&["--store", "memory", "--model", "user-task", "--n", "50"]);
    assert!(output.status.success(), "{output:?}");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    for field in [
        "lifecycles_per_s",
        "raw_commits_per_s",
        "commits_per_lifecycle",
        "p50_ms",
        "p99_ms",
    ] {
        assert!(line[field].is_number(), "{field} missing in {line}");
    }
    assert_eq!(line["commits_per_lifecycle"], 2.0);
    assert_eq!(line["store"], "memory");
    assert_eq!(line["model"], "user-task");
    assert_eq!(line["n"], 50);
    // Memory runs on every core unless told otherwise.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(line["threads"], cores as u64, "{line}");
}

#[test]
fn memory_runs_on_the_threads_asked_for() {
    for threads in [1u64, 3] {
        let output = bench(&["--n", "31", "--threads", &threads.to_string()]);
        assert!(output.status.success(), "{threads}: {output:?}");
        let lines = json_lines(&output);
        let line = &lines[0];
        assert_eq!(line["threads"], threads, "{line}");
        // Every lifecycle ran to its end whatever the split (31 over 3 threads: 11, 10, 10).
        assert_eq!(line["n"], 31);
        assert_eq!(line["commits_per_lifecycle"], 2.0, "{line}");
        assert!(line["lifecycles_per_s"].as_f64().unwrap() > 0.0);
        assert!(line["p99_ms"].as_f64().unwrap() >= line["p50_ms"].as_f64().unwrap());
    }
}

#[test]
fn sql_stores_run_on_one_thread() {
    let output = bench(&["--store", "sqlite", "--n", "5", "--threads", "2"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(output.stdout.is_empty());
}

#[test]
fn builtin_models_commit_as_many_times_as_they_have_commands() {
    for (model, commits) in [("straight-through", 1.0), ("parallel", 5.0)] {
        let output = bench(&["--model", model, "--n", "20"]);
        assert!(output.status.success(), "{model}: {output:?}");
        assert_eq!(
            json_lines(&output)[0]["commits_per_lifecycle"],
            commits,
            "{model}"
        );
    }
}

#[test]
fn a_corpus_file_runs_to_its_end() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/bpmn-corpus/camunda/parallel-user-tasks.bpmn"
    );
    let output = bench(&["--model", file, "--n", "5"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        json_lines(&output)[0]["commits_per_lifecycle"]
            .as_f64()
            .unwrap()
            > 1.0
    );
}

#[test]
fn sqlite_runs_lifecycles_with_full_history() {
    let output = bench(&["--store", "sqlite", "--n", "20"]);
    assert!(output.status.success(), "{output:?}");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert!(lines[0]["raw_commits_per_s"].is_number());
    assert!(lines[0]["lifecycles_per_s"].as_f64().unwrap() > 0.0);
    assert_eq!(lines[0]["commits_per_lifecycle"], 2.0);
    assert_eq!(lines[0]["store"], "sqlite");
    assert_eq!(lines[0]["threads"], 1);
    // Commits are acknowledged on disk unless the run says otherwise, as the server runs.
    assert_eq!(lines[0]["durability"], "disk");
}

#[test]
fn sqlite_says_when_its_commits_return() {
    let output = bench(&["--store", "sqlite", "--n", "5", "--durability", "os-cache"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(json_lines(&output)[0]["durability"], "os-cache");
    let output = bench(&["--store", "memory", "--n", "5"]);
    assert!(json_lines(&output)[0]["durability"].is_null());
    let output = bench(&["--store", "sqlite", "--n", "5", "--durability", "later"]);
    assert!(!output.status.success());
}

#[test]
fn postgres_without_a_url_is_a_usage_error() {
    let output = bench(&["--store", "postgres", "--n", "5"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

/// Runs only where the suite's PostgreSQL is configured (see README, `WOC_TEST_POSTGRES_URL`),
/// in a database of its own.
#[tokio::test]
async fn postgres_runs_lifecycles_when_a_server_is_configured() {
    let Ok(admin_url) = std::env::var("WOC_TEST_POSTGRES_URL") else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL benchmark test skipped");
        return;
    };
    let name = format!("woc_bench_{}", std::process::id());
    let admin = workorder::server::db::Db::connect(&admin_url)
        .await
        .unwrap();
    let workorder::server::db::Db::Postgres(pool) = &admin else {
        panic!("WOC_TEST_POSTGRES_URL must be postgres://")
    };
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(pool)
        .await
        .unwrap();
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    let output = tokio::task::spawn_blocking(move || {
        bench(&["--store", "postgres", "--database-url", &url, "--n", "10"])
    })
    .await
    .unwrap();
    let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(pool)
        .await;
    assert!(output.status.success(), "{output:?}");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]["raw_commits_per_s"].as_f64().unwrap() > 0.0);
    assert_eq!(lines[0]["commits_per_lifecycle"], 2.0);
}
