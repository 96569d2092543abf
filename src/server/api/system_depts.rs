//! `/system/dept`: departments with parent and leader.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::BearerUser;
use crate::server::api::envelope::{done, found, page, Empty, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiJson, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::directory::depts::{self, Dept, DeptFields};
use crate::server::service::error::ServiceError;
use crate::server::state::AppState;

/// A department as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeptView {
    /// Identifier.
    pub dept_id: i64,
    /// Name.
    pub name: String,
    /// Parent department.
    pub parent_id: Option<i64>,
    /// Username of the leader.
    pub leader_user_id: Option<String>,
    /// Display name of the leader.
    pub leader_name: Option<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// A department to create or the new state of one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeptBody {
    /// Name.
    pub name: String,
    /// Parent department.
    pub parent_id: Option<i64>,
    /// Username of the leader.
    pub leader_user_id: Option<String>,
}

/// Id of a created department.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeptCreated {
    /// Identifier.
    pub dept_id: i64,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_dept, list_depts))
        .routes(routes!(get_dept, update_dept, delete_dept))
}

fn view(d: Dept, state: &AppState) -> DeptView {
    DeptView {
        dept_id: d.dept_id,
        name: d.name,
        parent_id: d.parent_id,
        leader_user_id: d.leader_user_id,
        leader_name: d.leader_name,
        create_time: format_millis(d.created_at, state.settings.utc_offset),
    }
}

fn fields(body: DeptBody) -> Result<DeptFields, ServiceError> {
    DeptFields::parse(&body.name, body.parent_id, body.leader_user_id)
}

/// Creates a department.
#[utoipa::path(post, path = "/system/dept", tag = "system", request_body = DeptBody,
    responses((status = 200, body = Envelope<DeptCreated>), (status = 404, description = "4200 leader not found")),
    security(("bearer" = [])))]
async fn create_dept(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<DeptBody>,
) -> Result<Json<Envelope<DeptCreated>>, ApiError> {
    let dept_id = depts::create(&state.db, &actor, &fields(body)?).await?;
    Ok(done(DeptCreated { dept_id }))
}

/// Lists departments.
#[utoipa::path(get, path = "/system/dept", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<DeptView>)), security(("bearer" = [])))]
async fn list_depts(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<DeptView>>, ApiError> {
    let listed = depts::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, |d| view(d, &state)))
}

/// One department.
#[utoipa::path(get, path = "/system/dept/{deptId}", tag = "system", params(("deptId" = i64, Path)),
    responses((status = 200, body = Envelope<DeptView>), (status = 404)), security(("bearer" = [])))]
async fn get_dept(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(dept_id): ApiPath<i64>,
) -> Result<Json<Envelope<DeptView>>, ApiError> {
    let dept = depts::get(&state.db, &actor, dept_id).await?;
    Ok(found(view(dept, &state)))
}

/// Changes a department.
#[utoipa::path(put, path = "/system/dept/{deptId}", tag = "system", params(("deptId" = i64, Path)),
    request_body = DeptBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_dept(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(dept_id): ApiPath<i64>,
    ApiJson(body): ApiJson<DeptBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    depts::update(&state.db, &actor, dept_id, &fields(body)?).await?;
    Ok(done(Empty {}))
}

/// Deletes a department without sub-departments (409 otherwise).
#[utoipa::path(delete, path = "/system/dept/{deptId}", tag = "system", params(("deptId" = i64, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404), (status = 409)),
    security(("bearer" = [])))]
async fn delete_dept(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(dept_id): ApiPath<i64>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    depts::delete(&state.db, &actor, dept_id).await?;
    Ok(done(Empty {}))
}
