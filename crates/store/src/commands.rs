//! Executing engine commands: one database transaction per command, guarded by the instance
//! revision, with call-activity and signal effects sent on as follow-up commands.

use std::future::Future;
use std::pin::Pin;

use woc_engine::{
    run_command, Command, CommandTarget, Definition, DefinitionRef, EngineConfig, EngineError,
    Executed, Outcome, ProcessInstance, SubscriptionKind, Timestamp,
};

use rusqlite::Row;
use sqlx::postgres::PgPool;

use crate::db::BeginWrite;
use crate::db::{Db, Dialect};
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::sqlite_writer::SqliteWriter;
use crate::statement::{batch, query, Statement};
use crate::{definitions, effects, history, instances, jobs, messages, tasks};

/// A statement written in a command's transaction, built from the instance id (a new
/// instance's id exists only inside the transaction); it must change exactly one row.
pub(crate) type Guard<'a> = Box<dyn FnOnce(&str) -> Statement + Send + 'a>;

/// A boxed command future: follow-up commands recurse through it.
type Executing<'a> = Pin<Box<dyn Future<Output = Result<Outcome, StoreError>> + Send + 'a>>;

impl SqlStore {
    /// Runs a command on behalf of `actor` at the clock's time, then its follow-ups.
    pub async fn execute(
        &self,
        command: Command,
        actor: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        self.execute_at(command, actor, self.clock.now()).await
    }

    /// Runs a command as of `now`: load the instance and its revision, run the engine, write
    /// state, open tasks, jobs and history, and bump the revision only if it is still the one
    /// loaded, all in one transaction; `Conflict` (nothing written) otherwise.
    ///
    /// Call activities: a `StartChild` effect is sent as a `Start` of the child, a completed
    /// child's `NotifyParent` as `ChildCompleted` to the parent and a `CancelChild` as `Cancel`
    /// of the child, each in its own transaction after this one committed (each instance is
    /// locked on its own; one transaction spanning both would lock parent and child together
    /// and deadlock against the reverse order). If a follow-up fails, its error is returned
    /// although the command itself is committed; re-sending the follow-up repairs it.
    pub async fn execute_at(
        &self,
        command: Command,
        actor: Option<&str>,
        now: Timestamp,
    ) -> Result<Outcome, StoreError> {
        let outcome = self
            .commit_command(command, actor, now, &self.config)
            .await?;
        self.follow_effects(&outcome, actor, now).await?;
        Ok(outcome)
    }

    /// Runs a command that names an open task only if `allowed` holds for that task as it is
    /// loaded in the command's own transaction, under the same revision guard as the write:
    /// a transfer or claim committed after the caller last read the task is seen, and a
    /// refusal writes nothing (`EngineError::Forbidden`). Follow-ups as in [`Self::execute`].
    pub async fn execute_if(
        &self,
        command: Command,
        actor: Option<&str>,
        allowed: impl FnOnce(&woc_engine::Task) -> bool + Send,
    ) -> Result<Outcome, StoreError> {
        let CommandTarget::Task(task_id) = command.target() else {
            return Err(StoreError::Engine(EngineError::invalid(
                "execute_if",
                "takes a command on a task",
            )));
        };
        let now = self.clock.now();
        let config = &self.config;
        let outcome = self
            .commit_run(
                CommandTarget::Task(task_id.clone()),
                None,
                None,
                actor,
                now,
                |definition, state| {
                    // A task missing from the state is the engine's to report (NotFound).
                    if let Some(task) = state.tasks.get(&task_id) {
                        if !allowed(task) {
                            return Err(EngineError::Forbidden { task_id });
                        }
                    }
                    run_command(definition, config, state, command, actor, now)
                },
            )
            .await?;
        self.follow_effects(&outcome, actor, now).await?;
        Ok(outcome)
    }

    /// `execute`, re-run on fresh state after a `Conflict`, up to `attempts` times. Safe: a
    /// command re-checks everything against the state it loads (a task someone else
    /// completed meanwhile is then `NotFound`).
    pub async fn execute_retrying(
        &self,
        command: Command,
        actor: Option<&str>,
        attempts: u32,
    ) -> Result<Outcome, StoreError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.execute(command.clone(), actor).await {
                Err(error) if error.is_conflict() && tries < attempts.max(1) => continue,
                other => return other,
            }
        }
    }

    pub(crate) fn execute_boxed<'a>(
        &'a self,
        command: Command,
        actor: Option<&'a str>,
        now: Timestamp,
    ) -> Executing<'a> {
        Box::pin(async move {
            let mut tries = 0;
            loop {
                tries += 1;
                match self.execute_at(command.clone(), actor, now).await {
                    Err(error) if error.is_conflict() && tries < 10 => continue,
                    other => return other,
                }
            }
        })
    }

    /// The one-transaction core of [`SqlStore::execute_at`], without follow-ups.
    pub(crate) async fn commit_command(
        &self,
        command: Command,
        actor: Option<&str>,
        now: Timestamp,
        config: &EngineConfig,
    ) -> Result<Outcome, StoreError> {
        self.commit_guarded(command, actor, now, config, None).await
    }

    /// Commits `command` as of the clock's time and stops there, leaving its follow-ups
    /// pending, as a process that stops right after a commit leaves them: for tests of their
    /// recovery by the job executor.
    #[doc(hidden)]
    pub async fn commit_and_stop(
        &self,
        command: Command,
        actor: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        self.commit_command(command, actor, self.clock.now(), &self.config)
            .await
    }

    /// Starts an instance and writes `record(instance_id)` in the same transaction, which must
    /// insert exactly one row or nothing is written: an application's record around the
    /// process (a work order) then exists exactly when its instance does, even across a
    /// crash. A database refusal of the record (a unique key) comes back as `Db`.
    pub async fn start_recorded(
        &self,
        start: Command,
        actor: Option<&str>,
        record: impl FnOnce(&str) -> Statement + Send,
    ) -> Result<Outcome, StoreError> {
        if !matches!(start, Command::Start { .. }) {
            return Err(StoreError::Engine(EngineError::invalid(
                "start_recorded",
                "takes a start command",
            )));
        }
        let now = self.clock.now();
        let outcome = self
            .commit_guarded(start, actor, now, &self.config, Some(Box::new(record)))
            .await?;
        self.follow_effects(&outcome, actor, now).await?;
        Ok(outcome)
    }

    /// `commit_command` that also runs `guard` (given the instance id) in the transaction,
    /// which must change exactly one row or nothing is written (`Conflict`): the job executor
    /// starts an instance for a timer start event and reschedules (or removes) that timer as
    /// one unit, so a crash never starts the same firing twice.
    pub(crate) async fn commit_guarded(
        &self,
        command: Command,
        actor: Option<&str>,
        now: Timestamp,
        config: &EngineConfig,
        guard: Option<Guard<'_>>,
    ) -> Result<Outcome, StoreError> {
        let target = command.target();
        let start_from = match &command {
            Command::Start { definition, .. } => Some(definition.clone()),
            _ => None,
        };
        self.commit_run(
            target,
            start_from,
            guard,
            actor,
            now,
            |definition, state| run_command(definition, config, state, command, actor, now),
        )
        .await
    }

    /// One transaction: load the addressed instance (or a blank one and the definition to
    /// start from), `run` the engine on it, write state, tasks, jobs, subscriptions, history
    /// and the outcome's pending effects (as run by `actor` at `now`), guarded by the loaded
    /// revision (and by `guard`, when given).
    pub(crate) async fn commit_run(
        &self,
        target: CommandTarget,
        start_from: Option<DefinitionRef>,
        guard: Option<Guard<'_>>,
        actor: Option<&str>,
        now: Timestamp,
        run: impl FnOnce(&Definition, ProcessInstance) -> Result<Executed, EngineError>,
    ) -> Result<Outcome, StoreError> {
        let stamp = Stamp { actor, now };
        match (&self.sqlite, &self.writer) {
            (Some(writer), _) => {
                self.commit_run_sqlite(writer, target, start_from, guard, stamp, run)
                    .await
            }
            (None, Db::Postgres(pool)) => {
                self.commit_run_postgres(pool, target, start_from, guard, stamp, run)
                    .await
            }
            (None, Db::Sqlite(_)) => Err(StoreError::Db(sqlx::Error::Protocol(
                "a SQLite store without its writer".into(),
            ))),
        }
    }

    /// SQLite: the whole command, BEGIN IMMEDIATE to COMMIT, on the awaiting thread (see
    /// [`crate::sqlite_writer`]). The write lock is held from before the load, so the revision
    /// cannot move meanwhile; the guarded write still checks it.
    async fn commit_run_sqlite(
        &self,
        writer: &SqliteWriter,
        target: CommandTarget,
        start_from: Option<DefinitionRef>,
        guard: Option<Guard<'_>>,
        stamp: Stamp<'_>,
        run: impl FnOnce(&Definition, ProcessInstance) -> Result<Executed, EngineError>,
    ) -> Result<Outcome, StoreError> {
        writer
            .write(|tx| {
                let (state, expected, definition_id) =
                    match (instances::load_by(&target), &start_from) {
                        (Some((select, what, id)), _) => {
                            let state = tx
                                .first(&select, |row| instances::from_row(row))?
                                .ok_or_else(|| StoreError::not_found(what, &id))?;
                            let (revision, definition_id) =
                                (state.revision, state.definition_id.clone());
                            (state, Some(revision), definition_id)
                        }
                        (None, Some(reference)) => {
                            let (select, wanted) = definitions::startable(reference);
                            let definition_id = match tx.first(&select, |row| {
                                definitions::startable_id(Some(row), wanted)
                            })? {
                                Some(id) => id,
                                None => definitions::startable_id(None::<&Row<'_>>, wanted)?,
                            };
                            (
                                ProcessInstance::blank(&instances::new_id()),
                                None,
                                definition_id,
                            )
                        }
                        (None, None) => return Err(StoreError::not_found("instance", "")),
                    };
                let definition = match self.cached(&definition_id) {
                    Some(definition) => definition,
                    None => tx
                        .first(&definitions::source(&definition_id), |row| {
                            self.parse_source(&definition_id, row)
                        })?
                        .ok_or_else(|| StoreError::not_found("definition", &definition_id))?,
                };
                let planned = plan(&definition, state, expected, run, stamp, Dialect::Sqlite)?;
                if tx.execute(&planned.write)? != 1 {
                    return Err(StoreError::Conflict(planned.instance_id));
                }
                if let Some(guard) = guard {
                    if tx.execute(&guard(&planned.instance_id))? != 1 {
                        return Err(StoreError::Conflict(planned.instance_id));
                    }
                }
                for statement in planned.deletes.iter().chain(&planned.inserts) {
                    tx.execute(statement)?;
                }
                Ok(planned.outcome)
            })
            .await
    }

    /// PostgreSQL: round trips weigh on a command's cost, so the writes travel together. The
    /// guarded write heads one statement with the deletes and, unless a table is in both (a
    /// row deleted and inserted again in one statement would collide with itself), the
    /// inserts; it reports whether it wrote the row. A guard runs on its own after the
    /// instance row, which it may refer to; both must change exactly one row.
    async fn commit_run_postgres(
        &self,
        pool: &PgPool,
        target: CommandTarget,
        start_from: Option<DefinitionRef>,
        guard: Option<Guard<'_>>,
        stamp: Stamp<'_>,
        run: impl FnOnce(&Definition, ProcessInstance) -> Result<Executed, EngineError>,
    ) -> Result<Outcome, StoreError> {
        let mut tx = pool.begin_write().await?;
        let (state, expected, definition_id) = match (instances::load_by(&target), &start_from) {
            (Some((select, what, id)), _) => {
                let row = query(&select)
                    .fetch_optional(&mut *tx)
                    .await?
                    .ok_or_else(|| StoreError::not_found(what, &id))?;
                let state = instances::from_row(&row)?;
                let (revision, definition_id) = (state.revision, state.definition_id.clone());
                (state, Some(revision), definition_id)
            }
            (None, Some(reference)) => {
                let (select, wanted) = definitions::startable(reference);
                let row = query(&select).fetch_optional(&mut *tx).await?;
                let definition_id = definitions::startable_id(row.as_ref(), wanted)?;
                (
                    ProcessInstance::blank(&instances::new_id()),
                    None,
                    definition_id,
                )
            }
            (None, None) => return Err(StoreError::not_found("instance", "")),
        };
        // On a cache miss the XML is read in this transaction: a second pool connection
        // per command could exhaust the pool under load.
        let definition = match self.cached(&definition_id) {
            Some(definition) => definition,
            None => {
                let source = definitions::source(&definition_id);
                let row = query(&source).fetch_one(&mut *tx).await?;
                self.parse_source(&definition_id, &row)?
            }
        };
        let Planned {
            instance_id,
            write,
            mut deletes,
            mut inserts,
            outcome,
        } = plan(&definition, state, expected, run, stamp, Dialect::Postgres)?;
        if let Some(guard) = guard {
            for statement in [write, guard(&instance_id)] {
                if query(&statement).execute(&mut *tx).await?.rows_affected() != 1 {
                    return Err(StoreError::Conflict(instance_id));
                }
            }
        } else {
            let deleted: Vec<&str> = deletes.iter().filter_map(Statement::table).collect();
            let collide = inserts
                .iter()
                .any(|insert| insert.table().is_none_or(|t| deleted.contains(&t)));
            let mut head = write;
            head.push(" RETURNING 1");
            deletes.insert(0, head);
            if !collide {
                deletes.append(&mut inserts);
            }
            deletes.push(Statement::new("SELECT COUNT(*) AS written FROM w0"));
            if let Some(head) = batch(std::mem::take(&mut deletes)) {
                let written = match query(&head).fetch_one(&mut *tx).await {
                    Ok(row) => row.number("written")?,
                    // The statement's parts all run, whatever the guard finds: a lost race's
                    // inserts meet the winner's rows (its history row has the same revision)
                    // and fail on a unique key once the winner commits, or the two deadlock.
                    // Either is the race when the revision has moved on; anything else is a
                    // real error.
                    Err(error) => {
                        let code = match &error {
                            sqlx::Error::Database(e) => e.code().map(|c| c.into_owned()),
                            _ => None,
                        };
                        match (code.as_deref(), expected) {
                            (Some("40P01"), _) => {
                                return Err(StoreError::Conflict(instance_id));
                            }
                            (Some("23505"), Some(loaded)) => {
                                drop(tx);
                                let now = Statement::new(
                                    "SELECT revision FROM process_instances \
                                     WHERE instance_id = $1",
                                )
                                .arg(instance_id.as_str());
                                let revision = match query(&now).fetch_optional(pool).await? {
                                    Some(row) => row.number("revision")?,
                                    None => return Err(error.into()),
                                };
                                if revision as u64 != loaded {
                                    return Err(StoreError::Conflict(instance_id));
                                }
                                return Err(error.into());
                            }
                            _ => return Err(error.into()),
                        }
                    }
                };
                if written != 1 {
                    return Err(StoreError::Conflict(instance_id));
                }
            }
        }
        for statement in [batch(deletes), batch(inserts)].iter().flatten() {
            query(statement).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }
}

/// Who runs a command and as of when: written with its pending effects.
#[derive(Clone, Copy)]
pub(crate) struct Stamp<'a> {
    actor: Option<&'a str>,
    now: Timestamp,
}

/// What a command writes, planned from the state it loaded and what the engine made of it.
struct Planned {
    instance_id: String,
    /// The instance row: INSERT, or the UPDATE guarded by the loaded revision.
    write: Statement,
    deletes: Vec<Statement>,
    inserts: Vec<Statement>,
    /// The engine's outcome, at the revision the write stores.
    outcome: Outcome,
}

/// Runs the engine on `state` and turns the difference into statements: tasks, jobs and
/// subscriptions that ended or began, and the command's history.
fn plan(
    definition: &Definition,
    state: ProcessInstance,
    expected: Option<u64>,
    run: impl FnOnce(&Definition, ProcessInstance) -> Result<Executed, EngineError>,
    stamp: Stamp<'_>,
    dialect: Dialect,
) -> Result<Planned, StoreError> {
    let instance_id = state.id.clone();
    let tasks_before = state.tasks.clone();
    let jobs_before = state.jobs.clone();
    let subscriptions_before = state.subscriptions.clone();
    let executed = run(definition, state)?;
    let revision = expected.map_or(1, |r| r + 1);
    let (mut deletes, mut inserts) = tasks::sync(&tasks_before, &executed.instance.tasks, dialect);
    let (job_deletes, job_inserts) = jobs::sync(&jobs_before, &executed.instance.jobs);
    deletes.extend(job_deletes);
    inserts.extend(job_inserts);
    for kind in [SubscriptionKind::Message, SubscriptionKind::Signal] {
        let (subscription_deletes, subscription_inserts) = messages::sync(
            &instance_id,
            kind,
            &subscriptions_before,
            &executed.instance.subscriptions,
        );
        deletes.extend(subscription_deletes);
        inserts.extend(subscription_inserts);
    }
    inserts.extend(history::record(
        &instance_id,
        revision,
        &executed.outcome.events,
        &tasks_before,
    )?);
    inserts.extend(effects::record(
        &instance_id,
        revision,
        &executed.outcome.effects,
        stamp.actor,
        stamp.now,
    )?);
    let write = instances::write(&executed.instance, expected)?;
    Ok(Planned {
        instance_id,
        write,
        deletes,
        inserts,
        outcome: Outcome {
            revision,
            ..executed.outcome
        },
    })
}
