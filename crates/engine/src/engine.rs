//! The facade a service layer calls: deploy, then execute commands (load, run, commit).

use std::sync::Arc;

use crate::clock::{Clock, Timestamp};
use crate::command::{
    self, Command, CommandTarget, DefinitionRef, Effect, NodeMapping, Outcome, SignalDelivery,
    Variables,
};
use crate::definition::Definition;
use crate::error::EngineError;
use crate::instance::{ProcessInstance, SubscriptionKind};
use crate::run::{EngineConfig, Run};
use crate::store::{Commit, Store};

/// A command's result before it is stored: the new state and what happened.
#[derive(Debug, Clone)]
pub struct Executed {
    /// State after the command (revision still the loaded one). Boxed from load to commit:
    /// the state is 350 bytes, and moving it through load, run and commit by value copied it
    /// about a dozen times per command.
    pub instance: Box<ProcessInstance>,
    /// Events, effects and new tasks (its `revision` is filled in after the commit).
    pub outcome: Outcome,
}

/// Runs one command against an instance without any IO: the pure core of [`Engine::execute`].
///
/// For `Command::Start`, `state` must be `ProcessInstance::blank(new_id)`.
pub fn run_command(
    definition: &Definition,
    config: &EngineConfig,
    state: impl Into<Box<ProcessInstance>>,
    command: Command,
    actor: Option<&str>,
    now: Timestamp,
) -> Result<Executed, EngineError> {
    let mut run = Run::new(definition, config, state.into(), now, actor.map(Arc::from));
    match command {
        Command::Start {
            business_key,
            variables,
            parent,
            start_event,
            ..
        } => command::start(&mut run, business_key, variables, parent, start_event)?,
        other => command::execute(&mut run, other)?,
    }
    if let Some(violation) = run.lifecycle.violation() {
        return Err(EngineError::Lifecycle(violation.to_string()));
    }
    let outcome = Outcome {
        instance_id: run.state.id.clone(),
        status: run.state.status,
        events: run.events.into(),
        effects: run.effects,
        new_tasks: run
            .new_tasks
            .into_iter()
            .filter(|t| run.state.tasks.contains_key(t))
            .collect(),
        revision: run.state.revision,
    };
    Ok(Executed {
        instance: run.state,
        outcome,
    })
}

/// What a command runs against: the definition, the checked-out state and the revision a
/// commit must find (`None` for a new instance).
type Target = (Arc<Definition>, Box<ProcessInstance>, Option<u64>);

/// Deploys, starts and drives process instances over a [`Store`].
pub struct Engine<S: Store> {
    store: S,
    clock: Arc<dyn Clock>,
    config: EngineConfig,
}

impl<S: Store> Engine<S> {
    /// An engine with the default configuration.
    pub fn new(store: S, clock: Arc<dyn Clock>) -> Self {
        Self::with_config(store, clock, EngineConfig::default())
    }

    /// An engine with a custom configuration.
    pub fn with_config(store: S, clock: Arc<dyn Clock>, config: EngineConfig) -> Self {
        Engine {
            store,
            clock,
            config,
        }
    }

    /// The store, for queries.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Parses, checks and deploys every executable process of a BPMN document as a new version.
    pub fn deploy(&self, xml: &str) -> Result<Vec<Arc<Definition>>, EngineError> {
        let definitions = woc_bpmn::parse(xml).map_err(|e| EngineError::Deployment {
            problems: vec![e.to_string()],
        })?;
        let processes: Vec<_> = definitions.executable_processes().cloned().collect();
        if processes.is_empty() {
            return Err(EngineError::Deployment {
                problems: vec!["the document has no executable process".into()],
            });
        }
        let mut prepared = Vec::new();
        let mut problems = Vec::new();
        for process in processes {
            let version = match self.store.latest_definition(process.id()) {
                Ok(latest) => latest.version + 1,
                Err(EngineError::NotFound { .. }) => 1,
                Err(other) => return Err(other),
            };
            match Definition::deploy(process, version) {
                Ok(definition) => prepared.push(definition),
                Err(EngineError::Deployment { problems: p }) => problems.extend(p),
                Err(other) => return Err(other),
            }
        }
        if !problems.is_empty() {
            return Err(EngineError::Deployment { problems });
        }
        prepared
            .into_iter()
            .map(|d| self.store.save_definition(d))
            .collect()
    }

    /// Loads the addressed instance, runs the command and commits it with the expected revision.
    pub fn execute(&self, command: Command, actor: Option<&str>) -> Result<Outcome, EngineError> {
        let now = self.clock.now();
        let (definition, state, expected) = self.load_target(&command)?;
        let executed = run_command(&definition, &self.config, state, command, actor, now)?;
        let revision = self.store.commit(Commit {
            instance: executed.instance,
            expected_revision: expected,
            events: Arc::clone(&executed.outcome.events),
        })?;
        // A thrown signal reaches the other instances after this commit, each in its own
        // command (as the sqlx store does). A failure there is returned although this command
        // is committed: the throw is not undone.
        for effect in &executed.outcome.effects {
            if let Effect::Signal {
                name,
                variables,
                from_instance,
            } = effect
            {
                self.broadcast(name, variables, from_instance.as_deref(), actor)?;
            }
        }
        Ok(Outcome {
            revision,
            ..executed.outcome
        })
    }

    /// Moves a running instance to `target_definition_id` (another version of its process),
    /// renaming the nodes it is at by `mapping` (identity for unnamed nodes); see
    /// [`crate::migrate_instance`].
    pub fn migrate(
        &self,
        instance_id: &str,
        target_definition_id: &str,
        mapping: &NodeMapping,
        actor: Option<&str>,
    ) -> Result<Outcome, EngineError> {
        let state = self.store.check_out(instance_id)?;
        let source = self.store.definition(&state.definition_id)?;
        let target = self.store.definition(target_definition_id)?;
        let expected = state.revision;
        let executed = command::migrate_instance(
            &source,
            &target,
            &self.config,
            state,
            mapping,
            actor,
            self.clock.now(),
        )?;
        let revision = self.store.commit(Commit {
            instance: executed.instance,
            expected_revision: Some(expected),
            events: Arc::clone(&executed.outcome.events),
        })?;
        Ok(Outcome {
            revision,
            ..executed.outcome
        })
    }

    /// Broadcasts signal `name`: delivered to every running instance waiting for it, each in
    /// its own command, and starting every process whose latest version has a signal start
    /// event with this name.
    pub fn signal(
        &self,
        name: &str,
        variables: Variables,
        actor: Option<&str>,
    ) -> Result<SignalDelivery, EngineError> {
        self.broadcast(name, &variables, None, actor)
    }

    fn broadcast(
        &self,
        name: &str,
        variables: &Variables,
        skip: Option<&str>,
        actor: Option<&str>,
    ) -> Result<SignalDelivery, EngineError> {
        let mut delivery = SignalDelivery::default();
        for instance_id in self.store.signal_waiters(name)? {
            if skip == Some(instance_id.as_str()) {
                continue;
            }
            let command = Command::Signal {
                instance_id: instance_id.clone(),
                name: name.to_string(),
                variables: variables.clone(),
            };
            match self.execute_retrying(command, actor, 5) {
                Ok(_) => delivery.delivered.push(instance_id),
                // It stopped waiting meanwhile (another command got there first).
                Err(
                    EngineError::NotFound { .. }
                    | EngineError::Ended { .. }
                    | EngineError::Suspended(_),
                ) => {}
                Err(other) => return Err(other),
            }
        }
        for (definition, node) in self.event_starts(SubscriptionKind::Signal, name)? {
            let start = Command::Start {
                definition: DefinitionRef::Id(definition),
                business_key: None,
                variables: variables.clone(),
                parent: None,
                start_event: Some(node),
            };
            delivery
                .started
                .push(self.execute(start, actor)?.instance_id);
        }
        Ok(delivery)
    }

    /// Starts the latest process with a message start event for `name`.
    pub fn start_by_message(
        &self,
        name: &str,
        business_key: Option<&str>,
        variables: Variables,
        actor: Option<&str>,
    ) -> Result<Outcome, EngineError> {
        let (definition, node) = self
            .event_starts(SubscriptionKind::Message, name)?
            .into_iter()
            .next()
            .ok_or_else(|| EngineError::not_found("message start event", name))?;
        self.execute(
            Command::Start {
                definition: DefinitionRef::Id(definition),
                business_key: business_key.map(str::to_string),
                variables,
                parent: None,
                start_event: Some(node),
            },
            actor,
        )
    }

    /// (definition id, start event) of each process key's latest version with a message or
    /// signal start event for `name` (older versions never start: Flowable moves the start
    /// subscription to each new version).
    fn event_starts(
        &self,
        kind: SubscriptionKind,
        name: &str,
    ) -> Result<Vec<(String, String)>, EngineError> {
        let mut latest: std::collections::BTreeMap<String, Arc<Definition>> = Default::default();
        for definition in self.store.definitions()? {
            let newer = latest
                .get(&definition.key)
                .is_none_or(|d| d.version < definition.version);
            if newer {
                latest.insert(definition.key.clone(), definition);
            }
        }
        Ok(latest
            .values()
            .flat_map(|d| {
                d.event_starts()
                    .into_iter()
                    .filter(|(k, n, _)| *k == kind && n == name)
                    .map(|(_, _, node)| (d.id.clone(), node.to_string()))
            })
            .collect())
    }

    /// `execute`, re-running the command on fresh state when another writer got there first
    /// (`Conflict`), up to `attempts` times. Safe because a command re-checks everything against
    /// the state it loads: a task someone else completed meanwhile is then `NotFound`.
    pub fn execute_retrying(
        &self,
        command: Command,
        actor: Option<&str>,
        attempts: u32,
    ) -> Result<Outcome, EngineError> {
        let mut tries = 0;
        loop {
            tries += 1;
            match self.execute(command.clone(), actor) {
                Err(EngineError::Conflict { .. }) if tries < attempts.max(1) => continue,
                other => return other,
            }
        }
    }

    /// Delivers a message to the oldest running instance waiting for it, restricted to one
    /// business key when given (message correlation from webhooks and integrations).
    pub fn correlate_message(
        &self,
        name: &str,
        business_key: Option<&str>,
        variables: crate::command::Variables,
        actor: Option<&str>,
    ) -> Result<Outcome, EngineError> {
        let instance_id = self
            .store
            .message_waiters(name)?
            .into_iter()
            .find(|(_, key)| business_key.is_none() || key.as_deref() == business_key)
            .map(|(id, _)| id)
            .ok_or_else(|| EngineError::not_found("instance waiting for message", name))?;
        self.execute(
            Command::Message {
                instance_id,
                name: name.to_string(),
                variables,
            },
            actor,
        )
    }

    /// The definition, state and expected revision a command runs against.
    fn load_target(&self, command: &Command) -> Result<Target, EngineError> {
        let instance_id = match command.target() {
            CommandTarget::New => {
                let Command::Start { definition, .. } = command else {
                    return Err(EngineError::invalid(
                        command.name(),
                        "no instance addressed",
                    ));
                };
                let definition = match definition {
                    DefinitionRef::Id(id) => self.store.definition(id)?,
                    DefinitionRef::Key(key) => self.store.latest_definition(key)?,
                };
                let id = self.store.new_instance_id()?;
                return Ok((definition, Box::new(ProcessInstance::blank(&id)), None));
            }
            CommandTarget::Instance(id) => id,
            CommandTarget::Task(task) => self.store.instance_of_task(&task)?,
            CommandTarget::Job(job) => self.store.instance_of_job(&job)?,
        };
        let state = self.store.check_out(&instance_id)?;
        let definition = self.store.definition(&state.definition_id)?;
        let revision = state.revision;
        Ok((definition, state, Some(revision)))
    }

    /// The job executor's turn: fires due timers and runs due async continuations. A job whose
    /// command fails (other than on a conflict, which the next turn retries) has its retries
    /// counted down with `FailJob`; at zero it is an incident. Service jobs are the host's.
    pub fn run_due_jobs(
        &self,
        limit: usize,
    ) -> Result<Vec<Result<Outcome, EngineError>>, EngineError> {
        let jobs = self.store.due_jobs(self.clock.now(), limit)?;
        let mut results = Vec::new();
        for job in jobs {
            let command = match job.kind {
                crate::instance::JobKind::Timer { .. } => Command::FireTimer {
                    job_id: job.id.clone(),
                },
                crate::instance::JobKind::Async | crate::instance::JobKind::AsyncAfter => {
                    Command::RunJob {
                        job_id: job.id.clone(),
                    }
                }
                crate::instance::JobKind::Service { .. } => continue,
            };
            let result = self.execute(command, None);
            if let Err(error) = &result {
                if !matches!(error, EngineError::Conflict { .. }) {
                    self.execute(
                        Command::FailJob {
                            job_id: job.id.clone(),
                            message: error.to_string(),
                            bpmn_error: None,
                        },
                        None,
                    )?;
                }
            }
            results.push(result);
        }
        Ok(results)
    }

    /// Fires every due timer and returns the outcomes; failures are returned per job.
    pub fn fire_due_timers(
        &self,
        limit: usize,
    ) -> Result<Vec<Result<Outcome, EngineError>>, EngineError> {
        let jobs = self.store.due_jobs(self.clock.now(), limit)?;
        Ok(jobs
            .into_iter()
            .filter(|j| matches!(j.kind, crate::instance::JobKind::Timer { .. }))
            .map(|j| self.execute(Command::FireTimer { job_id: j.id }, None))
            .collect())
    }
}
