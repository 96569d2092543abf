//! Message subscriptions: kept equal to the instance state, and used to correlate an incoming
//! message (webhook, integration) with the instance waiting for it.

use woc_engine::{Command, Outcome, Subscription, Variables};

use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Arg, Statement};
use crate::with_pool;

/// Statements (deletes, inserts) turning the stored subscriptions `before` into `after`.
pub(crate) fn sync(
    instance_id: &str,
    before: &[Subscription],
    after: &[Subscription],
) -> (Vec<Statement>, Vec<Statement>) {
    let gone: Vec<i64> = before
        .iter()
        .filter(|s| !after.contains(s))
        .map(|s| s.id as i64)
        .collect();
    let fresh: Vec<Vec<Arg>> = after
        .iter()
        .filter(|s| !before.contains(s))
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
        let mut delete = Statement::new("DELETE FROM message_subscriptions WHERE instance_id = ");
        delete.param(instance_id).push(" AND subscription IN ");
        delete.list(gone);
        deletes.push(delete);
    }
    let inserts = Statement::insert(
        "INSERT INTO message_subscriptions (instance_id, subscription, message, node) VALUES ",
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
