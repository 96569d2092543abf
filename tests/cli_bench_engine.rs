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
fn sqlite_measures_the_commit_ceiling_then_refuses_the_lifecycles() {
    let output = bench(&["--store", "sqlite", "--n", "20"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1);
    assert!(lines[0]["raw_commits_per_s"].is_number());
    assert!(
        lines[0].get("lifecycles_per_s").is_none(),
        "no invented figures"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("sqlite/postgres lifecycle benchmark needs crates/store"),
        "{stderr}"
    );
}

#[test]
fn postgres_without_a_url_is_a_usage_error() {
    let output = bench(&["--store", "postgres", "--n", "5"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}

/// Runs only where the suite's PostgreSQL is configured (see README, `WOC_TEST_POSTGRES_URL`).
#[test]
fn postgres_measures_the_commit_ceiling_when_a_server_is_configured() {
    let Ok(url) = std::env::var("WOC_TEST_POSTGRES_URL") else {
        return;
    };
    let output = bench(&["--store", "postgres", "--database-url", &url, "--n", "10"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let lines = json_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0]["raw_commits_per_s"].as_f64().unwrap() > 0.0);
}
