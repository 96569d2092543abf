//! Operations on open tasks, each allowed only to the people the task names: its assignee
//! (or the owner of a delegated task), a candidate for a claim, an administrator always.
//! The check runs inside the command's transaction, against the task the command acts on
//! (`SqlStore::execute_if`): a transfer committed after the caller's last look is seen, and
//! a refused caller changes nothing.

use woc_engine::{Command, CommandTarget, Task, Variables};
use woc_store::SqlStore;

use crate::server::service::actor::Actor;
use crate::server::service::directory::users;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::workflow::form_values;
use crate::server::service::workflow::instances::Advanced;

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
    /// Who may send `command`; `None` for a command that is not an operation on a task.
    fn of(command: &Command) -> Option<Access> {
        Some(match command {
            Command::Claim { .. } => Access::Candidate,
            Command::Resolve { .. } | Command::Unclaim { .. } => Access::Assignee,
            Command::DeleteTask { .. } => Access::Nobody,
            Command::Complete { .. }
            | Command::Reject { .. }
            | Command::Return { .. }
            | Command::Delegate { .. }
            | Command::Transfer { .. } => Access::AssigneeOrOwner,
            _ => return None,
        })
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

/// Sends `command`, an operation on an open task (complete, reject, return, delegate,
/// transfer, claim, unclaim, resolve, delete), as `actor`.
///
/// Sent once, without retrying on a conflict: of several concurrent operations on one task
/// exactly one commits and the others get 409 (or 404 once the task is gone), so a client
/// never has its approval applied twice.
pub async fn act(
    store: &SqlStore,
    actor: &Actor,
    command: Command,
) -> Result<Advanced, ServiceError> {
    let CommandTarget::Task(task_id) = command.target() else {
        return Err(ServiceError::refused(format!(
            "{} is not a task operation",
            command.name()
        )));
    };
    if task_id.trim().is_empty() {
        return Err(ServiceError::Invalid(vec![FieldProblem::missing("taskId")]));
    }
    let Some(access) = Access::of(&command) else {
        return Err(ServiceError::refused(format!(
            "{} is not a task operation",
            command.name()
        )));
    };
    let command = checked_form_values(store, actor, access, command).await?;
    // Group membership matters only to a claim; other operations name people directly.
    let groups = match access {
        Access::Candidate => users::group_keys(store.db(), actor.username()).await?,
        _ => Vec::new(),
    };
    let allowed = move |task: &Task| may(actor, &groups, task, access);
    let outcome = store
        .execute_if(command, Some(actor.username()), allowed)
        .await?;
    Ok(Advanced {
        task_id: outcome.new_tasks.into_iter().next(),
        instance_id: outcome.instance_id,
    })
}

/// A completion's (or a delegate's resolution's) variables validated against the process's
/// form for the task's node. The caller's right to act is looked at first, so someone who
/// may not act learns nothing about the form from its refusals; the command's own check in
/// its transaction still decides.
async fn checked_form_values(
    store: &SqlStore,
    actor: &Actor,
    access: Access,
    command: Command,
) -> Result<Command, ServiceError> {
    async fn check(
        store: &SqlStore,
        actor: &Actor,
        access: Access,
        task_id: &str,
        variables: Variables,
    ) -> Result<Variables, ServiceError> {
        let task = store.open_task(task_id).await?;
        if !may(actor, &[], &task, access) {
            return Err(ServiceError::Forbidden);
        }
        form_values::check_task(store, task_id, variables, "variables").await
    }
    Ok(match command {
        Command::Complete {
            task_id,
            variables,
            comment,
            next_assignees,
            copy_to,
        } => Command::Complete {
            variables: check(store, actor, access, &task_id, variables).await?,
            task_id,
            comment,
            next_assignees,
            copy_to,
        },
        Command::Resolve {
            task_id,
            variables,
            comment,
        } => Command::Resolve {
            variables: check(store, actor, access, &task_id, variables).await?,
            task_id,
            comment,
        },
        other => other,
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
