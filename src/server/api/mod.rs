//! The public REST API of the contract (spec `api.md`): one router per resource, merged
//! here, with the error renderer and the body limit around all of them.

pub mod attachments;
pub mod auth;
pub mod caller;
pub mod catalog;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod openapi;
pub mod system_apps;
pub mod system_categories;
pub mod system_depts;
pub mod system_forms;
pub mod system_groups;
pub mod system_services;
pub mod system_synthesis;
pub mod system_users;
pub mod unknown_path;
pub mod userdefine_workorders;
pub mod workflow_definitions;
pub mod workflow_incidents;
pub mod workflow_migration;
pub mod workflow_process;
pub mod workflow_runtime;
pub mod workflow_tasks;

use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::routing::get;
use axum::Router;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::health::{__path_healthz, healthz};

use crate::server::state::AppState;

/// Every REST route, plus `/api-docs/openapi.json` describing them.
pub fn router() -> Router<AppState> {
    let (routes, doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(auth::router())
        .merge(attachments::router())
        .merge(system_users::router())
        .merge(system_depts::router())
        .merge(system_groups::router())
        .merge(system_apps::router())
        .merge(system_services::router())
        .merge(system_categories::router())
        .merge(system_synthesis::router())
        .merge(system_forms::router())
        .merge(catalog::router())
        .merge(workflow_definitions::router())
        .merge(workflow_process::router())
        .merge(workflow_runtime::router())
        .merge(workflow_tasks::router())
        .merge(workflow_migration::router())
        .merge(workflow_incidents::router())
        .merge(userdefine_workorders::router())
        .merge(crate::server::metrics::router())
        .routes(routes!(healthz))
        .split_for_parts();
    // Rendered once: the document only changes with the code.
    let doc = doc.to_pretty_json().unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot render the OpenAPI document");
        "{}".into()
    });
    routes
        .route(
            "/api-docs/openapi.json",
            get(move || async move { ([(header::CONTENT_TYPE, "application/json")], doc) }),
        )
        .layer(DefaultBodyLimit::max(extract::BODY_LIMIT))
        .layer(axum::middleware::from_fn(error::render))
}
