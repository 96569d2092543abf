//! Operations on open tasks, each allowed only to the people the task names: its assignee
//! (or the owner of a delegated task), a candidate for a claim, an administrator always.
//! The check runs inside the command's transaction, against the task the command acts on
//! (`SqlStore::execute_if`): a transfer committed after the caller's last look is seen, and
//! a refused caller changes nothing.

use woc_engine::{Command, Task, Variables};
use woc_store::SqlStore;

use crate::server::service::actor::Actor;
use crate::server::service::directory::users;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::workflow::instances::Advanced;

/// What to do to a task, with the parts of the shared request body each operation reads.
#[derive(Debug, Clone)]
pub enum Operation {
    /// Approve.
    Complete {
        /// Variables to set.
        variables: Variables,
        /// Assignees of the next user task(s).
        next_assignees: Vec<String>,
        /// Carbon-copy recipients.
        copy_to: Vec<String>,
    },
    /// End the instance as `rejected`.
    Reject,
    /// Back to a visited node.
    Return {
        /// Node id (`targetKey`).
        target: String,
    },
    /// To a delegate, who resolves it back.
    Delegate {
        /// The delegate.
        to: String,
    },
    /// To another assignee for good.
    Transfer {
        /// The new assignee.
        to: String,
    },
    /// A candidate takes it.
    Claim,
    /// The assignee gives it back to the candidates.
    Unclaim,
    /// The delegate hands it back to the owner.
    Resolve {
        /// Variables to set.
        variables: Variables,
    },
    /// Administrator intervention: the token moves on.
    Delete,
}

/// Who, besides an administrator, may perform an operation on a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// A candidate (by name or group) of an unassigned task: a claim.
    Candidate,
    /// The assignee alone: resolving a delegation, giving the task back.
    Assignee,
    /// The assignee, or the owner of a delegated task: everything else.
    AssigneeOrOwner,
    /// Administrators only: deleting a task.
    Nobody,
}

impl Access {
    fn of(operation: &Operation) -> Access {
        match operation {
            Operation::Claim => Access::Candidate,
            Operation::Resolve { .. } | Operation::Unclaim => Access::Assignee,
            Operation::Delete => Access::Nobody,
            _ => Access::AssigneeOrOwner,
        }
    }
}

/// Whether `user` (member of `groups`) has `access` to `task`.
fn may(actor: &Actor, groups: &[String], task: &Task, access: Access) -> bool {
    if actor.is_admin() {
        return true;
    }
    let me = Some(actor.username());
    match access {
        Access::Candidate => {
            task.assignee.is_none()
                && (task.candidate_users.iter().any(|c| c == actor.username())
                    || task.candidate_groups.iter().any(|g| groups.contains(g)))
        }
        Access::Assignee => task.assignee.as_deref() == me,
        Access::Nobody => false,
        Access::AssigneeOrOwner => task.assignee.as_deref() == me || task.owner.as_deref() == me,
    }
}

fn command(task_id: String, operation: Operation, comment: Option<String>) -> Command {
    match operation {
        Operation::Complete {
            variables,
            next_assignees,
            copy_to,
        } => Command::Complete {
            task_id,
            variables,
            comment,
            next_assignees,
            copy_to,
        },
        Operation::Reject => Command::Reject { task_id, comment },
        Operation::Return { target } => Command::Return {
            task_id,
            target_node: target,
            comment,
        },
        Operation::Delegate { to } => Command::Delegate {
            task_id,
            to,
            comment,
        },
        Operation::Transfer { to } => Command::Transfer {
            task_id,
            to,
            comment,
        },
        Operation::Claim => Command::Claim { task_id },
        Operation::Unclaim => Command::Unclaim { task_id },
        Operation::Resolve { variables } => Command::Resolve {
            task_id,
            variables,
            comment,
        },
        Operation::Delete => Command::DeleteTask {
            task_id,
            reason: comment,
        },
    }
}

/// Performs `operation` on the open task `task_id` as `user`.
///
/// Sent once, without retrying on a conflict: of several concurrent operations on one task
/// exactly one commits and the others get 409 (or 404 once the task is gone), so a client
/// never has its approval applied twice.
pub async fn act(
    store: &SqlStore,
    actor: &Actor,
    task_id: &str,
    operation: Operation,
    comment: Option<String>,
) -> Result<Advanced, ServiceError> {
    if task_id.trim().is_empty() {
        return Err(ServiceError::Invalid(vec![FieldProblem::missing("taskId")]));
    }
    // Group membership matters only to a claim; other operations name people directly.
    let groups = match operation {
        Operation::Claim => users::group_keys(store.db(), actor.username()).await?,
        _ => Vec::new(),
    };
    let access = Access::of(&operation);
    let allowed = move |task: &Task| may(actor, &groups, task, access);
    let outcome = store
        .execute_if(
            command(task_id.to_owned(), operation, comment),
            Some(actor.username()),
            allowed,
        )
        .await?;
    Ok(Advanced {
        task_id: outcome.new_tasks.into_iter().next(),
        instance_id: outcome.instance_id,
    })
}

/// Nodes the task may be returned to, for whoever may act on it.
pub async fn return_nodes(
    store: &SqlStore,
    actor: &Actor,
    task_id: &str,
) -> Result<Vec<String>, ServiceError> {
    let task = store.open_task(task_id).await?;
    if !may(actor, &[], &task, Access::AssigneeOrOwner) {
        return Err(ServiceError::Forbidden);
    }
    Ok(store.return_targets(task_id).await?)
}
