//! Test support: runs inline models through the pure executor without a store.

use serde_json::Value;

use crate::clock::Timestamp;
use crate::command::{Command, DefinitionRef, Effect};
use crate::definition::Definition;
use crate::engine::run_command;
use crate::error::EngineError;
use crate::event::Event;
use crate::instance::{InstanceStatus, ProcessInstance, Task};
use crate::run::EngineConfig;

/// Wraps process elements in a document declaring message `go` (`m1`), errors `E1` (`e1`) and
/// `E2` (`e2`) and signal `here` (`local`), scoped to the process instance.
pub(crate) fn model(body: &str) -> String {
    format!(
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn">
        <message id="m1" name="go"/><error id="e1" errorCode="E1"/><error id="e2" errorCode="E2"/>
        <signal id="local" name="here" flowable:scope="processInstance"/>
        <process id="p" isExecutable="true">{body}</process></definitions>"#
    )
}

/// A sequence flow.
pub(crate) fn seq(id: &str, from: &str, to: &str) -> String {
    format!(r#"<sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"/>"#)
}

/// A conditional sequence flow.
pub(crate) fn when(id: &str, from: &str, to: &str, condition: &str) -> String {
    format!(
        r#"<sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><conditionExpression>{condition}</conditionExpression></sequenceFlow>"#
    )
}

/// One instance of an inline model, driven command by command.
pub(crate) struct Scenario {
    pub definition: Definition,
    pub config: EngineConfig,
    pub state: ProcessInstance,
    pub events: Vec<Event>,
    pub effects: Vec<Effect>,
    pub now: Timestamp,
}

impl Scenario {
    /// Starts `p` from the elements in `body` with `variables`, as user `starter`.
    pub fn start(body: &str, variables: Value) -> Scenario {
        Self::try_start(body, variables, EngineConfig::default())
            .unwrap_or_else(|e| panic!("start: {e}"))
    }

    /// Like `start`, returning the error.
    pub fn try_start(
        body: &str,
        variables: Value,
        config: EngineConfig,
    ) -> Result<Scenario, EngineError> {
        let definitions = woc_bpmn::parse(&model(body)).map_err(|e| EngineError::Deployment {
            problems: vec![e.to_string()],
        })?;
        let process =
            definitions
                .processes
                .into_iter()
                .next()
                .ok_or_else(|| EngineError::Deployment {
                    problems: vec!["no process".into()],
                })?;
        let definition = Definition::deploy(process, 1)?;
        let mut scenario = Scenario {
            definition,
            config,
            state: ProcessInstance::blank("pi"),
            events: Vec::new(),
            effects: Vec::new(),
            now: Timestamp(0),
        };
        let variables = match variables {
            Value::Object(map) => map,
            _ => Default::default(),
        };
        scenario.run(
            Command::Start {
                definition: DefinitionRef::Key("p".into()),
                business_key: Some("bk".into()),
                variables,
                parent: None,
                start_event: None,
            },
            "starter",
        )?;
        Ok(scenario)
    }

    /// Runs a command; on success the new state replaces the old one.
    pub fn run(&mut self, command: Command, actor: &str) -> Result<(), EngineError> {
        let executed = run_command(
            &self.definition,
            &self.config,
            self.state.clone(),
            command,
            Some(actor),
            self.now,
        )?;
        self.state = *executed.instance;
        self.events.extend(executed.outcome.events.iter().cloned());
        self.effects = executed.outcome.effects;
        let replayed = crate::apply::replay("pi", &self.events);
        assert_eq!(replayed, self.state, "history must rebuild the state");
        Ok(())
    }

    /// Node ids of open tasks, sorted.
    pub fn open(&self) -> Vec<String> {
        let mut nodes: Vec<String> = self.state.tasks.values().map(|t| t.node.clone()).collect();
        nodes.sort();
        nodes
    }

    /// The open task at `node`.
    pub fn task(&self, node: &str) -> Task {
        self.state
            .tasks
            .values()
            .find(|t| t.node == node)
            .map(|t| Task::clone(t))
            .unwrap_or_else(|| panic!("no task at {node}: {:?}", self.open()))
    }

    /// Completes the task at `node`.
    pub fn complete(&mut self, node: &str, variables: Value) {
        self.try_complete(node, variables)
            .unwrap_or_else(|e| panic!("complete {node}: {e}"));
    }

    /// Completes the task at `node`, returning the error.
    pub fn try_complete(&mut self, node: &str, variables: Value) -> Result<(), EngineError> {
        let task = self.task(node);
        let variables = match variables {
            Value::Object(map) => map,
            _ => Default::default(),
        };
        self.run(
            Command::Complete {
                task_id: task.id,
                variables,
                comment: None,
                next_assignees: vec![],
                copy_to: vec![],
            },
            "user",
        )
    }

    /// Moves time on and fires every due timer, oldest first.
    pub fn advance(&mut self, millis: i64) {
        self.now = self.now.plus_millis(millis);
        loop {
            let due = self
                .state
                .jobs
                .values()
                .filter(|j| {
                    j.due <= self.now && matches!(j.kind, crate::instance::JobKind::Timer { .. })
                })
                .min_by_key(|j| (j.due, j.id.clone()))
                .map(|j| j.id.clone());
            let Some(job_id) = due else { break };
            self.run(Command::FireTimer { job_id }, "timer")
                .unwrap_or_else(|e| panic!("timer: {e}"));
        }
    }

    /// The instance status.
    pub fn status(&self) -> InstanceStatus {
        self.state.status
    }
}
