//! The job executor: takes due jobs with its own lock owner, runs them through the engine
//! and counts failures down with a growing backoff until a job becomes an incident; then
//! starts the instances of due timer start events the same way.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use woc_engine::{Clock, Command, EngineConfig, Job, Timestamp, Variables};

use crate::error::StoreError;
use crate::jobs::JobRow;
use crate::sql_store::SqlStore;

/// Why a service job failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFailure {
    /// What went wrong (kept as the job's last error).
    pub message: String,
    /// A BPMN error code to throw (caught by an error boundary event) instead of retrying.
    pub bpmn_error: Option<String>,
}

/// The future a service handler returns: the variables it produced, or why it failed.
pub type ServiceFuture = Pin<Box<dyn Future<Output = Result<Variables, ServiceFailure>> + Send>>;

/// The host's implementations of service tasks (http, mail, class...), by job.
pub trait ServiceJobs: Send + Sync {
    /// Runs one service job.
    fn run(&self, job: Job) -> ServiceFuture;
}

/// What one turn of the executor did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JobTurn {
    /// Jobs run successfully.
    pub ran: usize,
    /// Jobs that failed and will be retried later.
    pub retried: usize,
    /// Jobs that failed for the last time and are now incidents.
    pub incidents: usize,
    /// Jobs given back untouched (the instance changed meanwhile, or ended).
    pub released: usize,
    /// Instances started by timer start events.
    pub started: usize,
    /// Follow-ups of committed commands (a called process's start, a child's report to its
    /// parent, a signal's broadcast...) run here because the process that committed them
    /// stopped before it could; one that failed again counts in `retried`.
    pub recovered: usize,
}

/// Runs due timers, async continuations and (with handlers) service jobs.
pub struct JobExecutor {
    store: SqlStore,
    owner: String,
    batch: usize,
    lock_for: Duration,
    backoff_ms: Vec<i64>,
    services: Option<Arc<dyn ServiceJobs>>,
}

impl JobExecutor {
    /// An executor locking jobs as `owner` (unique per process, e.g. host name + pid).
    pub fn new(store: SqlStore, owner: impl Into<String>) -> Self {
        JobExecutor {
            store,
            owner: owner.into(),
            batch: 32,
            lock_for: Duration::from_secs(5 * 60),
            backoff_ms: vec![10_000, 60_000, 300_000],
            services: None,
        }
    }

    /// Runs service jobs with these handlers (without, service jobs are left to others).
    pub fn with_services(mut self, services: Arc<dyn ServiceJobs>) -> Self {
        self.services = Some(services);
        self
    }

    /// Delays before the 1st, 2nd, ... retry; the last one repeats.
    pub fn with_backoff(mut self, delays: Vec<Duration>) -> Self {
        self.backoff_ms = delays.iter().map(|d| d.as_millis() as i64).collect();
        self
    }

    /// Jobs taken per turn.
    pub fn with_batch(mut self, batch: usize) -> Self {
        self.batch = batch.max(1);
        self
    }

    /// How long a taken job stays locked if this executor dies while running it.
    pub fn with_lock_for(mut self, lock_for: Duration) -> Self {
        self.lock_for = lock_for;
        self
    }

    /// One turn as of `now`: take the due jobs and run each (tests call this directly).
    pub async fn run_once(&self, now: Timestamp) -> Result<JobTurn, StoreError> {
        let jobs = self
            .store
            .acquire_due_jobs(
                &self.owner,
                now,
                self.batch,
                self.lock_for,
                self.services.is_some(),
            )
            .await?;
        let mut turn = JobTurn::default();
        for job in jobs {
            let result = self.run_job(&job, now).await;
            match result {
                Ok(()) => turn.ran += 1,
                Err(Failure::Store(error)) if error.is_conflict() => {
                    self.store.release_job(&job.id, &self.owner).await?;
                    turn.released += 1;
                }
                // The instance ended or the job was removed since it was taken.
                Err(Failure::Store(StoreError::NotFound { .. })) => turn.released += 1,
                Err(Failure::Store(error)) => {
                    let failure = ServiceFailure {
                        message: error.to_string(),
                        bpmn_error: None,
                    };
                    self.fail(&job, failure, now, &mut turn).await?;
                }
                Err(Failure::Service(failure)) => self.fail(&job, failure, now, &mut turn).await?,
            }
        }
        self.start_due_instances(now, &mut turn).await?;
        let recovered = self.store.recover_effects(now, self.batch).await?;
        turn.recovered += recovered.done;
        turn.retried += recovered.failed;
        Ok(turn)
    }

    /// Starts an instance for each due timer start event (the starter is the system: no
    /// user). A start that fails is retried with the same backoff as jobs, then an incident.
    async fn start_due_instances(
        &self,
        now: Timestamp,
        turn: &mut JobTurn,
    ) -> Result<(), StoreError> {
        let timers = self
            .store
            .acquire_due_start_timers(&self.owner, now, self.batch, self.lock_for)
            .await?;
        for timer in timers {
            match self.store.fire_start_timer(&timer, &self.owner, now).await {
                Ok(_) => turn.started += 1,
                Err(error) if error.is_conflict() => {
                    self.store
                        .release_start_timer(&timer.id, &self.owner)
                        .await?;
                    turn.released += 1;
                }
                Err(error) => {
                    let delay = self.backoff(timer.retries);
                    let incident = self
                        .store
                        .fail_start_timer(&timer, &self.owner, &error.to_string(), now, delay)
                        .await?;
                    if incident {
                        turn.incidents += 1;
                    } else {
                        turn.retried += 1;
                    }
                }
            }
        }
        Ok(())
    }

    /// The delay before the next attempt of a job with `retries` left.
    fn backoff(&self, retries: i64) -> i64 {
        let failures_before = (i64::from(self.store.config.job_retries) - retries).max(0);
        self.backoff_ms
            .get(failures_before as usize)
            .or(self.backoff_ms.last())
            .copied()
            .unwrap_or(60_000)
    }

    /// Turns every `every` until `stop` turns true, reading the time from `clock`.
    pub async fn run(
        &self,
        clock: Arc<dyn Clock>,
        every: Duration,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) -> Result<(), StoreError> {
        while !*stop.borrow() {
            self.run_once(clock.now()).await?;
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.changed() => {}
            }
        }
        Ok(())
    }

    async fn run_job(&self, job: &JobRow, now: Timestamp) -> Result<(), Failure> {
        let command = match job.kind.as_str() {
            "timer" => Command::FireTimer {
                job_id: job.id.clone(),
            },
            "service" => return self.run_service(job, now).await,
            _ => Command::RunJob {
                job_id: job.id.clone(),
            },
        };
        self.store.execute_at(command, None, now).await?;
        Ok(())
    }

    async fn run_service(&self, row: &JobRow, now: Timestamp) -> Result<(), Failure> {
        let Some(services) = &self.services else {
            return Ok(());
        };
        let instance = self.store.instance(&row.instance_id).await?;
        let job = instance
            .jobs
            .get(&row.id)
            .cloned()
            .ok_or_else(|| StoreError::not_found("job", &row.id))?;
        let variables = services.run(job).await.map_err(Failure::Service)?;
        let complete = Command::CompleteJob {
            job_id: row.id.clone(),
            variables,
        };
        self.store.execute_at(complete, None, now).await?;
        Ok(())
    }

    /// Records a failure through the engine (`FailJob`), with this failure's backoff as the
    /// retry delay; the job row is rewritten unlocked, or as an incident at zero retries.
    async fn fail(
        &self,
        job: &JobRow,
        failure: ServiceFailure,
        now: Timestamp,
        turn: &mut JobTurn,
    ) -> Result<(), StoreError> {
        let delay = self.backoff(job.retries);
        let config = EngineConfig {
            retry_delay_ms: delay,
            ..self.store.config.clone()
        };
        let command = Command::FailJob {
            job_id: job.id.clone(),
            message: failure.message,
            bpmn_error: failure.bpmn_error,
        };
        match self.store.commit_command(command, None, now, &config).await {
            Ok(outcome) => {
                self.store.follow_effects(&outcome, None, now).await?;
                if job.retries <= 1 {
                    turn.incidents += 1;
                } else {
                    turn.retried += 1;
                }
            }
            // Not recordable now (the instance changed or was suspended): try again next turn.
            Err(_) => {
                self.store.release_job(&job.id, &self.owner).await?;
                turn.released += 1;
            }
        }
        Ok(())
    }
}

/// A job run failed in the store/engine or in the host's service handler.
enum Failure {
    Store(StoreError),
    Service(ServiceFailure),
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Store(error)
    }
}
