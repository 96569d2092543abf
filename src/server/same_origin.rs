//! Server functions act with the browser's session cookie, so a page on another site could
//! make a signed-in user's browser call them (a form or a `text/plain` fetch needs no CORS
//! permission). Every request to them that may change something must come from this app's own
//! pages: browsers say where a request comes from in `Sec-Fetch-Site` (all current ones) and
//! `Origin` (every cross-origin POST), and neither can be forged by a page.
//!
//! The REST API is not affected: it authenticates with headers (app credentials, access
//! tokens) that a browser never adds on its own.

use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a request with these headers comes from a page of this origin, or from no page at
/// all (a program such as curl sends neither header; it carries no victim's cookie either).
pub fn from_this_origin(sec_fetch_site: Option<&str>, origin: Option<&str>, host: &str) -> bool {
    if let Some(site) = sec_fetch_site {
        // `same-site` is a sibling subdomain: another application, so refused too.
        return site.eq_ignore_ascii_case("same-origin");
    }
    match origin {
        None => true,
        // `Origin: null` comes from sandboxed frames and `data:` documents.
        Some(origin) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host)),
    }
}

/// The middleware, around server functions (`/api/…`): a request that may change state and
/// comes from another origin gets 403 and never reaches the function.
pub async fn refuse_cross_origin(request: Request, next: Next) -> Response {
    let reads_only = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if reads_only || !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(HOST.as_str()).unwrap_or_default();
    if from_this_origin(text("sec-fetch-site"), text(ORIGIN.as_str()), host) {
        next.run(request).await
    } else {
        tracing::warn!(
            path = %request.uri().path(),
            origin = text(ORIGIN.as_str()).unwrap_or("-"),
            sec_fetch_site = text("sec-fetch-site").unwrap_or("-"),
            "refused a cross-origin server function call"
        );
        (
            StatusCode::FORBIDDEN,
            "cross-origin requests to this endpoint are refused",
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_requests_pass() {
        assert!(from_this_origin(
            Some("same-origin"),
            Some("http://127.0.0.1:3000"),
            "127.0.0.1:3000"
        ));
        // Behind a proxy that rewrites Host, the browser's own verdict decides.
        assert!(from_this_origin(
            Some("same-origin"),
            Some("https://wo.example.com"),
            "10.0.0.5:3000"
        ));
        assert!(from_this_origin(
            None,
            Some("http://127.0.0.1:3000"),
            "127.0.0.1:3000"
        ));
        assert!(from_this_origin(None, None, "127.0.0.1:3000"));
    }

    #[test]
    fn other_origins_are_refused() {
        assert!(!from_this_origin(
            Some("cross-site"),
            Some("https://evil.example"),
            "127.0.0.1:3000"
        ));
        assert!(!from_this_origin(Some("same-site"), None, "wo.example.com"));
        assert!(!from_this_origin(
            None,
            Some("https://evil.example"),
            "127.0.0.1:3000"
        ));
        assert!(!from_this_origin(None, Some("null"), "127.0.0.1:3000"));
        assert!(!from_this_origin(
            None,
            Some("http://127.0.0.1:3000.evil.example"),
            "127.0.0.1:3000"
        ));
    }
}
