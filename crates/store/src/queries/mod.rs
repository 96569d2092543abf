//! The list queries of the work-order UI and API: indexed SQL, paged, newest first.

mod copies;
mod detail;
mod finished;
mod started;
mod todo;

use serde::{Deserialize, Serialize};

pub use copies::CopyRow;
pub use detail::InstanceDetail;
pub use finished::FinishedRow;
pub use started::{InstanceRow, StartedFilter};
pub use todo::TaskRow;

use crate::row::Columns;
use crate::statement::{Arg, Statement};

/// What list rows show of the instance they belong to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceSummary {
    /// Instance id (`procInsId`).
    pub instance_id: String,
    /// Definition id (`procDefId`).
    pub definition_id: String,
    /// Process key (`procDefKey`).
    pub process_key: String,
    /// Business key (work-order number).
    pub business_key: Option<String>,
    /// Who started it (`startUserId`).
    pub started_by: Option<String>,
    /// Start time (`proInsCreateTime`, ms).
    pub started_at: i64,
    /// End time, once ended (ms).
    pub ended_at: Option<i64>,
    /// `processStatus`.
    pub status: String,
    /// The definition's process name (`procDefName`).
    pub definition_name: Option<String>,
    /// The definition's category code (`category`).
    pub category: Option<String>,
    /// The starter's nick name (`startUserName`).
    pub started_by_name: Option<String>,
    /// The starter's department name (`startDeptName`).
    pub started_by_dept: Option<String>,
}

/// The instance columns every list selects, from `process_instances i` and [`INSTANCE_JOINS`].
pub(crate) const INSTANCE_COLUMNS: &str = "i.instance_id, i.definition_id, i.process_key, \
     i.business_key, i.started_by, i.started_at, i.ended_at, i.status, \
     pd.name AS definition_name, pd.category AS definition_category, \
     su.nick_name AS started_by_name, sd.name AS started_by_dept";

/// What list rows name besides ids: the definition, and the starter with their department
/// from the web app's directory tables (`users`, `depts`), which live in the same database
/// and migration history. Each join is a primary-key lookup per row of the page; LEFT, so a
/// starter missing from the directory still lists.
pub(crate) const INSTANCE_JOINS: &str =
    "LEFT JOIN process_definitions pd ON pd.definition_id = i.definition_id \
     LEFT JOIN users su ON su.username = i.started_by \
     LEFT JOIN depts sd ON sd.dept_id = su.dept_id";

/// Joins naming the user in `column` (as `au`, their department as `ad`) for the rows'
/// assignee columns, [`PERSON_COLUMNS`].
pub(crate) fn person_joins(column: &str) -> String {
    format!(
        "LEFT JOIN users au ON au.username = {column} LEFT JOIN depts ad ON ad.dept_id = au.dept_id"
    )
}

/// The name columns [`person_joins`] adds.
pub(crate) const PERSON_COLUMNS: &str = "au.nick_name AS person_name, ad.name AS person_dept";

pub(crate) fn instance_summary(row: &impl Columns) -> Result<InstanceSummary, sqlx::Error> {
    Ok(InstanceSummary {
        instance_id: row.string("instance_id")?,
        definition_id: row.string("definition_id")?,
        process_key: row.string("process_key")?,
        business_key: row.text("business_key")?,
        started_by: row.text("started_by")?,
        started_at: row.number("started_at")?,
        ended_at: row.int("ended_at")?,
        status: row.string("status")?,
        definition_name: row.text("definition_name")?,
        category: row.text("definition_category")?,
        started_by_name: row.text("started_by_name")?,
        started_by_dept: row.text("started_by_dept")?,
    })
}

/// Binds `value` without writing a placeholder; returns the placeholder to write.
pub(crate) fn bind(statement: &mut Statement, value: impl Into<Arg>) -> String {
    statement.args.push(value.into());
    format!("${}", statement.args.len())
}
