//! Headers every response carries: the security policy the browser enforces, and how long a
//! static file may be cached.
//!
//! Pages get their Content-Security-Policy from the render itself ([`page_policy`], set
//! through Leptos' response options), because only the render knows the nonce it gave the
//! inline hydration scripts; everything else gets [`BASE_POLICY`] here, which allows no inline
//! script at all.

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::server::state::AppState;

/// The policy of every response that is not a rendered page: only this origin's scripts
/// (and wasm compiled from them), styles, images and connections; no plugins; not framed.
///
/// `style-src 'unsafe-inline'`: the widgets the screens host (bpmn-js, echarts, Swagger UI)
/// position their parts with inline styles; styles cannot run code, scripts stay strict.
pub const BASE_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; \
     connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
     frame-ancestors 'none'";

/// The policy of a rendered page: [`BASE_POLICY`] plus the inline scripts that carry this
/// render's nonce (the hydration bootstrap and streamed resources).
pub fn page_policy(nonce: &str) -> String {
    BASE_POLICY.replacen(
        "script-src 'self'",
        &format!("script-src 'self' 'nonce-{nonce}'"),
        1,
    )
}

/// Paths meant to be embedded in a frame of this app (a print preview beside the work
/// order): framed by the same origin only, never by another site.
fn may_be_framed(path: &str) -> bool {
    path.starts_with("/userdefine/workorder/") && path.ends_with("/print")
}

/// How long a static file may be kept. Content-hashed names (`workorder.<hash>.wasm`, written
/// by `cargo leptos build` with `hash-files`) never change content, so a year and
/// `immutable`; any other file is revalidated each time (`Last-Modified` makes that a 304).
pub fn static_cache_control(path: &str, hashed_names: bool) -> Option<&'static str> {
    let file = path.rsplit('/').next().unwrap_or_default();
    if !file.contains('.') {
        return None;
    }
    if hashed_names && path.starts_with("/pkg/") && has_content_hash(file) {
        Some("public, max-age=31536000, immutable")
    } else {
        Some("no-cache")
    }
}

/// `name.<hash>.ext` with a hash of at least 16 URL-safe base64 characters (cargo-leptos
/// writes md5 as unpadded base64url: 22 characters).
fn has_content_hash(file: &str) -> bool {
    let parts: Vec<&str> = file.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() >= 16
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// The middleware: security headers on every response, cache lifetimes on static files.
pub async fn add(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        let policy = if may_be_framed(&path) {
            BASE_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
        } else {
            BASE_POLICY.to_owned()
        };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert(CONTENT_SECURITY_POLICY, value);
        }
    }
    // For browsers older than frame-ancestors.
    headers.insert(
        X_FRAME_OPTIONS,
        HeaderValue::from_static(if may_be_framed(&path) {
            "SAMEORIGIN"
        } else {
            "DENY"
        }),
    );
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Other sites learn at most this origin, never a path with a work-order number in it.
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if state.settings.https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    if !headers.contains_key(CACHE_CONTROL) && response.status().is_success() {
        let hashed = state.leptos_options.hash_files;
        if let Some(value) = static_cache_control(&path, hashed) {
            response
                .headers_mut()
                .insert(CACHE_CONTROL, HeaderValue::from_static(value));
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_policy_allows_its_nonce_only() {
        let policy = page_policy("abc123");
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(!policy.contains("script-src 'self' 'unsafe-inline'"));
        assert!(!BASE_POLICY.contains("nonce"));
        assert!(BASE_POLICY.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn hashed_bundles_are_immutable_and_the_rest_revalidated() {
        let hashed = "/pkg/workorder.4Dcm0gMa2qGlOELx3H_nVg.wasm";
        assert_eq!(
            static_cache_control(hashed, true),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(static_cache_control(hashed, false), Some("no-cache"));
        assert_eq!(
            static_cache_control("/pkg/workorder.wasm", true),
            Some("no-cache")
        );
        assert_eq!(
            static_cache_control("/vendor/echarts/echarts.min.js", true),
            Some("no-cache")
        );
        assert_eq!(static_cache_control("/system/users", true), None);
    }

    #[test]
    fn only_the_print_page_may_be_framed() {
        assert!(may_be_framed("/userdefine/workorder/WO20250122-0001/print"));
        assert!(!may_be_framed("/system/users"));
    }
}
