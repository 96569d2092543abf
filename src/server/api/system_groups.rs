//! `/system/group`: user groups (`key` is what BPMN `candidateGroups` name) and members.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::parse_fields;
use crate::server::api::caller::BearerUser;
use crate::server::api::envelope::{done, found, page, Empty, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiJson, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::directory::groups::{self, Group, GroupFields};
use crate::server::service::error::FieldProblem;
use crate::server::service::names::{Code, DisplayName};
use crate::server::state::AppState;

/// A group as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupView {
    /// Identifier.
    pub group_id: i64,
    /// Key named by `candidateGroups`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Member usernames.
    pub user_ids: Vec<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// A group to create or the new state of one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupBody {
    /// Key (letters, digits, `_`, `-`).
    pub key: String,
    /// Display name.
    pub name: String,
    /// Member usernames.
    pub user_ids: Vec<String>,
}

/// Id of a created group.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct GroupCreated {
    /// Identifier.
    pub group_id: i64,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_group, list_groups))
        .routes(routes!(get_group, update_group, delete_group))
}

fn view(g: Group, state: &AppState) -> GroupView {
    GroupView {
        group_id: g.group_id,
        key: g.key,
        name: g.name,
        user_ids: g.user_ids,
        create_time: format_millis(g.created_at, state.settings.utc_offset),
    }
}

fn fields(body: GroupBody) -> Result<GroupFields, ApiError> {
    let (key, name) = parse_fields!(
        key = Code::parse(&body.key).map_err(|p| FieldProblem::of("key", p)),
        name = DisplayName::parse(&body.name).map_err(|p| FieldProblem::of("name", p)),
    )?;
    Ok(GroupFields {
        key,
        name,
        user_ids: body.user_ids,
    })
}

/// Creates a group.
#[utoipa::path(post, path = "/system/group", tag = "system", request_body = GroupBody,
    responses((status = 200, body = Envelope<GroupCreated>), (status = 404, description = "4200 a member does not exist")),
    security(("bearer" = [])))]
async fn create_group(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<GroupBody>,
) -> Result<Json<Envelope<GroupCreated>>, ApiError> {
    let group_id = groups::create(&state.db, &actor, &fields(body)?).await?;
    Ok(done(GroupCreated { group_id }))
}

/// Lists groups with their members.
#[utoipa::path(get, path = "/system/group", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<GroupView>)), security(("bearer" = [])))]
async fn list_groups(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<GroupView>>, ApiError> {
    let listed = groups::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, |g| view(g, &state)))
}

/// One group.
#[utoipa::path(get, path = "/system/group/{groupId}", tag = "system", params(("groupId" = i64, Path)),
    responses((status = 200, body = Envelope<GroupView>), (status = 404)), security(("bearer" = [])))]
async fn get_group(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(group_id): ApiPath<i64>,
) -> Result<Json<Envelope<GroupView>>, ApiError> {
    let group = groups::get(&state.db, &actor, group_id).await?;
    Ok(found(view(group, &state)))
}

/// Changes a group's key, name and members.
#[utoipa::path(put, path = "/system/group/{groupId}", tag = "system", params(("groupId" = i64, Path)),
    request_body = GroupBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_group(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(group_id): ApiPath<i64>,
    ApiJson(body): ApiJson<GroupBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    groups::update(&state.db, &actor, group_id, &fields(body)?).await?;
    Ok(done(Empty {}))
}

/// Deletes a group.
#[utoipa::path(delete, path = "/system/group/{groupId}", tag = "system", params(("groupId" = i64, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404)), security(("bearer" = [])))]
async fn delete_group(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(group_id): ApiPath<i64>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    groups::delete(&state.db, &actor, group_id).await?;
    Ok(done(Empty {}))
}
