//! My open tasks: assigned to me, or unassigned with me or one of my groups as candidate.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{
    bind, instance_summary, person_joins, InstanceSummary, StartedFilter, INSTANCE_COLUMNS,
    INSTANCE_JOINS, PERSON_COLUMNS,
};
use crate::db::Dialect;
use crate::error::StoreError;
use crate::row::Columns;
use crate::sql_store::SqlStore;
use crate::statement::{query, Statement};
use crate::tasks::route;
use crate::with_pool;
use woc_paging::{Page, Paging};

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

/// Who the user's candidate tasks are offered to: the user (`$1`) as candidate user, then
/// each of their groups once, as (kind, placeholder) with the groups bound in `statement`.
fn offered_to(statement: &mut Statement, groups: &[String]) -> Vec<(&'static str, String)> {
    let mut seen = BTreeSet::new();
    let mut branches = vec![("user", "$1".to_string())];
    for group in groups {
        if seen.insert(group.as_str()) {
            branches.push(("group", bind(statement, group.as_str())));
        }
    }
    branches
}

/// Branches of the SQLite todo page's merge (the assigned one, the user as candidate, each
/// group) beyond which the groups are read as one branch: well under SQLite's limit of 500
/// parts per compound SELECT.
const MERGED_BRANCHES: usize = 200;

/// The candidate rows of one branch (`c` = `task_candidates`): unassigned tasks offered to
/// `value` as `kind`, an equality prefix of `task_candidates_value_open`.
fn offered(kind: &str, value: &str) -> String {
    format!("c.value = {value} AND c.kind = '{kind}' AND c.unassigned = TRUE")
}

/// How a branch keeps only the tasks whose instance matches the list's filters: nothing at
/// all without filters, so the unfiltered statements are exactly the plain ones. With filters,
/// each task a branch reads is tested by primary-key searches of its task, instance and
/// definition rows (`EXISTS`), which leaves the branch's ordered index read as it is: a page
/// still stops after offset + limit matching rows, having read past the ones that do not
/// match.
struct Matching(Option<String>);

impl Matching {
    /// The test for `filter`, its values bound in `statement`.
    fn new(filter: &StartedFilter, statement: &mut Statement) -> Matching {
        Matching((!filter.is_empty()).then(|| filter.conditions(statement)))
    }

    /// `" AND EXISTS (...)"` for the task whose id is in `task`, or nothing.
    fn on(&self, task: &str) -> String {
        match &self.0 {
            None => String::new(),
            Some(conditions) => format!(
                " AND EXISTS (SELECT 1 FROM open_tasks ft \
                 JOIN process_instances i ON i.instance_id = ft.instance_id \
                 LEFT JOIN process_definitions pd ON pd.definition_id = i.definition_id \
                 WHERE ft.task_id = {task}{conditions})"
            ),
        }
    }
}

/// The todo list's SELECT, shared with the query-plan test. The page is chosen from narrow
/// rows first, and only its tasks are joined with their instance and names. Assigned and
/// candidate tasks are disjoint (assigned or not); a task offered to the user by several
/// branches (the user, each group) is one row of the page. Each branch reads its index
/// backwards, newest first: the assigned one `(assignee, created_at, task_id)`, the candidate
/// ones `(value, kind, unassigned, created_at, task_id)`.
///
/// - SQLite: one compound SELECT of all branches under one ORDER BY. Its planner then merges
///   the branches' ordered index reads, drops a task met twice as it passes (both copies
///   carry the same key) and stops after offset + limit rows in all: page 50 of a large
///   backlog reads about 500 index entries, not 500 per branch sorted together.
/// - PostgreSQL plans a UNION by hashing or sorting all of its input, so there each branch
///   stops after offset + limit rows of its own before the union.
///
/// `filter` narrows every branch alike (see [`Matching`]); when it is empty the statement is
/// the plain one.
pub(crate) fn todo_statement(
    user: &str,
    groups: &[String],
    filter: &StartedFilter,
    paging: Paging,
    dialect: Dialect,
) -> Statement {
    let mut list = Statement::new("").arg(user);
    let matching = Matching::new(filter, &mut list);
    let page = match dialect {
        Dialect::Sqlite => {
            let limit = bind(&mut list, paging.limit());
            let offset = bind(&mut list, paging.offset());
            let mut reached = offered_to(&mut list, groups);
            // SQLite refuses a compound SELECT of more than 500 parts. Past MERGED_BRANCHES
            // the groups are one part reading each group's index range in turn, which SQLite
            // sorts before merging it with the others: right at any size, unbounded reads
            // only for users in that many groups.
            let many = (reached.len() > MERGED_BRANCHES).then(|| reached.split_off(1));
            let mut branches: Vec<String> = reached
                .into_iter()
                .map(|(kind, value)| {
                    format!(
                        " UNION SELECT c.task_id, c.created_at FROM task_candidates c WHERE {}{}",
                        offered(kind, &value),
                        matching.on("c.task_id")
                    )
                })
                .collect();
            if let Some(groups) = many {
                let values: Vec<String> = groups.into_iter().map(|(_, value)| value).collect();
                branches.push(format!(
                    " UNION SELECT c.task_id, c.created_at FROM task_candidates c \
                     WHERE c.value IN ({}) AND c.kind = 'group' AND c.unassigned = TRUE{}",
                    values.join(", "),
                    matching.on("c.task_id")
                ));
            }
            format!(
                "SELECT o.task_id, o.created_at FROM open_tasks o WHERE o.assignee = $1{}{} \
                 ORDER BY created_at DESC, task_id DESC LIMIT {limit} OFFSET {offset}",
                matching.on("o.task_id"),
                branches.concat()
            )
        }
        Dialect::Postgres => {
            let depth = bind(&mut list, paging.offset() + paging.limit());
            let limit = bind(&mut list, paging.limit());
            let offset = bind(&mut list, paging.offset());
            let candidates: Vec<String> = offered_to(&mut list, groups)
                .into_iter()
                .enumerate()
                .map(|(i, (kind, value))| {
                    format!(
                        "SELECT * FROM (SELECT c.task_id, c.created_at FROM task_candidates c \
                         WHERE {}{} ORDER BY c.created_at DESC, c.task_id DESC LIMIT {depth}) c{i}",
                        offered(kind, &value),
                        matching.on("c.task_id")
                    )
                })
                .collect();
            format!(
                "SELECT task_id, created_at FROM (\
                 SELECT * FROM (SELECT o.task_id, o.created_at FROM open_tasks o \
                 WHERE o.assignee = $1{} ORDER BY o.created_at DESC, o.task_id DESC \
                 LIMIT {depth}) a \
                 UNION ALL SELECT * FROM (SELECT task_id, created_at FROM ({}) u \
                 ORDER BY created_at DESC, task_id DESC LIMIT {depth}) b) v \
                 ORDER BY created_at DESC, task_id DESC LIMIT {limit} OFFSET {offset}",
                matching.on("o.task_id"),
                candidates.join(" UNION ")
            )
        }
    };
    list.sql = format!(
        "WITH page AS ({page}) \
         SELECT t.task_id, t.name AS task_name, t.node, t.assignee, t.owner, t.priority, \
         t.created_at, t.due_at, {INSTANCE_COLUMNS}, {PERSON_COLUMNS} \
         FROM page p JOIN open_tasks t ON t.task_id = p.task_id \
         JOIN process_instances i ON i.instance_id = t.instance_id \
         {INSTANCE_JOINS} {} ORDER BY p.created_at DESC, p.task_id DESC",
        person_joins("t.assignee")
    );
    list
}

/// How many tasks the todo list has in all, from the counters `crate::tasks` keeps per offer
/// signature in every command's transaction: the sum of the counts of the signatures that any
/// of the user's routes reaches (assigned to them, them as candidate user, each of their groups
/// as candidate group). `IN` takes each signature once however many of its routes match, so a
/// task offered to the user and to their group counts once. The cost is the number of distinct
/// offers reaching the user (primary-key searches of both tables), not the number of their
/// tasks. On SQLite the routes name each offer by its integer key (migration
/// `20261203000100_todo_offer_numbers.sql`): a search by integer and a de-duplicating list of
/// integers cost about a third of the same by signature text. SUM is NUMERIC on PostgreSQL,
/// hence the cast.
fn todo_count(user: &str, groups: &[String], dialect: Dialect) -> Statement {
    let mut routes = BTreeSet::from([route("assignee", user), route("user", user)]);
    routes.extend(groups.iter().map(|g| route("group", g)));
    let key = match dialect {
        Dialect::Sqlite => "offer",
        Dialect::Postgres => "signature",
    };
    let mut count = Statement::new(format!(
        "SELECT CAST(COALESCE(SUM(o.open_tasks), 0) AS BIGINT) AS total FROM todo_offers o \
         WHERE o.{key} IN (SELECT r.{key} FROM todo_offer_routes r WHERE r.route IN "
    ));
    count.list(routes);
    count.push(")");
    count
}

/// How many tasks the todo list has when `filter` narrows it, counted: the counters of
/// [`todo_count`] know offers, not instances. The same branches as the page without its
/// limits, as one UNION that takes a task offered several ways once; the groups are one
/// branch here, as nothing needs their order.
fn todo_matching_count(user: &str, groups: &[String], filter: &StartedFilter) -> Statement {
    let mut count = Statement::new("").arg(user);
    let matching = Matching::new(filter, &mut count);
    let mut branches = vec![
        format!(
            "SELECT o.task_id FROM open_tasks o WHERE o.assignee = $1{}",
            matching.on("o.task_id")
        ),
        format!(
            "SELECT c.task_id FROM task_candidates c WHERE {}{}",
            offered("user", "$1"),
            matching.on("c.task_id")
        ),
    ];
    let groups: BTreeSet<&str> = groups.iter().map(String::as_str).collect();
    if !groups.is_empty() {
        let values: Vec<String> = groups.into_iter().map(|g| bind(&mut count, g)).collect();
        branches.push(format!(
            "SELECT c.task_id FROM task_candidates c \
             WHERE c.value IN ({}) AND c.kind = 'group' AND c.unassigned = TRUE{}",
            values.join(", "),
            matching.on("c.task_id")
        ));
    }
    count.sql = format!(
        "SELECT COUNT(*) AS total FROM ({}) n",
        branches.join(" UNION ")
    );
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
        self.todo_matching(user, groups, &StartedFilter::default(), paging)
            .await
    }

    /// [`SqlStore::todo`] narrowed to tasks whose instance matches `filter`. Without filters
    /// the total comes from the counters; with them it is counted.
    pub async fn todo_matching(
        &self,
        user: &str,
        groups: &[String],
        filter: &StartedFilter,
        paging: Paging,
    ) -> Result<Page<TaskRow>, StoreError> {
        let list = todo_statement(user, groups, filter, paging, self.db.dialect());
        let count = if filter.is_empty() {
            todo_count(user, groups, self.db.dialect())
        } else {
            todo_matching_count(user, groups, filter)
        };
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
        let count = todo_count(user, groups, self.db.dialect());
        let total = with_pool!(&self.db, |pool| query(&count)
            .fetch_one(pool)
            .await?
            .number("total")?);
        Ok(total as u64)
    }

    /// The plans SQLite chooses for the todo query, its page then its count (`EXPLAIN QUERY
    /// PLAN` details), to check that they search indexes; empty on PostgreSQL.
    pub async fn todo_query_plan(
        &self,
        user: &str,
        groups: &[String],
    ) -> Result<Vec<String>, StoreError> {
        self.todo_matching_query_plan(user, groups, &StartedFilter::default())
            .await
    }

    /// [`SqlStore::todo_query_plan`] of the statements [`SqlStore::todo_matching`] runs for
    /// `filter`.
    pub async fn todo_matching_query_plan(
        &self,
        user: &str,
        groups: &[String],
        filter: &StartedFilter,
    ) -> Result<Vec<String>, StoreError> {
        let crate::db::Db::Sqlite(pool) = &self.db else {
            return Ok(Vec::new());
        };
        let count = if filter.is_empty() {
            todo_count(user, groups, Dialect::Sqlite)
        } else {
            todo_matching_count(user, groups, filter)
        };
        let mut details = Vec::new();
        for mut explain in [
            todo_statement(user, groups, filter, Paging::default(), Dialect::Sqlite),
            count,
        ] {
            explain.sql.insert_str(0, "EXPLAIN QUERY PLAN ");
            for row in query(&explain).fetch_all(pool).await? {
                details.push(row.string("detail")?);
            }
        }
        Ok(details)
    }
}
