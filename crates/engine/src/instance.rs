//! Runtime state of one process instance: the execution tree, open tasks, jobs and variables.
//!
//! This state changes only through `apply` of events, so replaying an instance's history
//! rebuilds it.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Timestamp;

/// Id of an execution, unique within its instance.
pub type ExecutionId = u64;

/// Lifecycle status of an instance (the API's `processStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InstanceStatus {
    /// Tokens are moving or waiting.
    Running,
    /// Every token reached an end event.
    Completed,
    /// A task was rejected, ending the instance.
    Rejected,
    /// The starter or an administrator cancelled it.
    Canceled,
    /// Operations are refused until it is activated again.
    Suspended,
    /// An administrator stopped it for good.
    Terminated,
}

impl InstanceStatus {
    /// The API's `processStatus` string.
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceStatus::Running => "running",
            InstanceStatus::Completed => "completed",
            InstanceStatus::Rejected => "rejected",
            InstanceStatus::Canceled => "canceled",
            InstanceStatus::Suspended => "suspended",
            InstanceStatus::Terminated => "terminated",
        }
    }

    /// Whether the instance has ended and accepts no further commands.
    pub fn is_ended(self) -> bool {
        !matches!(self, InstanceStatus::Running | InstanceStatus::Suspended)
    }
}

/// Link from a child instance to the call activity that started it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentLink {
    /// The calling instance.
    pub instance_id: String,
    /// The execution waiting at the call activity.
    pub execution: ExecutionId,
    /// Nesting depth of call activities (the top-level instance has depth 0).
    pub depth: u32,
}

/// What an execution is waiting for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Wait {
    /// A user task to be completed.
    UserTask {
        /// The open task.
        task_id: String,
    },
    /// A message (receive task or message catch event).
    Message {
        /// Message name.
        name: String,
    },
    /// An explicit `Trigger` command (a receive task without a message).
    Trigger,
    /// A signal (intermediate signal catch event).
    Signal {
        /// Signal name.
        name: String,
    },
    /// A condition becoming true (intermediate conditional catch event).
    Condition,
    /// A timer job (intermediate timer catch event).
    Timer {
        /// The job.
        job_id: String,
    },
    /// The first of several events after an event-based gateway.
    EventGateway,
    /// Child executions of an embedded sub-process.
    SubProcess,
    /// Instances of a multi-instance activity.
    MultiInstance,
    /// Sibling tokens at a parallel or inclusive join.
    Join,
    /// A job the host runs (service task with an external implementation).
    Job {
        /// The job.
        job_id: String,
    },
    /// A child process instance started by a call activity.
    CallActivity,
}

/// Multi-instance bookkeeping on the execution that holds the instances.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MultiInstanceBody {
    /// Instances run one after another.
    pub sequential: bool,
    /// One item per instance (the collection's elements, or indexes for a cardinality).
    pub items: Vec<Value>,
    /// Index of the next item a sequential loop starts.
    pub next: usize,
}

/// One execution: the process scope, a token at a node, or a sub-process / multi-instance scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Execution {
    /// Id.
    pub id: ExecutionId,
    /// Enclosing execution; `None` for the process-level root.
    pub parent: Option<ExecutionId>,
    /// Current node; `None` for the root. Shared with the definition and the events, so
    /// loading or moving a token copies no string.
    pub node: Option<Arc<str>>,
    /// Sequence flow the token arrived by, when it did.
    pub arrived_via: Option<Arc<str>>,
    /// What it waits for, if it is at a wait state.
    pub wait: Option<Wait>,
    /// Variables local to this execution (multi-instance counters, element variables).
    pub variables: BTreeMap<String, Value>,
    /// Multi-instance state when this execution holds the instances of an activity.
    pub multi_instance: Option<MultiInstanceBody>,
    /// Whether this is one instance of a multi-instance activity.
    pub is_instance: bool,
}

/// Delegation state of a task (Flowable `DelegationState`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Delegation {
    /// Delegated: the assignee must resolve it, then it returns to the owner.
    Pending,
    /// Resolved by the delegate; back with the owner.
    Resolved,
}

/// An open user task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// Globally unique id.
    pub id: String,
    /// Owning instance.
    pub instance_id: String,
    /// Execution waiting on it.
    pub execution: ExecutionId,
    /// The user task's node id (`taskDefKey`).
    pub node: String,
    /// Display name.
    pub name: Option<String>,
    /// Who must act on it now.
    pub assignee: Option<String>,
    /// Who it returns to after a delegation.
    pub owner: Option<String>,
    /// Users who may claim it.
    pub candidate_users: Vec<String>,
    /// Groups whose members may claim it.
    pub candidate_groups: Vec<String>,
    /// Delegation state, when delegated.
    pub delegation: Option<Delegation>,
    /// No assignee and no candidates: nobody could ever act on it without an administrator.
    pub unassignable: bool,
    /// Form to show.
    pub form_key: Option<String>,
    /// Due time, when the model sets one.
    pub due: Option<Timestamp>,
    /// Priority (Flowable default 50).
    pub priority: i64,
    /// Creation time.
    pub created_at: Timestamp,
    /// Whether anyone acted on it (claim, delegate, transfer); a starter may only withdraw
    /// while the next task is untouched.
    pub touched: bool,
}

impl Task {
    /// Whether `user` (member of `groups`) may see and act on this task.
    pub fn is_visible_to(&self, user: &str, groups: &[String]) -> bool {
        match &self.assignee {
            Some(assignee) => assignee == user,
            None => {
                self.candidate_users.iter().any(|u| u == user)
                    || self.candidate_groups.iter().any(|g| groups.contains(g))
            }
        }
    }
}

/// What a job does when it runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum JobKind {
    /// A timer on a catch event, boundary event or event-based gateway branch.
    Timer {
        /// Firings left after this one for a cycle (`None`: unbounded cycle or single timer).
        remaining: Option<u32>,
        /// Whether the timer repeats.
        repeating: bool,
        /// The cycle period, as written, for the next firing.
        period: Option<String>,
    },
    /// An asynchronous continuation (`asyncBefore`): the engine runs the activity when the
    /// host's job executor sends `RunJob`.
    Async,
    /// An `asyncAfter` continuation: the engine leaves the completed activity on `RunJob`.
    AsyncAfter,
    /// A service task implemented by the host (class, delegate expression, http, mail...).
    Service {
        /// Implementation key, e.g. `http`, `mail`, `class:com.acme.Notify`.
        handler: String,
        /// Injected field values, evaluated when the job was created.
        fields: BTreeMap<String, Value>,
        /// Variable receiving the result, when the model names one.
        result_variable: Option<String>,
    },
}

/// Work the host runs later: a timer or an external service call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Globally unique id.
    pub id: String,
    /// Owning instance.
    pub instance_id: String,
    /// Execution the job belongs to.
    pub execution: ExecutionId,
    /// The node that owns the job (catch event, boundary event or service task).
    pub node: String,
    /// When it is due.
    pub due: Timestamp,
    /// Attempts left before it becomes an incident.
    pub retries: u32,
    /// Last failure message, if any.
    pub last_error: Option<String>,
    /// What it does.
    pub kind: JobKind,
}

/// What a subscription waits for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SubscriptionKind {
    /// A message, delivered to one subscription (correlation).
    #[default]
    Message,
    /// A signal, broadcast to every subscription with its name.
    Signal,
    /// A condition over variables, re-evaluated when variables change in the instance.
    Conditional,
}

/// A subscription: an execution waiting for a named message or signal, or for a condition,
/// at a node (receive task, catch event, boundary event or event sub-process start event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    /// Id, unique within the instance.
    pub id: u64,
    /// Waiting execution (for an event sub-process start: the scope that contains it).
    pub execution: ExecutionId,
    /// The receive task, catch event, boundary event or start event.
    pub node: String,
    /// Message or signal name; for a conditional subscription, the node id (its condition
    /// is read from the model).
    pub message: String,
    /// Message (the default, so states stored before signals existed still read), signal
    /// or conditional.
    #[serde(default)]
    pub kind: SubscriptionKind,
}

/// One completed activity on the path the instance took; returns and withdrawals use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailEntry {
    /// Node id (the definition's shared id: an entry per completed activity copies no string).
    pub node: Arc<str>,
    /// The user who completed it, for user tasks (the command's shared actor).
    pub completed_by: Option<Arc<str>>,
    /// When it completed.
    pub at: Timestamp,
}

/// The whole runtime state of one process instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessInstance {
    /// Globally unique id.
    pub id: String,
    /// Deployed definition id.
    pub definition_id: String,
    /// Process key (the `<process id>`).
    pub process_key: String,
    /// Business key (e.g. a work-order number).
    pub business_key: Option<String>,
    /// Status.
    pub status: InstanceStatus,
    /// Who started it.
    pub started_by: Option<String>,
    /// Start time.
    pub started_at: Timestamp,
    /// End time, once ended.
    pub ended_at: Option<Timestamp>,
    /// Process-level variables.
    pub variables: BTreeMap<String, Value>,
    /// Execution tree by id; the root has id 0.
    pub executions: BTreeMap<ExecutionId, Execution>,
    /// Open user tasks by id. Shared with the `TaskCreated` event that made each one (the
    /// history keeps it anyway): applying it copies no task, a change copies it once.
    pub tasks: BTreeMap<String, Arc<Task>>,
    /// Pending jobs by id.
    pub jobs: BTreeMap<String, Job>,
    /// Message subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// Completed activities in order.
    pub trail: Vec<TrailEntry>,
    /// The calling instance, for instances started by a call activity.
    pub parent: Option<ParentLink>,
    /// Last id handed out for executions, tasks, jobs and subscriptions.
    pub sequence: u64,
    /// Optimistic-locking revision; the store bumps it on every commit.
    pub revision: u64,
}

/// Id of the process-level root execution.
pub const ROOT: ExecutionId = 0;

impl ProcessInstance {
    /// An empty, not yet started instance; the `InstanceStarted` event fills it in.
    pub fn blank(id: &str) -> ProcessInstance {
        ProcessInstance {
            id: id.to_string(),
            definition_id: String::new(),
            process_key: String::new(),
            business_key: None,
            status: InstanceStatus::Running,
            started_by: None,
            started_at: Timestamp(0),
            ended_at: None,
            variables: BTreeMap::new(),
            executions: BTreeMap::new(),
            tasks: BTreeMap::new(),
            jobs: BTreeMap::new(),
            subscriptions: Vec::new(),
            trail: Vec::new(),
            parent: None,
            sequence: 0,
            revision: 0,
        }
    }

    /// Direct children of an execution, in id (creation) order.
    pub fn children(&self, parent: ExecutionId) -> impl Iterator<Item = &Execution> {
        self.executions
            .values()
            .filter(move |e| e.parent == Some(parent))
    }

    /// An execution and all executions below it, deepest first (safe removal order).
    pub fn subtree(&self, top: ExecutionId) -> Vec<ExecutionId> {
        let mut order = vec![top];
        let mut i = 0;
        while let Some(&id) = order.get(i) {
            order.extend(self.children(id).map(|c| c.id));
            i += 1;
        }
        order.reverse();
        order
    }

    /// The task waiting on an execution, if any.
    pub fn task_of(&self, execution: ExecutionId) -> Option<&Task> {
        self.tasks
            .values()
            .find(|t| t.execution == execution)
            .map(|t| &**t)
    }

    /// Node ids of all executions currently at a node (the diagram's active nodes).
    pub fn active_nodes(&self) -> Vec<String> {
        let mut nodes: Vec<String> = self
            .executions
            .values()
            .filter_map(|e| e.node.as_deref().map(str::to_string))
            .collect();
        nodes.sort();
        nodes.dedup();
        nodes
    }
}
