//! Pending effects: the follow-ups of committed commands, kept as rows until they are done.
//!
//! A command's effects ([`Effect`]: start the process a call activity calls, report a child's
//! completion to its parent, cancel the children of a cancelled call activity, broadcast a
//! thrown signal) touch other instances, so they run as commands of their own after the
//! command committed (one transaction spanning parent and child would lock both and deadlock
//! against the reverse order). Each is first written to `pending_effects`, in the command's
//! own transaction, leased to the committing process (`lease_ms`); the process then runs
//! it at once. Its row is removed:
//!
//! - in the transaction that does the work, where there is one: the child's start, the
//!   parent's `ChildCompleted`. Whoever runs it, the work happens exactly once: a second run
//!   finds the row gone and writes nothing.
//! - after the work for cancelling children and broadcasting a signal, which span several
//!   transactions. Run twice (a crash between the work and the removal), a child already
//!   cancelled refuses the second cancel, an instance that took the signal no longer waits for
//!   it, but a signal start event starts its process again: signals are delivered at least
//!   once.
//!
//! A process that stops between the commit and the follow-up leaves the row behind; a job
//! executor runs it once its lease expired ([`SqlStore::recover_effects`]), so a crash no longer
//! leaves a parent waiting for a child that never started, or for news of a child that ended.

use std::future::Future;
use std::pin::Pin;

use woc_engine::{Command, DefinitionRef, Effect, EngineError, InstanceStatus, Outcome, Timestamp};

use crate::commands::Guard;
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

/// How long the committing process has to run a child's start or a parent's report before a
/// job executor may take it over: far above their normal duration (milliseconds). Taken over
/// too early, the second run would only find the row gone and write nothing.
pub(crate) const LEASE_MS: i64 = 60_000;

/// The same for cancelling children and broadcasting a signal: one transaction per receiver,
/// so a broadcast to many instances takes long, and a second run would deliver again. Only a
/// process that surely stopped is taken over.
const SPREAD_LEASE_MS: i64 = 15 * 60_000;

/// How long an effect's row is leased, to its committing process or to a job executor.
fn lease_ms(effect: &Effect) -> i64 {
    match effect {
        Effect::StartChild { .. } | Effect::NotifyParent { .. } => LEASE_MS,
        Effect::Signal { .. } | Effect::CancelChild { .. } => SPREAD_LEASE_MS,
    }
}

/// The most leases a failing recovered effect waits before its next attempt: its lease doubles
/// with each failure up to this many (about an hour for a child's start).
const MAX_LEASES: i64 = 64;

/// A boxed follow-up future: effects of follow-ups are followed in turn, so they recurse.
type Following<'a> = Pin<Box<dyn Future<Output = Result<(), StoreError>> + Send + 'a>>;

/// Whether an effect has work to do: a child that did not complete leaves its parent waiting,
/// as in Flowable, so its `NotifyParent` needs no row.
fn has_work(effect: &Effect) -> bool {
    !matches!(effect, Effect::NotifyParent { status, .. } if *status != InstanceStatus::Completed)
}

/// The row key of the effect at `position` in the outcome of an instance's `revision`.
fn effect_id(instance_id: &str, revision: u64, position: usize) -> String {
    format!("{instance_id}:{revision}:{position}")
}

/// The rows for a command's effects that have work, leased to the committing process.
pub(crate) fn record(
    instance_id: &str,
    revision: u64,
    effects: &[Effect],
    actor: Option<&str>,
    now: Timestamp,
) -> Result<Vec<Statement>, StoreError> {
    let mut rows = Vec::new();
    for (position, effect) in effects.iter().enumerate() {
        if !has_work(effect) {
            continue;
        }
        let text = serde_json::to_string(effect)
            .map_err(|e| StoreError::Engine(EngineError::invalid("effect", e.to_string())))?;
        rows.push(vec![
            effect_id(instance_id, revision, position).into(),
            text.into(),
            actor.into(),
            now.0.into(),
            now.0.saturating_add(lease_ms(effect)).into(),
        ]);
    }
    Ok(Statement::insert(
        "INSERT INTO pending_effects (effect_id, effect, actor, at, lock_expires_at) VALUES ",
        rows,
    ))
}

/// Removes an effect's row; as a guard it must remove exactly one.
fn forget_statement(id: &str) -> Statement {
    Statement::new("DELETE FROM pending_effects WHERE effect_id = $1").arg(id)
}

/// A pending effect whose lease expired, as a job executor takes it.
struct Stale {
    id: String,
    effect: String,
    actor: Option<String>,
    lock_expires_at: i64,
    attempts: i64,
}

/// What one recovery pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Recovered {
    /// Effects run to the end.
    pub done: usize,
    /// Effects that failed again (kept, with their error, for a later attempt).
    pub failed: usize,
}

impl SqlStore {
    /// Runs the effects of a committed command's `outcome` as `actor` at `now`, in order, each
    /// removing its row when done. The first failure is returned (its row stays for a job
    /// executor to retry); the command itself stays committed.
    pub(crate) fn follow_effects<'a>(
        &'a self,
        outcome: &'a Outcome,
        actor: Option<&'a str>,
        now: Timestamp,
    ) -> Following<'a> {
        Box::pin(async move {
            for (position, effect) in outcome.effects.iter().enumerate() {
                if has_work(effect) {
                    let id = effect_id(&outcome.instance_id, outcome.revision, position);
                    self.follow(&id, effect, actor, now).await?;
                }
            }
            Ok(())
        })
    }

    /// Does one effect's work and removes its row.
    async fn follow(
        &self,
        id: &str,
        effect: &Effect,
        actor: Option<&str>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        match effect {
            Effect::StartChild {
                parent,
                called_element,
                business_key,
                variables,
            } => {
                let start = Command::Start {
                    definition: DefinitionRef::Key(called_element.clone()),
                    business_key: business_key.clone(),
                    variables: variables.clone(),
                    parent: Some(parent.clone()),
                    start_event: None,
                };
                match self.run_forgetting(id, start, actor, now).await? {
                    Some(child) => self.follow_effects(&child, actor, now).await,
                    None => Ok(()),
                }
            }
            Effect::NotifyParent {
                parent,
                status: InstanceStatus::Completed,
                variables,
            } => {
                let completed = Command::ChildCompleted {
                    instance_id: parent.instance_id.clone(),
                    execution: parent.execution,
                    variables: variables.clone(),
                };
                match self.run_forgetting(id, completed, None, now).await {
                    Ok(Some(parent)) => self.follow_effects(&parent, None, now).await,
                    Ok(None) => Ok(()),
                    // The parent ended (cancelled, say) or stopped waiting: nobody to tell.
                    Err(
                        StoreError::NotFound { .. } | StoreError::Engine(EngineError::Ended { .. }),
                    ) => self.forget(id).await,
                    Err(error) => Err(error),
                }
            }
            Effect::NotifyParent { .. } => self.forget(id).await,
            Effect::Signal {
                name,
                variables,
                from_instance,
            } => {
                self.broadcast(name, variables, from_instance.as_deref(), actor, now)
                    .await?;
                self.forget(id).await
            }
            Effect::CancelChild { parent } => {
                let children = Statement::new(
                    "SELECT instance_id FROM process_instances WHERE parent_instance_id = $1 \
                     AND parent_execution = $2 AND status IN ('running', 'suspended')",
                )
                .arg(parent.instance_id.as_str())
                .arg(parent.execution as i64);
                let ids = with_pool!(&self.db, |pool| {
                    let mut ids = Vec::new();
                    for row in query(&children).fetch_all(pool).await? {
                        ids.push(row.string("instance_id")?);
                    }
                    ids
                });
                for instance_id in ids {
                    let cancel = Command::Cancel {
                        instance_id,
                        comment: None,
                    };
                    match self.execute_boxed(cancel, actor, now).await {
                        // It ended meanwhile (a recovered effect meets a finished child).
                        Ok(_)
                        | Err(
                            StoreError::NotFound { .. }
                            | StoreError::Engine(EngineError::Ended { .. }),
                        ) => {}
                        Err(error) => return Err(error),
                    }
                }
                self.forget(id).await
            }
        }
    }

    /// Commits `command`, removing the effect's row in its transaction; the caller follows
    /// the command's own effects. A conflict is retried on fresh state, unless the row is gone:
    /// then someone else (the committing process, or another executor) did the work (`None`).
    async fn run_forgetting(
        &self,
        id: &str,
        command: Command,
        actor: Option<&str>,
        now: Timestamp,
    ) -> Result<Option<Outcome>, StoreError> {
        let mut tries = 0;
        loop {
            tries += 1;
            let guard: Guard<'_> = Box::new(move |_| forget_statement(id));
            let result = self
                .commit_guarded(command.clone(), actor, now, &self.config, Some(guard))
                .await;
            match result {
                Ok(outcome) => return Ok(Some(outcome)),
                Err(error) if error.is_conflict() => {
                    if !self.effect_pending(id).await? {
                        return Ok(None);
                    }
                    if tries >= 10 {
                        return Err(error);
                    }
                }
                Err(error) => return Err(error),
            }
        }
    }

    async fn effect_pending(&self, id: &str) -> Result<bool, StoreError> {
        let select =
            Statement::new("SELECT 1 AS pending FROM pending_effects WHERE effect_id = $1").arg(id);
        Ok(with_pool!(&self.writer, |pool| query(&select)
            .fetch_optional(pool)
            .await?
            .is_some()))
    }

    async fn forget(&self, id: &str) -> Result<(), StoreError> {
        let delete = forget_statement(id);
        with_pool!(&self.writer, |pool| query(&delete)
            .execute(pool)
            .await?
            .rows_affected());
        Ok(())
    }

    /// Runs up to `limit` pending effects whose lease expired by `now` (their process stopped
    /// before it ran them, or their last attempt failed), oldest first, as of `now`. Each is
    /// taken by moving its lease on (only if it is still the one read, so two executors never
    /// take the same one), doubling with each attempt up to about an hour; a failure is kept
    /// as its `last_error` for the next attempt.
    pub(crate) async fn recover_effects(
        &self,
        now: Timestamp,
        limit: usize,
    ) -> Result<Recovered, StoreError> {
        let select = Statement::new(
            "SELECT effect_id, effect, actor, lock_expires_at, attempts FROM pending_effects \
             WHERE lock_expires_at <= $1 ORDER BY lock_expires_at, effect_id LIMIT $2",
        )
        .arg(now.0)
        .arg(limit as i64);
        let stale = with_pool!(&self.writer, |pool| {
            let mut stale = Vec::new();
            for row in query(&select).fetch_all(pool).await? {
                stale.push(Stale {
                    id: row.string("effect_id")?,
                    effect: row.string("effect")?,
                    actor: row.text("actor")?,
                    lock_expires_at: row.number("lock_expires_at")?,
                    attempts: row.number("attempts")?,
                });
            }
            stale
        });
        let mut recovered = Recovered::default();
        for row in stale {
            let effect = serde_json::from_str::<Effect>(&row.effect).map_err(|e| {
                StoreError::Engine(EngineError::invalid(
                    "effect",
                    format!("stored effect {} cannot be read: {e}", row.id),
                ))
            });
            let lease = effect.as_ref().map_or(LEASE_MS, lease_ms);
            let leases = 1_i64 << row.attempts.clamp(0, 6);
            let take = Statement::new(
                "UPDATE pending_effects SET lock_expires_at = $1, attempts = attempts + 1 \
                 WHERE effect_id = $2 AND lock_expires_at = $3",
            )
            .arg(now.0.saturating_add(lease * leases.min(MAX_LEASES)))
            .arg(row.id.as_str())
            .arg(row.lock_expires_at);
            let taken = with_pool!(&self.writer, |pool| query(&take)
                .execute(pool)
                .await?
                .rows_affected());
            if taken != 1 {
                continue;
            }
            let result = match effect {
                Ok(effect) => {
                    self.follow(&row.id, &effect, row.actor.as_deref(), now)
                        .await
                }
                Err(error) => Err(error),
            };
            match result {
                Ok(()) => recovered.done += 1,
                Err(error) => {
                    let note = Statement::new(
                        "UPDATE pending_effects SET last_error = $1 WHERE effect_id = $2",
                    )
                    .arg(error.to_string())
                    .arg(row.id.as_str());
                    with_pool!(&self.writer, |pool| query(&note)
                        .execute(pool)
                        .await?
                        .rows_affected());
                    recovered.failed += 1;
                }
            }
        }
        Ok(recovered)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Map;
    use woc_engine::ParentLink;

    use super::*;

    fn link() -> ParentLink {
        ParentLink {
            instance_id: "p".into(),
            execution: 3,
            depth: 0,
        }
    }

    #[test]
    fn only_effects_with_work_get_a_row_leased_to_the_committer() {
        let effects = vec![
            Effect::NotifyParent {
                parent: link(),
                status: InstanceStatus::Canceled,
                variables: Map::new(),
            },
            Effect::StartChild {
                parent: link(),
                called_element: "child".into(),
                business_key: None,
                variables: Map::new(),
            },
        ];
        let rows = record("i", 4, &effects, Some("ann"), Timestamp(1_000)).unwrap();
        assert_eq!(rows.len(), 1);
        // The child's start is the second effect: its position names it.
        assert_eq!(rows[0].args[0], "i:4:1".into());
        assert_eq!(rows[0].args[2], "ann".into());
        assert_eq!(rows[0].args[3], 1_000_i64.into());
        assert_eq!(rows[0].args[4], (1_000_i64 + LEASE_MS).into());
        let stored: Effect = match &rows[0].args[1] {
            crate::statement::Arg::Text(Some(text)) => serde_json::from_str(text).unwrap(),
            other => panic!("effect text expected, got {other:?}"),
        };
        assert_eq!(stored, effects[1]);
        assert!(record("i", 4, &effects[..1], None, Timestamp(0))
            .unwrap()
            .is_empty());
        // A broadcast spans many transactions: its committer keeps it longer.
        let signal = Effect::Signal {
            name: "go".into(),
            variables: Map::new(),
            from_instance: Some("i".into()),
        };
        let rows = record("i", 5, &[signal], None, Timestamp(1_000)).unwrap();
        assert_eq!(rows[0].args[4], (1_000_i64 + SPREAD_LEASE_MS).into());
    }
}
