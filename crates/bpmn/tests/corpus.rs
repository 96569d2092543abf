//! Parses every BPMN file of the shared corpus: each must parse or be refused with a located
//! error, never panic. Spot checks confirm that the content of well-known models survives.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use woc_bpmn::{
    parse, validate, Definitions, EventDefinition, LoopCharacteristics, NodeKind, ParseError,
};

/// `<repo>/../shared/bpmn-corpus`: the manifest is `<repo>/crates/bpmn`.
fn corpus_dir() -> PathBuf {
    match std::env::var_os("WOC_BPMN_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bpmn-corpus"),
    }
}

fn bpmn_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            bpmn_files(&path, out);
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.ends_with(".bpmn") || name.ends_with(".bpmn20.xml") {
                out.push(path);
            }
        }
    }
}

fn load(relative: &str) -> Definitions {
    let path = corpus_dir().join(relative);
    let xml = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse(&xml).unwrap_or_else(|e| panic!("{relative} does not parse: {e}"))
}

#[test]
fn every_corpus_file_parses_or_is_refused_with_a_located_error() {
    let mut files = Vec::new();
    bpmn_files(&corpus_dir(), &mut files);
    files.sort();
    let (mut parsed, mut refused, mut with_errors, mut validation_errors) = (0, 0, 0, 0);
    let mut not_executable = 0;
    let mut failures = Vec::new();
    for file in &files {
        let shown = file.strip_prefix(corpus_dir()).unwrap_or(file).display();
        let Ok(xml) = std::fs::read_to_string(file) else {
            failures.push(format!("{shown}: not UTF-8 or unreadable"));
            continue;
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            parse(&xml).map(|defs| {
                let errors = defs
                    .processes
                    .iter()
                    .flat_map(|p| {
                        validate(p)
                            .into_iter()
                            .map(move |e| (p.id().to_string(), e))
                    })
                    .collect::<Vec<_>>();
                (defs.has_executable_process(), errors)
            })
        }));
        match outcome {
            Err(_) => failures.push(format!("{shown}: parse or validate panicked")),
            Ok(Err(error)) => {
                refused += 1;
                println!("REFUSED {shown}: {error}");
                if error.line().is_none() && !matches!(error, ParseError::TooLarge { .. }) {
                    failures.push(format!("{shown}: refusal without a line: {error}"));
                }
                if !shown.to_string().starts_with("miwg") {
                    failures.push(format!("{shown}: engine-tool file refused: {error}"));
                }
            }
            Ok(Ok((executable, errors))) => {
                parsed += 1;
                if !executable {
                    not_executable += 1;
                }
                if !errors.is_empty() {
                    with_errors += 1;
                    validation_errors += errors.len();
                    println!("INVALID {shown}:");
                    for (process, e) in &errors {
                        println!("    [{process}] {e}");
                    }
                }
            }
        }
    }
    println!(
        "corpus: {} files, {parsed} parsed ({not_executable} without an executable process), {refused} refused, {with_errors} with validation errors ({validation_errors} errors)",
        files.len()
    );
    assert!(
        files.len() > 100,
        "only {} corpus files found under {}; set WOC_BPMN_CORPUS",
        files.len(),
        corpus_dir().display()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

/// Damaged documents (truncated anywhere, or with a tag name garbled) must be refused or
/// parsed, never panic.
#[test]
fn damaged_documents_never_panic() {
    let mut files = Vec::new();
    bpmn_files(&corpus_dir(), &mut files);
    files.sort();
    let mut tried = 0;
    // A sample of files and cut points keeps this affordable in debug builds.
    for file in files.iter().step_by(10) {
        let Ok(xml) = std::fs::read_to_string(file) else {
            continue;
        };
        let step = (xml.len() / 40).max(1);
        let cuts = (0..xml.len())
            .step_by(step)
            .filter(|&i| xml.is_char_boundary(i));
        for cut in cuts {
            let truncated = &xml[..cut];
            let garbled = format!("{}<{}", truncated, &xml[cut..].replacen('>', "", 1));
            for damaged in [truncated, garbled.as_str()] {
                tried += 1;
                let outcome = catch_unwind(AssertUnwindSafe(|| {
                    if let Ok(defs) = parse(damaged) {
                        defs.processes.iter().for_each(|p| drop(validate(p)));
                    }
                }));
                assert!(
                    outcome.is_ok(),
                    "{} damaged at byte {cut} panicked",
                    file.display()
                );
            }
        }
    }
    println!("damaged variants tried: {tried}");
    assert!(tried > 500, "only {tried} damaged variants");
}

#[test]
fn exclusive_gateway_default_flow_and_conditions() {
    let defs = load("flowable/ExclusiveGatewayTest.testDefaultSequenceFlow.bpmn20.xml");
    let process = &defs.processes[0];
    let gateway = process
        .nodes()
        .find(|n| matches!(n.kind, NodeKind::ExclusiveGateway))
        .expect("an exclusive gateway");
    let default = gateway.default_flow.as_deref().expect("a default flow");
    assert!(gateway.outgoing.iter().any(|f| f == default));
    let conditional = process
        .outgoing(&gateway.id)
        .filter(|f| f.condition.is_some())
        .count();
    assert!(
        conditional >= 2,
        "expected conditional flows, found {conditional}"
    );
    assert!(process.flow(default).is_some_and(|f| f.condition.is_none()));
    assert!(validate(process).is_empty(), "{:?}", validate(process));
}

#[test]
fn invoice_user_tasks_have_candidate_groups() {
    let defs = load("camunda/invoice.v2.bpmn");
    let process = defs.process("invoice").expect("process 'invoice'");
    let groups: Vec<(&str, &[String])> = process
        .nodes()
        .filter_map(|n| match &n.kind {
            NodeKind::UserTask(t) if !t.candidate_groups.is_empty() => {
                Some((n.id.as_str(), t.candidate_groups.as_slice()))
            }
            _ => None,
        })
        .collect();
    assert!(
        groups
            .iter()
            .any(|(_, g)| g.contains(&"accounting".to_string())),
        "{groups:?}"
    );
    assert!(!defs.collaborations.is_empty());
    assert!(!process.lanes().is_empty());
}

#[test]
fn vacation_request_user_tasks() {
    let defs = load("flowable/VacationRequest.bpmn20.xml");
    let process = &defs.processes[0];
    let tasks: Vec<&str> = process
        .nodes()
        .filter(|n| matches!(n.kind, NodeKind::UserTask(_)))
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(tasks, ["handleRequest", "adjustVacationRequestTask"]);
    let NodeKind::UserTask(handle) = &process.node("handleRequest").expect("task").kind else {
        panic!("handleRequest is not a user task");
    };
    assert_eq!(handle.candidate_groups, ["management"]);
    let (start, data) = process.start_events(None).next().expect("a start event");
    assert_eq!(start.id, "request");
    assert_eq!(data.initiator.as_deref(), Some("employeeName"));
}

#[test]
fn miwg_reference_keeps_diagram_shapes() {
    let defs = load("miwg/A.1.0.bpmn");
    let shapes: Vec<_> = defs.diagrams.iter().flat_map(|d| &d.shapes).collect();
    assert!(shapes.len() >= 5, "{} shapes", shapes.len());
    assert!(shapes.iter().all(|s| s.bounds.is_some()));
    let edges: Vec<_> = defs.diagrams.iter().flat_map(|d| &d.edges).collect();
    assert!(edges.iter().all(|e| e.waypoints.len() >= 2));
    let process = &defs.processes[0];
    for shape in &shapes {
        let element = shape.bpmn_element.as_deref().expect("bpmnElement");
        assert!(
            process.node(element).is_some(),
            "shape for unknown '{element}'"
        );
    }
}

#[test]
fn prefix_camunda_bound_to_activiti_uri_still_yields_assignees() {
    let defs = load("camunda/user-task-identity-links.bpmn");
    let assigned = defs
        .processes
        .iter()
        .flat_map(|p| p.nodes())
        .filter(|n| matches!(&n.kind, NodeKind::UserTask(t) if t.assignee.is_some()))
        .count();
    assert!(assigned > 0);
}

#[test]
fn multi_instance_collection_and_element_variable() {
    let defs = load("camunda/MultiInstanceTest.testParallelUserTasksCustomExtensions.bpmn20.xml");
    let mi = defs.processes[0]
        .nodes()
        .find_map(|n| match &n.loop_characteristics {
            Some(LoopCharacteristics::MultiInstance(mi)) => Some(mi.clone()),
            _ => None,
        })
        .expect("a multi-instance activity");
    assert!(mi.collection.is_some());
    assert!(mi.element_variable.is_some());
}

#[test]
fn timer_boundary_on_ruoyi_timeout_approve() {
    let defs = load("ruoyi/timeout-approve.bpmn20.xml");
    let process = &defs.processes[0];
    let boundary = process
        .nodes()
        .find_map(|n| match &n.kind {
            NodeKind::BoundaryEvent(b) => Some(b.clone()),
            _ => None,
        })
        .expect("a boundary event");
    assert!(!boundary.cancel_activity);
    assert!(matches!(
        boundary.trigger,
        Some(EventDefinition::Timer(Some(_)))
    ));
    assert_eq!(
        process.boundary_events(&boundary.attached_to).count(),
        1,
        "the host lists its boundary event"
    );
}
