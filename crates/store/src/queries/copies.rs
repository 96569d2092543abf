//! Carbon copies sent to me (copyList), newest first.

use serde::{Deserialize, Serialize};

use super::{instance_summary, InstanceSummary, INSTANCE_COLUMNS, INSTANCE_JOINS};
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A row of the carbon-copy list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyRow {
    /// Task the copy was sent from.
    pub task_id: Option<String>,
    /// Its node.
    pub task_def_key: Option<String>,
    /// Who sent it.
    pub sent_by: Option<String>,
    /// When (ms).
    pub sent_at: i64,
    /// The instance.
    pub instance: InstanceSummary,
}

impl SqlStore {
    /// Carbon copies sent to `user`, newest first.
    pub async fn carbon_copies(
        &self,
        user: &str,
        paging: Paging,
    ) -> Result<Page<CopyRow>, StoreError> {
        let list = Statement::new(format!(
            "SELECT c.task_id, c.node, c.sent_by, c.sent_at, {INSTANCE_COLUMNS}, \
             COUNT(*) OVER () AS total \
             FROM carbon_copies c JOIN process_instances i ON i.instance_id = c.instance_id \
             {INSTANCE_JOINS} WHERE c.user_id = $1 ORDER BY c.sent_at DESC, c.instance_id LIMIT $2 OFFSET $3"
        ))
        .arg(user)
        .arg(paging.limit())
        .arg(paging.offset());
        let mut total = 0;
        let rows = with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(&list).fetch_all(pool).await? {
                total = row.number("total")?;
                rows.push(CopyRow {
                    task_id: row.text("task_id")?,
                    task_def_key: row.text("node")?,
                    sent_by: row.text("sent_by")?,
                    sent_at: row.number("sent_at")?,
                    instance: instance_summary(&row)?,
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
