//! `/system/synthesis`: composite work-order categories (a tree).

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
use crate::server::service::catalog::synthesis::{self, SynthesisCategory, SynthesisFields};
use crate::server::service::error::FieldProblem;
use crate::server::service::names::DisplayName;
use crate::server::state::AppState;

/// A node of the tree, in the seed's field names.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SynthesisView {
    /// Identifier.
    pub synthesis_id: i64,
    /// Parent node; null at the top.
    pub parent_id: Option<i64>,
    /// Name.
    pub category_name: String,
    /// Whether the node has children.
    pub child_flag: bool,
    /// Description.
    pub description: Option<String>,
}

impl From<SynthesisCategory> for SynthesisView {
    fn from(s: SynthesisCategory) -> Self {
        SynthesisView {
            synthesis_id: s.synthesis_id,
            parent_id: s.parent_id,
            category_name: s.category_name,
            child_flag: s.has_children,
            description: s.description,
        }
    }
}

/// A node to create or its new state.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SynthesisBody {
    /// Name.
    pub category_name: String,
    /// Parent node.
    pub parent_id: Option<i64>,
    /// Description.
    pub description: Option<String>,
}

/// Id of a created node.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SynthesisCreated {
    /// Identifier.
    pub synthesis_id: i64,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_node, list_nodes))
        .routes(routes!(get_node, update_node, delete_node))
}

fn fields(body: SynthesisBody) -> Result<SynthesisFields, ApiError> {
    let category_name = DisplayName::parse(&body.category_name)
        .map_err(|p| ApiError::field(FieldProblem::of("categoryName", p)))?;
    Ok(SynthesisFields {
        category_name,
        parent_id: body.parent_id,
        description: body.description.filter(|d| !d.trim().is_empty()),
    })
}

/// Creates a node.
#[utoipa::path(post, path = "/system/synthesis", tag = "system", request_body = SynthesisBody,
    responses((status = 200, body = Envelope<SynthesisCreated>)), security(("bearer" = [])))]
async fn create_node(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<SynthesisBody>,
) -> Result<Json<Envelope<SynthesisCreated>>, ApiError> {
    let synthesis_id = synthesis::create(&state.db, &actor, &fields(body)?).await?;
    Ok(done(SynthesisCreated { synthesis_id }))
}

/// Lists nodes.
#[utoipa::path(get, path = "/system/synthesis", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<SynthesisView>)), security(("bearer" = [])))]
async fn list_nodes(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<SynthesisView>>, ApiError> {
    let listed = synthesis::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, SynthesisView::from))
}

/// One node.
#[utoipa::path(get, path = "/system/synthesis/{synthesisId}", tag = "system", params(("synthesisId" = i64, Path)),
    responses((status = 200, body = Envelope<SynthesisView>), (status = 404)), security(("bearer" = [])))]
async fn get_node(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(synthesis_id): ApiPath<i64>,
) -> Result<Json<Envelope<SynthesisView>>, ApiError> {
    let node = synthesis::get(&state.db, &actor, synthesis_id).await?;
    Ok(found(node.into()))
}

/// Changes a node; moving it below itself is 4101.
#[utoipa::path(put, path = "/system/synthesis/{synthesisId}", tag = "system", params(("synthesisId" = i64, Path)),
    request_body = SynthesisBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_node(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(synthesis_id): ApiPath<i64>,
    ApiJson(body): ApiJson<SynthesisBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    synthesis::update(&state.db, &actor, synthesis_id, &fields(body)?).await?;
    Ok(done(Empty {}))
}

/// Deletes a node without children (409 otherwise).
#[utoipa::path(delete, path = "/system/synthesis/{synthesisId}", tag = "system", params(("synthesisId" = i64, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404), (status = 409)), security(("bearer" = [])))]
async fn delete_node(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(synthesis_id): ApiPath<i64>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    synthesis::delete(&state.db, &actor, synthesis_id).await?;
    Ok(done(Empty {}))
}
