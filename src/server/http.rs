//! Assembles the HTTP server: pages, server functions, machine endpoints, sessions, logs.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

use woc_engine::SystemClock;
use woc_store::{JobExecutor, SqlStore};

use crate::app::{shell, App};
use crate::server::accounts;
use crate::server::api;
use crate::server::api::metrics::track;
use crate::server::config::Settings;
use crate::server::db::{redact, Db, DbError};
use crate::server::display_time::now_millis;
use crate::server::integrations::tokens;
use crate::server::sessions::DbSessionStore;
use crate::server::sign_in_gate::require_sign_in;
use crate::server::state::AppState;

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
    Admin(#[from] accounts::AccountError),
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
        .build();
    let workflow = SqlStore::new(db.clone(), Arc::new(SystemClock));
    Ok(AppState {
        workflow,
        stopping: Arc::new(tokio::sync::watch::channel(false).0),
        db,
        settings: Arc::new(settings),
        leptos_options,
        started_at: now_millis(),
        login_throttle: Arc::default(),
        metrics: Arc::default(),
    })
}

/// The complete router for a prepared state.
pub async fn router(state: AppState) -> Result<Router, StartError> {
    let store = DbSessionStore::open(&state.db)
        .await
        .map_err(StartError::Sessions)?;
    tokio::spawn(
        store
            .clone()
            .continuously_delete_expired(Duration::from_secs(3600)),
    );
    tokio::spawn(purge_tokens(state.db.clone()));
    tokio::spawn(run_jobs(state.workflow.clone(), state.stopping.subscribe()));
    let inactivity = time::Duration::seconds(
        i64::try_from(state.settings.session_ttl.as_secs()).unwrap_or(i64::MAX),
    );
    let sessions = SessionManagerLayer::new(store)
        .with_name("woc_session")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        // Served over plain HTTP on loopback by default; a TLS proxy in front keeps it private.
        .with_secure(false)
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

/// Hourly, drops access tokens that ended (expired or revoked) more than a day ago; the day
/// keeps recent ones around for looking into "my token stopped working" reports.
async fn purge_tokens(db: Db) {
    let mut hourly = tokio::time::interval(Duration::from_secs(3600));
    loop {
        hourly.tick().await;
        match tokens::purge(&db, now_millis() - 86_400_000).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(tokens = n, "purged ended access tokens"),
            Err(e) => tracing::warn!(error = %e, "purging access tokens failed"),
        }
    }
}

/// Fires due timers and runs async continuations until the server stops; a failed turn is
/// logged and the loop goes on (the jobs stay due and are retried with backoff).
async fn run_jobs(store: SqlStore, stop: tokio::sync::watch::Receiver<bool>) {
    let clock = store.clock().clone();
    let executor = JobExecutor::new(store, format!("workorder-{}", std::process::id()));
    loop {
        match executor
            .run(clock.clone(), Duration::from_secs(1), stop.clone())
            .await
        {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "job executor turn failed");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
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
        .leptos_routes_with_context(
            state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(options.clone()),
        )
        .layer(axum::middleware::from_fn(require_sign_in))
}

/// Paths no route takes: under the API's prefixes the JSON 404; elsewhere the site's static
/// files, else the 404 page in the frame, behind the sign-in gate like the pages. A router of
/// its own, so the API check runs before the gate only here: pages under `/system/...` are
/// routes and never get here.
fn unmatched(state: &AppState) -> Router {
    Router::new()
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn(require_sign_in))
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
    let app = router(state).await?;
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
