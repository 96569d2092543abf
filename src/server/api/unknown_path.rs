//! Paths no route takes. Under the API's prefixes the caller is a program, which wants the
//! JSON envelope (404), not the sign-in redirect or the HTML 404 page meant for people.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::server::api::error::{respond, ApiError};

/// The first segments of the REST contract's paths (spec `api.md`). The web UI has pages under
/// `/system/...` too; they are routes, so they never reach [`machine_not_found`].
const MACHINE_PREFIXES: [&str; 6] = [
    "/workflow",
    "/WorkOrder",
    "/synthesis",
    "/userdefine",
    "/system",
    "/auth",
];

/// Whether `path` lies under one of the API's prefixes (the prefix itself included).
pub fn is_machine_path(path: &str) -> bool {
    MACHINE_PREFIXES.iter().any(|prefix| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// Middleware in front of the web UI's fallback (the unmatched paths only): answers a path
/// under the API's prefixes with the JSON 404, whatever the method, before the sign-in gate
/// could redirect it; any other path goes on to the UI.
pub async fn machine_not_found(request: Request, next: Next) -> Response {
    if is_machine_path(request.uri().path()) {
        respond(ApiError::NoSuchPath, request.headers())
    } else {
        next.run(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_whole_segments() {
        assert!(is_machine_path("/workflow"));
        assert!(is_machine_path("/workflow/process/nope"));
        assert!(is_machine_path("/WorkOrder/app/x"));
        assert!(is_machine_path("/system/users/extra"));
        assert!(!is_machine_path("/workflows"));
        assert!(!is_machine_path("/workorder/app/list"));
        assert!(!is_machine_path("/"));
        assert!(!is_machine_path("/login"));
        assert!(!is_machine_path("/api/logout"));
    }
}
