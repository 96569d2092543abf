//! Job rows: kept equal to the instance state's jobs on every commit, and taken by job
//! executors with a lock owner and expiry so each due job runs on one executor at a time.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use woc_engine::{Job, JobKind, Timestamp};

use crate::db::Db;
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Arg, Statement};
use crate::with_pool;

/// A job as the job executor and the monitoring center see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRow {
    /// Job id.
    pub id: String,
    /// Owning instance.
    pub instance_id: String,
    /// Node that owns the job.
    pub node: String,
    /// `timer`, `async`, `asyncAfter` or `service`.
    pub kind: String,
    /// Service implementation key, for service jobs.
    pub handler: Option<String>,
    /// When it is due (ms).
    pub due_at: i64,
    /// Attempts left.
    pub retries: i64,
    /// Last failure message.
    pub last_error: Option<String>,
    /// Out of retries: waits for an administrator.
    pub incident: bool,
}

const COLUMNS: &str =
    "job_id, instance_id, node, kind, handler, due_at, retries, last_error, incident";

fn job_row(row: &impl Columns) -> Result<JobRow, sqlx::Error> {
    Ok(JobRow {
        id: row.string("job_id")?,
        instance_id: row.string("instance_id")?,
        node: row.string("node")?,
        kind: row.string("kind")?,
        handler: row.text("handler")?,
        due_at: row.number("due_at")?,
        retries: row.number("retries")?,
        last_error: row.text("last_error")?,
        incident: row.flag("incident")?,
    })
}

/// The `kind` column for a job.
pub(crate) fn kind_name(kind: &JobKind) -> &'static str {
    match kind {
        JobKind::Timer { .. } => "timer",
        JobKind::Async => "async",
        JobKind::AsyncAfter => "asyncAfter",
        JobKind::Service { .. } => "service",
    }
}

/// Statements (deletes, inserts) turning the stored jobs `before` into `after`. A changed job (a failure
/// counted down its retries) is written again without a lock, which releases it.
pub(crate) fn sync(
    before: &BTreeMap<String, Job>,
    after: &BTreeMap<String, Job>,
) -> (Vec<Statement>, Vec<Statement>) {
    let gone: Vec<String> = before
        .iter()
        .filter(|(id, job)| after.get(*id) != Some(*job))
        .map(|(id, _)| id.clone())
        .collect();
    let fresh: Vec<Vec<Arg>> = after
        .iter()
        .filter(|(id, job)| before.get(*id) != Some(*job))
        .map(|(_, job)| {
            let handler = match &job.kind {
                JobKind::Service { handler, .. } => Some(handler.clone()),
                _ => None,
            };
            vec![
                job.id.as_str().into(),
                job.instance_id.as_str().into(),
                job.node.as_str().into(),
                kind_name(&job.kind).into(),
                handler.into(),
                job.due.0.into(),
                i64::from(job.retries).into(),
                job.last_error.clone().into(),
                (job.retries == 0).into(),
            ]
        })
        .collect();
    let deletes = Statement::delete_in("jobs", "job_id", &gone);
    let inserts = Statement::insert(&format!("INSERT INTO jobs ({COLUMNS}) VALUES "), fresh);
    (deletes, inserts)
}

impl SqlStore {
    /// Locks up to `limit` due jobs of running instances for `owner` until `now + lock_for`
    /// and returns them, oldest due first. Jobs locked by another owner are skipped until their
    /// lock expires (a crashed executor's jobs come back). Service jobs are taken only when
    /// `with_service` is set (an executor without service handlers leaves them to others).
    pub async fn acquire_due_jobs(
        &self,
        owner: &str,
        now: Timestamp,
        limit: usize,
        lock_for: std::time::Duration,
        with_service: bool,
    ) -> Result<Vec<JobRow>, StoreError> {
        // PostgreSQL: concurrent executors skip each other's rows instead of waiting on them.
        // SQLite: the single UPDATE runs under the database's one writer lock, so it is
        // atomic without row locks.
        let skip_locked = match &self.db {
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        };
        let service = if with_service {
            ""
        } else {
            " AND kind <> 'service'"
        };
        let acquire = Statement::new(format!(
            "UPDATE jobs SET lock_owner = $1, lock_expires_at = $2 WHERE job_id IN (\
             SELECT job_id FROM jobs WHERE incident = FALSE AND due_at <= $3 \
             AND (lock_expires_at IS NULL OR lock_expires_at < $3){service} \
             AND EXISTS (SELECT 1 FROM process_instances i \
             WHERE i.instance_id = jobs.instance_id AND i.status = 'running') \
             ORDER BY due_at, job_id LIMIT $4{skip_locked}) RETURNING {COLUMNS}"
        ))
        .arg(owner)
        .arg(now.0.saturating_add(lock_for.as_millis() as i64))
        .arg(now.0)
        .arg(limit as i64);
        let mut jobs = with_pool!(&self.db, |pool| {
            let mut jobs = Vec::new();
            for row in query(&acquire).fetch_all(pool).await? {
                jobs.push(job_row(&row)?);
            }
            jobs
        });
        jobs.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.id.cmp(&b.id)));
        Ok(jobs)
    }

    /// Gives a job back without running it (e.g. after a conflict), so the next turn retries.
    pub async fn release_job(&self, job_id: &str, owner: &str) -> Result<(), StoreError> {
        let release = Statement::new(
            "UPDATE jobs SET lock_owner = NULL, lock_expires_at = NULL \
             WHERE job_id = $1 AND lock_owner = $2",
        )
        .arg(job_id)
        .arg(owner);
        with_pool!(&self.db, |pool| query(&release)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Jobs out of retries, oldest due first (the monitoring center's incidents).
    pub async fn incidents(&self) -> Result<Vec<JobRow>, StoreError> {
        let select = Statement::new(format!(
            "SELECT {COLUMNS} FROM jobs WHERE incident = TRUE ORDER BY due_at, job_id"
        ));
        self.job_rows(&select).await
    }

    /// The pending jobs of one instance, soonest first.
    pub async fn jobs_of(&self, instance_id: &str) -> Result<Vec<JobRow>, StoreError> {
        let select = Statement::new(format!(
            "SELECT {COLUMNS} FROM jobs WHERE instance_id = $1 ORDER BY due_at, job_id"
        ))
        .arg(instance_id);
        self.job_rows(&select).await
    }

    async fn job_rows(&self, select: &Statement) -> Result<Vec<JobRow>, StoreError> {
        Ok(with_pool!(&self.db, |pool| {
            let mut jobs = Vec::new();
            for row in query(select).fetch_all(pool).await? {
                jobs.push(job_row(&row)?);
            }
            jobs
        }))
    }
}
