//! Persistence boundary. An implementation loads an instance with its revision and commits a
//! command's events and new state atomically, refusing a stale revision with `Conflict`
//! (Flowable's `REV_`): in SQL, `UPDATE ... WHERE id = ? AND rev = expected`.
//!
//! The trait is synchronous because this crate does no IO; an async store (sqlx) can run the
//! pure [`crate::run_command`] between its own async load and commit instead.

use std::sync::Arc;

use crate::clock::Timestamp;
use crate::definition::Definition;
use crate::error::EngineError;
use crate::event::Event;
use crate::instance::{Job, ProcessInstance, Task};

/// One command's result to persist.
#[derive(Debug, Clone)]
pub struct Commit {
    /// The instance after the command (its `revision` is the one it was loaded with).
    pub instance: Box<ProcessInstance>,
    /// Revision the command was based on; `None` for a new instance.
    pub expected_revision: Option<u64>,
    /// New history events, in order (shared with the caller's `Outcome`).
    pub events: Arc<[Event]>,
}

/// A task someone completed, for "finished" lists.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletedTask {
    /// Instance id.
    pub instance_id: String,
    /// Task id.
    pub task_id: String,
    /// Node id (`taskDefKey`).
    pub node: String,
    /// Who completed it.
    pub completed_by: String,
    /// When.
    pub completed_at: Timestamp,
}

/// A carbon copy someone received (`copyUserIds`), for the "copied to me" list.
#[derive(Debug, Clone, PartialEq)]
pub struct CarbonCopy {
    /// Instance id.
    pub instance_id: String,
    /// Task the copy was sent from, if any.
    pub task_id: Option<String>,
    /// Node id.
    pub node: Option<String>,
    /// Who sent it.
    pub sent_by: Option<String>,
    /// When.
    pub sent_at: Timestamp,
}

/// Where definitions, instances, history and jobs live.
pub trait Store {
    /// Stores a deployed definition.
    fn save_definition(&self, definition: Definition) -> Result<Arc<Definition>, EngineError>;
    /// A definition by deployed id.
    fn definition(&self, id: &str) -> Result<Arc<Definition>, EngineError>;
    /// The latest version of a process key.
    fn latest_definition(&self, key: &str) -> Result<Arc<Definition>, EngineError>;
    /// Every deployed definition, all versions.
    fn definitions(&self) -> Result<Vec<Arc<Definition>>, EngineError>;
    /// A fresh, unique instance id.
    fn new_instance_id(&self) -> Result<String, EngineError>;
    /// An instance with the revision it was stored at.
    fn load(&self, instance_id: &str) -> Result<ProcessInstance, EngineError>;
    /// An instance to run a command on, which the command then commits (or drops when it
    /// fails). Same result as [`Store::load`]; a store may hand over its own copy instead of
    /// a clone, as long as other loads still get this revision and the revision check of
    /// [`Store::commit`] still decides between concurrent commands.
    fn check_out(&self, instance_id: &str) -> Result<Box<ProcessInstance>, EngineError> {
        self.load(instance_id).map(Box::new)
    }
    /// Persists a command's result; `Conflict` if the stored revision is not the expected
    /// one. Returns the new revision.
    fn commit(&self, commit: Commit) -> Result<u64, EngineError>;
    /// The instance owning an open task.
    fn instance_of_task(&self, task_id: &str) -> Result<String, EngineError>;
    /// The instance owning a pending job.
    fn instance_of_job(&self, job_id: &str) -> Result<String, EngineError>;
    /// An instance's history, oldest first.
    fn history(&self, instance_id: &str) -> Result<Vec<Event>, EngineError>;
    /// Open tasks `user` may act on: assigned to them, or they or one of `groups` is a candidate.
    fn todo_tasks(&self, user: &str, groups: &[String]) -> Result<Vec<Task>, EngineError>;
    /// Tasks `user` completed, newest first.
    fn completed_tasks(&self, user: &str) -> Result<Vec<CompletedTask>, EngineError>;
    /// Carbon copies sent to `user`, newest first.
    fn carbon_copies(&self, user: &str) -> Result<Vec<CarbonCopy>, EngineError>;
    /// Instances `user` started, newest first.
    fn started_instances(&self, user: &str) -> Result<Vec<ProcessInstance>, EngineError>;
    /// Running instances with a subscription to `message`, oldest first (with business keys).
    fn message_waiters(&self, message: &str) -> Result<Vec<(String, Option<String>)>, EngineError>;
    /// Running instances with a subscription to signal `signal`, oldest first.
    fn signal_waiters(&self, signal: &str) -> Result<Vec<String>, EngineError>;
    /// Jobs due at `now` with retries left, oldest first, at most `limit`.
    fn due_jobs(&self, now: Timestamp, limit: usize) -> Result<Vec<Job>, EngineError>;
    /// Jobs out of retries (incidents).
    fn incidents(&self) -> Result<Vec<Job>, EngineError>;
}
