//! BPMN execution engine: (definition, instance, command, clock) -> events.
//!
//! Pure: no IO, no async. A host deploys BPMN XML ([`Engine::deploy`]), then sends
//! [`Command`]s on behalf of a user ([`Engine::execute`]): the engine loads the instance from
//! its [`Store`], runs the command on an agenda of small operations until every token waits,
//! and commits the resulting [`Event`]s and new state with the revision it loaded (a stale
//! revision is [`EngineError::Conflict`]). State changes only by [`apply`]ing events, and the
//! same events are the history, so [`replay`] rebuilds an instance. A failed command commits
//! nothing. An async store can call [`run_command`] between its own load and commit.
//!
//! ```
//! use std::sync::Arc;
//! use serde_json::json;
//! use woc_engine::{Command, DefinitionRef, Engine, FixedClock, InstanceStatus, MemoryStore, Timestamp};
//!
//! let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
//!                           xmlns:flowable="http://flowable.org/bpmn">
//!   <process id="leave" isExecutable="true">
//!     <startEvent id="start" flowable:initiator="initiator"/>
//!     <userTask id="approve" flowable:assignee="${manager}"/>
//!     <endEvent id="end"/>
//!     <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
//!     <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
//!   </process>
//! </definitions>"#;
//! let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
//! engine.deploy(xml).unwrap();
//! let started = engine
//!     .execute(
//!         Command::Start {
//!             definition: DefinitionRef::Key("leave".into()),
//!             business_key: Some("WO20260101-0001".into()),
//!             variables: json!({"manager": "boss"}).as_object().cloned().unwrap(),
//!             parent: None,
//!             start_event: None,
//!         },
//!         Some("alice"),
//!     )
//!     .unwrap();
//! let task_id = started.new_tasks[0].clone();
//! let done = engine
//!     .execute(
//!         Command::Complete {
//!             task_id,
//!             variables: Default::default(),
//!             comment: Some("ok".into()),
//!             next_assignees: vec![],
//!             copy_to: vec![],
//!         },
//!         Some("boss"),
//!     )
//!     .unwrap();
//! assert_eq!(done.status, InstanceStatus::Completed);
//! ```
//!
//! Decisions worth knowing:
//! - Service, send and business rule tasks with a `class`, `delegateExpression`, built-in
//!   `type` (http, mail, external...) or `decisionRef` wait on a [`Job`] the host runs and
//!   reports with `CompleteJob`/`FailJob` (retries, then an incident; or a BPMN error for an
//!   error boundary event). [`ServiceTaskMode::NoOp`] passes them through instead.
//!   `expression` service tasks are evaluated here.
//! - `asyncBefore`/`asyncAfter` (`flowable:async`, `camunda:asyncBefore`, ...) park the token
//!   on an async [`Job`]; [`Engine::run_due_jobs`] (the job executor's turn) runs those and due
//!   timers, and counts down retries on failure until the job is an incident; an
//!   administrator's `RetryJob` gives it its retries back (recorded as `JobRetried`).
//! - Scripts are not run (script tasks pass through); listeners and Camunda input/output
//!   mappings are accepted but not run. [`Definition::notices`] lists each one.
//! - Signals are broadcast: `Command::Signal` reaches every subscription of one instance;
//!   [`Engine::signal`] (and the sqlx store) sends it to each waiting instance and starts each
//!   latest definition with a matching signal start event. A thrown signal reaches its own
//!   instance in the same command and the others through [`Effect::Signal`] after the commit;
//!   a signal declared with `flowable:scope="processInstance"` stays in its instance.
//! - Conditional events (catch, boundary, event sub-process start) follow Camunda: checked
//!   when their subscription opens, then whenever a variable changes, once the agenda is idle.
//!   A process-level conditional start event is refused.
//! - Message starts: `Command::Start` with the message start event as `start_event`
//!   ([`Engine::start_by_message`]). Message throw and end events pass (as in Flowable) and
//!   leave a `Warning` in the history.
//! - Event sub-processes (timer, message, signal, error, conditional starts; interrupting or
//!   not) are armed on their scope's execution while the scope runs.
//! - Refused at deployment: compensation, escalation, link and cancel events, complex
//!   gateways, standard loops, cron timer cycles.
//! - A terminate end event at process level completes the instance (status `completed`, the
//!   reason names the event); inside a sub-process it ends only that sub-process.
//! - `DeleteTask` records the deletion and moves the token on as if the task were skipped.
//! - `Return` accepts only user tasks completed earlier from which the current task is
//!   reachable; it cancels the current task (all instances of a multi-instance task) and every
//!   token the target would produce again, then restarts the target.
//! - `Withdraw` (starter only) returns to the starter's last completed task while no later task
//!   was completed and the open tasks are untouched; before any task was done it cancels.
//! - `migrate` moves a running instance to another version of its process with a node
//!   mapping (identity by default); tokens, tasks, jobs and subscriptions keep their ids and
//!   only change node, so each node in use needs a target of the same kind (refused otherwise,
//!   naming the node). Recorded as one `InstanceMigrated` event.
//! - Authorization is the service layer's job; commands carry the acting user for history.

#![warn(missing_docs)]

mod agenda;
mod apply;
mod behavior;
mod clock;
mod command;
mod definition;
mod engine;
mod error;
mod event;
mod ids;
mod instance;
pub mod iso8601;
mod lifecycle;
mod memory_store;
mod reachability;
mod run;
#[cfg(test)]
mod scenario;
mod store;
mod timer;

/// The JUEL evaluator, its own crate (`woc-expr`) so forms can run it in the browser; here
/// under its old path, `woc_engine::expr`, for the engine's code and its callers.
pub use woc_expr as expr;

pub use apply::{apply, replay};
pub use clock::{Clock, FixedClock, ManualClock, SystemClock, Timestamp};
pub use command::{
    migrate_instance, return_targets, Command, CommandTarget, DefinitionRef, Effect, NodeMapping,
    Outcome, SignalDelivery, Variables,
};
pub use definition::Definition;
pub use engine::{run_command, Engine, Executed};
pub use error::EngineError;
pub use event::{ChildRequest, CommentKind, Event, EventKind, InstanceStart, VariableList};
pub use instance::{
    Delegation, Execution, ExecutionId, InstanceStatus, Job, JobKind, MultiInstanceBody,
    ParentLink, ProcessInstance, Subscription, SubscriptionKind, Task, TrailEntry, Wait, ROOT,
};
pub use memory_store::MemoryStore;
pub use reachability::{can_reach, reachable_from};
pub use run::{EngineConfig, ServiceTaskMode};
pub use store::{CarbonCopy, Commit, CompletedTask, Store};
pub use timer::StartTimer;
