//! Test harness: an engine over a memory store with a manual clock, and corpus access.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};
use woc_engine::{
    Command, DefinitionRef, Engine, EngineError, Event, EventKind, ManualClock, MemoryStore,
    Outcome, ProcessInstance, Store, Task, Timestamp,
};

/// 2026-01-01T00:00:00Z.
pub const T0: Timestamp = Timestamp(1_767_225_600_000);

pub fn corpus(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/bpmn-corpus")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

pub fn vars(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub struct Harness {
    pub engine: Engine<MemoryStore>,
    pub clock: Arc<ManualClock>,
}

impl Harness {
    pub fn new() -> Self {
        let clock = Arc::new(ManualClock::new(T0));
        Harness {
            engine: Engine::new(MemoryStore::new(), clock.clone()),
            clock,
        }
    }

    pub fn with_corpus(path: &str) -> Self {
        let h = Self::new();
        h.engine
            .deploy(&corpus(path))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        h
    }

    pub fn with_xml(xml: &str) -> Self {
        let h = Self::new();
        h.engine.deploy(xml).unwrap_or_else(|e| panic!("{e}"));
        h
    }

    pub fn try_start(
        &self,
        key: &str,
        variables: Value,
        actor: &str,
    ) -> Result<Outcome, EngineError> {
        self.engine.execute(
            Command::Start {
                definition: DefinitionRef::Key(key.to_string()),
                business_key: None,
                variables: vars(variables),
                parent: None,
                start_event: None,
            },
            Some(actor),
        )
    }

    pub fn start(&self, key: &str, variables: Value) -> String {
        self.try_start(key, variables, "starter")
            .unwrap_or_else(|e| panic!("start {key}: {e}"))
            .instance_id
    }

    pub fn instance(&self, id: &str) -> ProcessInstance {
        self.engine.store().load(id).expect("instance exists")
    }

    /// Open tasks' node ids, sorted.
    pub fn open_nodes(&self, id: &str) -> Vec<String> {
        let mut nodes: Vec<String> = self
            .instance(id)
            .tasks
            .values()
            .map(|t| t.node.clone())
            .collect();
        nodes.sort();
        nodes
    }

    pub fn task_at(&self, id: &str, node: &str) -> Task {
        self.instance(id)
            .tasks
            .values()
            .find(|t| t.node == node)
            .map(|t| Task::clone(t))
            .unwrap_or_else(|| panic!("no open task at {node}; open: {:?}", self.open_nodes(id)))
    }

    pub fn try_complete(
        &self,
        task_id: &str,
        variables: Value,
        actor: &str,
    ) -> Result<Outcome, EngineError> {
        self.engine.execute(
            Command::Complete {
                task_id: task_id.to_string(),
                variables: vars(variables),
                comment: None,
                next_assignees: vec![],
                copy_to: vec![],
            },
            Some(actor),
        )
    }

    pub fn complete_at(&self, id: &str, node: &str, variables: Value) -> Outcome {
        let task = self.task_at(id, node);
        self.try_complete(&task.id, variables, "user")
            .unwrap_or_else(|e| panic!("complete {node}: {e}"))
    }

    pub fn run(&self, command: Command, actor: &str) -> Result<Outcome, EngineError> {
        self.engine.execute(command, Some(actor))
    }

    /// Checks the structural invariants every committed instance must keep.
    pub fn check_invariants(&self, id: &str) {
        let state = self.instance(id);
        check_state(&state);
        let history = self.engine.store().history(id).expect("history");
        check_lifecycle(&state, &history);
        let mut replayed = woc_engine::replay(id, &history);
        replayed.revision = state.revision;
        assert_eq!(
            replayed, state,
            "history does not rebuild the runtime state"
        );
    }
}

/// No token leaks: ended instances hold nothing; every task, job and subscription belongs to
/// a live execution; every execution's parent exists.
pub fn check_state(state: &ProcessInstance) {
    if state.status.is_ended() {
        assert!(
            state.executions.is_empty(),
            "ended instance keeps executions: {:?}",
            state.executions
        );
        assert!(state.tasks.is_empty(), "ended instance keeps tasks");
        assert!(state.jobs.is_empty(), "ended instance keeps jobs");
        assert!(
            state.subscriptions.is_empty(),
            "ended instance keeps subscriptions"
        );
        return;
    }
    for e in state.executions.values() {
        if let Some(p) = e.parent {
            assert!(
                state.executions.contains_key(&p),
                "execution {} has a missing parent {p}",
                e.id
            );
        }
    }
    for t in state.tasks.values() {
        assert!(
            state.executions.contains_key(&t.execution),
            "task {} on a missing execution",
            t.id
        );
    }
    for j in state.jobs.values() {
        assert!(
            state.executions.contains_key(&j.execution),
            "job {} on a missing execution",
            j.id
        );
    }
    for s in &state.subscriptions {
        assert!(
            state.executions.contains_key(&s.execution),
            "subscription on a missing execution"
        );
    }
    // A running instance has somewhere to be: a waiting token.
    assert!(
        state.executions.values().any(|e| e.wait.is_some()),
        "running instance with no waiting token: {:?}",
        state.executions
    );
}

/// Activity lifecycle in the history: per execution, starts and ends alternate for the same
/// node; an execution still at an activity has it started and not ended; every task created is
/// completed or cancelled once, or is still open.
pub fn check_lifecycle(state: &ProcessInstance, history: &[Event]) {
    use std::collections::{HashMap, HashSet};
    let mut open: HashMap<u64, std::sync::Arc<str>> = HashMap::new();
    let mut tasks: HashSet<String> = HashSet::new();
    for event in history {
        match &event.kind {
            EventKind::ActivityStarted {
                execution, node, ..
            } => {
                if let Some(previous) = open.insert(*execution, node.clone()) {
                    panic!("execution {execution} started {node} while still in {previous}");
                }
            }
            EventKind::ActivityEnded {
                execution, node, ..
            } => match open.remove(execution) {
                Some(started) => {
                    assert_eq!(&started, node, "execution {execution} ended another node")
                }
                None => panic!("execution {execution} ended {node} without starting it"),
            },
            EventKind::ExecutionRemoved { execution } => {
                if let Some(node) = open.remove(execution) {
                    panic!("execution {execution} removed while in {node}");
                }
            }
            EventKind::TaskCreated { task } => {
                assert!(tasks.insert(task.id.clone()), "task created twice")
            }
            EventKind::TaskCompleted { task_id, .. } | EventKind::TaskCanceled { task_id, .. } => {
                assert!(
                    tasks.remove(task_id),
                    "task {task_id} ended without being open"
                )
            }
            _ => {}
        }
    }
    for (execution, node) in &open {
        let current = state.executions.get(execution).and_then(|e| e.node.clone());
        assert_eq!(
            current.as_ref(),
            Some(node),
            "execution {execution} left {node} without ending it"
        );
    }
    let still_open: HashSet<String> = state.tasks.keys().cloned().collect();
    assert_eq!(tasks, still_open, "open tasks disagree with the history");
}
