//! Message and signal subscriptions: kept equal to the instance state, and used to correlate
//! an incoming message (webhook, integration) with the instance waiting for it, or to start
//! an instance at a message start event when none waits.

use woc_engine::{Command, DefinitionRef, Outcome, Subscription, SubscriptionKind, Variables};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Arg, Statement};
use crate::with_pool;

/// Statements (deletes, inserts) turning the stored subscriptions of `kind` (message or
/// signal, each in its own table) `before` into `after`. Conditional subscriptions are never
/// stored: only the instance itself evaluates them.
pub(crate) fn sync(
    instance_id: &str,
    kind: SubscriptionKind,
    before: &[Subscription],
    after: &[Subscription],
) -> (Vec<Statement>, Vec<Statement>) {
    let (table, column) = match kind {
        SubscriptionKind::Message => ("message_subscriptions", "message"),
        SubscriptionKind::Signal => ("signal_subscriptions", "signal"),
        SubscriptionKind::Conditional => return (Vec::new(), Vec::new()),
    };
    let gone: Vec<i64> = before
        .iter()
        .filter(|s| s.kind == kind && !after.contains(s))
        .map(|s| s.id as i64)
        .collect();
    let fresh: Vec<Vec<Arg>> = after
        .iter()
        .filter(|s| s.kind == kind && !before.contains(s))
        .map(|s| {
            vec![
                instance_id.into(),
                (s.id as i64).into(),
                s.message.as_str().into(),
                s.node.as_str().into(),
            ]
        })
        .collect();
    let mut deletes = Vec::new();
    if !gone.is_empty() {
        let mut delete = Statement::new(format!("DELETE FROM {table} WHERE instance_id = "));
        delete.param(instance_id).push(" AND subscription IN ");
        delete.list(gone);
        deletes.push(delete);
    }
    let inserts = Statement::insert(
        &format!("INSERT INTO {table} (instance_id, subscription, {column}, node) VALUES "),
        fresh,
    );
    (deletes, inserts)
}

impl SqlStore {
    /// Delivers message `name` to the oldest running instance waiting for it, restricted to
    /// one business key when given; `NotFound` when nobody waits.
    pub async fn correlate_message(
        &self,
        name: &str,
        business_key: Option<&str>,
        variables: Variables,
        actor: Option<&str>,
    ) -> Result<Outcome, StoreError> {
        let mut select = Statement::new(
            "SELECT s.instance_id FROM message_subscriptions s \
             JOIN process_instances i ON i.instance_id = s.instance_id \
             WHERE s.message = $1 AND i.status = 'running'",
        )
        .arg(name);
        if let Some(key) = business_key {
            select.push(" AND i.business_key = ").param(key);
        }
        select.push(" ORDER BY i.started_at, i.instance_id LIMIT 1");
        let found = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(row.string("instance_id")?),
                None => None,
            }
        );
        let instance_id =
            found.ok_or_else(|| StoreError::not_found("instance waiting for message", name))?;
        let deliver = Command::Message {
            instance_id,
            name: name.to_string(),
            variables,
        };
        self.execute_retrying(deliver, actor, 5).await
    }
}

/// Where a delivered message went.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageDelivery {
    /// The outcome of the command that received it (a `Message`, or the `Start` it caused).
    pub outcome: Outcome,
    /// Whether a message start event started a new instance (no execution was waiting).
    pub started: bool,
}

impl SqlStore {
    /// Delivers message `name`: to the oldest running instance waiting for it (restricted to
    /// `instance_id` and/or `business_key` when given), else, when no instance was named, by
    /// starting the latest process with a message start event for it (with `business_key`).
    /// `NotFound` when neither matches.
    pub async fn deliver_message(
        &self,
        name: &str,
        business_key: Option<&str>,
        instance_id: Option<&str>,
        variables: Variables,
        actor: Option<&str>,
    ) -> Result<MessageDelivery, StoreError> {
        let mut select = Statement::new(
            "SELECT s.instance_id FROM message_subscriptions s \
             JOIN process_instances i ON i.instance_id = s.instance_id \
             WHERE s.message = $1 AND i.status = 'running'",
        )
        .arg(name);
        if let Some(key) = business_key {
            select.push(" AND i.business_key = ").param(key);
        }
        if let Some(id) = instance_id {
            select.push(" AND i.instance_id = ").param(id);
        }
        select.push(" ORDER BY i.started_at, i.instance_id LIMIT 1");
        let found = with_pool!(
            &self.db,
            |pool| match query(&select).fetch_optional(pool).await? {
                Some(row) => Some(row.string("instance_id")?),
                None => None,
            }
        );
        if let Some(instance_id) = found {
            let deliver = Command::Message {
                instance_id,
                name: name.to_string(),
                variables,
            };
            let outcome = self.execute_retrying(deliver, actor, 5).await?;
            return Ok(MessageDelivery {
                outcome,
                started: false,
            });
        }
        let start = match instance_id {
            // A message for one instance never starts another.
            Some(_) => None,
            None => self.event_starts("message", name).await?.into_iter().next(),
        };
        let (definition, node) =
            start.ok_or_else(|| StoreError::not_found("receiver of message", name))?;
        let command = Command::Start {
            definition: DefinitionRef::Id(definition),
            business_key: business_key.map(str::to_string),
            variables,
            parent: None,
            start_event: Some(node),
        };
        let outcome = self.execute(command, actor).await?;
        Ok(MessageDelivery {
            outcome,
            started: true,
        })
    }
}
