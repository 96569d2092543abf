//! `workorder bench todo`: runs end to end with tiny sizes, prints one line per size and the
//! ratio line (never checks timings, which depend on the machine).

use std::process::{Command, Output};

fn bench(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workorder"))
        .args(["bench", "todo"])
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

fn assert_shape(output: &Output, store: &str) {
    assert!(output.status.success(), "{output:?}");
    let lines = json_lines(output);
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, (open, mine)) in lines.iter().zip([(20, 10), (40, 20)]) {
        assert_eq!(line["store"], store);
        assert_eq!(line["open_tasks"], open);
        assert_eq!(line["user_tasks"], mine);
        assert_eq!(line["queries"], 5);
        for field in ["p50_ms", "p99_ms", "max_ms", "seed_per_s"] {
            assert!(line[field].is_number(), "{field} missing in {line}");
        }
        for series in ["page1", "page50", "count"] {
            assert!(line[series]["p99_ms"].is_number(), "{series} in {line}");
        }
    }
    let summary = &lines[2];
    assert_eq!(summary["smallest"], 20);
    assert_eq!(summary["largest"], 40);
    assert!(summary["p99_ratio"].as_f64().unwrap() > 0.0, "{summary}");
    assert!(summary["targets_met"].is_boolean(), "{summary}");
}

#[test]
fn sqlite_prints_a_line_per_size_and_the_ratio() {
    let output = bench(&["--store", "sqlite", "--open", "20,40", "--queries", "5"]);
    assert_shape(&output, "sqlite");
}

#[test]
fn usage_errors_exit_with_2() {
    for args in [
        &["--store", "postgres", "--open", "20"][..],
        &["--store", "memory", "--open", "20"][..],
        &["--store", "sqlite", "--open", "40,20"][..],
    ] {
        let output = bench(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

/// Runs only where the suite's PostgreSQL is configured (`WOC_TEST_POSTGRES_URL`); the
/// command creates and drops its own database on that server.
#[test]
fn postgres_runs_in_a_database_of_its_own() {
    let Ok(url) = std::env::var("WOC_TEST_POSTGRES_URL") else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL todo benchmark test skipped");
        return;
    };
    let output = bench(&[
        "--store",
        "postgres",
        "--database-url",
        &url,
        "--open",
        "20,40",
        "--queries",
        "5",
    ]);
    assert_shape(&output, "postgres");
}
