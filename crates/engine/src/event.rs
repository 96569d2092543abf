//! Events: the only way instance state changes, and the instance's history.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::Timestamp;
use crate::instance::{
    ExecutionId, InstanceStatus, Job, MultiInstanceBody, ParentLink, Subscription, Task, Wait,
};

/// Comment categories (the seed's 意见类别, extended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum CommentKind {
    /// 0: an ordinary approval comment.
    Normal,
    /// 1: the task was returned to an earlier node.
    Returned,
    /// 2: the instance was rejected.
    Rejected,
    /// 3: the task was delegated.
    Delegated,
    /// 4: the task was transferred.
    Transferred,
    /// 5: the instance was cancelled.
    Canceled,
    /// 6: the task was deleted by an administrator.
    Deleted,
    /// 7: a carbon copy was sent.
    CarbonCopy,
}

impl CommentKind {
    /// The numeric code used by the API.
    pub fn code(self) -> u8 {
        self.into()
    }
}

impl From<CommentKind> for u8 {
    fn from(kind: CommentKind) -> u8 {
        match kind {
            CommentKind::Normal => 0,
            CommentKind::Returned => 1,
            CommentKind::Rejected => 2,
            CommentKind::Delegated => 3,
            CommentKind::Transferred => 4,
            CommentKind::Canceled => 5,
            CommentKind::Deleted => 6,
            CommentKind::CarbonCopy => 7,
        }
    }
}

impl TryFrom<u8> for CommentKind {
    type Error = String;

    fn try_from(code: u8) -> Result<Self, Self::Error> {
        Ok(match code {
            0 => CommentKind::Normal,
            1 => CommentKind::Returned,
            2 => CommentKind::Rejected,
            3 => CommentKind::Delegated,
            4 => CommentKind::Transferred,
            5 => CommentKind::Canceled,
            6 => CommentKind::Deleted,
            7 => CommentKind::CarbonCopy,
            other => return Err(format!("unknown comment type {other}")),
        })
    }
}

/// One thing that happened to an instance, with when and who.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When (from the engine's clock).
    pub at: Timestamp,
    /// The acting user, when a user caused it (one allocation shared by every event of a
    /// command).
    pub actor: Option<Arc<str>>,
    /// What happened.
    pub kind: EventKind,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum EventKind {
    /// The instance was created (boxed: the largest payload, in one event per instance; the
    /// JSON is the same as the fields inline).
    InstanceStarted(Box<InstanceStart>),
    /// An execution (scope, token or multi-instance body) was created.
    ExecutionCreated {
        /// New id.
        execution: ExecutionId,
        /// Enclosing execution.
        parent: Option<ExecutionId>,
        /// Node it sits at (the definition's shared id).
        node: Option<Arc<str>>,
        /// Multi-instance state, for the execution holding the instances (boxed: rarely
        /// set, and inline it made every event larger).
        multi_instance: Option<Box<MultiInstanceBody>>,
        /// One instance of a multi-instance activity.
        is_instance: bool,
    },
    /// A token entered a node.
    ActivityStarted {
        /// The token.
        execution: ExecutionId,
        /// Node id (the definition's shared id).
        node: Arc<str>,
        /// BPMN element name (`userTask`, `exclusiveGateway`...), the "handler".
        element: Arc<str>,
        /// Flow the token arrived by.
        via: Option<Arc<str>>,
    },
    /// A token left a node, normally or because it was cancelled.
    ActivityEnded {
        /// The token.
        execution: ExecutionId,
        /// Node id (the definition's shared id).
        node: Arc<str>,
        /// BPMN element name.
        element: Arc<str>,
        /// `false` when the activity was cancelled rather than completed.
        completed: bool,
    },
    /// A token took a sequence flow.
    FlowTaken {
        /// The token.
        execution: ExecutionId,
        /// Flow id (the definition's shared id).
        flow: Arc<str>,
    },
    /// An execution started waiting.
    WaitStarted {
        /// The execution.
        execution: ExecutionId,
        /// For what.
        wait: Wait,
    },
    /// An execution stopped waiting.
    WaitEnded {
        /// The execution.
        execution: ExecutionId,
    },
    /// An execution was removed (its token ended, joined or was cancelled).
    ExecutionRemoved {
        /// The execution.
        execution: ExecutionId,
    },
    /// Multi-instance items or progress changed (a signer added or removed, next instance).
    MultiInstanceUpdated {
        /// The execution holding the instances.
        execution: ExecutionId,
        /// Items.
        items: Vec<Value>,
        /// Next item of a sequential loop.
        next: usize,
    },
    /// A variable was set, at process level (`execution` is `None`) or on an execution.
    VariableSet {
        /// Local scope, or `None` for the process.
        execution: Option<ExecutionId>,
        /// Name.
        name: String,
        /// New value.
        value: Value,
    },
    /// A user task was created.
    TaskCreated {
        /// The task (behind a pointer: it is by far the largest payload, and every event is as
        /// large as its largest variant; shared with the instance state's open task).
        task: Arc<Task>,
    },
    /// A candidate claimed a task.
    TaskClaimed {
        /// Task id.
        task_id: String,
        /// New assignee.
        user: String,
    },
    /// The assignee gave a claimed task back to its candidates.
    TaskUnclaimed {
        /// Task id.
        task_id: String,
    },
    /// The assignee delegated a task; the owner gets it back on resolve.
    TaskDelegated {
        /// Task id.
        task_id: String,
        /// Who gets it back.
        owner: String,
        /// The delegate.
        to: String,
    },
    /// The delegate resolved a task; it is back with the owner.
    TaskResolved {
        /// Task id.
        task_id: String,
        /// The owner, assignee again.
        owner: String,
    },
    /// A task was handed over for good.
    TaskTransferred {
        /// Task id.
        task_id: String,
        /// Previous assignee.
        from: Option<String>,
        /// New assignee.
        to: String,
    },
    /// Assignee or candidates were set by an administrator or by `nextUserIds`.
    TaskAssigned {
        /// Task id.
        task_id: String,
        /// Assignee.
        assignee: Option<String>,
        /// Candidate users.
        candidate_users: Vec<String>,
    },
    /// A task was completed.
    TaskCompleted {
        /// Task id.
        task_id: String,
        /// Node id.
        node: String,
        /// Variables submitted with the completion.
        variables: VariableList,
    },
    /// A task ended without completion (returned, rejected, deleted, interrupted).
    TaskCanceled {
        /// Task id.
        task_id: String,
        /// Node id.
        node: String,
        /// Why.
        reason: String,
    },
    /// A comment was recorded.
    CommentAdded {
        /// Task it belongs to.
        task_id: Option<String>,
        /// Node it belongs to.
        node: Option<String>,
        /// Category.
        kind: CommentKind,
        /// Text.
        message: String,
    },
    /// Carbon copies were sent.
    CarbonCopied {
        /// Task the copy was made from.
        task_id: Option<String>,
        /// Node.
        node: Option<String>,
        /// Recipients.
        users: Vec<String>,
    },
    /// A job was scheduled.
    JobCreated {
        /// The job (boxed, as `TaskCreated`'s task).
        job: Box<Job>,
    },
    /// A job was removed (run, or cancelled with its execution).
    JobRemoved {
        /// Job id.
        job_id: String,
    },
    /// A job run failed; it is retried later or, with no retries left, is an incident.
    JobFailed {
        /// Job id.
        job_id: String,
        /// Retries left.
        retries: u32,
        /// Failure message.
        message: String,
        /// Next attempt.
        due: Timestamp,
    },
    /// An administrator gave an incident (a job out of retries) its retries back, due now.
    JobRetried {
        /// Job id.
        job_id: String,
        /// Retries it has again.
        retries: u32,
        /// When it runs next.
        due: Timestamp,
    },
    /// A message subscription was opened.
    SubscriptionCreated {
        /// The subscription.
        subscription: Subscription,
    },
    /// A message subscription was closed.
    SubscriptionRemoved {
        /// Subscription id.
        id: u64,
    },
    /// A call activity asked the host to start a child instance (boxed, as `InstanceStarted`).
    ChildInstanceRequested(Box<ChildRequest>),
    /// Something in the model was skipped because this engine cannot evaluate it (e.g. a
    /// Camunda `dateTime()` due date); recorded so the gap is visible, not silent.
    Warning {
        /// Element concerned.
        element: String,
        /// What was skipped and why.
        message: String,
    },
    /// An administrator moved the instance to another version of its process; every node the
    /// instance was at (tokens, tasks, jobs, subscriptions, trail) is renamed by `nodes`.
    InstanceMigrated {
        /// The definition it ran on.
        from_definition_id: String,
        /// The definition it runs on now.
        to_definition_id: String,
        /// Each node id in use before -> its node id in the new definition.
        nodes: std::collections::BTreeMap<String, String>,
    },
    /// The instance was suspended.
    InstanceSuspended,
    /// The instance was activated again.
    InstanceActivated,
    /// The instance ended.
    InstanceEnded {
        /// Final status.
        status: InstanceStatus,
        /// Why, for anything but a normal completion.
        reason: Option<String>,
    },
}

/// What `EventKind::InstanceStarted` records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceStart {
    /// Deployed definition id.
    pub definition_id: String,
    /// Process key.
    pub process_key: String,
    /// Business key.
    pub business_key: Option<String>,
    /// The starting user.
    pub started_by: Option<String>,
    /// The calling instance, for call activities.
    pub parent: Option<ParentLink>,
}

/// What `EventKind::ChildInstanceRequested` records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChildRequest {
    /// Execution waiting at the call activity.
    pub execution: ExecutionId,
    /// Call activity id.
    pub node: String,
    /// Process key to start.
    pub called_element: String,
    /// Business key for the child.
    pub business_key: Option<String>,
    /// Variables passed in.
    pub variables: serde_json::Map<String, Value>,
}

/// Variables as a completion submitted them: the same JSON object as the
/// `serde_json::Map` they came in (same keys, same order), kept as one exact-size slice. A
/// `BTreeMap` holds a whole node, about 630 bytes, even for one variable, and every
/// completion stays in the history.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VariableList(Box<[(String, Value)]>);

impl VariableList {
    /// Name and value of each variable, in the submitted map's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &Value)> {
        self.0.iter().map(|(name, value)| (name.as_str(), value))
    }

    /// How many variables.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The variable `name`, if submitted.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl From<serde_json::Map<String, Value>> for VariableList {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        VariableList(map.into_iter().collect())
    }
}

impl From<VariableList> for serde_json::Map<String, Value> {
    fn from(list: VariableList) -> Self {
        list.0.into_vec().into_iter().collect()
    }
}

impl Serialize for VariableList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for VariableList {
    /// Through `serde_json::Map`, so a stored object reads exactly as it did before.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Map::deserialize(deserializer).map(VariableList::from)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn submitted_variables_keep_the_json_of_a_map() {
        let map = json!({"b": [1, 2], "a": true, "c": {"x": null}});
        let serde_json::Value::Object(map) = map else {
            unreachable!()
        };
        let list = VariableList::from(map.clone());
        assert_eq!(
            serde_json::to_string(&list).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        let back: VariableList =
            serde_json::from_value(serde_json::to_value(&map).unwrap()).unwrap();
        assert_eq!(back, list);
        assert_eq!(list.get("a"), Some(&json!(true)));
        assert_eq!(serde_json::Map::from(list), map);
    }

    /// These texts are what the types before boxing wrote (checked against that code), so
    /// stored histories read and write unchanged.
    #[test]
    fn boxed_payloads_keep_their_json() {
        let old = [
            r#"{"at":5,"actor":"u","kind":{"type":"instanceStarted","definitionId":"p:1","processKey":"p","businessKey":"b","startedBy":"u","parent":{"instance_id":"pi1","execution":3,"depth":1}}}"#,
            r#"{"at":5,"actor":null,"kind":{"type":"instanceStarted","definitionId":"p:1","processKey":"p","businessKey":null,"startedBy":null,"parent":null}}"#,
            r#"{"at":5,"actor":null,"kind":{"type":"childInstanceRequested","execution":4,"node":"call","calledElement":"child","businessKey":null,"variables":{"a":1}}}"#,
            r#"{"at":5,"actor":null,"kind":{"type":"executionCreated","execution":2,"parent":1,"node":"t","multiInstance":{"sequential":false,"items":["a","b"],"next":2},"isInstance":false}}"#,
            r#"{"at":5,"actor":null,"kind":{"type":"executionCreated","execution":2,"parent":1,"node":"t","multiInstance":null,"isInstance":true}}"#,
            r#"{"at":5,"actor":"u","kind":{"type":"taskCompleted","taskId":"pi1-2","node":"t","variables":{"approved":true,"b":[1]}}}"#,
        ];
        for text in old {
            let event: super::Event = serde_json::from_str(text).expect(text);
            assert_eq!(serde_json::to_string(&event).unwrap(), text);
        }
    }
}
