//! An in-memory [`Store`] for tests and single-process tools.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use rustc_hash::FxHashMap as HashMap;

use crate::clock::Timestamp;
use crate::definition::Definition;
use crate::error::EngineError;
use crate::event::{Event, EventKind};
use crate::instance::{Job, ProcessInstance, SubscriptionKind, Task};
use crate::store::{CarbonCopy, Commit, CompletedTask, Store};

#[derive(Default)]
struct Data {
    definitions: HashMap<String, Arc<Definition>>,
    /// Each instance's committed state and history, under one key. A task or job is found
    /// through its id, which names its instance (`ids::owner`): no scan of every instance
    /// (which made a long run quadratic), and no index to keep in step with each commit.
    instances: HashMap<String, Slot>,
}

/// One instance: its revision, its history and (usually) its state at that revision.
struct Slot {
    /// The committed state, handed over to a command by `check_out` instead of cloned:
    /// `None` while a command runs on it, and after a command that checked it out failed
    /// (its working copy is gone with it). The history rebuilds it when it is needed again.
    state: Option<Box<ProcessInstance>>,
    /// The committed revision: a commit must name it, whoever holds the state.
    revision: u64,
    /// The event slices of the commits, shared with the commands' outcomes rather than
    /// copied event by event.
    history: Vec<Arc<[Event]>>,
}

impl Slot {
    /// The committed state, rebuilt from the history when a command holds it or dropped it.
    /// Replay gives the same state (state changes only by applying events); the revision is
    /// the store's.
    fn rebuild(&self, id: &str) -> ProcessInstance {
        let mut state = ProcessInstance::blank(id);
        for event in self.history.iter().flat_map(|c| c.iter()) {
            crate::apply::apply(&mut state, event);
        }
        state.revision = self.revision;
        state
    }

    /// The committed state in place, rebuilt first if a command holds or dropped it.
    fn state(&mut self, id: &str) -> &ProcessInstance {
        if self.state.is_none() {
            self.state = Some(Box::new(self.rebuild(id)));
        }
        self.state
            .get_or_insert_with(|| unreachable!("filled above"))
    }
}

/// HashMaps behind a mutex, with the same revision check a database store makes. The lock is
/// held for map operations only, never while a command runs.
#[derive(Default)]
pub struct MemoryStore {
    data: Mutex<Data>,
    /// Outside the lock: handing out an id needs no map.
    next_instance: AtomicU64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn data(&self) -> Result<MutexGuard<'_, Data>, EngineError> {
        self.data
            .lock()
            .map_err(|_| EngineError::Store("memory store lock poisoned".into()))
    }

    /// The instance owning task or job `id` (`what`), if it has it open (`has`). While a
    /// command holds the state, the instance is named and the command itself finds out.
    fn owner(
        &self,
        id: &str,
        what: &'static str,
        has: impl FnOnce(&ProcessInstance) -> bool,
    ) -> Result<String, EngineError> {
        let instance = crate::ids::owner(id).ok_or_else(|| EngineError::not_found(what, id))?;
        let data = self.data()?;
        match data.instances.get(instance).map(|slot| slot.state.as_ref()) {
            Some(Some(state)) if !has(state) => Err(EngineError::not_found(what, id)),
            Some(_) => Ok(instance.to_string()),
            None => Err(EngineError::not_found(what, id)),
        }
    }

    /// Every instance's committed state (rebuilding those a command holds).
    fn states(data: &mut Data) -> impl Iterator<Item = &ProcessInstance> {
        data.instances.iter_mut().map(|(id, slot)| slot.state(id))
    }
}

impl Store for MemoryStore {
    fn save_definition(&self, definition: Definition) -> Result<Arc<Definition>, EngineError> {
        let definition = Arc::new(definition);
        self.data()?
            .definitions
            .insert(definition.id.clone(), definition.clone());
        Ok(definition)
    }

    fn definition(&self, id: &str) -> Result<Arc<Definition>, EngineError> {
        self.data()?
            .definitions
            .get(id)
            .cloned()
            .ok_or_else(|| EngineError::not_found("definition", id))
    }

    fn latest_definition(&self, key: &str) -> Result<Arc<Definition>, EngineError> {
        self.data()?
            .definitions
            .values()
            .filter(|d| d.key == key)
            .max_by_key(|d| d.version)
            .cloned()
            .ok_or_else(|| EngineError::not_found("process key", key))
    }

    fn definitions(&self) -> Result<Vec<Arc<Definition>>, EngineError> {
        let mut all: Vec<Arc<Definition>> = self.data()?.definitions.values().cloned().collect();
        all.sort_by(|a, b| a.key.cmp(&b.key).then(a.version.cmp(&b.version)));
        Ok(all)
    }

    fn new_instance_id(&self) -> Result<String, EngineError> {
        let n = self.next_instance.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(crate::ids::numbered("pi", n))
    }

    fn load(&self, instance_id: &str) -> Result<ProcessInstance, EngineError> {
        let mut data = self.data()?;
        let slot = data
            .instances
            .get_mut(instance_id)
            .ok_or_else(|| EngineError::not_found("instance", instance_id))?;
        Ok(ProcessInstance::clone(slot.state(instance_id)))
    }

    /// Hands the stored state itself to the command (no deep clone). A concurrent command on
    /// the same instance gets the same revision rebuilt from the history, and the revision
    /// check in `commit` lets exactly one of them commit.
    fn check_out(&self, instance_id: &str) -> Result<Box<ProcessInstance>, EngineError> {
        let mut data = self.data()?;
        let slot = data
            .instances
            .get_mut(instance_id)
            .ok_or_else(|| EngineError::not_found("instance", instance_id))?;
        if let Some(state) = slot.state.take() {
            return Ok(state);
        }
        // Held by another command, or dropped by a failed one: rebuild outside the lock.
        let (history, revision) = (slot.history.clone(), slot.revision);
        drop(data);
        let rebuilt = Slot {
            state: None,
            revision,
            history,
        };
        Ok(Box::new(rebuilt.rebuild(instance_id)))
    }

    fn commit(&self, commit: Commit) -> Result<u64, EngineError> {
        let mut data = self.data()?;
        let data = &mut *data;
        let mut instance = commit.instance;
        let conflict = |instance_id: &str, found: Option<u64>| EngineError::Conflict {
            instance_id: instance_id.to_string(),
            expected: commit.expected_revision.unwrap_or(0),
            found: found.unwrap_or(0),
        };
        // One lookup: the slot is updated in place, not removed and re-inserted.
        let slot = match data.instances.get_mut(instance.id.as_str()) {
            Some(slot) => {
                if commit.expected_revision != Some(slot.revision) {
                    return Err(conflict(&instance.id, Some(slot.revision)));
                }
                slot.revision += 1;
                slot.history.push(commit.events);
                slot
            }
            None => {
                if commit.expected_revision.is_some() {
                    return Err(conflict(&instance.id, None));
                }
                data.instances.entry(instance.id.clone()).or_insert(Slot {
                    state: None,
                    revision: 1,
                    // Room for a few commits: a vector of one would be reallocated (to
                    // four) by the instance's second command.
                    history: {
                        let mut history = Vec::with_capacity(4);
                        history.push(commit.events);
                        history
                    },
                })
            }
        };
        instance.revision = slot.revision;
        // The history must rebuild exactly this state, or a rebuilt copy (for a concurrent
        // command, a query after a failed command) would differ: checked in debug builds.
        #[cfg(debug_assertions)]
        assert_eq!(
            slot.rebuild(&instance.id),
            *instance,
            "the history of {} does not rebuild its state",
            instance.id
        );
        let revision = slot.revision;
        slot.state = Some(instance);
        Ok(revision)
    }

    fn instance_of_task(&self, task_id: &str) -> Result<String, EngineError> {
        self.owner(task_id, "task", |state| state.tasks.contains_key(task_id))
    }

    fn instance_of_job(&self, job_id: &str) -> Result<String, EngineError> {
        self.owner(job_id, "job", |state| state.jobs.contains_key(job_id))
    }

    fn history(&self, instance_id: &str) -> Result<Vec<Event>, EngineError> {
        self.data()?
            .instances
            .get(instance_id)
            .map(|slot| {
                slot.history
                    .iter()
                    .flat_map(|c| c.iter().cloned())
                    .collect()
            })
            .ok_or_else(|| EngineError::not_found("instance", instance_id))
    }

    fn todo_tasks(&self, user: &str, groups: &[String]) -> Result<Vec<Task>, EngineError> {
        let mut data = self.data()?;
        let mut tasks: Vec<Task> = Self::states(&mut data)
            .filter(|i| !i.status.is_ended())
            .flat_map(|i| i.tasks.values())
            .filter(|t| t.is_visible_to(user, groups))
            .map(|t| Task::clone(t))
            .collect();
        tasks.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        Ok(tasks)
    }

    fn completed_tasks(&self, user: &str) -> Result<Vec<CompletedTask>, EngineError> {
        let data = self.data()?;
        let mut done: Vec<CompletedTask> = data
            .instances
            .iter()
            .flat_map(|(instance_id, slot)| {
                slot.history
                    .iter()
                    .flat_map(|c| c.iter())
                    .filter_map(move |e| match &e.kind {
                        EventKind::TaskCompleted { task_id, node, .. }
                            if e.actor.as_deref() == Some(user) =>
                        {
                            Some(CompletedTask {
                                instance_id: instance_id.clone(),
                                task_id: task_id.clone(),
                                node: node.clone(),
                                completed_by: user.to_string(),
                                completed_at: e.at,
                            })
                        }
                        _ => None,
                    })
            })
            .collect();
        done.sort_by(|a, b| {
            b.completed_at
                .cmp(&a.completed_at)
                .then(a.task_id.cmp(&b.task_id))
        });
        Ok(done)
    }

    fn carbon_copies(&self, user: &str) -> Result<Vec<CarbonCopy>, EngineError> {
        let data = self.data()?;
        let mut copies: Vec<CarbonCopy> = data
            .instances
            .iter()
            .flat_map(|(instance_id, slot)| {
                slot.history
                    .iter()
                    .flat_map(|c| c.iter())
                    .filter_map(move |e| match &e.kind {
                        EventKind::CarbonCopied {
                            task_id,
                            node,
                            users,
                        } if users.iter().any(|u| u == user) => Some(CarbonCopy {
                            instance_id: instance_id.clone(),
                            task_id: task_id.clone(),
                            node: node.clone(),
                            sent_by: e.actor.as_deref().map(str::to_string),
                            sent_at: e.at,
                        }),
                        _ => None,
                    })
            })
            .collect();
        copies.sort_by(|a, b| {
            b.sent_at
                .cmp(&a.sent_at)
                .then(a.instance_id.cmp(&b.instance_id))
        });
        Ok(copies)
    }

    fn started_instances(&self, user: &str) -> Result<Vec<ProcessInstance>, EngineError> {
        let mut data = self.data()?;
        let mut mine: Vec<ProcessInstance> = Self::states(&mut data)
            .filter(|i| i.started_by.as_deref() == Some(user))
            .cloned()
            .collect();
        mine.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id)));
        Ok(mine)
    }

    fn message_waiters(&self, message: &str) -> Result<Vec<(String, Option<String>)>, EngineError> {
        let mut data = self.data()?;
        let mut waiting: Vec<&ProcessInstance> = Self::states(&mut data)
            .filter(|i| i.status == crate::instance::InstanceStatus::Running)
            .filter(|i| {
                i.subscriptions
                    .iter()
                    .any(|s| s.kind == SubscriptionKind::Message && s.message == message)
            })
            .collect();
        waiting.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
        Ok(waiting
            .into_iter()
            .map(|i| (i.id.clone(), i.business_key.clone()))
            .collect())
    }

    fn signal_waiters(&self, signal: &str) -> Result<Vec<String>, EngineError> {
        let mut data = self.data()?;
        let mut waiting: Vec<&ProcessInstance> = Self::states(&mut data)
            .filter(|i| i.status == crate::instance::InstanceStatus::Running)
            .filter(|i| {
                i.subscriptions
                    .iter()
                    .any(|s| s.kind == SubscriptionKind::Signal && s.message == signal)
            })
            .collect();
        waiting.sort_by(|a, b| a.started_at.cmp(&b.started_at).then(a.id.cmp(&b.id)));
        Ok(waiting.into_iter().map(|i| i.id.clone()).collect())
    }

    fn due_jobs(&self, now: Timestamp, limit: usize) -> Result<Vec<Job>, EngineError> {
        let mut data = self.data()?;
        let mut jobs: Vec<Job> = Self::states(&mut data)
            .filter(|i| i.status == crate::instance::InstanceStatus::Running)
            .flat_map(|i| i.jobs.values())
            .filter(|j| j.due <= now && j.retries > 0)
            .cloned()
            .collect();
        jobs.sort_by(|a, b| a.due.cmp(&b.due).then(a.id.cmp(&b.id)));
        jobs.truncate(limit);
        Ok(jobs)
    }

    fn incidents(&self) -> Result<Vec<Job>, EngineError> {
        let mut data = self.data()?;
        Ok(Self::states(&mut data)
            .flat_map(|i| i.jobs.values())
            .filter(|j| j.retries == 0)
            .cloned()
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::clock::FixedClock;
    use crate::command::{Command, DefinitionRef};
    use crate::engine::Engine;

    const TWO_TASKS: &str = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
      <process id="p" isExecutable="true">
        <startEvent id="s"/><userTask id="a"/><userTask id="b"/><endEvent id="e"/>
        <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
        <sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
        <sequenceFlow id="f3" sourceRef="b" targetRef="e"/>
      </process></definitions>"#;

    fn start(engine: &Engine<MemoryStore>) -> (String, String) {
        let outcome = engine
            .execute(
                Command::Start {
                    definition: DefinitionRef::Key("p".into()),
                    business_key: None,
                    variables: Default::default(),
                    parent: None,
                    start_event: None,
                },
                Some("u"),
            )
            .expect("starts");
        (outcome.instance_id, outcome.new_tasks[0].clone())
    }

    fn complete(engine: &Engine<MemoryStore>, task_id: &str) -> Vec<String> {
        engine
            .execute(
                Command::Complete {
                    task_id: task_id.to_string(),
                    variables: Default::default(),
                    comment: None,
                    next_assignees: vec![],
                    copy_to: vec![],
                },
                Some("u"),
            )
            .expect("completes")
            .new_tasks
    }

    #[test]
    fn tasks_are_found_while_open() {
        let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
        engine.deploy(TWO_TASKS).expect("deploys");
        let (first, a1) = start(&engine);
        let (second, a2) = start(&engine);
        let store = engine.store();
        assert_eq!(store.instance_of_task(&a1).expect("indexed"), first);
        assert_eq!(store.instance_of_task(&a2).expect("indexed"), second);

        let b1 = complete(&engine, &a1).remove(0);
        assert!(matches!(
            store.instance_of_task(&a1),
            Err(EngineError::NotFound { what: "task", .. })
        ));
        assert_eq!(store.instance_of_task(&b1).expect("indexed"), first);

        complete(&engine, &b1);
        assert!(store.instance_of_task(&b1).is_err(), "ended: no open task");
        assert_eq!(store.instance_of_task(&a2).expect("untouched"), second);
    }

    #[test]
    fn concurrent_check_outs_get_one_revision_and_exactly_one_commits() {
        let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
        engine.deploy(TWO_TASKS).expect("deploys");
        let (id, a) = start(&engine);
        let store = engine.store();
        let before = store.load(&id).expect("loads");
        // The first takes the stored state, the second gets it rebuilt from the history.
        let first = store.check_out(&id).expect("checks out");
        let second = store.check_out(&id).expect("checks out again");
        assert_eq!(*first, before);
        assert_eq!(*second, before);
        assert_eq!(store.load(&id).expect("still readable"), before);
        let definition = store.definition(&before.definition_id).expect("definition");
        let config = crate::run::EngineConfig::default();
        let run = |state, actor| {
            let complete = Command::Complete {
                task_id: a.clone(),
                variables: Default::default(),
                comment: None,
                next_assignees: vec![],
                copy_to: vec![],
            };
            crate::engine::run_command(
                &definition,
                &config,
                state,
                complete,
                Some(actor),
                Timestamp(0),
            )
            .expect("runs")
        };
        let (one, two) = (run(first, "one"), run(second, "two"));
        let commit = |executed: crate::engine::Executed| {
            store.commit(Commit {
                instance: executed.instance,
                expected_revision: Some(before.revision),
                events: executed.outcome.events,
            })
        };
        assert_eq!(
            commit(two).expect("the second commits first"),
            before.revision + 1
        );
        assert!(matches!(commit(one), Err(EngineError::Conflict { .. })));
        let after = store.load(&id).expect("loads");
        assert_eq!(after.revision, before.revision + 1);
        assert_eq!(
            after.trail.last().and_then(|t| t.completed_by.as_deref()),
            Some("two")
        );
    }

    #[test]
    fn a_failed_command_leaves_the_committed_state_for_the_next() {
        let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
        engine.deploy(TWO_TASKS).expect("deploys");
        let (id, a) = start(&engine);
        let before = engine.store().load(&id).expect("loads");
        // Checked out, then refused (unclaiming an unclaimed task): the working copy is gone.
        let refused = engine.execute(Command::Unclaim { task_id: a.clone() }, Some("u"));
        assert!(refused.is_err(), "{refused:?}");
        assert_eq!(engine.store().load(&id).expect("rebuilt"), before);
        assert_eq!(
            engine.store().started_instances("u").expect("listed"),
            vec![before.clone()]
        );
        let b = complete(&engine, &a).remove(0);
        assert_eq!(engine.store().instance_of_task(&b).expect("indexed"), id);
        assert_eq!(
            engine.store().load(&id).expect("loads").revision,
            before.revision + 1
        );
    }

    #[test]
    fn the_engine_is_shared_by_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Engine<MemoryStore>>();
        let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
        engine.deploy(TWO_TASKS).expect("deploys");
        let ended: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|_| {
                    scope.spawn(|| {
                        (0..25)
                            .map(|_| {
                                let (id, a) = start(&engine);
                                let b = complete(&engine, &a).remove(0);
                                assert!(complete(&engine, &b).is_empty());
                                id
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("no panic"))
                .collect()
        });
        assert_eq!(ended.len(), 100);
        // Every lifecycle kept its whole history, as one run alone does.
        let events = engine.store().history(&ended[0]).expect("kept").len();
        assert!(events > 10);
        for id in &ended {
            let state = engine.store().load(id).expect("stored");
            assert!(state.status.is_ended(), "{id}");
            assert_eq!(state.revision, 3);
            assert_eq!(
                engine.store().history(id).expect("kept").len(),
                events,
                "{id}"
            );
        }
        assert_eq!(
            engine.store().started_instances("u").expect("all").len(),
            100
        );
    }

    #[test]
    fn two_threads_completing_one_task_one_wins() {
        let engine = Engine::new(MemoryStore::new(), Arc::new(FixedClock(Timestamp(0))));
        engine.deploy(TWO_TASKS).expect("deploys");
        for _ in 0..50 {
            let (id, a) = start(&engine);
            let results: Vec<Result<_, EngineError>> = std::thread::scope(|scope| {
                let tries: Vec<_> = (0..2)
                    .map(|_| {
                        scope.spawn(|| {
                            engine.execute(
                                Command::Complete {
                                    task_id: a.clone(),
                                    variables: Default::default(),
                                    comment: None,
                                    next_assignees: vec![],
                                    copy_to: vec![],
                                },
                                Some("u"),
                            )
                        })
                    })
                    .collect();
                tries
                    .into_iter()
                    .map(|t| t.join().expect("no panic"))
                    .collect()
            });
            let wins = results.iter().filter(|r| r.is_ok()).count();
            assert_eq!(wins, 1, "{results:?}");
            // The other one lost the race at its commit (Conflict) or found the task gone.
            assert!(results.iter().any(|r| matches!(
                r,
                Err(EngineError::Conflict { .. } | EngineError::NotFound { .. })
            )));
            assert_eq!(engine.store().load(&id).expect("stored").revision, 2);
        }
    }
}
