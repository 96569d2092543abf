//! The process models `bench engine` runs: three built in, or a BPMN file.
//!
//! The built-in models isolate one engine path each: a wait state (user task), pure
//! straight-through execution (no wait at all), and a parallel fork/join.

use std::path::PathBuf;

/// Which model a benchmark runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BenchModel {
    /// start -> one user task -> end: two commands per lifecycle.
    UserTask,
    /// start -> five expression service tasks -> end: one command per lifecycle.
    StraightThrough,
    /// start -> fork -> four user tasks -> join -> end: five commands per lifecycle.
    Parallel,
    /// A model file; its user tasks are completed in creation order.
    File(PathBuf),
}

impl BenchModel {
    /// Reads `user-task`, `straight-through`, `parallel`, or else a path to a BPMN file.
    pub fn from_arg(text: &str) -> BenchModel {
        match text {
            "user-task" => BenchModel::UserTask,
            "straight-through" => BenchModel::StraightThrough,
            "parallel" => BenchModel::Parallel,
            path => BenchModel::File(PathBuf::from(path)),
        }
    }

    /// The name printed in the result line.
    pub fn name(&self) -> String {
        match self {
            BenchModel::UserTask => "user-task".into(),
            BenchModel::StraightThrough => "straight-through".into(),
            BenchModel::Parallel => "parallel".into(),
            BenchModel::File(path) => path.display().to_string(),
        }
    }

    /// The model's BPMN XML: generated for a built-in model, read for a file.
    pub fn xml(&self) -> std::io::Result<String> {
        let body = match self {
            BenchModel::UserTask => user_task(),
            BenchModel::StraightThrough => straight_through(),
            BenchModel::Parallel => parallel(),
            BenchModel::File(path) => return std::fs::read_to_string(path),
        };
        Ok(format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn"
             targetNamespace="bench">
  <process id="{PROCESS_KEY}" isExecutable="true">
{body}  </process>
</definitions>
"#
        ))
    }
}

/// Process id of every built-in model.
pub const PROCESS_KEY: &str = "bench";

fn user_task() -> String {
    r#"    <startEvent id="start"/>
    <userTask id="approve" flowable:assignee="bench"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
"#
    .to_string()
}

fn straight_through() -> String {
    let mut body = String::from("    <startEvent id=\"start\"/>\n");
    let mut previous = "start".to_string();
    for i in 1..=5 {
        body.push_str(&format!(
            "    <serviceTask id=\"step{i}\" flowable:expression=\"${{true}}\"/>\n    <sequenceFlow id=\"f{i}\" sourceRef=\"{previous}\" targetRef=\"step{i}\"/>\n"
        ));
        previous = format!("step{i}");
    }
    body.push_str(&format!(
        "    <endEvent id=\"end\"/>\n    <sequenceFlow id=\"f6\" sourceRef=\"{previous}\" targetRef=\"end\"/>\n"
    ));
    body
}

fn parallel() -> String {
    let mut body = String::from(
        "    <startEvent id=\"start\"/>\n    <parallelGateway id=\"fork\"/>\n    <parallelGateway id=\"join\"/>\n    <endEvent id=\"end\"/>\n    <sequenceFlow id=\"in\" sourceRef=\"start\" targetRef=\"fork\"/>\n    <sequenceFlow id=\"out\" sourceRef=\"join\" targetRef=\"end\"/>\n",
    );
    for i in 1..=4 {
        body.push_str(&format!(
            "    <userTask id=\"review{i}\" flowable:assignee=\"bench\"/>\n    <sequenceFlow id=\"to{i}\" sourceRef=\"fork\" targetRef=\"review{i}\"/>\n    <sequenceFlow id=\"from{i}\" sourceRef=\"review{i}\" targetRef=\"join\"/>\n"
        ));
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_models_pass_validation() {
        for model in [
            BenchModel::UserTask,
            BenchModel::StraightThrough,
            BenchModel::Parallel,
        ] {
            let xml = model.xml().expect("built in");
            let definitions = woc_bpmn::parse(&xml).expect("parses");
            let process = definitions.process(PROCESS_KEY).expect("the process");
            assert!(woc_bpmn::validate(process).is_empty(), "{}", model.name());
        }
    }

    #[test]
    fn other_names_are_files() {
        assert_eq!(
            BenchModel::from_arg("models/leave.bpmn"),
            BenchModel::File(PathBuf::from("models/leave.bpmn"))
        );
    }
}
