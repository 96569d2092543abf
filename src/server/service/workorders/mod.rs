//! Work orders (工单): the business record around one process instance: who it is for (an
//! app, a synthesis category), what it is about (title, room, description, form values) and
//! its end (closing, the starter's evaluation). The process does the routing; the work order
//! adds the number people quote, closing and rating.

pub mod create;
pub mod lifecycle;
pub mod numbers;
pub mod print;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::i18n::print as print_text;
use crate::i18n::Text;
use crate::server::db::Db;
use crate::server::service::error::ServiceError;
use crate::with_pool;

pub use numbers::WorkorderNumber;

/// `workorderStatus`: derived from the work order's closing and its process's status, so it
/// never disagrees with the process. `processing`: the process runs (or is suspended);
/// `completed`: it reached its end; `rejected`: a handler rejected it; `canceled`: the process
/// was cancelled or terminated; `closed`: its starter or an administrator closed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum WorkOrderStatus {
    /// The process is running (or suspended): someone has to act.
    Processing,
    /// The process reached its end.
    Completed,
    /// A handler rejected it.
    Rejected,
    /// The process was cancelled or terminated outside the work order.
    Canceled,
    /// Closed by its starter or an administrator (a running process was cancelled).
    Closed,
}

impl WorkOrderStatus {
    /// The status of a work order closed at `closed_at` whose instance has `process_status`.
    pub fn of(closed_at: Option<i64>, process_status: &str) -> WorkOrderStatus {
        if closed_at.is_some() {
            return WorkOrderStatus::Closed;
        }
        match process_status {
            "completed" => WorkOrderStatus::Completed,
            "rejected" => WorkOrderStatus::Rejected,
            "canceled" | "terminated" => WorkOrderStatus::Canceled,
            _ => WorkOrderStatus::Processing,
        }
    }

    /// The API text.
    pub fn as_str(self) -> &'static str {
        match self {
            WorkOrderStatus::Processing => "processing",
            WorkOrderStatus::Completed => "completed",
            WorkOrderStatus::Rejected => "rejected",
            WorkOrderStatus::Canceled => "canceled",
            WorkOrderStatus::Closed => "closed",
        }
    }

    /// The status as people read it (the print page, the work-order screens).
    pub fn label(self) -> Text {
        match self {
            WorkOrderStatus::Processing => print_text::WO_PROCESSING,
            WorkOrderStatus::Completed => print_text::WO_COMPLETED,
            WorkOrderStatus::Rejected => print_text::WO_REJECTED,
            WorkOrderStatus::Canceled => print_text::WO_CANCELED,
            WorkOrderStatus::Closed => print_text::WO_CLOSED,
        }
    }
}

/// A stored work order with the names of what it refers to.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct WorkOrder {
    /// The number (identity).
    pub workorder_number: String,
    /// Owning app (`systemId`).
    pub app_id: String,
    /// Its name, while the app is registered.
    pub app_name: Option<String>,
    /// Work-order type: a synthesis category (`workorderId`).
    pub synthesis_id: Option<i64>,
    /// Its name.
    pub synthesis_name: Option<String>,
    /// `workorderIdExtend`, as the client sent it.
    pub workorder_id_extend: Option<String>,
    /// `projectId`.
    pub project_id: Option<String>,
    /// The definition the process started from.
    pub definition_id: String,
    /// Its process name.
    pub process_name: Option<String>,
    /// The process instance.
    pub instance_id: String,
    /// The instance's `processStatus`.
    pub process_status: String,
    /// Start form, when the definition had one.
    pub form_id: Option<i64>,
    /// Its version at creation.
    pub form_version: Option<i64>,
    /// Title.
    pub title: String,
    /// `source`.
    pub source: Option<String>,
    /// `compensation` (是否有偿).
    pub compensation: Option<String>,
    /// `roomNumber`.
    pub room_number: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `attachmentUrls`.
    pub attachment_urls: Option<String>,
    /// `params` as JSON text: the start form's values.
    pub params: String,
    /// The starter.
    pub created_by: String,
    /// Their nick name.
    pub created_by_name: Option<String>,
    /// Creation, epoch millis.
    pub created_at: i64,
    /// Who closed it.
    pub closed_by: Option<String>,
    /// When, epoch millis.
    pub closed_at: Option<i64>,
    /// The starter's rating, 1-5.
    pub rating: Option<i64>,
    /// The starter's evaluation text.
    pub evaluation: Option<String>,
    /// When it was evaluated, epoch millis.
    pub evaluated_at: Option<i64>,
}

impl WorkOrder {
    /// `workorderStatus`.
    pub fn status(&self) -> WorkOrderStatus {
        WorkOrderStatus::of(self.closed_at, &self.process_status)
    }

    /// The form values (`params`) as a JSON object.
    pub fn params(&self) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&self.params).unwrap_or_default()
    }
}

const SELECT_WORK_ORDER: &str =
    "SELECT w.workorder_number, w.app_id, a.application_name AS app_name,
        w.synthesis_id, s.category_name AS synthesis_name, w.workorder_id_extend, w.project_id,
        w.definition_id, d.name AS process_name, w.instance_id, i.status AS process_status,
        w.form_id, w.form_version, w.title, w.source, w.compensation, w.room_number,
        w.description, w.attachment_urls, w.params, w.created_by, u.nick_name AS created_by_name,
        w.created_at, w.closed_by, w.closed_at, w.rating, w.evaluation, w.evaluated_at
    FROM work_orders w
    JOIN process_instances i ON i.instance_id = w.instance_id
    LEFT JOIN process_definitions d ON d.definition_id = w.definition_id
    LEFT JOIN apps a ON a.app_id = w.app_id
    LEFT JOIN synthesis_categories s ON s.synthesis_id = w.synthesis_id
    LEFT JOIN users u ON u.username = w.created_by";

/// One work order by number; 404 when there is none.
pub async fn get(db: &Db, number: &str) -> Result<WorkOrder, ServiceError> {
    let sql = format!("{SELECT_WORK_ORDER} WHERE w.workorder_number = $1");
    let found: Option<WorkOrder> = with_pool!(db, |pool| {
        sqlx::query_as(&sql).bind(number).fetch_optional(pool).await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// A work order with its process in full, for its starter, anyone involved in its process,
/// or an administrator (what the detail and the print page show).
pub async fn readable(
    store: &woc_store::SqlStore,
    actor: &crate::server::service::actor::Actor,
    number: &str,
) -> Result<(WorkOrder, woc_store::InstanceDetail), ServiceError> {
    let order = get(store.db(), number).await?;
    let detail = if order.created_by == actor.username() {
        store.instance_detail(&order.instance_id).await?
    } else {
        crate::server::service::workflow::instances::detail(store, actor, &order.instance_id)
            .await?
    };
    Ok((order, detail))
}

/// A work order with its form as one reader may see it: the form at the version it was filled
/// in with, without the fields hidden from the reader, and the values the process holds now
/// for the fields they may see.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The work order.
    pub order: WorkOrder,
    /// The form (its name and version), and its schema as the reader sees it.
    pub form: Option<(
        crate::server::service::catalog::forms::Form,
        woc_forms::FormSchema,
    )>,
    /// The values, by key.
    pub values: serde_json::Map<String, serde_json::Value>,
}

/// [`Filled`] for `actor`, who must be allowed to read the work order ([`readable`]).
pub async fn filled(
    store: &woc_store::SqlStore,
    actor: &crate::server::service::actor::Actor,
    number: &str,
) -> Result<Filled, ServiceError> {
    use crate::server::service::catalog::forms;
    use crate::server::service::workflow::form_values;

    let (order, detail) = readable(store, actor, number).await?;
    let stored = match (order.form_id, order.form_version) {
        (Some(id), Some(version)) => match forms::load(store.db(), id, Some(version)).await {
            Ok(form) => Some(form),
            Err(ServiceError::NotFound) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    };
    let checked = stored.as_ref().and_then(forms::Form::checked);
    let (Some(stored), Some(checked)) = (stored, checked) else {
        let values = order.params();
        return Ok(Filled {
            order,
            form: None,
            values,
        });
    };
    let access = form_values::reader_access(store, actor, &detail, &checked).await?;
    let keys = checked.value_keys();
    let values: serde_json::Map<_, _> = detail
        .instance
        .variables
        .iter()
        .filter(|(k, _)| keys.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Ok(Filled {
        values: access.visible_values(checked.schema(), &values),
        form: Some((stored, access.visible_schema(checked.schema()))),
        order,
    })
}

/// The work order of a process instance, if one was created for it.
pub async fn of_instance(db: &Db, instance_id: &str) -> Result<Option<WorkOrder>, ServiceError> {
    let sql = format!("{SELECT_WORK_ORDER} WHERE w.instance_id = $1");
    Ok(with_pool!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(instance_id)
            .fetch_optional(pool)
            .await
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_closing_then_the_process() {
        assert_eq!(
            WorkOrderStatus::of(None, "running"),
            WorkOrderStatus::Processing
        );
        assert_eq!(
            WorkOrderStatus::of(None, "suspended"),
            WorkOrderStatus::Processing
        );
        assert_eq!(
            WorkOrderStatus::of(None, "completed"),
            WorkOrderStatus::Completed
        );
        assert_eq!(
            WorkOrderStatus::of(None, "terminated"),
            WorkOrderStatus::Canceled
        );
        assert_eq!(
            WorkOrderStatus::of(Some(1), "completed"),
            WorkOrderStatus::Closed
        );
    }
}
