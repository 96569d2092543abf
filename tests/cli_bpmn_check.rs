//! `workorder bpmn check`: the built binary on corpus files and on small broken models.

use std::path::{Path, PathBuf};
use std::process::Command;

fn corpus(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/bpmn-corpus")
        .join(path)
}

/// Runs `workorder bpmn check` on `files`; returns stdout lines and the exit code.
fn check(files: &[&Path]) -> (Vec<String>, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_workorder"))
        .args(["bpmn", "check"])
        .args(files)
        .output()
        .expect("the binary runs");
    let stdout = String::from_utf8(output.stdout).expect("utf-8 output");
    let code = output.status.code().expect("exited normally");
    (stdout.lines().map(str::to_string).collect(), code)
}

/// A scratch folder of model files, removed when dropped.
struct Models(PathBuf);

impl Models {
    fn new(name: &str) -> Models {
        let dir =
            std::env::temp_dir().join(format!("woc-bpmn-check-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Models(dir)
    }

    /// Writes a document whose process holds `body`, one element per line from line 4.
    fn process(&self, file: &str, body: &str) -> PathBuf {
        self.raw(
            file,
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<process id=\"p\" isExecutable=\"true\">\n{body}\n</process>\n</definitions>\n"
            ),
        )
    }

    fn raw(&self, file: &str, xml: &str) -> PathBuf {
        let path = self.0.join(file);
        std::fs::write(&path, xml).expect("write model");
        path
    }
}

impl Drop for Models {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn deployable_corpus_models_are_ok_with_their_process_ids() {
    let invoice = corpus("camunda/invoice.v2.bpmn");
    let parallel = corpus("camunda/parallel-user-tasks.bpmn");
    let (lines, code) = check(&[&invoice, &parallel]);
    assert_eq!(code, 0, "{lines:?}");
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0], format!("ok {} invoice", invoice.display()));
    assert!(
        lines[1].starts_with(&format!("ok {} ", parallel.display())),
        "{lines:?}"
    );
}

#[test]
fn refused_corpus_model_names_line_and_element() {
    let references = corpus("camunda/call-activities-with-references.bpmn");
    let (lines, code) = check(&[&references]);
    assert_eq!(code, 1, "{lines:?}");
    assert!(
        lines.contains(&format!(
            "error {}:27 no_reference_1 call activity has no calledElement",
            references.display()
        )),
        "{lines:?}"
    );
}

#[test]
fn signal_events_are_accepted_since_the_engine_runs_them() {
    let signal =
        corpus("camunda/SignalEventConcurrencyTest.testSignalWithCompletedExecution.bpmn20.xml");
    let (lines, code) = check(&[&signal]);
    assert_eq!(code, 0, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("ok {} ", signal.display())),
        "{lines:?}"
    );
}

#[test]
fn descriptive_model_without_executable_process_fails() {
    let descriptive = corpus("miwg/A.1.0.bpmn");
    let (lines, code) = check(&[&descriptive]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [format!(
            "error {} - the document has no executable process (isExecutable=\"true\")",
            descriptive.display()
        )]
    );
}

#[test]
fn flow_to_a_missing_node() {
    let models = Models::new("dangling");
    let path = models.process(
        "dangling.bpmn",
        "<startEvent id=\"start\"/>\n<sequenceFlow id=\"toGhost\" sourceRef=\"start\" targetRef=\"ghost\"/>",
    );
    let (lines, code) = check(&[&path]);
    assert_eq!(code, 1, "{lines:?}");
    let prefix = format!("error {}:5 toGhost ", path.display());
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&prefix) && l.contains("ghost")),
        "{lines:?}"
    );
}

#[test]
fn gateway_without_outgoing_flow() {
    let models = Models::new("gateway");
    let path = models.process(
        "gateway.bpmn",
        "<startEvent id=\"start\"/>\n<exclusiveGateway id=\"decide\"/>\n<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"decide\"/>",
    );
    let (lines, code) = check(&[&path]);
    assert_eq!(code, 1, "{lines:?}");
    let prefix = format!("error {}:5 decide ", path.display());
    assert!(lines.iter().any(|l| l.starts_with(&prefix)), "{lines:?}");
}

#[test]
fn condition_that_does_not_parse() {
    let models = Models::new("condition");
    let path = models.process(
        "condition.bpmn",
        "<startEvent id=\"start\"/>\n<endEvent id=\"end\"/>\n<sequenceFlow id=\"f1\" sourceRef=\"start\" targetRef=\"end\"><conditionExpression>${amount &gt;}</conditionExpression></sequenceFlow>",
    );
    let (lines, code) = check(&[&path]);
    assert_eq!(code, 1, "{lines:?}");
    let prefix = format!(
        "error {}:6 f1 condition `${{amount >}}` is invalid",
        path.display()
    );
    assert!(lines.iter().any(|l| l.starts_with(&prefix)), "{lines:?}");
    assert_eq!(lines.len(), 1, "reported once: {lines:?}");
}

#[test]
fn doctype_is_refused_at_its_line() {
    let models = Models::new("dtd");
    let path = models.raw(
        "dtd.bpmn",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE definitions [<!ENTITY x \"y\">]>\n<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"/>\n",
    );
    let (lines, code) = check(&[&path]);
    assert_eq!(code, 1, "{lines:?}");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let prefix = format!(
        "error {}:2 - DOCTYPE/DTD declarations are not allowed",
        path.display()
    );
    assert!(lines[0].starts_with(&prefix), "{lines:?}");
}

#[test]
fn missing_file_is_a_usage_error_naming_it() {
    let invoice = corpus("camunda/invoice.v2.bpmn");
    let missing = Path::new("/nonexistent/model.bpmn");
    let (lines, code) = check(&[&invoice, missing]);
    assert_eq!(code, 2, "{lines:?}");
    assert!(lines[0].starts_with("ok "), "{lines:?}");
    assert!(
        lines[1].starts_with("error /nonexistent/model.bpmn - cannot read:"),
        "{lines:?}"
    );
}

#[test]
fn no_files_is_a_usage_error() {
    let (_, code) = check(&[]);
    assert_eq!(code, 2);
}
