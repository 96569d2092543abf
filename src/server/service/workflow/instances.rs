//! Process instances: starting one, cancelling one, reading one.

use woc_engine::{Command, DefinitionRef, Variables};
use woc_store::{InstanceDetail, SqlStore, StoreError};

use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::workflow::{definitions, form_values};

/// What a start or a task operation leaves behind: the first new open task, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advanced {
    /// The first task the command opened.
    pub task_id: Option<String>,
    /// The instance.
    pub instance_id: String,
}

/// Starts an instance as `user`; `process` is a definition id (`key:version:uuid`) or a
/// process key, which means its latest version.
pub async fn start(
    store: &SqlStore,
    actor: &Actor,
    process: &str,
    business_key: Option<String>,
    variables: Variables,
) -> Result<Advanced, ServiceError> {
    // Resolved once, so the form checked is the one of the version that starts (a deploy
    // between the two would otherwise pair version n's form with version n+1).
    let Some(row) = definitions::resolve(store, process).await? else {
        return Err(StoreError::not_found("definition", process).into());
    };
    let bound = form_values::bound_form(store.db(), &row).await?;
    let variables =
        form_values::check_start(store.db(), bound.as_ref(), variables, "variables").await?;
    let definition = DefinitionRef::Id(row.id);
    let outcome = store
        .execute(
            Command::Start {
                definition,
                business_key,
                variables,
                parent: None,
                start_event: None,
            },
            Some(actor.username()),
        )
        .await?;
    Ok(Advanced {
        task_id: outcome.new_tasks.into_iter().next(),
        instance_id: outcome.instance_id,
    })
}

/// Cancels an instance: only its starter or an administrator may.
pub async fn cancel(
    store: &SqlStore,
    actor: &Actor,
    instance_id: &str,
    comment: Option<String>,
) -> Result<Advanced, ServiceError> {
    let instance = store.instance(instance_id).await?;
    if !actor.is_admin() && instance.started_by.as_deref() != Some(actor.username()) {
        return Err(ServiceError::Forbidden);
    }
    let outcome = store
        .execute(
            Command::Cancel {
                instance_id: instance_id.to_owned(),
                comment,
            },
            Some(actor.username()),
        )
        .await?;
    Ok(Advanced {
        task_id: None,
        instance_id: outcome.instance_id,
    })
}

/// An instance in full, for its starter, anyone who has or had one of its tasks, or an
/// administrator.
pub async fn detail(
    store: &SqlStore,
    actor: &Actor,
    instance_id: &str,
) -> Result<InstanceDetail, ServiceError> {
    let detail = store.instance_detail(instance_id).await?;
    let me = Some(actor.username());
    let involved = detail.instance.started_by.as_deref() == me
        || detail.instance.tasks.values().any(|t| {
            t.assignee.as_deref() == me
                || t.owner.as_deref() == me
                || t.candidate_users.iter().any(|c| c == actor.username())
        })
        || detail.history.iter().any(|e| e.actor.as_deref() == me);
    if !actor.is_admin() && !involved {
        return Err(ServiceError::Forbidden);
    }
    Ok(detail)
}
