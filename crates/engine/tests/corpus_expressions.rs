//! Every condition in the BPMN corpus passes the deploy-time expression check.

use std::path::PathBuf;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bpmn-corpus")
}

#[test]
fn corpus_conditions_parse() {
    let mut checked = 0;
    for dir in ["flowable", "camunda", "ruoyi", "miwg"] {
        let Ok(entries) = std::fs::read_dir(corpus().join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path.to_string_lossy().to_string();
            if !(name.ends_with(".bpmn") || name.ends_with(".xml")) {
                continue;
            }
            let Ok(xml) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(definitions) = woc_bpmn::parse(&xml) else {
                continue;
            };
            for process in &definitions.processes {
                for flow in process.flows() {
                    if let Some(condition) = &flow.condition {
                        checked += 1;
                        woc_engine::expr::check(condition)
                            .unwrap_or_else(|e| panic!("{name}: {}: {e}", flow.id));
                    }
                }
            }
        }
    }
    assert!(checked > 10, "only {checked} conditions found");
}
