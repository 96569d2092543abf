//! The work a server process does beside answering requests, started in one place: the job
//! executor (timers, async continuations, follow-ups a stopped process left), and the hourly
//! clean-up of ended sessions and access tokens. Each loop ends with the process, or, for the
//! job executor, when the state's `stopping` flag is set.

use std::time::Duration;

use tower_sessions::session_store::ExpiredDeletion;
use woc_store::{JobExecutor, SqlStore};

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::integrations::tokens;
use crate::server::sessions::DbSessionStore;
use crate::server::state::AppState;

/// Starts every background loop of this process on the current runtime.
pub fn start(state: &AppState) {
    tokio::spawn(delete_expired_sessions(state.db.clone()));
    tokio::spawn(purge_tokens(state.db.clone()));
    tokio::spawn(run_jobs(state.workflow.clone(), state.stopping.subscribe()));
}

/// Hourly, deletes sessions whose inactivity limit passed.
async fn delete_expired_sessions(db: Db) {
    match DbSessionStore::open(&db).await {
        Ok(store) => {
            if let Err(e) = store
                .continuously_delete_expired(Duration::from_secs(3600))
                .await
            {
                tracing::warn!(error = %e, "deleting expired sessions stopped");
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot open the session store for clean-up"),
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
