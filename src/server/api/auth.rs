//! `POST /auth/login` and `POST /auth/logout`: access tokens for the public and admin API.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::api::caller::{ClientAddr, TokenHolder};
use crate::server::api::envelope::{done, Empty, Envelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::ApiJson;
use crate::server::api::system_users::UserView;
use crate::server::service::accounts;
use crate::server::service::actor::Actor;
use crate::server::service::directory::users;
use crate::server::service::integrations::tokens;
use crate::server::state::AppState;

/// Login request.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// A new access token and its user.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LoginData {
    /// Send as `accessToken` (and `Authorization: Bearer …`).
    pub access_token: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// The signed-in user.
    pub user: UserView,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
}

/// Exchanges username and password for an access token.
#[utoipa::path(post, path = "/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, body = Envelope<LoginData>),
        (status = 401, description = "4001 wrong username or password"),
        (status = 403, description = "4002 account disabled"),
        (status = 429, description = "4001 too many failed logins (10 per 5 minutes per address and per username)"),
    ))]
async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<Envelope<LoginData>>, ApiError> {
    let user = accounts::sign_in(&state.db, &addr, &body.username, &body.password).await?;
    let issued = tokens::issue(&state.db, &user.username, state.settings.token_ttl).await?;
    let (details, groups) =
        users::get(&state.db, &Actor::user(user.clone()), &user.username).await?;
    Ok(done(LoginData {
        access_token: issued.token,
        expires_in: issued.expires_in,
        user: UserView::new(details, Some(groups), state.settings.utc_offset),
    }))
}

/// Revokes the presented access token.
#[utoipa::path(post, path = "/auth/logout", tag = "auth",
    responses((status = 200, body = Envelope<Empty>), (status = 401, description = "4004 invalid or expired accessToken")),
    security(("bearer" = [])))]
async fn logout(
    State(state): State<AppState>,
    holder: TokenHolder,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    tokens::revoke(&state.db, &holder.token).await?;
    Ok(done(Empty {}))
}
