//! BPMN execution engine: (definition, instance, command, clock) -> events.
//!
//! Pure: no IO, no async. The host loads state through a [`Store`], runs a command, and the
//! engine answers with events that both change the state and form the history.

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
pub mod expr;
mod instance;
pub mod iso8601;
mod memory_store;
mod reachability;
mod run;
#[cfg(test)]
mod scenario;
mod store;
mod timer;

pub use apply::{apply, replay};
pub use clock::{Clock, FixedClock, ManualClock, SystemClock, Timestamp};
pub use command::{Command, CommandTarget, DefinitionRef, Effect, Outcome, Variables};
pub use definition::Definition;
pub use engine::{run_command, Engine, Executed};
pub use error::EngineError;
pub use event::{CommentKind, Event, EventKind};
pub use instance::{
    Delegation, Execution, ExecutionId, InstanceStatus, Job, JobKind, MultiInstanceBody,
    ParentLink, ProcessInstance, Subscription, Task, TrailEntry, Wait, ROOT,
};
pub use memory_store::MemoryStore;
pub use reachability::{can_reach, reachable_from};
pub use run::{EngineConfig, ServiceTaskMode};
pub use store::{Commit, CompletedTask, Store};
pub use timer::StartTimer;
