//! The user's lists: open tasks, finished tasks, started instances, carbon copies.

use woc_store::{
    CopyRow, FinishedRow, InstanceRow, Page, Paging, SqlStore, StartedFilter, TaskRow,
};

use crate::account::CurrentUser;
use crate::server::api::error::ApiError;
use crate::server::service::directory::users;

/// Tasks the user may act on now: assigned to them, or unassigned with them or one of their
/// groups (the directory's group keys, which BPMN `candidateGroups` name) as candidate; of
/// the instances `filter` matches.
pub async fn todo(
    store: &SqlStore,
    user: &CurrentUser,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<TaskRow>, ApiError> {
    let groups = users::group_keys(store.db(), &user.username).await?;
    Ok(store
        .todo_matching(&user.username, &groups, filter, paging)
        .await?)
}

/// Tasks the user completed or otherwise ended, of the instances `filter` matches.
pub async fn finished(
    store: &SqlStore,
    user: &CurrentUser,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<FinishedRow>, ApiError> {
    Ok(store
        .finished_matching(&user.username, filter, paging)
        .await?)
}

/// Instances the user started.
pub async fn own(
    store: &SqlStore,
    user: &CurrentUser,
    filter: &StartedFilter,
    paging: Paging,
) -> Result<Page<InstanceRow>, ApiError> {
    Ok(store.started_by(&user.username, filter, paging).await?)
}

/// Carbon copies sent to the user.
pub async fn copies(
    store: &SqlStore,
    user: &CurrentUser,
    paging: Paging,
) -> Result<Page<CopyRow>, ApiError> {
    Ok(store.carbon_copies(&user.username, paging).await?)
}
