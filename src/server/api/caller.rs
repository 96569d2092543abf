//! Who is calling: an administrator's bearer token for `/system/**`, or the app/service
//! header sets of the public API (`requestType`, IDs, secret, `accessToken`).

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

use crate::account::CurrentUser;
use crate::server::api::error::ApiError;
use crate::server::service::actor::Actor;
use crate::server::service::directory::users;
use crate::server::service::integrations::tokens::{self, TokenCheck};
use crate::server::service::integrations::{apps, services};
use crate::server::state::AppState;

fn header_text<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// The token of `Authorization: Bearer <token>` (or the bare token, as the seed's clients
/// send it).
fn authorization_token(headers: &HeaderMap) -> Option<&str> {
    let value = header_text(headers, header::AUTHORIZATION.as_str())?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => {
            Some(token.trim()).filter(|t| !t.is_empty())
        }
        Some(_) => None,
        None => Some(value),
    }
}

/// The user behind a token: 4004 when it is unknown, revoked or expired, 4002 when the user
/// is disabled.
async fn token_user(state: &AppState, token: &str) -> Result<CurrentUser, ApiError> {
    match tokens::check(&state.db, token).await? {
        TokenCheck::Valid(user) => Ok(user),
        TokenCheck::Invalid => Err(ApiError::InvalidToken),
        TokenCheck::UserDisabled => Err(ApiError::Disabled),
    }
}

/// A valid token (from `Authorization` or `accessToken`) and its user.
#[derive(Debug, Clone)]
pub struct TokenHolder {
    /// The presented token.
    pub token: String,
    /// Its user.
    pub user: CurrentUser,
}

impl FromRequestParts<AppState> for TokenHolder {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = authorization_token(&parts.headers)
            .or_else(|| header_text(&parts.headers, "accessToken"))
            .ok_or(ApiError::InvalidToken)?
            .to_owned();
        let user = token_user(state, &token).await?;
        Ok(TokenHolder { token, user })
    }
}

/// The user of `Authorization: Bearer <accessToken>` alone, acting in person: the `/system`
/// endpoints, so an installation can be set up before any app is registered. The services
/// decide what the user may do there (administrators only, for most).
#[derive(Debug, Clone)]
pub struct BearerUser(pub Actor);

impl FromRequestParts<AppState> for BearerUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = authorization_token(&parts.headers).ok_or(ApiError::InvalidToken)?;
        let user = token_user(state, token).await?;
        Ok(BearerUser(Actor::user(user)))
    }
}

pub use crate::server::service::actor::Client;

/// A public API caller: a registered app or service, plus the user of its access token.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The app or service.
    pub client: Client,
    /// The token's user.
    pub user: CurrentUser,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let headers = &parts.headers;
        let mode = header_text(headers, "requestType").ok_or(ApiError::WrongMode)?;
        let client = if mode.eq_ignore_ascii_case("app") {
            let (Some(id), Some(secret)) = (
                header_text(headers, "appID"),
                header_text(headers, "secretKey"),
            ) else {
                return Err(ApiError::Forbidden);
            };
            if !apps::verify(&state.db, id, secret).await? {
                return Err(ApiError::Forbidden);
            }
            Client::App(id.to_owned())
        } else if mode.eq_ignore_ascii_case("service") {
            let (Some(id), Some(secret)) = (
                header_text(headers, "serverID"),
                header_text(headers, "secretKey"),
            ) else {
                return Err(ApiError::Forbidden);
            };
            if !services::verify(&state.db, id, secret).await? {
                return Err(ApiError::Forbidden);
            }
            Client::Service(id.to_owned())
        } else {
            return Err(ApiError::WrongMode);
        };
        let token = header_text(headers, "accessToken").ok_or(ApiError::InvalidToken)?;
        if matches!(client, Client::App(_)) && authorization_token(headers) != Some(token) {
            // Apps send the token twice (seed header set); both copies must agree.
            return Err(ApiError::InvalidToken);
        }
        let user = token_user(state, token).await?;
        Ok(Caller { client, user })
    }
}

impl Caller {
    /// The client acting for its token's user.
    pub fn actor(&self) -> Actor {
        Actor::client(self.client.clone(), self.user.clone())
    }

    /// The client acting for the user an operation names ([`Caller::acting_user`]).
    pub async fn acting(&self, state: &AppState, user_id: Option<&str>) -> Result<Actor, ApiError> {
        let user = self.acting_user(state, user_id).await?;
        Ok(Actor::client(self.client.clone(), user))
    }

    /// The user an operation acts for: a service may name any enabled user (`userId` of the
    /// body); an app always acts as its token's user.
    pub async fn acting_user(
        &self,
        state: &AppState,
        user_id: Option<&str>,
    ) -> Result<CurrentUser, ApiError> {
        match (
            &self.client,
            user_id.map(str::trim).filter(|u| !u.is_empty()),
        ) {
            (Client::Service(_), Some(user_id)) if user_id != self.user.username => {
                let (user, _) = users::load(&state.db, user_id).await?;
                if !user.enabled {
                    return Err(ApiError::Disabled);
                }
                Ok(CurrentUser {
                    username: user.username,
                    nick_name: user.nick_name,
                    is_admin: user.is_admin,
                })
            }
            _ => Ok(self.user.clone()),
        }
    }
}

/// The client's address as the socket saw it (forwarding headers are not trusted: a proxy in
/// front would make every client one address, which the login limit then shares).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}
