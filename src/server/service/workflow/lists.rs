//! The user's lists: open tasks, finished tasks, started instances, carbon copies.

use woc_store::{
    CopyRow, FinishedRow, InstanceRow, Page, Paging, SqlStore, StartedFilter, TaskRow,
};

use crate::server::service::actor::Actor;
use crate::server::service::directory::users;
use crate::server::service::error::ServiceError;

/// Tasks the user may act on now: assigned to them, or unassigned with them or one of their
/// groups (the directory's group keys, which BPMN `candidateGroups` name) as candidate; of
/// the instances `filter` matches.
pub async fn todo(
    store: &SqlStore,
    actor: &Actor,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<TaskRow>, ServiceError> {
    let groups = users::group_keys(store.db(), actor.username()).await?;
    Ok(store
        .todo_matching(actor.username(), &groups, filter, paging)
        .await?)
}

/// Tasks the user completed or otherwise ended, of the instances `filter` matches.
pub async fn finished(
    store: &SqlStore,
    actor: &Actor,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<FinishedRow>, ServiceError> {
    Ok(store
        .finished_matching(actor.username(), filter, paging)
        .await?)
}

/// Instances the user started.
pub async fn own(
    store: &SqlStore,
    actor: &Actor,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<InstanceRow>, ServiceError> {
    Ok(store.started_by(actor.username(), filter, paging).await?)
}

/// Carbon copies sent to the user.
pub async fn copies(
    store: &SqlStore,
    actor: &Actor,
    paging: Paging,
) -> Result<Page<CopyRow>, ServiceError> {
    Ok(store.carbon_copies(actor.username(), paging).await?)
}
