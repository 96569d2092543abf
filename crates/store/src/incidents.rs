//! Incidents: jobs whose retries ran out, listed for administrators and retried by them.
//!
//! Two kinds exist: an instance's job (timer, async continuation, service call), retried
//! through the engine so the instance's history records who retried it; and a timer start
//! whose instance could not be started, which belongs to no instance yet, so its retry is
//! recorded on the timer row itself (`last_error` keeps the failure until it runs again).

use serde::{Deserialize, Serialize};
use woc_engine::{Command, Outcome};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

/// A job out of retries, waiting for an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Incident {
    /// Job id (what `retry_incident` takes).
    pub job_id: String,
    /// The instance it belongs to; `None` for a timer start (no instance yet).
    pub instance_id: Option<String>,
    /// The definition (the instance's, or the one the timer starts).
    pub definition_id: String,
    /// Process key.
    pub process_key: String,
    /// Node that owns the job.
    pub node: String,
    /// `timer`, `async`, `asyncAfter`, `service` or `timerStart`.
    pub kind: String,
    /// Service implementation key, for service jobs.
    pub handler: Option<String>,
    /// When it last was due (ms).
    pub due_at: i64,
    /// The failure that used up the last retry.
    pub last_error: Option<String>,
}

fn incident(row: &impl Columns) -> Result<Incident, sqlx::Error> {
    Ok(Incident {
        job_id: row.string("job_id")?,
        instance_id: row.text("instance_id")?,
        definition_id: row.string("definition_id")?,
        process_key: row.string("process_key")?,
        node: row.string("node")?,
        kind: row.string("kind")?,
        handler: row.text("handler")?,
        due_at: row.number("due_at")?,
        last_error: row.text("last_error")?,
    })
}

/// What retrying an incident did.
#[derive(Debug, Clone, PartialEq)]
pub enum Retried {
    /// An instance's job: the engine's outcome (its `JobRetried` event).
    Job(Outcome),
    /// A timer start: due now with its retries back.
    StartTimer,
}

impl SqlStore {
    /// Every incident, oldest due first: instance jobs and timer starts.
    pub async fn incident_list(&self) -> Result<Vec<Incident>, StoreError> {
        let select = Statement::new(
            "SELECT j.job_id, j.instance_id, i.definition_id, i.process_key, j.node, j.kind, \
             j.handler, j.due_at, j.last_error FROM jobs j \
             JOIN process_instances i ON i.instance_id = j.instance_id WHERE j.incident = TRUE \
             UNION ALL \
             SELECT job_id, NULL, definition_id, process_key, node, 'timerStart', NULL, due_at, \
             last_error FROM timer_start_jobs WHERE incident = TRUE \
             ORDER BY due_at, job_id",
        );
        Ok(with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(&select).fetch_all(pool).await? {
                rows.push(incident(&row)?);
            }
            rows
        }))
    }

    /// Retries an incident on behalf of `actor`: its retries are reset, it is no longer an
    /// incident, and it is due now, so the job executor's next turn runs it. A job that still
    /// has retries is refused (`InvalidOperation`); an unknown id is `NotFound`.
    pub async fn retry_incident(&self, job_id: &str, actor: &str) -> Result<Retried, StoreError> {
        let retry = Statement::new(
            "UPDATE timer_start_jobs SET retries = $1, incident = FALSE, due_at = $2, \
             lock_owner = NULL, lock_expires_at = NULL WHERE job_id = $3 AND incident = TRUE",
        )
        .arg(i64::from(self.config.job_retries.max(1)))
        .arg(self.clock.now().0)
        .arg(job_id);
        let changed = with_pool!(&self.db, |pool| query(&retry)
            .execute(pool)
            .await?
            .rows_affected());
        if changed == 1 {
            return Ok(Retried::StartTimer);
        }
        let command = Command::RetryJob {
            job_id: job_id.to_string(),
        };
        Ok(Retried::Job(
            self.execute_retrying(command, Some(actor), 5).await?,
        ))
    }
}
