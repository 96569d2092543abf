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
}

/// The instance columns every list selects, from `process_instances i`.
pub(crate) const INSTANCE_COLUMNS: &str = "i.instance_id, i.definition_id, i.process_key, \
     i.business_key, i.started_by, i.started_at, i.ended_at, i.status";

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
    })
}
