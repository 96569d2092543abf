//! Signals and event starts: a broadcast reaches every running instance subscribed to the
//! signal, each in its own transaction (never two instances locked together, as for call
//! activities), and starts every process whose latest version has a signal start event with
//! that name. A signal thrown inside a command arrives here as the committed outcome's
//! `Effect::Signal` (see `commands.rs`); the throwing instance received it already.

use woc_engine::{Command, DefinitionRef, EngineError, SignalDelivery, Timestamp, Variables};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

impl SqlStore {
    /// Broadcasts signal `name` with `variables` on behalf of `actor`: delivered to every
    /// running instance waiting for it and starting each process with a matching signal
    /// start event. Instances that stopped waiting meanwhile are skipped.
    pub async fn signal(
        &self,
        name: &str,
        variables: Variables,
        actor: Option<&str>,
    ) -> Result<SignalDelivery, StoreError> {
        self.broadcast(name, &variables, None, actor, self.clock.now())
            .await
    }

    pub(crate) async fn broadcast(
        &self,
        name: &str,
        variables: &Variables,
        skip: Option<&str>,
        actor: Option<&str>,
        now: Timestamp,
    ) -> Result<SignalDelivery, StoreError> {
        let waiting = Statement::new(
            "SELECT DISTINCT s.instance_id, i.started_at FROM signal_subscriptions s \
             JOIN process_instances i ON i.instance_id = s.instance_id \
             WHERE s.signal = $1 AND i.status = 'running' ORDER BY i.started_at, s.instance_id",
        )
        .arg(name);
        let instances = with_pool!(&self.db, |pool| {
            let mut ids = Vec::new();
            for row in query(&waiting).fetch_all(pool).await? {
                ids.push(row.string("instance_id")?);
            }
            ids
        });
        let mut delivery = SignalDelivery::default();
        for instance_id in instances {
            if skip == Some(instance_id.as_str()) {
                continue;
            }
            let command = Command::Signal {
                instance_id: instance_id.clone(),
                name: name.to_string(),
                variables: variables.clone(),
            };
            match self.execute_boxed(command, actor, now).await {
                Ok(_) => delivery.delivered.push(instance_id),
                // It stopped waiting, ended or was suspended since the SELECT.
                Err(
                    StoreError::NotFound { .. }
                    | StoreError::Engine(EngineError::Ended { .. } | EngineError::Suspended(_)),
                ) => {}
                Err(error) => return Err(error),
            }
        }
        for (definition, node) in self.event_starts("signal", name).await? {
            let start = Command::Start {
                definition: DefinitionRef::Id(definition),
                business_key: None,
                variables: variables.clone(),
                parent: None,
                start_event: Some(node),
            };
            let outcome = self.execute_boxed(start, actor, now).await?;
            delivery.started.push(outcome.instance_id);
        }
        Ok(delivery)
    }

    /// (definition id, start event) of each key's latest, not suspended version with a
    /// `kind` (`message` or `signal`) start event named `name`, by key.
    pub(crate) async fn event_starts(
        &self,
        kind: &str,
        name: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        let select = Statement::new(
            "SELECT e.definition_id, e.node FROM event_starts e \
             JOIN process_definitions d ON d.definition_id = e.definition_id \
             WHERE e.kind = $1 AND e.name = $2 AND d.suspended = $3 \
             AND d.version = (SELECT MAX(version) FROM process_definitions m \
             WHERE m.process_key = d.process_key) ORDER BY d.process_key, e.node",
        )
        .arg(kind)
        .arg(name)
        .arg(false);
        Ok(with_pool!(&self.db, |pool| {
            let mut starts = Vec::new();
            for row in query(&select).fetch_all(pool).await? {
                starts.push((row.string("definition_id")?, row.string("node")?));
            }
            starts
        }))
    }
}
