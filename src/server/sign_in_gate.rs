//! Sends browsers that are not signed in to the login page before any page renders.
//!
//! Doing this in middleware (not in a component) means the redirect is a real 302 before the
//! streamed HTML starts, and no protected markup is ever sent to a stranger.

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::account::CurrentUser;
use crate::server::service::accounts;
use crate::server::service::error::ServiceError;
use crate::server::sessions::signed_in_user;
use crate::server::state::AppState;

/// Requests the gate lets through untouched: machine endpoints, server functions (they check
/// the session themselves and answer with an error, not a redirect) and static files.
fn is_asset_or_machine(path: &str) -> bool {
    const PREFIXES: [&str; 5] = ["/api/", "/pkg/", "/vendor/", "/healthz", "/metrics"];
    PREFIXES.iter().any(|p| path.starts_with(p))
        // Static files (favicon, fonts) have an extension; pages never do.
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
}

/// Pages that strangers may open: the login page and the API reference, which shows the
/// OpenAPI document (itself public) to integrators who may have app credentials but no
/// account in the web UI. A signed-in user still gets them in the frame with their name.
fn is_public(path: &str) -> bool {
    path == "/login" || path == "/api-docs" || is_asset_or_machine(path)
}

/// Where to go after signing in: only local paths, so the parameter cannot send a user to
/// another site.
pub fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") {
        next
    } else {
        "/"
    }
}

fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The middleware: page requests without a signed-in, still enabled user go to
/// `/login?next=…`, and a signed-in user asking for `/login` goes home.
///
/// The user it finds rides on the request (an extension the page render reads, see
/// `crate::page_user`), so the frame, the navigation and the access check of a screen are
/// rendered with the user in hand: nothing of them waits on a server function.
pub async fn require_sign_in(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let is_page_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path().to_owned();
    if !is_page_read || is_asset_or_machine(&path) {
        return next.run(request).await;
    }
    let user = match current_user(&state, &session).await {
        Ok(user) => user,
        Err(error) => {
            tracing::error!(%error, "cannot look up the signed-in user");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Some(user) = &user {
        request.extensions_mut().insert(user.clone());
    }
    match (path.as_str(), user) {
        ("/login", Some(_)) => Redirect::to("/").into_response(),
        (_, Some(_)) => next.run(request).await,
        (_, None) if is_public(&path) => next.run(request).await,
        (_, None) => {
            let wanted = request
                .uri()
                .path_and_query()
                .map(|pq| pq.as_str().to_owned())
                .unwrap_or_else(|| "/".into());
            let location = if wanted == "/" {
                "/login".to_owned()
            } else {
                format!("/login?next={}", encode_component(&wanted))
            };
            (
                StatusCode::SEE_OTHER,
                [(axum::http::header::LOCATION, location)],
            )
                .into_response()
        }
    }
}

/// The session's user while the account exists and is enabled; a disabled or deleted
/// account loses its session here.
/// The session's user, if it is signed in with an enabled account (a disabled account's
/// session is ended).
pub(crate) async fn current_user(
    state: &AppState,
    session: &Session,
) -> Result<Option<CurrentUser>, ServiceError> {
    let Some(username) = signed_in_user(session).await else {
        return Ok(None);
    };
    let user = accounts::find_enabled(&state.db, &username).await?;
    if user.is_none() {
        let _ = session.flush().await;
    }
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assets_and_machine_endpoints_are_public() {
        assert!(is_public("/pkg/workorder.js"));
        assert!(is_public("/favicon.svg"));
        assert!(is_public("/healthz"));
        assert!(is_public("/api/login"));
        assert!(is_public("/api-docs"));
        assert!(is_public("/api-docs/openapi.json"));
        assert!(is_public("/js-widgets.js"));
        assert!(!is_public("/api-docs/other"));
        assert!(!is_public("/"));
        assert!(!is_public("/system/users"));
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next("/system/users?page=2"), "/system/users?page=2");
        assert_eq!(safe_next("//evil.example"), "/");
        assert_eq!(safe_next("https://evil.example"), "/");
        assert_eq!(safe_next("/\\evil.example"), "/");
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(
            encode_component("/a b?page=2&x=1"),
            "/a%20b%3Fpage%3D2%26x%3D1"
        );
    }
}
