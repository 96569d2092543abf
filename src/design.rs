//! The 工单设计 screens as the browser sees them: forms as listed, one version of a form
//! opened in the designer, its version list, and what a save sends and answers. Times are
//! formatted on the server, so both renders agree.

use serde::{Deserialize, Serialize};
use woc_forms::FormSchema;

/// A form as the form list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormRow {
    /// The form.
    pub form_id: i64,
    /// Its name.
    pub name: String,
    /// Its latest version.
    pub latest_version: i64,
    /// When it last changed, `yyyy-MM-dd HH:mm:ss`.
    pub updated: String,
}

/// One version of a form, opened in the designer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FormDraft {
    /// The form.
    pub form_id: i64,
    /// Its name.
    pub name: String,
    /// The version opened.
    pub version: i64,
    /// The latest version: an older one opens read-only.
    pub latest_version: i64,
    /// The schema of that version (a form-generator document stored before schemas were
    /// checked comes converted).
    pub schema: FormSchema,
}

/// One saved version, as the version list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormVersionEntry {
    /// The version number.
    pub version: i64,
    /// Who saved it (`None` for versions saved before authors were recorded).
    pub saved_by: Option<String>,
    /// When, `yyyy-MM-dd HH:mm:ss`.
    pub saved_at: String,
}

/// A save from the designer: a new form (`form_id` none) or the next version of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveFormRequest {
    /// The form, or `None` for a new one.
    pub form_id: Option<i64>,
    /// Its name.
    pub name: String,
    /// The schema as JSON text: the server checks it and refuses every bad part by path
    /// (`schema.fields[2].rules.pattern`), which a typed value could not carry.
    pub schema: String,
}

/// What a save made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormSaved {
    /// The form.
    pub form_id: i64,
    /// The version the save made.
    pub version: i64,
}
