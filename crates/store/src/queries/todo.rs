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

/// Unassigned open tasks with `$1` as candidate user or one of `groups` as candidate group
/// (`o` = the task), each branch one index lookup in `task_candidates`.
fn candidate_tasks(statement: &mut Statement, groups: &[String], columns: &str) {
    statement.push(&format!(
        "SELECT {columns} FROM task_candidates c JOIN open_tasks o ON o.task_id = c.task_id \
         WHERE c.value = $1 AND c.kind = 'user' AND o.assignee IS NULL"
    ));
    if !groups.is_empty() {
        statement.push(&format!(
            " UNION SELECT {columns} FROM task_candidates c \
             JOIN open_tasks o ON o.task_id = c.task_id WHERE c.value IN "
        ));
        statement.list(groups.iter().map(String::as_str));
        statement.push(" AND c.kind = 'group' AND o.assignee IS NULL");
    }
}

/// The todo list's SELECT, shared with the query-plan test. The page is chosen from narrow
/// rows first, and only its tasks are joined with their instance and names. Assigned and
/// candidate tasks are disjoint (assigned or not), so each side contributes at most
/// offset + limit rows: the assigned side stops after them while reading the
/// `(assignee, created_at, task_id)` index backwards, whatever the user's backlog.
pub(crate) fn todo_statement(user: &str, groups: &[String], paging: Paging) -> Statement {
    let depth = paging.offset() + paging.limit();
    let mut list = Statement::new(
        "WITH page AS (SELECT task_id, created_at FROM (\
         SELECT * FROM (SELECT o.task_id, o.created_at FROM open_tasks o WHERE o.assignee = $1 \
         ORDER BY o.created_at DESC, o.task_id DESC LIMIT ",
    )
    .arg(user);
    list.param(depth)
        .push(") a UNION ALL SELECT * FROM (SELECT task_id, created_at FROM (");
    candidate_tasks(&mut list, groups, "o.task_id, o.created_at");
    list.push(") u ORDER BY created_at DESC, task_id DESC LIMIT ")
        .param(depth)
        .push(") b) v ORDER BY created_at DESC, task_id DESC LIMIT ")
        .param(paging.limit())
        .push(" OFFSET ")
        .param(paging.offset());
    list.push(&format!(
        ") SELECT t.task_id, t.name AS task_name, t.node, t.assignee, t.owner, t.priority, \
         t.created_at, t.due_at, {INSTANCE_COLUMNS}, {PERSON_COLUMNS} \
         FROM page p JOIN open_tasks t ON t.task_id = p.task_id \
         JOIN process_instances i ON i.instance_id = t.instance_id \
         {INSTANCE_JOINS} {} ORDER BY p.created_at DESC, p.task_id DESC",
        person_joins("t.assignee")
    ));
    list
}

/// How many tasks the todo list has in all: the assigned ones (counted in the index) plus the
/// distinct unassigned ones offered to the user or their groups.
fn todo_count(user: &str, groups: &[String]) -> Statement {
    let mut count = Statement::new(
        "SELECT (SELECT COUNT(*) FROM open_tasks WHERE assignee = $1) \
         + (SELECT COUNT(*) FROM (",
    )
    .arg(user);
    candidate_tasks(&mut count, groups, "o.task_id");
    count.push(") u) AS total");
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

    /// How many tasks `user`'s todo list has: the `total` of [`SqlStore::todo`] alone (it runs
    /// the same statement), for benchmarks that time the count apart from the page.
    pub async fn todo_total(&self, user: &str, groups: &[String]) -> Result<u64, StoreError> {
        let count = todo_count(user, groups);
        let total = with_pool!(&self.db, |pool| query(&count)
            .fetch_one(pool)
            .await?
            .number("total")?);
        Ok(total as u64)
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
