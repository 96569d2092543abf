//! Instances I started (ownList), with filters, newest first.

use serde::{Deserialize, Serialize};

use super::{instance_summary, InstanceSummary, INSTANCE_COLUMNS, INSTANCE_JOINS};
use crate::error::StoreError;
use crate::page::{Page, Paging};
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

/// Filters of the started list; `None` matches everything.
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
        if let Some(status) = &filter.status {
            list.push(" AND i.status = ").param(status.as_str());
        }
        if let Some(key) = &filter.process_key {
            list.push(" AND i.process_key = ").param(key.as_str());
        }
        if let Some(name) = &filter.process_name {
            list.push(" AND pd.name LIKE ").param(format!("%{name}%"));
        }
        if let Some(category) = &filter.category {
            list.push(" AND pd.category = ").param(category.as_str());
        }
        if let Some(business_key) = &filter.business_key {
            list.push(" AND i.business_key = ")
                .param(business_key.as_str());
        }
        if let Some(from) = filter.started_from {
            list.push(" AND i.started_at >= ").param(from);
        }
        if let Some(to) = filter.started_to {
            list.push(" AND i.started_at < ").param(to);
        }
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
