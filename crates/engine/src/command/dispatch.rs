//! Routes a command to its handler.

use super::{incident, instance, rewind, signer, task, trigger, Command};
use crate::error::EngineError;
use crate::run::Run;

/// Runs a non-start command against a loaded instance inside `run`.
pub(crate) fn execute(run: &mut Run<'_>, command: Command) -> Result<(), EngineError> {
    run.ensure_operable(&command)?;
    match command {
        Command::Start { .. } => Err(EngineError::invalid(
            "start",
            "start creates a new instance; it cannot address an existing one",
        )),
        Command::Complete {
            task_id,
            variables,
            comment,
            next_assignees,
            copy_to,
        } => task::complete(run, &task_id, variables, comment, next_assignees, copy_to),
        Command::Claim { task_id } => task::claim(run, &task_id),
        Command::Unclaim { task_id } => task::unclaim(run, &task_id),
        Command::Assign {
            task_id,
            assignee,
            candidate_users,
        } => task::assign(run, &task_id, assignee, candidate_users),
        Command::Delegate {
            task_id,
            to,
            comment,
        } => task::delegate(run, &task_id, &to, comment),
        Command::Resolve {
            task_id,
            variables,
            comment,
        } => task::resolve(run, &task_id, variables, comment),
        Command::Transfer {
            task_id,
            to,
            comment,
        } => task::transfer(run, &task_id, &to, comment),
        Command::DeleteTask { task_id, reason } => task::delete(run, &task_id, reason),
        Command::Return {
            task_id,
            target_node,
            comment,
        } => rewind::return_to(run, &task_id, &target_node, comment),
        Command::Withdraw { comment, .. } => rewind::withdraw(run, comment),
        Command::Jump {
            target_node,
            from_task,
            comment,
            ..
        } => rewind::jump(run, &target_node, from_task.as_deref(), comment),
        Command::Reject { task_id, comment } => instance::reject(run, &task_id, comment),
        Command::Cancel { comment, .. } => instance::cancel(run, comment),
        Command::Terminate { reason, .. } => instance::terminate(run, reason),
        Command::SetVariables { variables, .. } => instance::set_variables(run, variables),
        Command::Suspend { .. } => instance::suspend(run),
        Command::Activate { .. } => instance::activate(run),
        Command::AddSigners { task_id, users } => signer::add(run, &task_id, users),
        Command::RemoveSigner { task_id, user } => signer::remove(run, &task_id, &user),
        Command::Message {
            name, variables, ..
        } => trigger::message(run, &name, variables),
        Command::Signal {
            name, variables, ..
        } => trigger::signal(run, &name, variables),
        Command::Trigger {
            node, variables, ..
        } => trigger::trigger(run, &node, variables),
        Command::FireTimer { job_id } => trigger::fire_timer(run, &job_id),
        Command::RunJob { job_id } => trigger::run_job(run, &job_id),
        Command::CompleteJob { job_id, variables } => {
            trigger::complete_job(run, &job_id, variables)
        }
        Command::FailJob {
            job_id,
            message,
            bpmn_error,
        } => trigger::fail_job(run, &job_id, &message, bpmn_error),
        Command::RetryJob { job_id } => incident::retry(run, &job_id),
        Command::ChildCompleted {
            execution,
            variables,
            ..
        } => trigger::child_completed(run, execution, variables),
    }
}
