//! Instances I started (ownList), with filters, newest first.

use serde::{Deserialize, Serialize};

use super::{bind, instance_summary, InstanceSummary, INSTANCE_COLUMNS, INSTANCE_JOINS};
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Arg, Statement};
use crate::with_pool;
use woc_paging::{Page, Paging};

/// Filters on the instance a list row belongs to, for the started list (all of them) and the
/// todo and finished lists (the seed names the process name and start times for those);
/// `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartedFilter {
    /// `processStatus`.
    pub status: Option<String>,
    /// Process key.
    pub process_key: Option<String>,
    /// Part of the definition's process name.
    pub process_name: Option<String>,
    /// The definition's category code.
    pub category: Option<String>,
    /// Business key.
    pub business_key: Option<String>,
    /// Started at or after (ms).
    pub started_from: Option<i64>,
    /// Started before (ms).
    pub started_to: Option<i64>,
}

/// A row of the started list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceRow {
    /// The instance.
    pub instance: InstanceSummary,
    /// `duration` until now or the end (ms), `None` while running.
    pub duration: Option<i64>,
}

impl StartedFilter {
    /// Whether it matches every row.
    pub fn is_empty(&self) -> bool {
        self == &StartedFilter::default()
    }

    /// `" AND ..."` for each filter, on `process_instances i` and its definition `pd` (as
    /// [`INSTANCE_JOINS`] names them), with their values bound in `statement`. The text is
    /// returned rather than pushed so that a query may test it in several places with one set
    /// of arguments.
    pub(crate) fn conditions(&self, statement: &mut Statement) -> String {
        let mut sql = String::new();
        let mut test = |condition: &str, value: Arg| {
            sql.push_str(condition);
            sql.push_str(&bind(statement, value));
        };
        if let Some(status) = &self.status {
            test(" AND i.status = ", status.as_str().into());
        }
        if let Some(key) = &self.process_key {
            test(" AND i.process_key = ", key.as_str().into());
        }
        if let Some(name) = &self.process_name {
            test(" AND pd.name LIKE ", format!("%{name}%").into());
        }
        if let Some(category) = &self.category {
            test(" AND pd.category = ", category.as_str().into());
        }
        if let Some(business_key) = &self.business_key {
            test(" AND i.business_key = ", business_key.as_str().into());
        }
        if let Some(from) = self.started_from {
            test(" AND i.started_at >= ", from.into());
        }
        if let Some(to) = self.started_to {
            test(" AND i.started_at < ", to.into());
        }
        sql
    }
}

impl SqlStore {
    /// Instances `user` started, newest first.
    pub async fn started_by(
        &self,
        user: &str,
        filter: &StartedFilter,
        paging: Paging,
    ) -> Result<Page<InstanceRow>, StoreError> {
        let mut list = Statement::new(format!(
            "SELECT {INSTANCE_COLUMNS}, COUNT(*) OVER () AS total \
             FROM process_instances i {INSTANCE_JOINS} WHERE i.started_by = $1"
        ))
        .arg(user);
        let conditions = filter.conditions(&mut list);
        list.push(&conditions);
        list.push(" ORDER BY i.started_at DESC, i.instance_id LIMIT ")
            .param(paging.limit())
            .push(" OFFSET ")
            .param(paging.offset());
        let mut total = 0;
        let rows = with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(&list).fetch_all(pool).await? {
                total = row.number("total")?;
                let instance = instance_summary(&row)?;
                rows.push(InstanceRow {
                    duration: instance.ended_at.map(|end| end - instance.started_at),
                    instance,
                });
            }
            rows
        });
        Ok(Page {
            rows,
            total: total as u64,
        })
    }
}
