//! Public lookups for integrators (app/service headers): composite categories and apps.

use axum::extract::State;
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::Caller;
use crate::server::api::envelope::{found, page, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiQuery, PageParams};
use crate::server::api::system_apps::AppView;
use crate::server::api::system_synthesis::SynthesisView;
use crate::server::catalog::synthesis;
use crate::server::integrations::apps;
use crate::server::state::AppState;

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
        (status = 200, body = PageEnvelope<AppView>),
        (status = 400, description = "4000 missing or unknown requestType"),
        (status = 403, description = "4001 bad app/service credentials; 4002 account disabled"),
        (status = 401, description = "4004 invalid or expired accessToken"),
    ),
    security(("app" = []), ("service" = [])))]
async fn app_list(
    State(state): State<AppState>,
    _caller: Caller,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<PageEnvelope<AppView>>, ApiError> {
    let listed = apps::list(&state.db, params.window()).await?;
    Ok(page(listed, |a| AppView::new(a, &state)))
}
