//! One command's run over a working copy of an instance: emitting events, ids, variables.
//!
//! The working copy is thrown away when the command fails, which makes commands atomic.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

use serde_json::Value;
use woc_bpmn::FlowNode;

use crate::agenda::Operation;
use crate::apply::apply;
use crate::clock::Timestamp;
use crate::command::{Command, Effect, Variables};
use crate::definition::Definition;
use crate::error::EngineError;
use crate::event::{Event, EventKind};
use crate::expr::VariableScope;
use crate::instance::{ExecutionId, InstanceStatus, ProcessInstance, SubscriptionKind, Task, ROOT};
use crate::lifecycle::Lifecycle;

/// How the engine treats what it cannot do itself; limits that keep commands bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineConfig {
    /// Service tasks with an external implementation become jobs (default) or complete as no-op.
    pub service_tasks: ServiceTaskMode,
    /// Operations one command may run before it is stopped as a loop.
    pub max_steps: usize,
    /// Deepest chain of call activities.
    pub max_call_depth: u32,
    /// Attempts for a service job before it becomes an incident.
    pub job_retries: u32,
    /// Delay before a failed job is retried, in milliseconds.
    pub retry_delay_ms: i64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            service_tasks: ServiceTaskMode::Job,
            max_steps: 10_000,
            max_call_depth: 8,
            job_retries: 3,
            retry_delay_ms: 60_000,
        }
    }
}

/// What a service task with a class, delegate expression or built-in type (http, mail...) does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceTaskMode {
    /// It waits on a `Job` that the host runs and reports with `CompleteJob`/`FailJob`.
    Job,
    /// It passes through without doing anything (for tests and dry runs).
    NoOp,
}

/// The state of one command's run.
pub(crate) struct Run<'a> {
    pub def: &'a Definition,
    pub config: &'a EngineConfig,
    /// The working copy (boxed, as handed from load to commit).
    pub state: Box<ProcessInstance>,
    pub now: Timestamp,
    /// Shared by every event of the command.
    pub actor: Option<Arc<str>>,
    pub events: Vec<Event>,
    pub effects: Vec<Effect>,
    pub agenda: VecDeque<Operation>,
    pub steps: usize,
    /// `nextUserIds`: assignees for user tasks created later in this command.
    pub next_assignees: Vec<String>,
    /// Tasks created by this command.
    pub new_tasks: Vec<String>,
    /// Activity lifecycle check over the emitted events.
    pub lifecycle: Lifecycle,
    /// Conditional subscriptions opened in this command and not evaluated yet.
    pub fresh_conditions: Vec<u64>,
    /// Variables changed since conditions were last evaluated (only tracked while the
    /// instance has a conditional subscription).
    pub changed_variables: BTreeSet<String>,
}

/// Variables visible from an execution: its own, its ancestors', then the process's.
pub(crate) struct ExecutionScope<'s> {
    pub state: &'s ProcessInstance,
    pub execution: Option<ExecutionId>,
}

impl VariableScope for ExecutionScope<'_> {
    fn variable(&self, name: &str) -> Option<&Value> {
        let mut current = self.execution;
        while let Some(id) = current {
            let Some(execution) = self.state.executions.get(&id) else {
                break;
            };
            if let Some(v) = execution.variables.get(name) {
                return Some(v);
            }
            current = execution.parent;
        }
        self.state.variables.get(name)
    }
}

impl<'a> Run<'a> {
    /// A run over `state` for `actor` at `now`.
    pub fn new(
        def: &'a Definition,
        config: &'a EngineConfig,
        state: Box<ProcessInstance>,
        now: Timestamp,
        actor: Option<Arc<str>>,
    ) -> Self {
        Run {
            lifecycle: Lifecycle::of(&state),
            def,
            config,
            state,
            now,
            actor,
            // Room for a typical command's events (a user task lifecycle emits 9 and 10), so
            // emitting does not regrow the vector several times per command.
            events: Vec::with_capacity(16),
            effects: Vec::new(),
            // Sized up front: every command queues a few operations, and growing from empty
            // costs more than this one allocation.
            agenda: VecDeque::with_capacity(8),
            steps: 0,
            next_assignees: Vec::new(),
            new_tasks: Vec::new(),
            fresh_conditions: Vec::new(),
            changed_variables: BTreeSet::new(),
        }
    }

    /// Records an event and applies it to the working state.
    pub fn emit(&mut self, kind: EventKind) {
        self.lifecycle.observe(&kind);
        if let EventKind::VariableSet { name, .. } = &kind {
            if self
                .state
                .subscriptions
                .iter()
                .any(|s| s.kind == SubscriptionKind::Conditional)
            {
                self.changed_variables.insert(name.clone());
            }
        }
        let event = Event {
            at: self.now,
            actor: self.actor.clone(),
            kind,
        };
        apply(&mut self.state, &event);
        self.events.push(event);
    }

    /// The id the next created execution, task, job or subscription gets.
    pub fn next_sequence(&self) -> u64 {
        self.state.sequence + 1
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Result<&'a FlowNode, EngineError> {
        self.def.node(id)
    }

    /// The node an execution is at.
    pub fn node_of(&self, execution: ExecutionId) -> Result<&'a FlowNode, EngineError> {
        let id = self
            .state
            .executions
            .get(&execution)
            .and_then(|e| e.node.clone())
            .ok_or_else(|| {
                EngineError::model("?", format!("execution {execution} is at no node"))
            })?;
        self.node(&id)
    }

    /// Variables as seen from `execution`.
    pub fn scope(&self, execution: ExecutionId) -> ExecutionScope<'_> {
        ExecutionScope {
            state: &self.state,
            execution: Some(execution),
        }
    }

    /// Evaluates an expression of `element` in the scope of `execution`.
    pub fn eval(
        &self,
        execution: ExecutionId,
        element: &str,
        text: &str,
    ) -> Result<Value, EngineError> {
        let wrap = |source| EngineError::Expression {
            element: element.to_string(),
            source,
        };
        let expression = self.def.expression(text).map_err(wrap)?;
        expression.evaluate(&self.scope(execution)).map_err(wrap)
    }

    /// Evaluates a condition of `element` in the scope of `execution`.
    pub fn eval_bool(
        &self,
        execution: ExecutionId,
        element: &str,
        text: &str,
    ) -> Result<bool, EngineError> {
        let wrap = |source| EngineError::Expression {
            element: element.to_string(),
            source,
        };
        let expression = self.def.expression(text).map_err(wrap)?;
        expression
            .evaluate_bool(&self.scope(execution))
            .map_err(wrap)
    }

    /// Sets a variable where it already lives (nearest scope), else at process level, as
    /// Flowable's `setVariable` does.
    pub fn set_variable(&mut self, from: Option<ExecutionId>, name: &str, value: Value) {
        let mut current = from;
        let mut target = None;
        while let Some(id) = current {
            let Some(execution) = self.state.executions.get(&id) else {
                break;
            };
            if execution.variables.contains_key(name) {
                target = Some(id);
                break;
            }
            current = execution.parent;
        }
        self.emit(EventKind::VariableSet {
            execution: target,
            name: name.to_string(),
            value,
        });
    }

    /// Sets each variable with `set_variable`.
    pub fn set_variables(&mut self, from: Option<ExecutionId>, variables: Variables) {
        for (name, value) in variables {
            self.set_variable(from, &name, value);
        }
    }

    /// Sets a variable on the execution itself.
    pub fn set_local(&mut self, execution: ExecutionId, name: &str, value: Value) {
        self.emit(EventKind::VariableSet {
            execution: Some(execution),
            name: name.to_string(),
            value,
        });
    }

    /// Creates an execution below `parent`.
    pub fn create_execution(
        &mut self,
        parent: ExecutionId,
        node: Option<Arc<str>>,
        is_instance: bool,
    ) -> ExecutionId {
        let id = self.next_sequence();
        self.emit(EventKind::ExecutionCreated {
            execution: id,
            parent: Some(parent),
            node,
            multi_instance: None,
            is_instance,
        });
        id
    }

    /// Removes an execution and everything below it: open tasks are cancelled with `reason`,
    /// jobs and subscriptions dropped, activities ended as not completed.
    pub fn cancel_subtree(&mut self, top: ExecutionId, reason: &str) {
        for id in self.state.subtree(top) {
            self.drop_triggers(id);
            let calling = self
                .state
                .executions
                .get(&id)
                .is_some_and(|e| e.wait == Some(crate::instance::Wait::CallActivity));
            if calling {
                // A child instance must not outlive its call activity: the host cancels it.
                let depth = self.state.parent.as_ref().map_or(0, |p| p.depth) + 1;
                self.effects.push(Effect::CancelChild {
                    parent: crate::instance::ParentLink {
                        instance_id: self.state.id.clone(),
                        execution: id,
                        depth,
                    },
                });
            }
            if let Some(task) = self.state.task_of(id).cloned() {
                self.emit(EventKind::TaskCanceled {
                    task_id: task.id,
                    node: task.node,
                    reason: reason.to_string(),
                });
            }
            // Multi-instance bodies are bookkeeping, not activity instances of their own.
            let node = self
                .state
                .executions
                .get(&id)
                .filter(|e| e.multi_instance.is_none())
                .and_then(|e| e.node.clone());
            if let Some(node) = node {
                let element = self.element_name(&node);
                self.emit(EventKind::ActivityEnded {
                    execution: id,
                    node,
                    element,
                    completed: false,
                });
            }
            if id != ROOT {
                self.emit(EventKind::ExecutionRemoved { execution: id });
            }
        }
    }

    /// Drops the jobs and message subscriptions of one execution.
    pub fn drop_triggers(&mut self, execution: ExecutionId) {
        // Called for every activity a token leaves; most instances have no job or
        // subscription at all, and then there is nothing to collect.
        if self.state.jobs.is_empty() && self.state.subscriptions.is_empty() {
            return;
        }
        let jobs: Vec<String> = self
            .state
            .jobs
            .values()
            .filter(|j| j.execution == execution)
            .map(|j| j.id.clone())
            .collect();
        for job_id in jobs {
            self.emit(EventKind::JobRemoved { job_id });
        }
        let subscriptions: Vec<u64> = self
            .state
            .subscriptions
            .iter()
            .filter(|s| s.execution == execution)
            .map(|s| s.id)
            .collect();
        for id in subscriptions {
            self.emit(EventKind::SubscriptionRemoved { id });
        }
    }

    /// The BPMN element name of a node, for history (shared with the definition).
    pub fn element_name(&self, node: &str) -> Arc<str> {
        self.def.element_name(node)
    }

    /// Ends the instance: cancels whatever still runs, then records the final status.
    pub fn end_instance(&mut self, status: InstanceStatus, reason: Option<String>) {
        let children: Vec<ExecutionId> = self.state.children(ROOT).map(|c| c.id).collect();
        for child in children {
            self.cancel_subtree(child, reason.as_deref().unwrap_or("instance ended"));
        }
        self.drop_triggers(ROOT);
        if self.state.executions.contains_key(&ROOT) {
            self.emit(EventKind::ExecutionRemoved { execution: ROOT });
        }
        self.emit(EventKind::InstanceEnded { status, reason });
        if let Some(parent) = self.state.parent.clone() {
            let variables = self.state.variables.clone().into_iter().collect();
            self.effects.push(Effect::NotifyParent {
                parent,
                status,
                variables,
            });
        }
        self.agenda.clear();
    }

    /// The open task with this id.
    pub fn task(&self, task_id: &str) -> Result<Task, EngineError> {
        self.state
            .tasks
            .get(task_id)
            .map(|t| Task::clone(t))
            .ok_or_else(|| EngineError::not_found("task", task_id))
    }

    /// Refuses commands on ended or suspended instances.
    pub fn ensure_operable(&self, command: &Command) -> Result<(), EngineError> {
        let status = self.state.status;
        if status.is_ended() {
            return Err(EngineError::Ended {
                instance_id: self.state.id.clone(),
                status,
            });
        }
        if status == InstanceStatus::Suspended && !matches!(command, Command::Activate { .. }) {
            return Err(EngineError::Suspended(self.state.id.clone()));
        }
        Ok(())
    }

    /// The acting user, or an error for operations that need one.
    pub fn actor(&self, operation: &'static str) -> Result<String, EngineError> {
        self.actor
            .as_deref()
            .map(str::to_string)
            .ok_or_else(|| EngineError::invalid(operation, "an acting user is required"))
    }
}
