//! `/system/form`: form designer schemas; each schema change is a new version.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::BearerUser;
use crate::server::api::envelope::{done, found, page, Empty, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiJson, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::catalog::forms::{self, FormSchema};
use crate::server::service::error::FieldProblem;
use crate::server::service::names::DisplayName;
use crate::server::state::AppState;

/// A form with one version of its schema.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormView {
    /// Identifier.
    pub form_id: i64,
    /// Display name.
    pub form_name: String,
    /// Version of `schema`.
    pub version: i64,
    /// The designer's JSON.
    pub schema: Value,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
    /// `yyyy-MM-dd HH:mm:ss` of the last change.
    pub update_time: String,
}

/// A form as listed (without its schema).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormRow {
    /// Identifier.
    pub form_id: i64,
    /// Display name.
    pub form_name: String,
    /// Latest version.
    pub version: i64,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
    /// `yyyy-MM-dd HH:mm:ss` of the last change.
    pub update_time: String,
}

/// A new form.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateForm {
    /// Display name.
    pub form_name: String,
    /// The form schema (docs/form-schema.md), or a RuoYi/form-generator or form-create document
    /// converted to it; JSON or a string holding JSON. Stored and answered in the schema's format.
    pub schema: Value,
}

/// A form's new name and, when given, a new schema version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateForm {
    /// Display name.
    pub form_name: String,
    /// As in `CreateForm`; absent keeps the current version.
    pub schema: Option<Value>,
}

/// Id of a created form.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormCreated {
    /// Identifier.
    pub form_id: i64,
    /// Always 1.
    pub version: i64,
}

/// The version after an update.
#[derive(Debug, Serialize, ToSchema)]
pub struct FormVersion {
    /// Latest version.
    pub version: i64,
}

/// One saved version of a form.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormVersionRow {
    /// The version number.
    pub version: i64,
    /// Username of whoever saved it; absent for versions saved before authors were recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub create_by: Option<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// Which version to read.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionParams {
    /// A version number; the latest when absent.
    pub version: Option<i64>,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_form, list_forms))
        .routes(routes!(get_form, update_form, delete_form))
        .routes(routes!(list_form_versions))
}

/// The name and the schema of a request, or every problem of both.
fn name_and_schema<S>(
    name: Result<DisplayName, FieldProblem>,
    schema: Result<S, Vec<FieldProblem>>,
) -> Result<(DisplayName, S), ApiError> {
    match (name, schema) {
        (Ok(name), Ok(schema)) => Ok((name, schema)),
        (name, schema) => {
            let mut problems: Vec<FieldProblem> = name.err().into_iter().collect();
            problems.extend(schema.err().into_iter().flatten());
            Err(ApiError::Invalid(problems))
        }
    }
}

fn form_name(text: &str) -> Result<DisplayName, FieldProblem> {
    DisplayName::parse(text).map_err(|p| FieldProblem::of("formName", p))
}

/// Creates a form (version 1).
#[utoipa::path(post, path = "/system/form", tag = "system", request_body = CreateForm,
    responses((status = 200, body = Envelope<FormCreated>)), security(("bearer" = [])))]
async fn create_form(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<CreateForm>,
) -> Result<Json<Envelope<FormCreated>>, ApiError> {
    let (name, schema) =
        name_and_schema(form_name(&body.form_name), FormSchema::parse(&body.schema))?;
    let form_id = forms::create(&state.db, &actor, &name, &schema).await?;
    Ok(done(FormCreated {
        form_id,
        version: 1,
    }))
}

/// Lists forms with their latest version numbers.
#[utoipa::path(get, path = "/system/form", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<FormRow>)), security(("bearer" = [])))]
async fn list_forms(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<FormRow>>, ApiError> {
    let offset = state.settings.utc_offset;
    let listed = forms::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, |f| FormRow {
        form_id: f.form_id,
        form_name: f.form_name,
        version: f.latest_version,
        create_time: format_millis(f.created_at, offset),
        update_time: format_millis(f.updated_at, offset),
    }))
}

/// A form with its latest (or the requested) schema version.
#[utoipa::path(get, path = "/system/form/{formId}", tag = "system", params(("formId" = i64, Path), VersionParams),
    responses((status = 200, body = Envelope<FormView>), (status = 404)), security(("bearer" = [])))]
async fn get_form(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(form_id): ApiPath<i64>,
    ApiQuery(params): ApiQuery<VersionParams>,
) -> Result<Json<Envelope<FormView>>, ApiError> {
    let offset = state.settings.utc_offset;
    let form = forms::get(&state.db, &actor, form_id, params.version).await?;
    let schema = serde_json::from_str(&form.schema_json)
        .map_err(|e| ApiError::Internal(format!("stored schema of form {form_id}: {e}")))?;
    Ok(found(FormView {
        form_id: form.form_id,
        form_name: form.form_name,
        version: form.version,
        schema,
        create_time: format_millis(form.created_at, offset),
        update_time: format_millis(form.updated_at, offset),
    }))
}

/// Every version of a form, newest first: who saved it and when.
#[utoipa::path(get, path = "/system/form/{formId}/versions", tag = "system", params(("formId" = i64, Path)),
    responses((status = 200, body = Envelope<Vec<FormVersionRow>>), (status = 404)), security(("bearer" = [])))]
async fn list_form_versions(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(form_id): ApiPath<i64>,
) -> Result<Json<Envelope<Vec<FormVersionRow>>>, ApiError> {
    let offset = state.settings.utc_offset;
    let rows = forms::versions(&state.db, &actor, form_id).await?;
    Ok(found(
        rows.into_iter()
            .map(|v| FormVersionRow {
                version: v.version,
                create_by: v.saved_by,
                create_time: format_millis(v.saved_at, offset),
            })
            .collect(),
    ))
}

/// Renames a form; a given schema becomes the next version.
#[utoipa::path(put, path = "/system/form/{formId}", tag = "system", params(("formId" = i64, Path)),
    request_body = UpdateForm, responses((status = 200, body = Envelope<FormVersion>), (status = 404)),
    security(("bearer" = [])))]
async fn update_form(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(form_id): ApiPath<i64>,
    ApiJson(body): ApiJson<UpdateForm>,
) -> Result<Json<Envelope<FormVersion>>, ApiError> {
    let (name, schema) = name_and_schema(
        form_name(&body.form_name),
        body.schema.as_ref().map(FormSchema::parse).transpose(),
    )?;
    let version = forms::update(&state.db, &actor, form_id, &name, schema.as_ref()).await?;
    Ok(done(FormVersion { version }))
}

/// Deletes a form with all its versions.
#[utoipa::path(delete, path = "/system/form/{formId}", tag = "system", params(("formId" = i64, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn delete_form(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(form_id): ApiPath<i64>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    forms::delete(&state.db, &actor, form_id).await?;
    Ok(done(Empty {}))
}
