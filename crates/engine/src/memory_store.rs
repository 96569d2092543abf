//! An in-memory [`Store`] for tests and single-process tools.

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
    instances: HashMap<String, ProcessInstance>,
    /// Each instance's history as the event slices of its commits, shared with the commands'
    /// outcomes rather than copied event by event.
    history: HashMap<String, Vec<Arc<[Event]>>>,
    /// Open task and pending job id -> owning instance, so addressing a task or job does not
    /// scan every instance (which made a long run quadratic).
    owners: Owners,
    next_instance: u64,
}

/// Open task and job id -> owning instance.
#[derive(Default)]
struct Owners {
    tasks: HashMap<String, String>,
    jobs: HashMap<String, String>,
}

impl Owners {
    /// Points the task and job indexes at `instance`'s open tasks and pending jobs, dropping
    /// the entries of `previous` (the same instance before the commit).
    fn reindex(&mut self, previous: Option<&ProcessInstance>, instance: &ProcessInstance) {
        if let Some(previous) = previous {
            for task in previous.tasks.keys() {
                if !instance.tasks.contains_key(task) {
                    self.tasks.remove(task);
                }
            }
            for job in previous.jobs.keys() {
                if !instance.jobs.contains_key(job) {
                    self.jobs.remove(job);
                }
            }
        }
        for task in instance.tasks.keys() {
            if !self.tasks.contains_key(task) {
                self.tasks.insert(task.clone(), instance.id.clone());
            }
        }
        for job in instance.jobs.keys() {
            if !self.jobs.contains_key(job) {
                self.jobs.insert(job.clone(), instance.id.clone());
            }
        }
    }
}

/// HashMaps behind a mutex, with the same revision check a database store makes.
#[derive(Default)]
pub struct MemoryStore {
    data: Mutex<Data>,
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
        let mut data = self.data()?;
        data.next_instance += 1;
        Ok(format!("pi{}", data.next_instance))
    }

    fn load(&self, instance_id: &str) -> Result<ProcessInstance, EngineError> {
        self.data()?
            .instances
            .get(instance_id)
            .cloned()
            .ok_or_else(|| EngineError::not_found("instance", instance_id))
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
        // One lookup: the stored state is replaced in place, not removed and re-inserted.
        match data.instances.get_mut(instance.id.as_str()) {
            Some(stored) => {
                if commit.expected_revision != Some(stored.revision) {
                    return Err(conflict(&instance.id, Some(stored.revision)));
                }
                instance.revision = stored.revision + 1;
                let previous = std::mem::replace(stored, instance);
                data.owners.reindex(Some(&previous), stored);
                let revision = stored.revision;
                if let Some(history) = data.history.get_mut(stored.id.as_str()) {
                    history.push(commit.events);
                }
                Ok(revision)
            }
            None => {
                if commit.expected_revision.is_some() {
                    return Err(conflict(&instance.id, None));
                }
                instance.revision = 1;
                data.owners.reindex(None, &instance);
                data.history
                    .insert(instance.id.clone(), vec![commit.events]);
                data.instances.insert(instance.id.clone(), instance);
                Ok(1)
            }
        }
    }

    fn instance_of_task(&self, task_id: &str) -> Result<String, EngineError> {
        self.data()?
            .owners
            .tasks
            .get(task_id)
            .cloned()
            .ok_or_else(|| EngineError::not_found("task", task_id))
    }

    fn instance_of_job(&self, job_id: &str) -> Result<String, EngineError> {
        self.data()?
            .owners
            .jobs
            .get(job_id)
            .cloned()
            .ok_or_else(|| EngineError::not_found("job", job_id))
    }

    fn history(&self, instance_id: &str) -> Result<Vec<Event>, EngineError> {
        self.data()?
            .history
            .get(instance_id)
            .map(|commits| commits.iter().flat_map(|c| c.iter().cloned()).collect())
            .ok_or_else(|| EngineError::not_found("instance", instance_id))
    }

    fn todo_tasks(&self, user: &str, groups: &[String]) -> Result<Vec<Task>, EngineError> {
        let data = self.data()?;
        let mut tasks: Vec<Task> = data
            .instances
            .values()
            .filter(|i| !i.status.is_ended())
            .flat_map(|i| i.tasks.values())
            .filter(|t| t.is_visible_to(user, groups))
            .cloned()
            .collect();
        tasks.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
        Ok(tasks)
    }

    fn completed_tasks(&self, user: &str) -> Result<Vec<CompletedTask>, EngineError> {
        let data = self.data()?;
        let mut done: Vec<CompletedTask> = data
            .history
            .iter()
            .flat_map(|(instance_id, commits)| {
                commits
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
            .history
            .iter()
            .flat_map(|(instance_id, commits)| {
                commits
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
        let data = self.data()?;
        let mut mine: Vec<ProcessInstance> = data
            .instances
            .values()
            .filter(|i| i.started_by.as_deref() == Some(user))
            .cloned()
            .collect();
        mine.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(a.id.cmp(&b.id)));
        Ok(mine)
    }

    fn message_waiters(&self, message: &str) -> Result<Vec<(String, Option<String>)>, EngineError> {
        let data = self.data()?;
        let mut waiting: Vec<&ProcessInstance> = data
            .instances
            .values()
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
        let data = self.data()?;
        let mut waiting: Vec<&ProcessInstance> = data
            .instances
            .values()
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
        let data = self.data()?;
        let mut jobs: Vec<Job> = data
            .instances
            .values()
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
        let data = self.data()?;
        Ok(data
            .instances
            .values()
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
    fn task_index_follows_commits() {
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
}
