//! `/system/service`: registered back-end services. The secret is shown once, at creation.

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
use crate::server::service::integrations::services::{self, Service};
use crate::server::service::names::DisplayName;
use crate::server::state::AppState;

/// A service as the API shows it (never with its secret).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceView {
    /// `serverID` header value.
    pub server_id: String,
    /// Display name.
    pub service_name: String,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

/// A service to register or its new name.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceBody {
    /// Display name.
    pub service_name: String,
}

/// A new registration; `secretKey` is not shown again.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCreated {
    /// `serverID` header value.
    pub server_id: String,
    /// `secretKey` header value, shown only now.
    pub secret_key: String,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_service, list_services))
        .routes(routes!(get_service, update_service, delete_service))
}

fn view(s: Service, state: &AppState) -> ServiceView {
    ServiceView {
        server_id: s.server_id,
        service_name: s.service_name,
        create_time: format_millis(s.created_at, state.settings.utc_offset),
    }
}

fn name(body: &ServiceBody) -> Result<DisplayName, ApiError> {
    DisplayName::parse(&body.service_name)
        .map_err(|p| ApiError::field(FieldProblem::of("serviceName", p)))
}

/// Registers a service.
#[utoipa::path(post, path = "/system/service", tag = "system", request_body = ServiceBody,
    responses((status = 200, body = Envelope<ServiceCreated>)), security(("bearer" = [])))]
async fn create_service(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<ServiceBody>,
) -> Result<Json<Envelope<ServiceCreated>>, ApiError> {
    let registered = services::register(&state.db, &actor, &name(&body)?).await?;
    Ok(done(ServiceCreated {
        server_id: registered.server_id,
        secret_key: registered.secret,
    }))
}

/// Lists services.
#[utoipa::path(get, path = "/system/service", tag = "system", params(PageParams),
    responses((status = 200, body = PageEnvelope<ServiceView>)), security(("bearer" = [])))]
async fn list_services(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<ServiceView>>, ApiError> {
    let listed = services::list(&state.db, &actor, params.window()).await?;
    Ok(page(listed, |s| view(s, &state)))
}

/// One service.
#[utoipa::path(get, path = "/system/service/{serverId}", tag = "system", params(("serverId" = String, Path)),
    responses((status = 200, body = Envelope<ServiceView>), (status = 404)), security(("bearer" = [])))]
async fn get_service(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(server_id): ApiPath<String>,
) -> Result<Json<Envelope<ServiceView>>, ApiError> {
    let service = services::get(&state.db, &actor, &server_id).await?;
    Ok(found(view(service, &state)))
}

/// Renames a service (the secret stays).
#[utoipa::path(put, path = "/system/service/{serverId}", tag = "system", params(("serverId" = String, Path)),
    request_body = ServiceBody, responses((status = 200, body = Envelope<Empty>), (status = 404)),
    security(("bearer" = [])))]
async fn update_service(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(server_id): ApiPath<String>,
    ApiJson(body): ApiJson<ServiceBody>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    services::update(&state.db, &actor, &server_id, &name(&body)?).await?;
    Ok(done(Empty {}))
}

/// Removes a service; its secret stops working.
#[utoipa::path(delete, path = "/system/service/{serverId}", tag = "system", params(("serverId" = String, Path)),
    responses((status = 200, body = Envelope<Empty>), (status = 404)), security(("bearer" = [])))]
async fn delete_service(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(server_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    services::delete(&state.db, &actor, &server_id).await?;
    Ok(done(Empty {}))
}
