//! 工单设计: thin server functions over `service::catalog::forms`, the services the REST
//! `/system/form` endpoints call (administrators only, checked there).

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::design::{FormDraft, FormRow, FormSaved, FormVersionEntry, SaveFormRequest};
use crate::error::UiError;
use woc_paging::{ListQuery, Page};

/// One page of forms, in creation order.
#[server(prefix = "/api", endpoint = "list_forms", input = Json)]
pub async fn list_forms(query: ListQuery) -> Result<Page<FormRow>, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::catalog::forms;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let state = state()?;
    let page = forms::list(&state.db, &actor, query.paging)
        .await
        .map_err(ui_error)?;
    Ok(Page {
        total: page.total,
        rows: page
            .rows
            .into_iter()
            .map(|f| FormRow {
                form_id: f.form_id,
                name: f.form_name,
                latest_version: f.latest_version,
                updated: format_millis(f.updated_at, state.settings.utc_offset),
            })
            .collect(),
    })
}

/// One version of a form (the latest when `version` is none), to open in the designer.
#[server(prefix = "/api", endpoint = "load_form", input = Json)]
pub async fn load_form(form_id: i64, version: Option<i64>) -> Result<FormDraft, UiError> {
    use crate::server::service::catalog::forms;
    use crate::server::ui_request::{actor, fail, state, ui_error};

    let actor = actor().await?;
    let db = &state()?.db;
    let form = forms::get(db, &actor, form_id, version)
        .await
        .map_err(ui_error)?;
    let latest = forms::get(db, &actor, form_id, None)
        .await
        .map_err(ui_error)?
        .version;
    let Some(checked) = form.checked() else {
        // Never accepted by this product's checks (stored by hand): nothing to design from.
        return Err(fail(UiError::BadRequest(format!(
            "version {} of form {form_id} is not a form schema",
            form.version
        ))));
    };
    Ok(FormDraft {
        form_id: form.form_id,
        name: form.form_name,
        version: form.version,
        latest_version: latest,
        schema: checked.schema().clone(),
    })
}

/// Every version of a form, newest first, with who saved it and when.
#[server(prefix = "/api", endpoint = "form_versions", input = Json)]
pub async fn form_versions(form_id: i64) -> Result<Vec<FormVersionEntry>, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::catalog::forms;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let state = state()?;
    let rows = forms::versions(&state.db, &actor, form_id)
        .await
        .map_err(ui_error)?;
    Ok(rows
        .into_iter()
        .map(|v| FormVersionEntry {
            version: v.version,
            saved_by: v.saved_by,
            saved_at: format_millis(v.saved_at, state.settings.utc_offset),
        })
        .collect())
}

/// Saves a form: a new one is version 1, an existing one gets the next version (versions
/// are never changed in place). The name and every bad part of the schema are refused at
/// once, each by its path (`schema.fields[2].rules.pattern`).
#[server(prefix = "/api", endpoint = "save_form", input = Json)]
pub async fn save_form(form: SaveFormRequest) -> Result<FormSaved, UiError> {
    use crate::server::service::catalog::forms::{self, FormSchema};
    use crate::server::service::error::{FieldProblem, ServiceError};
    use crate::server::service::names::DisplayName;
    use crate::server::ui_request::{actor, fields_error, state};

    let actor = actor().await?;
    let db = &state()?.db;
    let name = DisplayName::parse(&form.name).map_err(|p| FieldProblem::of("name", p));
    let schema = FormSchema::parse(&serde_json::Value::String(form.schema));
    let (name, schema) = match (name, schema) {
        (Ok(name), Ok(schema)) => (name, schema),
        (name, schema) => {
            let mut problems: Vec<FieldProblem> = name.err().into_iter().collect();
            problems.extend(schema.err().into_iter().flatten());
            return Err(fields_error(ServiceError::Invalid(problems), &[]));
        }
    };
    let saved = match form.form_id {
        None => forms::create(db, &actor, &name, &schema)
            .await
            .map(|form_id| FormSaved {
                form_id,
                version: 1,
            }),
        Some(form_id) => forms::update(db, &actor, form_id, &name, Some(&schema))
            .await
            .map(|version| FormSaved { form_id, version }),
    };
    saved.map_err(|e| fields_error(e, &[]))
}

/// Deletes a form with every version (`Conflict` while a process definition binds it).
#[server(prefix = "/api", endpoint = "delete_form", input = Json)]
pub async fn delete_form(form_id: i64) -> Result<(), UiError> {
    use crate::server::service::catalog::forms;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    forms::delete(&state()?.db, &actor, form_id)
        .await
        .map_err(ui_error)
}

/// A schema typed or pasted into the designer's JSON view (ours, or a form-generator or
/// form-create document), converted and checked as `/system/form` does it; every bad part
/// is refused at once by its path (`schema.fields[3].__config__.tag`). Converting here keeps
/// the importers out of the browser's bundle.
#[server(prefix = "/api", endpoint = "convert_form_schema", input = Json)]
pub async fn convert_form_schema(text: String) -> Result<woc_forms::FormSchema, UiError> {
    use crate::server::service::catalog::forms::FormSchema;
    use crate::server::service::error::ServiceError;
    use crate::server::ui_request::{actor, fail, fields_error};

    let actor = actor().await?;
    if !actor.is_admin() {
        return Err(fail(UiError::Forbidden));
    }
    let schema = FormSchema::parse(&serde_json::Value::String(text))
        .map_err(|problems| fields_error(ServiceError::Invalid(problems), &[]))?;
    woc_forms::parse(schema.as_str())
        .map(|form| form.schema().clone())
        .map_err(|_| fail(UiError::Internal))
}
