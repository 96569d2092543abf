//! Assembles the HTTP server: pages, server functions, machine endpoints, sessions, logs.

use std::sync::Arc;

use axum::http::header::CONTENT_SECURITY_POLICY;
use axum::http::HeaderValue;
use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use woc_engine::SystemClock;
use woc_store::SqlStore;

use crate::app::{shell, App};
use crate::server::api;
use crate::server::attachment_routes;
use crate::server::background;
use crate::server::config::Settings;
use crate::server::db::{redact, Db, DbError};
use crate::server::display_time::now_millis;
use crate::server::metrics::track;
use crate::server::print_route;
use crate::server::service::accounts;
use crate::server::service::attachments::AttachmentStore;
use crate::server::sessions::DbSessionStore;
use crate::server::sign_in_gate::require_sign_in;
use crate::server::state::AppState;
use crate::server::{response_headers, same_origin};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error("database: {0}")]
    Db(#[from] DbError),
    /// The session table could not be prepared.
    #[error("session store: {0}")]
    Sessions(sqlx::Error),
    /// The administrator account could not be created.
    #[error("creating the admin account: {0}")]
    Admin(#[from] crate::server::service::error::ServiceError),
    /// The attachment store could not be opened.
    #[error("attachments: {0}")]
    Attachments(String),
    /// The listen address is taken or not allowed.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: String,
        /// The IO error.
        source: std::io::Error,
    },
}

/// Opens and migrates the database and makes sure `admin` exists.
pub async fn prepare(settings: Settings) -> Result<AppState, StartError> {
    tracing::info!(database = %redact(&settings.database_url), "opening database");
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    if let Some(generated) = accounts::ensure_admin(&db, settings.admin_password.as_deref()).await?
    {
        // Printed once, on the start that created the account; it is stored only as a hash.
        tracing::warn!(
            "created user `admin` with generated password: {generated}  (set WOC_ADMIN_PASSWORD to choose one)"
        );
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("workorder")
        .site_root(settings.site_root.clone())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .hash_files(bundle_names_are_hashed())
        .build();
    let workflow = SqlStore::new(db.clone(), Arc::new(SystemClock));
    let max_bytes = settings.attachment_max_kb.saturating_mul(1024);
    let attachments = match &settings.s3_bucket {
        Some(bucket) => AttachmentStore::s3(bucket, settings.s3_endpoint.as_deref(), max_bytes),
        None => {
            let dir = settings
                .attachments_dir
                .clone()
                .unwrap_or_else(|| settings.default_attachments_dir());
            AttachmentStore::local(&dir, max_bytes)
        }
    }
    .map_err(StartError::Attachments)?;
    Ok(AppState {
        attachments,
        workflow,
        stopping: Arc::new(tokio::sync::watch::channel(false).0),
        db,
        settings: Arc::new(settings),
        leptos_options,
        started_at: now_millis(),
        metrics: Arc::default(),
    })
}

/// The complete router for a prepared state; the work that runs beside requests is started
/// on its own ([`background::start`]).
pub async fn router(state: AppState) -> Result<Router, StartError> {
    let store = DbSessionStore::open(&state.db)
        .await
        .map_err(StartError::Sessions)?;
    let inactivity = time::Duration::seconds(
        i64::try_from(state.settings.session_ttl.as_secs()).unwrap_or(i64::MAX),
    );
    let sessions = SessionManagerLayer::new(store)
        .with_name("woc_session")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        // Plain HTTP on loopback by default; `WOC_HTTPS` behind a TLS proxy keeps the cookie
        // off any plain-HTTP request.
        .with_secure(state.settings.https)
        .with_expiry(Expiry::OnInactivity(inactivity));

    let app = Router::new()
        // `/healthz` is one of the API routes (documented in the OpenAPI document).
        .merge(api::router())
        .merge(pages(&state))
        .fallback_service(unmatched(&state))
        // A route layer sees the matched route template, which keeps metric labels bounded.
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), track))
        .layer(sessions)
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(axum::middleware::from_fn(run_to_completion))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            response_headers::add,
        ))
        // HTML, JSON and files without a precompressed copy; the release build writes `.br`
        // and `.gz` copies of the bundle (`--precompress`), which are served as they are.
        // A middle quality: these are compressed on every request.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(state);
    Ok(app)
}

/// A request, once received, runs to its end even when the client goes away. Dropped halfway,
/// a command could stop between its commit and its follow-ups (a called process never
/// started), or while opening its transaction, which leaves the pooled connection unusable.
async fn run_to_completion(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(failure) => {
            tracing::error!(error = %failure, "request handler panicked");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The web UI: Leptos pages and their server functions, behind the sign-in gate. Machine
/// endpoints are routed beside it, so the gate never redirects them.
fn pages(state: &AppState) -> Router<AppState> {
    let routes = generate_route_list(App);
    let context_state = state.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route(
            print_route::PATH,
            axum::routing::get(print_route::print_page),
        )
        .route(
            attachment_routes::UPLOAD_PATH,
            axum::routing::post(attachment_routes::upload).layer(
                axum::extract::DefaultBodyLimit::max(api::attachments::UPLOAD_BODY_LIMIT),
            ),
        )
        .route(
            attachment_routes::FILE_PATH,
            axum::routing::get(attachment_routes::file),
        )
        .leptos_routes_with_context(
            state,
            routes,
            move || {
                provide_context(context_state.clone());
                set_page_policy();
            },
            move || shell(options.clone()),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_sign_in,
        ))
        .layer(axum::middleware::from_fn(same_origin::refuse_cross_origin))
}

/// A page's Content-Security-Policy names the nonce Leptos gave this render's inline
/// scripts; calls without a render (server functions, static files) keep the base policy.
fn set_page_policy() {
    use leptos::prelude::use_context;
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&response_headers::page_policy(&nonce)) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

/// `cargo leptos build` with `hash-files` names the bundle by its content and writes the
/// names to `hash.txt` beside the server binary; a binary without that file (tests, a
/// `cargo run` build) serves the plain names.
fn bundle_names_are_hashed() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}

/// Paths no route takes: under the API's prefixes the JSON 404; elsewhere the site's static
/// files, else the 404 page in the frame, behind the sign-in gate like the pages. A router of
/// its own, so the API check runs before the gate only here: pages under `/system/...` are
/// routes and never get here.
fn unmatched(state: &AppState) -> Router {
    let context_state = state.clone();
    Router::new()
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(
            move || {
                provide_context(context_state.clone());
                set_page_policy();
            },
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_sign_in,
        ))
        .layer(axum::middleware::from_fn(
            api::unknown_path::machine_not_found,
        ))
        .with_state(state.clone())
}

/// Serves until SIGTERM or Ctrl-C, then finishes requests in flight and closes the pool.
pub async fn serve(settings: Settings) -> Result<(), StartError> {
    let addr = settings.addr;
    let state = prepare(settings).await?;
    let db = state.db.clone();
    let stopping = state.stopping.clone();
    let app = router(state.clone()).await?;
    background::start(&state);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartError::Listen {
            addr: addr.to_string(),
            source,
        })?;
    let bound = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    tracing::info!("serving on http://{bound}");
    axum::serve(
        listener,
        // The peer address feeds the per-address login limit.
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|source| StartError::Listen {
        addr: bound,
        source,
    })?;
    let _ = stopping.send(true);
    db.close().await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
