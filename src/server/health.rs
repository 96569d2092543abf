//! `/healthz`: liveness with a database round trip, in the API envelope.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use serde_json::json;

use crate::server::state::AppState;

/// Liveness: answers 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "up, with database name and version"), (status = 503, description = "5003 database unavailable")))]
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match state.db.ping().await {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({
                "code": 200,
                "msg": "ok",
                "data": { "status": "up", "database": state.db.backend_name(), "version": env!("CARGO_PKG_VERSION") }
            })),
        ),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    json!({ "code": 5003, "msg": "database unavailable", "data": { "status": "down" } }),
                ),
            )
        }
    }
}
