//! Incidents (jobs out of retries): the list and the retry, for administrators.

use woc_store::{Incident, SqlStore};

use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;

/// Every incident, oldest first.
pub async fn list(store: &SqlStore, actor: &Actor) -> Result<Vec<Incident>, ServiceError> {
    actor.require_admin()?;
    Ok(store.incident_list().await?)
}

/// Gives an incident its retries back, due now; the job executor runs it on its next turn.
/// A job that is not an incident is a 409, an unknown one 404.
pub async fn retry(store: &SqlStore, actor: &Actor, job_id: &str) -> Result<(), ServiceError> {
    actor.require_admin()?;
    store.retry_incident(job_id, actor.username()).await?;
    Ok(())
}
