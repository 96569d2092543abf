//! Public lookups for integrators (app/service headers): composite categories and apps.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{found, page, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiQuery, PageParams};
use crate::server::api::system_apps::AppView;
use crate::server::api::system_synthesis::SynthesisView;
use crate::server::service::catalog::synthesis;
use crate::server::service::integrations::apps;
use crate::server::state::AppState;

/// A row of the application work-order types (seed: 查询应用工单类型).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AppTypeView {
    /// The application.
    #[serde(flatten)]
    pub app: AppView,
    /// The seed's `appFlag`: `"0"` an application to choose (选择应用), `"1"` the entry for
    /// adding one (添加应用). Every row here is a registered application, so `"0"`; adding
    /// one is registering it (`POST /system/app`, administrators), not a row of this list.
    #[schema(value_type = String, example = "0")]
    pub app_flag: &'static str,
}

/// `appFlag` of a registered application.
const CHOOSE_APP: &str = "0";

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(synthesis_list))
        .routes(routes!(app_list))
}

/// The composite work-order categories: the whole tree, each node naming its parent.
#[utoipa::path(get, path = "/synthesis/list", tag = "catalog",
    responses(
        (status = 200, body = Envelope<Vec<SynthesisView>>),
        (status = 400, description = "4000 missing or unknown requestType"),
        (status = 403, description = "4001 bad app/service credentials; 4002 account disabled"),
        (status = 401, description = "4004 invalid or expired accessToken"),
    ),
    security(("app" = []), ("service" = [])))]
async fn synthesis_list(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<Envelope<Vec<SynthesisView>>>, ApiError> {
    let nodes = synthesis::tree(&state.db).await?;
    Ok(found(nodes.into_iter().map(SynthesisView::from).collect()))
}

/// Application work-order types: the registered apps (`pageNo`, `pageSize`).
#[utoipa::path(get, path = "/WorkOrder/app/list", tag = "catalog", params(PageParams),
    responses(
        (status = 200, body = PageEnvelope<AppTypeView>),
        (status = 400, description = "4000 missing or unknown requestType"),
        (status = 403, description = "4001 bad app/service credentials; 4002 account disabled"),
        (status = 401, description = "4004 invalid or expired accessToken"),
    ),
    security(("app" = []), ("service" = [])))]
async fn app_list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<AppTypeView>>, ApiError> {
    let listed = apps::list(&state.db, params.window()).await?;
    Ok(page(listed, |a| AppTypeView {
        app: AppView::new(a, &state),
        app_flag: CHOOSE_APP,
    }))
}
