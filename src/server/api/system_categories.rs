//! `/system/category`: process categories.

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
use crate::server::service::catalog::categories::{self, Category};
use crate::server::service::error::FieldProblem;
use crate::server::service::names::{Code, DisplayName};
use crate::server::state::AppState;

/// A process category as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryView {
    /// Identifier.
    pub category_id: i64,
    /// Display name.
    pub name: String,
    /// Unique code.
    pub code: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// A category to create or its new state.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CategoryBody {
    /// Display name.
    pub name: String,
    /// Unique code (letters, digits, `_`, `-`).
    pub code: String,
}

/// Id of a created category.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryCreated {
    /// Identifier.
    pub category_id: i64,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_category, list_categories))
        .routes(routes!(get_category, update_category, delete_category))
}

fn view(c: Category, state: &AppState) -> CategoryView {
    CategoryView {
        category_id: c.category_id,
        name: c.name,
        code: c.code,
        create_time: format_millis(c.created_at, state.settings.utc_offset),
    }
}

fn parse(body: &CategoryBody) -> Result<(DisplayName, Code), ApiError> {
    parse_fields!(
        name = DisplayName::parse(&body.name).map_err(|p| FieldProblem::of("name", p)),
        code = Code::parse(&body.code).map_err(|p| FieldProblem::of("code", p)),
    )
}

/// Creates a category.
#[utoipa::path(post, path = "/system/category", tag = "system", request_body = CategoryBody,
    responses((status = 200, body = Envelope<CategoryCreated>)), security(("bearer" = [])))]
async fn create_category(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<CategoryBody>,
) -> Result<Json<Envelope<CategoryCreated>>, ApiError> {
    let (name, code) = parse(&body)?;
    let category_id = categories::create(&state.db, &actor, &name, &code).await?;
    Ok(done(CategoryCreated { category_id }))
}

/// Lists categories.
#[utoipa::path(get, path = "/system/category", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<CategoryView>)), security(("bearer" = [])))]
async fn list_categories(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<CategoryView>>, ApiError> {
    let listed = categories::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, |c| view(c, &state)))
}

/// One category.
#[utoipa::path(get, path = "/system/category/{categoryId}", tag = "system", params(("categoryId" = i64, Path)),
    responses((status = 200, body = Envelope<CategoryView>), (status = 404)), security(("bearer" = [])))]
async fn get_category(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(category_id): ApiPath<i64>,
) -> Result<Json<Envelope<CategoryView>>, ApiError> {
    let category = categories::get(&state.db, &actor, category_id).await?;
    Ok(found(view(category, &state)))
}

/// Changes a category.
#[utoipa::path(put, path = "/system/category/{categoryId}", tag = "system", params(("categoryId" = i64, Path)),
    request_body = CategoryBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_category(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(category_id): ApiPath<i64>,
    ApiJson(body): ApiJson<CategoryBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    let (name, code) = parse(&body)?;
    categories::update(&state.db, &actor, category_id, &name, &code).await?;
    Ok(done(Empty {}))
}

/// Deletes a category.
#[utoipa::path(delete, path = "/system/category/{categoryId}", tag = "system", params(("categoryId" = i64, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404)), security(("bearer" = [])))]
async fn delete_category(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(category_id): ApiPath<i64>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    categories::delete(&state.db, &actor, category_id).await?;
    Ok(done(Empty {}))
}
