//! Work orders as the browser sees them (工单大厅): the processes one may start, the form a
//! start fills in, the request the start page sends, and a filed work order with its values.
//! Times are formatted on the server, so both renders agree.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use woc_forms::FormSchema;

/// A process anyone may start now (the latest version of its key, online).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartableProcess {
    /// The definition id the start page starts (`key:version:uuid`).
    pub definition_id: String,
    /// Process name (the key when the model has none).
    pub name: String,
    /// Version within the key.
    pub version: i64,
    /// Name of the start form, when one is bound.
    pub form_name: Option<String>,
}

/// The startable processes of one category (`name` none: filed under no category).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessGroup {
    /// The category's name, or its code when no category has that code any more.
    pub name: Option<String>,
    /// The processes, by name.
    pub processes: Vec<StartableProcess>,
}

/// A form at one version, to render.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormVersion {
    /// The form.
    pub form_id: i64,
    /// Its name.
    pub name: String,
    /// The version rendered.
    pub version: i64,
    /// The schema of that version.
    pub schema: FormSchema,
}

/// What the start page needs to start one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartSheet {
    /// The definition started.
    pub definition_id: String,
    /// Process name.
    pub process_name: String,
    /// Process version.
    pub version: i64,
    /// The start form at the version this process version is bound to.
    pub form: Option<FormVersion>,
    /// The apps a work order may be filed under (`(appId, name)`), by name.
    pub apps: Vec<(String, String)>,
}

/// What the start page sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartRequest {
    /// The definition to start.
    pub definition_id: String,
    /// 标题.
    pub title: String,
    /// The owning app (`systemId`).
    pub app_id: String,
    /// The start form's values as a JSON object's text (`woc_forms::json_text`: the browser
    /// then needs no float writer of its own, see `crates/expr/src/json_text.rs`).
    pub values: String,
}

/// A work order with its form values, for whoever may read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkOrderSheet {
    /// 工单号.
    pub number: String,
    /// 标题.
    pub title: String,
    /// Process name.
    pub process_name: String,
    /// The owning app's name.
    pub app_name: String,
    /// Status label key (`running`, `completed`, ...), worded by the page.
    pub status: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub created: String,
    /// The form it was filled in with, at that version.
    pub form: Option<FormVersion>,
    /// The form's values.
    pub values: Map<String, Value>,
}

/// A user or a department as a choice of a form's pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickerChoices {
    /// `(username, display name)`, by display name.
    pub users: Vec<(String, String)>,
    /// `(dept id, name)`, by name.
    pub depts: Vec<(i64, String)>,
}
