//! `/system/app`: registered front-end applications. The secret is shown once, at creation.

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
use crate::server::service::error::FieldProblem;
use crate::server::service::integrations::apps::{self, App};
use crate::server::service::names::DisplayName;
use crate::server::state::AppState;

/// An application as the API shows it (never with its secret).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppView {
    /// `appID` header value.
    pub app_id: String,
    /// Display name.
    pub application_name: String,
    /// Icon or image URLs.
    pub images: Option<String>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

impl AppView {
    /// The API shape of a stored app.
    pub fn new(app: App, state: &AppState) -> AppView {
        AppView {
            app_id: app.app_id,
            application_name: app.application_name,
            images: app.images,
            create_time: format_millis(app.created_at, state.settings.utc_offset),
        }
    }
}

/// An application to register or its new name and images.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppBody {
    /// Display name.
    pub application_name: String,
    /// Icon or image URLs.
    pub images: Option<String>,
}

/// A new registration; `applicationSecret` is not shown again.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppCreated {
    /// `appID` header value.
    pub app_id: String,
    /// `secretKey` header value, shown only now.
    pub application_secret: String,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_app, list_apps))
        .routes(routes!(get_app, update_app, delete_app))
}

fn name(body: &AppBody) -> Result<DisplayName, ApiError> {
    DisplayName::parse(&body.application_name)
        .map_err(|p| ApiError::field(FieldProblem::of("applicationName", p)))
}

/// Registers an application.
#[utoipa::path(post, path = "/system/app", tag = "system", request_body = AppBody,
    responses((status = 200, body = Envelope<AppCreated>)), security(("bearer" = [])))]
async fn create_app(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<AppBody>,
) -> Result<Json<Envelope<AppCreated>>, ApiError> {
    let registered =
        apps::register(&state.db, &actor, &name(&body)?, body.images.as_deref()).await?;
    Ok(done(AppCreated {
        app_id: registered.app_id,
        application_secret: registered.secret,
    }))
}

/// Lists applications: any token holder, as `/WorkOrder/app/list` (the list holds no secret).
#[utoipa::path(get, path = "/system/app", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<AppView>)), security(("bearer" = [])))]
async fn list_apps(
    State(state): State<AppState>,
    BearerUser(_anyone): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<AppView>>, ApiError> {
    let listed = apps::list(&state.db, params.window()).await?;
    Ok(page(listed, |a| AppView::new(a, &state)))
}

/// One application.
#[utoipa::path(get, path = "/system/app/{appId}", tag = "system", params(("appId" = String, Path)),
    responses((status = 200, body = Envelope<AppView>), (status = 404)), security(("bearer" = [])))]
async fn get_app(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(app_id): ApiPath<String>,
) -> Result<Json<Envelope<AppView>>, ApiError> {
    let app = apps::get(&state.db, &actor, &app_id).await?;
    Ok(found(AppView::new(app, &state)))
}

/// Renames an application or changes its images (the secret stays).
#[utoipa::path(put, path = "/system/app/{appId}", tag = "system", params(("appId" = String, Path)),
    request_body = AppBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_app(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(app_id): ApiPath<String>,
    ApiJson(body): ApiJson<AppBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    apps::update(
        &state.db,
        &actor,
        &app_id,
        &name(&body)?,
        body.images.as_deref(),
    )
    .await?;
    Ok(done(Empty {}))
}

/// Removes an application; its secret stops working.
#[utoipa::path(delete, path = "/system/app/{appId}", tag = "system", params(("appId" = String, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404)), security(("bearer" = [])))]
async fn delete_app(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(app_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    apps::delete(&state.db, &actor, &app_id).await?;
    Ok(done(Empty {}))
}
