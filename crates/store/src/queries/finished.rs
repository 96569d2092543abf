//! Tasks I ended myself (completed, returned, rejected), newest first.

use serde::{Deserialize, Serialize};

use super::{
    instance_summary, person_joins, InstanceSummary, StartedFilter, INSTANCE_COLUMNS,
    INSTANCE_JOINS, PERSON_COLUMNS,
};
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A row of the finished list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinishedRow {
    /// `taskId`.
    pub task_id: String,
    /// `taskName`.
    pub task_name: Option<String>,
    /// `taskDefKey`.
    pub task_def_key: String,
    /// `assigneeId`: who the task was assigned to when it ended.
    pub assignee: Option<String>,
    /// Their nick name (`assigneeName`).
    pub assignee_name: Option<String>,
    /// Their department name (`deptName`).
    pub assignee_dept: Option<String>,
    /// `createTime` (ms).
    pub created_at: i64,
    /// `finishTime` (ms).
    pub ended_at: i64,
    /// `duration` (ms).
    pub duration: i64,
    /// `completed`, or why the task ended otherwise (`returned`, `rejected`...).
    pub outcome: String,
    /// The instance, as it is now.
    pub instance: InstanceSummary,
}

impl SqlStore {
    /// Tasks `user` completed or ended, newest first.
    pub async fn finished(
        &self,
        user: &str,
        paging: Paging,
    ) -> Result<Page<FinishedRow>, StoreError> {
        self.finished_matching(user, &StartedFilter::default(), paging)
            .await
    }

    /// Tasks `user` completed or ended whose instance matches `filter`, newest first.
    pub async fn finished_matching(
        &self,
        user: &str,
        filter: &StartedFilter,
        paging: Paging,
    ) -> Result<Page<FinishedRow>, StoreError> {
        let mut list = Statement::new(format!(
            "SELECT h.task_id, h.name AS task_name, h.node, h.assignee, h.created_at, \
             h.ended_at AS task_ended_at, h.outcome, {INSTANCE_COLUMNS}, {PERSON_COLUMNS}, \
             COUNT(*) OVER () AS total \
             FROM task_history h JOIN process_instances i ON i.instance_id = h.instance_id \
             {INSTANCE_JOINS} {} WHERE h.ended_by = $1",
            person_joins("h.assignee")
        ))
        .arg(user);
        let conditions = filter.conditions(&mut list);
        list.push(&conditions)
            .push(" ORDER BY h.ended_at DESC, h.task_id LIMIT ")
            .param(paging.limit())
            .push(" OFFSET ")
            .param(paging.offset());
        let mut total = 0;
        let rows = with_pool!(&self.db, |pool| {
            let mut rows = Vec::new();
            for row in query(&list).fetch_all(pool).await? {
                total = row.number("total")?;
                let created_at = row.number("created_at")?;
                let ended_at = row.number("task_ended_at")?;
                rows.push(FinishedRow {
                    task_id: row.string("task_id")?,
                    task_name: row.text("task_name")?,
                    task_def_key: row.string("node")?,
                    assignee: row.text("assignee")?,
                    assignee_name: row.text("person_name")?,
                    assignee_dept: row.text("person_dept")?,
                    created_at,
                    ended_at,
                    duration: ended_at - created_at,
                    outcome: row.string("outcome")?,
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
