//! The engine's one error type.

use crate::expr::ExprError;
use crate::instance::InstanceStatus;

/// Why a command or deployment failed; a failed command leaves no events behind.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The instance changed since it was loaded (optimistic locking); reload and retry.
    #[error("instance '{instance_id}' was changed concurrently (expected revision {expected}, found {found})")]
    Conflict {
        /// Instance id.
        instance_id: String,
        /// Revision the command was based on.
        expected: u64,
        /// Revision in the store.
        found: u64,
    },
    /// Something named by the command does not exist.
    #[error("{what} '{id}' not found")]
    NotFound {
        /// Kind of thing (`task`, `instance`, `definition`, ...).
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The instance is suspended; only activation is allowed.
    #[error("instance '{0}' is suspended; activate it first")]
    Suspended(String),
    /// The instance has ended.
    #[error("instance '{instance_id}' has already ended ({status:?})")]
    Ended {
        /// Instance id.
        instance_id: String,
        /// Its final status.
        status: InstanceStatus,
    },
    /// The command is not allowed in the current state.
    #[error("{operation} refused: {reason}")]
    InvalidOperation {
        /// The operation (`complete`, `return`, ...).
        operation: &'static str,
        /// Why.
        reason: String,
    },
    /// An expression in the model failed.
    #[error("expression on '{element}' failed: {source}")]
    Expression {
        /// Element whose expression failed.
        element: String,
        /// The expression error.
        #[source]
        source: ExprError,
    },
    /// The model cannot run as written at this point (no outgoing flow taken, bad timer...).
    #[error("element '{element}': {message}")]
    Model {
        /// Element id.
        element: String,
        /// What is wrong.
        message: String,
    },
    /// A BPMN error was thrown and no boundary event catches it.
    #[error("BPMN error '{code}' thrown at '{element}' is not caught by any boundary event")]
    UnhandledError {
        /// Error code.
        code: String,
        /// Throwing element.
        element: String,
    },
    /// The command ran more operations than allowed: a cycle without wait states.
    #[error("command stopped after {steps} steps at '{element}': the process loops without reaching a wait state")]
    LoopLimit {
        /// Steps run.
        steps: usize,
        /// Element being executed when the limit hit.
        element: String,
    },
    /// The caller's rule of who may act on a task refused the actor, checked against the task
    /// as the command found it (see the store's `execute_if`).
    #[error("not allowed to act on task '{task_id}'")]
    Forbidden {
        /// The task.
        task_id: String,
    },
    /// Call activities nest deeper than allowed.
    #[error("call activity nesting exceeds the limit of {limit}")]
    CallDepth {
        /// The limit.
        limit: u32,
    },
    /// A deployment was refused; each problem names the element and line.
    #[error("deployment refused: {}", problems.join("; "))]
    Deployment {
        /// One line per problem.
        problems: Vec<String>,
    },
    /// The engine would have recorded an impossible activity transition (an engine bug); the
    /// command is refused rather than committing an inconsistent history.
    #[error("inconsistent activity lifecycle: {0}")]
    Lifecycle(String),
    /// The store failed for a reason other than a conflict.
    #[error("store: {0}")]
    Store(String),
}

impl EngineError {
    /// Shorthand for `InvalidOperation`.
    pub fn invalid(operation: &'static str, reason: impl Into<String>) -> Self {
        EngineError::InvalidOperation {
            operation,
            reason: reason.into(),
        }
    }

    /// Shorthand for `Model`.
    pub fn model(element: &str, message: impl Into<String>) -> Self {
        EngineError::Model {
            element: element.to_string(),
            message: message.into(),
        }
    }

    /// Shorthand for `NotFound`.
    pub fn not_found(what: &'static str, id: &str) -> Self {
        EngineError::NotFound {
            what,
            id: id.to_string(),
        }
    }
}
