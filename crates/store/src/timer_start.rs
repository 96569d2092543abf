//! Timer start events: scheduled when a definition is deployed, fired by the job executor,
//! which starts an instance (started by the system: no user) and reschedules a cycle.
//!
//! As in Flowable, only the latest version of a process starts on its timers: deploying a new
//! version removes the older versions' timer starts (whether or not the new one has any), and
//! suspending the definition removes its own; activating the latest version schedules them
//! again from the activation time.

use serde::{Deserialize, Serialize};
use woc_engine::{Command, Definition, DefinitionRef, StartTimer, Timestamp};

use crate::db::{BeginWrite, Db};
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Arg, Statement};
use crate::with_pool;

/// A scheduled timer start event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartTimerRow {
    /// Job id.
    pub id: String,
    /// The definition an instance is started from.
    pub definition_id: String,
    /// Its process key.
    pub process_key: String,
    /// The timer start event.
    pub node: String,
    /// When it next fires (ms).
    pub due_at: i64,
    /// The ISO 8601 cycle, for repeating timers.
    pub cycle: Option<String>,
    /// Firings left after the next one (`None`: unbounded cycle, or a single timer).
    pub remaining: Option<i64>,
    /// Attempts left before a failing start becomes an incident.
    pub retries: i64,
    /// Last failure message.
    pub last_error: Option<String>,
    /// Out of retries: waits for an administrator.
    pub incident: bool,
}

const COLUMNS: &str = "job_id, definition_id, process_key, node, due_at, cycle, remaining, \
                       retries, last_error, incident";

fn start_timer_row(row: &impl Columns) -> Result<StartTimerRow, sqlx::Error> {
    Ok(StartTimerRow {
        id: row.string("job_id")?,
        definition_id: row.string("definition_id")?,
        process_key: row.string("process_key")?,
        node: row.string("node")?,
        due_at: row.number("due_at")?,
        cycle: row.text("cycle")?,
        remaining: row.int("remaining")?,
        retries: row.number("retries")?,
        last_error: row.text("last_error")?,
        incident: row.flag("incident")?,
    })
}

/// Statements replacing every timer start of `definition`'s process key by the first firings of
/// `definition`'s own timer start events, computed at `now` (run in the deployment's
/// transaction, so a deployment and its schedule commit together).
pub(crate) fn schedule(
    definition: &Definition,
    now: Timestamp,
    retries: u32,
) -> Result<Vec<Statement>, StoreError> {
    let mut statements =
        vec![
            Statement::new("DELETE FROM timer_start_jobs WHERE process_key = $1")
                .arg(definition.key.as_str()),
        ];
    let rows: Vec<Vec<Arg>> = definition
        .start_timers(now)?
        .into_iter()
        .map(|timer| {
            let (cycle, remaining) = match timer.cycle {
                Some((text, remaining)) => (Some(text), remaining.map(i64::from)),
                None => (None, None),
            };
            vec![
                uuid::Uuid::new_v4().simple().to_string().into(),
                definition.id.as_str().into(),
                definition.key.as_str().into(),
                timer.node.into(),
                timer.due.0.into(),
                cycle.into(),
                remaining.into(),
                i64::from(retries).into(),
                Option::<String>::None.into(),
                false.into(),
            ]
        })
        .collect();
    statements.extend(Statement::insert(
        &format!("INSERT INTO timer_start_jobs ({COLUMNS}) VALUES "),
        rows,
    ));
    Ok(statements)
}

impl SqlStore {
    /// The scheduled timer starts, soonest first (incidents included).
    pub async fn start_timers(&self) -> Result<Vec<StartTimerRow>, StoreError> {
        let select = Statement::new(format!(
            "SELECT {COLUMNS} FROM timer_start_jobs ORDER BY due_at, job_id"
        ));
        self.start_timer_rows(&select).await
    }

    /// Removes a definition's timer starts (it was suspended).
    pub(crate) async fn unschedule_start_timers(
        &self,
        definition_id: &str,
    ) -> Result<(), StoreError> {
        let delete = Statement::new("DELETE FROM timer_start_jobs WHERE definition_id = $1")
            .arg(definition_id);
        with_pool!(&self.db, |pool| query(&delete)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Schedules a definition's timer starts from now, if it is the latest version of its key
    /// (an older version never starts on its timers) and has none scheduled.
    pub(crate) async fn reschedule_start_timers(
        &self,
        definition_id: &str,
    ) -> Result<(), StoreError> {
        let check = Statement::new(
            "SELECT (SELECT MAX(version) FROM process_definitions m \
             WHERE m.process_key = d.process_key) = d.version AS latest, \
             EXISTS (SELECT 1 FROM timer_start_jobs t WHERE t.definition_id = d.definition_id) \
             AS scheduled FROM process_definitions d WHERE d.definition_id = $1",
        )
        .arg(definition_id);
        let (latest, scheduled) = with_pool!(&self.db, |pool| {
            let row = query(&check).fetch_one(pool).await?;
            (row.flag("latest")?, row.flag("scheduled")?)
        });
        if !latest || scheduled {
            return Ok(());
        }
        let definition = self.engine_definition(definition_id).await?;
        let statements = schedule(&definition, self.clock.now(), self.config.job_retries)?;
        with_pool!(&self.writer, |pool| {
            let mut tx = pool.begin_write().await?;
            for statement in &statements {
                query(statement).execute(&mut *tx).await?;
            }
            tx.commit().await?;
        });
        Ok(())
    }

    /// Locks up to `limit` due timer starts for `owner` until `now + lock_for`, as
    /// [`SqlStore::acquire_due_jobs`] does for instance jobs.
    pub async fn acquire_due_start_timers(
        &self,
        owner: &str,
        now: Timestamp,
        limit: usize,
        lock_for: std::time::Duration,
    ) -> Result<Vec<StartTimerRow>, StoreError> {
        let skip_locked = match &self.db {
            Db::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Db::Sqlite(_) => "",
        };
        let acquire = Statement::new(format!(
            "UPDATE timer_start_jobs SET lock_owner = $1, lock_expires_at = $2 WHERE job_id IN (\
             SELECT job_id FROM timer_start_jobs WHERE incident = FALSE AND due_at <= $3 \
             AND (lock_expires_at IS NULL OR lock_expires_at < $3) \
             ORDER BY due_at, job_id LIMIT $4{skip_locked}) RETURNING {COLUMNS}"
        ))
        .arg(owner)
        .arg(now.0.saturating_add(lock_for.as_millis() as i64))
        .arg(now.0)
        .arg(limit as i64);
        let mut timers = self.start_timer_rows(&acquire).await?;
        timers.sort_by(|a, b| a.due_at.cmp(&b.due_at).then(a.id.cmp(&b.id)));
        Ok(timers)
    }

    /// Starts an instance for a taken timer start and, in the same transaction, moves the
    /// timer to its next firing (or removes it after its last), guarded by `owner`'s lock:
    /// if the lock was lost meanwhile nothing is written (`Conflict`).
    pub async fn fire_start_timer(
        &self,
        timer: &StartTimerRow,
        owner: &str,
        now: Timestamp,
    ) -> Result<String, StoreError> {
        let planned = StartTimer {
            node: timer.node.clone(),
            due: Timestamp(timer.due_at),
            cycle: timer
                .cycle
                .clone()
                .map(|text| (text, timer.remaining.map(|r| r.max(0) as u32))),
        };
        let guard = match planned.next() {
            Some(next) => Statement::new(
                "UPDATE timer_start_jobs SET due_at = $1, remaining = $2, retries = $3, \
                 last_error = NULL, lock_owner = NULL, lock_expires_at = NULL \
                 WHERE job_id = $4 AND lock_owner = $5",
            )
            .arg(next.due.0)
            .arg(next.cycle.and_then(|(_, r)| r).map(i64::from))
            .arg(i64::from(self.config.job_retries))
            .arg(timer.id.as_str())
            .arg(owner),
            None => {
                Statement::new("DELETE FROM timer_start_jobs WHERE job_id = $1 AND lock_owner = $2")
                    .arg(timer.id.as_str())
                    .arg(owner)
            }
        };
        let start = Command::Start {
            definition: DefinitionRef::Id(timer.definition_id.clone()),
            business_key: None,
            variables: Default::default(),
            parent: None,
            start_event: Some(timer.node.clone()),
        };
        let outcome = self
            .commit_guarded(start, None, now, &self.config, Some(Box::new(|_| guard)))
            .await?;
        self.follow_effects(&outcome, None, now).await?;
        Ok(outcome.instance_id)
    }

    /// Records a failed start: one retry less, due again after `delay_ms`, an incident at zero.
    pub(crate) async fn fail_start_timer(
        &self,
        timer: &StartTimerRow,
        owner: &str,
        message: &str,
        now: Timestamp,
        delay_ms: i64,
    ) -> Result<bool, StoreError> {
        let retries = (timer.retries - 1).max(0);
        let update = Statement::new(
            "UPDATE timer_start_jobs SET retries = $1, last_error = $2, due_at = $3, \
             incident = $4, lock_owner = NULL, lock_expires_at = NULL \
             WHERE job_id = $5 AND lock_owner = $6",
        )
        .arg(retries)
        .arg(message)
        .arg(now.0.saturating_add(delay_ms))
        .arg(retries == 0)
        .arg(timer.id.as_str())
        .arg(owner);
        with_pool!(&self.db, |pool| query(&update)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(retries == 0)
    }

    /// Gives a timer start back without running it, so the next turn retries.
    pub(crate) async fn release_start_timer(
        &self,
        job_id: &str,
        owner: &str,
    ) -> Result<(), StoreError> {
        let release = Statement::new(
            "UPDATE timer_start_jobs SET lock_owner = NULL, lock_expires_at = NULL \
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

    async fn start_timer_rows(&self, select: &Statement) -> Result<Vec<StartTimerRow>, StoreError> {
        Ok(with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(select).fetch_all(pool).await? {
                rows.push(start_timer_row(&row)?);
            }
            rows
        }))
    }
}
