//! My open tasks: assigned to me, or unassigned with me or one of my groups as candidate.

use serde::{Deserialize, Serialize};

use super::{
    instance_summary, person_joins, InstanceSummary, INSTANCE_COLUMNS, INSTANCE_JOINS,
    PERSON_COLUMNS,
};
use crate::error::StoreError;
use crate::page::{Page, Paging};
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::with_pool;

/// A row of the todo list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    /// `taskId`.
    pub task_id: String,
    /// `taskName`.
    pub task_name: Option<String>,
    /// `taskDefKey`.
    pub task_def_key: String,
    /// `assigneeId`.
    pub assignee: Option<String>,
    /// The assignee's nick name (`assigneeName`).
    pub assignee_name: Option<String>,
    /// The assignee's department name (`deptName`).
    pub assignee_dept: Option<String>,
    /// Who gets a delegated task back.
    pub owner: Option<String>,
    /// Priority.
    pub priority: i64,
    /// `createTime` (ms).
    pub created_at: i64,
    /// Due time (ms).
    pub due_at: Option<i64>,
    /// The instance.
    pub instance: InstanceSummary,
}

/// The visible-task ids for `$1` = user; each branch is one index lookup (assignee, or
/// candidate value), so the list never scans the open tasks.
fn visible_tasks(statement: &mut Statement, groups: &[String]) {
    statement.push(
        "SELECT task_id FROM open_tasks WHERE assignee = $1 \
         UNION SELECT c.task_id FROM task_candidates c \
         JOIN open_tasks o ON o.task_id = c.task_id \
         WHERE c.value = $1 AND c.kind = 'user' AND o.assignee IS NULL",
    );
    if !groups.is_empty() {
        statement.push(
            " UNION SELECT c.task_id FROM task_candidates c \
             JOIN open_tasks o ON o.task_id = c.task_id \
             WHERE c.value IN ",
        );
        statement.list(groups.iter().map(String::as_str));
        statement.push(" AND c.kind = 'group' AND o.assignee IS NULL");
    }
}

/// The todo list's SELECT, shared with the query-plan test. The page's task ids are picked
/// first from the narrow `open_tasks` rows; only those rows are then joined with their instance
/// and names. (Joining every visible task before sorting cost seconds for a user with a few
/// thousand open tasks.)
pub(crate) fn todo_statement(user: &str, groups: &[String], paging: Paging) -> Statement {
    let mut list = Statement::new(
        "WITH page AS (SELECT o.task_id, o.created_at FROM open_tasks o WHERE o.task_id IN (",
    )
    .arg(user);
    visible_tasks(&mut list, groups);
    list.push(") ORDER BY o.created_at DESC, o.task_id LIMIT ")
        .param(paging.limit())
        .push(" OFFSET ")
        .param(paging.offset());
    list.push(&format!(
        ") SELECT t.task_id, t.name AS task_name, t.node, t.assignee, t.owner, t.priority, \
         t.created_at, t.due_at, {INSTANCE_COLUMNS}, {PERSON_COLUMNS} \
         FROM page p JOIN open_tasks t ON t.task_id = p.task_id \
         JOIN process_instances i ON i.instance_id = t.instance_id \
         {INSTANCE_JOINS} {} ORDER BY p.created_at DESC, p.task_id",
        person_joins("t.assignee")
    ));
    list
}

/// How many tasks the todo list has in all.
fn todo_count(user: &str, groups: &[String]) -> Statement {
    let mut count = Statement::new("SELECT COUNT(*) AS total FROM (").arg(user);
    visible_tasks(&mut count, groups);
    count.push(") v");
    count
}

impl SqlStore {
    /// Open tasks `user` (member of `groups`) may act on, newest first.
    pub async fn todo(
        &self,
        user: &str,
        groups: &[String],
        paging: Paging,
    ) -> Result<Page<TaskRow>, StoreError> {
        let list = todo_statement(user, groups, paging);
        let count = todo_count(user, groups);
        let (rows, total) = with_pool!(&self.db, |pool| {
            let total = query(&count).fetch_one(pool).await?.number("total")?;
            let mut rows = Vec::new();
            for row in query(&list).fetch_all(pool).await? {
                rows.push(TaskRow {
                    task_id: row.string("task_id")?,
                    task_name: row.text("task_name")?,
                    task_def_key: row.string("node")?,
                    assignee: row.text("assignee")?,
                    assignee_name: row.text("person_name")?,
                    assignee_dept: row.text("person_dept")?,
                    owner: row.text("owner")?,
                    priority: row.number("priority")?,
                    created_at: row.number("created_at")?,
                    due_at: row.int("due_at")?,
                    instance: instance_summary(&row)?,
                });
            }
            (rows, total)
        });
        Ok(Page {
            rows,
            total: total as u64,
        })
    }

    /// The plan SQLite chooses for the todo query (`EXPLAIN QUERY PLAN` details), to check
    /// that it searches indexes; empty on PostgreSQL.
    pub async fn todo_query_plan(
        &self,
        user: &str,
        groups: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let crate::db::Db::Sqlite(pool) = &self.db else {
            return Ok(Vec::new());
        };
        let mut explain = todo_statement(user, groups, Paging::default());
        explain.sql.insert_str(0, "EXPLAIN QUERY PLAN ");
        let mut details = Vec::new();
        for row in query(&explain).fetch_all(pool).await? {
            details.push(row.string("detail")?);
        }
        Ok(details)
    }
}
