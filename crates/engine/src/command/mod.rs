//! Commands a host sends to an instance, and what running one produces.
//!
//! Each command is atomic: it yields its events only if every step succeeded.

mod dispatch;
mod incident;
mod instance;
pub(crate) mod migrate;
mod rewind;
mod signer;
mod start;
mod task;
mod trigger;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::event::Event;
use crate::instance::{InstanceStatus, ParentLink};

pub use migrate::{migrate_instance, NodeMapping};
pub use rewind::return_targets;
pub(crate) use start::start;
pub(crate) use trigger::resolve;

/// Variables as submitted by a form or an API call.
pub type Variables = Map<String, Value>;

/// Which definition a start command means.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DefinitionRef {
    /// A deployed definition id (`leave:3`).
    Id(String),
    /// The latest version of a process key.
    Key(String),
}

/// Something to do to a process instance, on behalf of the acting user passed alongside.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Command {
    /// Start a new instance; the actor becomes the starter (`initiator`).
    Start {
        /// Which definition.
        definition: DefinitionRef,
        /// Business key.
        business_key: Option<String>,
        /// Initial process variables.
        variables: Variables,
        /// Set when a call activity starts this instance.
        parent: Option<ParentLink>,
        /// The start event to begin at (a timer start event when its timer fired); the none
        /// start event when absent.
        start_event: Option<String>,
    },
    /// Complete (approve) a task.
    Complete {
        /// Task id.
        task_id: String,
        /// Variables to set.
        variables: Variables,
        /// Approval comment.
        comment: Option<String>,
        /// Assignees for the next user task(s) (`nextUserIds`).
        next_assignees: Vec<String>,
        /// Users who receive a carbon copy (`copyUserIds`).
        copy_to: Vec<String>,
    },
    /// A candidate takes a task.
    Claim {
        /// Task id.
        task_id: String,
    },
    /// The assignee gives a claimed task back to its candidates.
    Unclaim {
        /// Task id.
        task_id: String,
    },
    /// An administrator sets who may act on a task (e.g. an `unassignable` one).
    Assign {
        /// Task id.
        task_id: String,
        /// New assignee; `None` leaves it to the candidates.
        assignee: Option<String>,
        /// New candidate users (replacing the old ones).
        candidate_users: Vec<String>,
    },
    /// Hand a task to someone who resolves it and returns it to the owner.
    Delegate {
        /// Task id.
        task_id: String,
        /// The delegate.
        to: String,
        /// Comment.
        comment: Option<String>,
    },
    /// The delegate finishes a delegated task; it goes back to the owner.
    Resolve {
        /// Task id.
        task_id: String,
        /// Variables to set.
        variables: Variables,
        /// Comment.
        comment: Option<String>,
    },
    /// Hand a task over to another user for good.
    Transfer {
        /// Task id.
        task_id: String,
        /// New assignee.
        to: String,
        /// Comment.
        comment: Option<String>,
    },
    /// Send the instance back to a node visited earlier on the path to this task.
    Return {
        /// Task id.
        task_id: String,
        /// Node to return to (`targetKey`).
        target_node: String,
        /// Comment.
        comment: Option<String>,
    },
    /// Reject: the whole instance ends as `rejected`.
    Reject {
        /// Task id.
        task_id: String,
        /// Comment.
        comment: Option<String>,
    },
    /// Cancel the instance (`canceled`).
    Cancel {
        /// Instance id.
        instance_id: String,
        /// Comment.
        comment: Option<String>,
    },
    /// The starter takes the instance back while the next task is untouched.
    Withdraw {
        /// Instance id.
        instance_id: String,
        /// Comment.
        comment: Option<String>,
    },
    /// An administrator deletes a task; the token moves on as if the task were skipped.
    DeleteTask {
        /// Task id.
        task_id: String,
        /// Why.
        reason: Option<String>,
    },
    /// Add signers to a running multi-instance user task (加签).
    AddSigners {
        /// Any task of the multi-instance activity.
        task_id: String,
        /// Users to add, one instance each.
        users: Vec<String>,
    },
    /// Remove a signer from a running multi-instance user task (减签).
    RemoveSigner {
        /// Any task of the multi-instance activity.
        task_id: String,
        /// The user whose instance (open or not yet started) is removed.
        user: String,
    },
    /// An administrator moves the instance to any node.
    Jump {
        /// Instance id.
        instance_id: String,
        /// Target node.
        target_node: String,
        /// Only move this task's token; all tokens when absent.
        from_task: Option<String>,
        /// Comment.
        comment: Option<String>,
    },
    /// An administrator sets process variables (audited as events).
    SetVariables {
        /// Instance id.
        instance_id: String,
        /// Variables.
        variables: Variables,
    },
    /// Suspend the instance.
    Suspend {
        /// Instance id.
        instance_id: String,
    },
    /// Activate a suspended instance.
    Activate {
        /// Instance id.
        instance_id: String,
    },
    /// An administrator stops the instance for good (`terminated`).
    Terminate {
        /// Instance id.
        instance_id: String,
        /// Why.
        reason: Option<String>,
    },
    /// Deliver a message to the first execution waiting for it.
    Message {
        /// Instance id.
        instance_id: String,
        /// Message name.
        name: String,
        /// Variables carried by the message.
        variables: Variables,
    },
    /// Deliver a signal to every execution of the instance waiting for it (one instance's
    /// part of a broadcast; the host sends it to each subscribed instance).
    Signal {
        /// Instance id.
        instance_id: String,
        /// Signal name.
        name: String,
        /// Variables carried by the signal, set where each receiving execution sees them.
        variables: Variables,
    },
    /// Resume a token waiting at a receive task without a message.
    Trigger {
        /// Instance id.
        instance_id: String,
        /// The receive task's node id.
        node: String,
        /// Variables to set.
        variables: Variables,
    },
    /// A timer job is due.
    FireTimer {
        /// Job id.
        job_id: String,
    },
    /// The job executor runs an async continuation job (`asyncBefore`).
    RunJob {
        /// Job id.
        job_id: String,
    },
    /// The host ran a service job successfully.
    CompleteJob {
        /// Job id.
        job_id: String,
        /// Variables produced (the result variable included).
        variables: Variables,
    },
    /// The host's service job failed.
    FailJob {
        /// Job id.
        job_id: String,
        /// What went wrong.
        message: String,
        /// A BPMN error code to throw instead of retrying, caught by an error boundary event.
        bpmn_error: Option<String>,
    },
    /// An administrator retries an incident: the job gets its retries back and is due now.
    RetryJob {
        /// Job id.
        job_id: String,
    },
    /// A child instance started by a call activity completed.
    ChildCompleted {
        /// The calling instance.
        instance_id: String,
        /// The execution waiting at the call activity.
        execution: u64,
        /// The child's final variables.
        variables: Variables,
    },
}

/// Which instance a command addresses, so the facade knows what to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandTarget {
    /// A new instance.
    New,
    /// An instance by id.
    Instance(String),
    /// The instance owning this task.
    Task(String),
    /// The instance owning this job.
    Job(String),
}

impl Command {
    /// Which instance the command addresses.
    pub fn target(&self) -> CommandTarget {
        use Command::*;
        match self {
            Start { .. } => CommandTarget::New,
            Complete { task_id, .. }
            | Claim { task_id }
            | Unclaim { task_id }
            | Assign { task_id, .. }
            | Delegate { task_id, .. }
            | Resolve { task_id, .. }
            | Transfer { task_id, .. }
            | Return { task_id, .. }
            | Reject { task_id, .. }
            | DeleteTask { task_id, .. }
            | AddSigners { task_id, .. }
            | RemoveSigner { task_id, .. } => CommandTarget::Task(task_id.clone()),
            Cancel { instance_id, .. }
            | Withdraw { instance_id, .. }
            | Jump { instance_id, .. }
            | SetVariables { instance_id, .. }
            | Suspend { instance_id }
            | Activate { instance_id }
            | Terminate { instance_id, .. }
            | Message { instance_id, .. }
            | Signal { instance_id, .. }
            | Trigger { instance_id, .. }
            | ChildCompleted { instance_id, .. } => CommandTarget::Instance(instance_id.clone()),
            FireTimer { job_id }
            | RunJob { job_id }
            | CompleteJob { job_id, .. }
            | FailJob { job_id, .. }
            | RetryJob { job_id } => CommandTarget::Job(job_id.clone()),
        }
    }

    /// Short name for errors and logs.
    pub fn name(&self) -> &'static str {
        use Command::*;
        match self {
            Start { .. } => "start",
            Complete { .. } => "complete",
            Claim { .. } => "claim",
            Unclaim { .. } => "unclaim",
            Assign { .. } => "assign",
            Delegate { .. } => "delegate",
            Resolve { .. } => "resolve",
            Transfer { .. } => "transfer",
            Return { .. } => "return",
            Reject { .. } => "reject",
            Cancel { .. } => "cancel",
            Withdraw { .. } => "withdraw",
            DeleteTask { .. } => "delete task",
            AddSigners { .. } => "add signers",
            RemoveSigner { .. } => "remove signer",
            Jump { .. } => "jump",
            SetVariables { .. } => "set variables",
            Suspend { .. } => "suspend",
            Activate { .. } => "activate",
            Terminate { .. } => "terminate",
            Message { .. } => "message",
            Signal { .. } => "signal",
            Trigger { .. } => "trigger",
            FireTimer { .. } => "fire timer",
            RunJob { .. } => "run job",
            CompleteJob { .. } => "complete job",
            FailJob { .. } => "fail job",
            RetryJob { .. } => "retry job",
            ChildCompleted { .. } => "child completed",
        }
    }
}

/// Work for the host that the engine cannot do itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Effect {
    /// Start a child instance for a call activity (send `Command::Start` with this parent).
    StartChild {
        /// Where the child reports back.
        parent: ParentLink,
        /// Process key to start.
        called_element: String,
        /// Business key.
        business_key: Option<String>,
        /// Variables passed in.
        variables: Variables,
    },
    /// The call activity waiting for a child was cancelled (interrupted, returned, rejected...):
    /// cancel the child instance started for `parent`.
    CancelChild {
        /// The cancelled call activity's link, as given in `StartChild`.
        parent: ParentLink,
    },
    /// A signal was thrown: deliver it to every other instance waiting for it (send
    /// `Command::Signal` to each) and start each process whose latest version has a signal
    /// start event with this name. The throwing instance has received it already.
    Signal {
        /// Signal name.
        name: String,
        /// Variables the signal carries.
        variables: Variables,
        /// The throwing instance, which the broadcast skips.
        from_instance: Option<String>,
    },
    /// This child instance ended; on `completed`, send `Command::ChildCompleted` to the parent.
    NotifyParent {
        /// The waiting call activity.
        parent: ParentLink,
        /// How the child ended.
        status: InstanceStatus,
        /// The child's final variables.
        variables: Variables,
    },
}

/// What a broadcast signal reached: the instances it was delivered to and the instances its
/// signal start events started.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignalDelivery {
    /// Running instances that had an execution waiting for the signal.
    pub delivered: Vec<String>,
    /// Instances started by a signal start event.
    pub started: Vec<String>,
}

/// What a successful command produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Instance id.
    pub instance_id: String,
    /// Instance status afterwards.
    pub status: InstanceStatus,
    /// Events, in order (already applied to the committed state). Shared with the store's
    /// commit, so handing them to both costs a reference count, not a copy of every event.
    pub events: Arc<[Event]>,
    /// Work for the host.
    pub effects: Vec<Effect>,
    /// Ids of user tasks created by the command, in creation order (`TaskId` of the API).
    pub new_tasks: Vec<String>,
    /// Revision after the commit.
    pub revision: u64,
}

pub(crate) use dispatch::execute;
