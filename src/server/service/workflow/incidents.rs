//! Incidents (jobs out of retries): the list and the retry, for administrators.

use woc_store::{Incident, SqlStore};

use crate::account::CurrentUser;
use crate::server::api::error::ApiError;
use crate::server::service::workflow::definitions::require_admin;

/// Every incident, oldest first.
pub async fn list(store: &SqlStore, user: &CurrentUser) -> Result<Vec<Incident>, ApiError> {
    require_admin(user)?;
    Ok(store.incident_list().await?)
}

/// Gives an incident its retries back, due now; the job executor runs it on its next turn.
/// A job that is not an incident is a 409, an unknown one 404.
pub async fn retry(store: &SqlStore, user: &CurrentUser, job_id: &str) -> Result<(), ApiError> {
    require_admin(user)?;
    store.retry_incident(job_id, &user.username).await?;
    Ok(())
}
