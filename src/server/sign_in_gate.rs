//! Sends browsers that are not signed in to the login page before any page renders.
//!
//! Doing this in middleware (not in a component) means the redirect is a real 302 before the
//! streamed HTML starts, and no protected markup is ever sent to a stranger.

use axum::extract::Request;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::server::sessions::signed_in_user;

/// Paths that never need a session: the login page, machine endpoints, server functions
/// (they check the session themselves and answer with an error, not a redirect).
fn is_public(path: &str) -> bool {
    const PREFIXES: [&str; 5] = ["/api/", "/pkg/", "/vendor/", "/healthz", "/metrics"];
    path == "/login"
        // The API reference shows the OpenAPI document, itself public, to integrators who
        // may have app credentials but no account in the web UI.
        || path == "/api-docs"
        || PREFIXES.iter().any(|p| path.starts_with(p))
        // Static files (favicon, fonts) have an extension; pages never do.
        || path.rsplit('/').next().is_some_and(|last| last.contains('.'))
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

/// The middleware: page requests without a signed-in user go to `/login?next=…`, and a
/// signed-in user asking for `/login` goes home.
pub async fn require_sign_in(session: Session, request: Request, next: Next) -> Response {
    let is_page_read = matches!(*request.method(), Method::GET | Method::HEAD);
    let path = request.uri().path().to_owned();
    if !is_page_read || (is_public(&path) && path != "/login") {
        return next.run(request).await;
    }
    let user = signed_in_user(&session).await;
    match (path.as_str(), user) {
        ("/login", Some(_)) => Redirect::to("/").into_response(),
        ("/login", None) => next.run(request).await,
        (_, Some(_)) => next.run(request).await,
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
        assert!(is_public("/api-reference.js"));
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
