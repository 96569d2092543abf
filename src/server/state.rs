//! Shared state handed to REST handlers (axum `State`) and server functions (context).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use woc_store::SqlStore;

use crate::server::config::Settings;
use crate::server::db::Db;
use crate::server::metrics::HttpMetrics;
use crate::server::service::attachments::AttachmentStore;

/// What every request may need.
#[derive(Clone)]
pub struct AppState {
    /// The database pool.
    pub db: Db,
    /// The settings the server started with.
    pub settings: Arc<Settings>,
    /// Leptos rendering options (site root, output name).
    pub leptos_options: LeptosOptions,
    /// Server start, milliseconds since the Unix epoch.
    pub started_at: i64,
    /// Request counts and latencies for `/metrics`.
    pub metrics: Arc<HttpMetrics>,
    /// The BPMN engine over the same pool: definitions, instances, tasks, lists.
    pub workflow: SqlStore,
    /// Where uploaded files are kept.
    pub attachments: AttachmentStore,
    /// Set to `true` when the server stops, ending the job executor.
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
