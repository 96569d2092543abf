//! A caller that goes away mid-command (an HTTP client disconnecting while its request waits
//! for SQLite's write lock) must not leave a pooled connection inside a transaction: every
//! later command on that connection would fail with "begin_with at non-zero transaction depth".

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, ManualClock};
use woc_store::db::Db;
use woc_store::SqlStore;

fn start() -> Command {
    Command::Start {
        definition: DefinitionRef::Key("one".into()),
        business_key: None,
        variables: vars(json!({})),
        parent: None,
        start_event: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_abandoned_at_any_step_leave_the_pool_usable() {
    let dir = std::env::temp_dir().join("woc-store-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("cancel-{}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    let store = Arc::new(SqlStore::new(db, Arc::new(ManualClock::new(T0))));
    store
        .deploy(
            &model(
                r#"<process id="one" isExecutable="true">
                  <startEvent id="s"/><userTask id="t" flowable:assignee="u"/><endEvent id="e"/>
                  <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
                  <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
                </process>"#,
            ),
            Some("test"),
        )
        .await
        .expect("deploy");

    // Callers that give up after 0 to 4 ms, spread so that commands are abandoned at every
    // step: waiting for a connection, in BEGIN IMMEDIATE while another command holds the
    // write lock, in a read, a write, the commit. Sixteen at once keep every pooled
    // connection busy and contended. A command that finished in time must have succeeded.
    for round in 0..40u64 {
        let hurried: Vec<_> = (0..16u64)
            .map(|i| {
                let store = store.clone();
                let patience = Duration::from_micros((round * 16 + i) * 37 % 4000);
                tokio::spawn(async move {
                    tokio::time::timeout(patience, store.execute(start(), Some("u"))).await
                })
            })
            .collect();
        for handle in hurried {
            if let Ok(Err(error)) = handle.await.expect("task") {
                panic!("round {round}: a command that was not abandoned failed: {error}");
            }
        }
    }

    // Every connection of the pool is used again, several at once.
    let later: Vec<_> = (0..24)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.execute_retrying(start(), Some("u"), 20).await })
        })
        .collect();
    for handle in later {
        let outcome = handle.await.expect("task");
        assert!(
            outcome.is_ok(),
            "a command after the abandoned ones failed: {outcome:?}"
        );
    }
    store.db().close().await;
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
