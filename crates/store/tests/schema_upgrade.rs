//! Upgrading a database written before the todo counters, history as one row per command and
//! SQLite's lean task tables (migrations 20261130000700 and later): every event, open task,
//! candidate and ended task is still there, counted and read as before, and the instance runs
//! on.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, Engine, ManualClock, MemoryStore, Store};
use woc_store::db::Db;
use woc_store::Statement;
use woc_store::{Paging, SqlStore};

/// The first migration of the new layout.
const FIRST_NEW: i64 = 20261130000700;

const XML: &str = r#"<process id="p" isExecutable="true">
  <startEvent id="s"/>
  <userTask id="review" name="审核" flowable:candidateGroups="auditors" flowable:candidateUsers="carol"/>
  <endEvent id="e"/>
  <sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
  <sequenceFlow id="f2" sourceRef="review" targetRef="e"/>
</process>"#;

/// A copy of the dialect's migrations older than [`FIRST_NEW`].
fn old_migrations(dialect: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(dialect);
    let target = std::env::temp_dir().join(format!(
        "woc-old-migrations-{dialect}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&target).expect("temp dir");
    for entry in std::fs::read_dir(source).expect("migrations") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let version: i64 = name.split('_').next().unwrap().parse().expect("version");
        if version < FIRST_NEW {
            std::fs::copy(&path, target.join(&name)).expect("copy");
        }
    }
    target
}

async fn run(db: &Db, statement: Statement) {
    let store = SqlStore::new(db.clone(), Arc::new(ManualClock::new(T0)));
    store
        .run_statement(&statement)
        .await
        .expect("old-layout row");
}

#[tokio::test]
async fn history_and_task_rows_survive_the_upgrade() {
    for test_db in databases().await {
        let label = test_db.label;
        let db = Db::connect(&test_db.url).await.expect("connect");
        let folder = old_migrations(if label == "sqlite" {
            "sqlite"
        } else {
            "postgres"
        });
        let migrator = sqlx::migrate::Migrator::new(folder.as_path())
            .await
            .expect("old migrations");
        match &db {
            Db::Sqlite(pool) => migrator.run(pool).await.expect("old schema"),
            Db::Postgres(pool) => migrator.run(pool).await.expect("old schema"),
        }
        let _ = std::fs::remove_dir_all(&folder);

        // What an older server wrote: the engine's own instance and events for one start,
        // stored row per event, with the open task and its candidates.
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.clone(), clock.clone());
        // The definition row as the old layout had it (today's deploy writes columns added
        // since, such as the start form's version).
        let definition = "p:1:old".to_owned();
        run(
            &db,
            Statement::new(
                "INSERT INTO process_definitions (definition_id, process_key, version, name, \
                 category, form_id, xml, deployed_at, suspended) \
                 VALUES ($1, 'p', 1, NULL, NULL, NULL, $2, $3, $4)",
            )
            .arg(definition.as_str())
            .arg(model(XML))
            .arg(T0.0)
            .arg(false),
        )
        .await;
        let engine = Engine::new(MemoryStore::new(), clock.clone());
        engine.deploy(&model(XML)).expect("deploy in memory");
        let started = engine
            .execute(
                Command::Start {
                    definition: DefinitionRef::Key("p".into()),
                    business_key: Some("WO-1".into()),
                    variables: vars(json!({ "amount": 3 })),
                    parent: None,
                    start_event: None,
                },
                Some("alice"),
            )
            .expect("start");
        let mut instance = engine.store().load(&started.instance_id).expect("instance");
        let events = engine
            .store()
            .history(&started.instance_id)
            .expect("events");
        instance.definition_id = definition.clone();
        let id = instance.id.clone();
        run(
            &db,
            Statement::new(
                "INSERT INTO process_instances (instance_id, definition_id, process_key, \
                 business_key, status, started_by, started_at, revision, state) \
                 VALUES ($1, $2, 'p', 'WO-1', 'running', 'alice', $3, 1, $4)",
            )
            .arg(id.as_str())
            .arg(definition.as_str())
            .arg(T0.0)
            .arg(serde_json::to_string(&instance).unwrap()),
        )
        .await;
        for (position, event) in events.iter().enumerate().rev() {
            run(
                &db,
                Statement::new(
                    "INSERT INTO history_events (instance_id, revision, position, at, actor, \
                     kind, event) VALUES ($1, 1, $2, $3, 'alice', 'x', $4)",
                )
                .arg(id.as_str())
                .arg(position as i64)
                .arg(event.at.0)
                .arg(serde_json::to_string(event).unwrap()),
            )
            .await;
        }
        let task = instance.tasks.values().next().expect("open task").clone();
        run(
            &db,
            Statement::new(
                "INSERT INTO open_tasks (task_id, instance_id, node, name, priority, created_at) \
                 VALUES ($1, $2, 'review', '审核', 50, $3)",
            )
            .arg(task.id.as_str())
            .arg(id.as_str())
            .arg(T0.0),
        )
        .await;
        for (kind, value) in [("group", "auditors"), ("user", "carol")] {
            run(
                &db,
                Statement::new(
                    "INSERT INTO task_candidates (task_id, kind, value, created_at, unassigned) \
                     VALUES ($1, $2, $3, $4, TRUE)",
                )
                .arg(task.id.as_str())
                .arg(kind)
                .arg(value)
                .arg(T0.0),
            )
            .await;
        }
        run(
            &db,
            Statement::new(
                "INSERT INTO task_history (task_id, instance_id, node, created_at, ended_at, \
                 ended_by, outcome) VALUES ('old-1', $1, 'draft', $2, $2, 'bob', 'completed')",
            )
            .arg(id.as_str())
            .arg(T0.0),
        )
        .await;

        db.migrate().await.expect("upgrade");

        assert_eq!(
            store.history(&id).await.expect("history"),
            events,
            "{label}: every event, in order"
        );
        let page = Paging { page: 1, size: 10 };
        for (user, groups) in [("dave", vec!["auditors".to_string()]), ("carol", vec![])] {
            let todo = store.todo(user, &groups, page).await.expect("todo");
            assert_eq!(todo.total, 1, "{label}: {user} is offered the task");
            assert_eq!(todo.rows[0].task_id, task.id, "{label}");
        }
        let bob = store.finished("bob", page).await.expect("finished");
        assert_eq!(bob.total, 1, "{label}: the ended task is kept");

        let completed = store
            .execute(
                Command::Complete {
                    task_id: task.id.clone(),
                    variables: vars(json!({})),
                    comment: None,
                    next_assignees: Vec::new(),
                    copy_to: Vec::new(),
                },
                Some("carol"),
            )
            .await
            .expect("the upgraded instance runs on");
        assert!(completed.status.is_ended(), "{label}");
        let after = store.history(&id).await.expect("history");
        assert_eq!(&after[..events.len()], &events[..], "{label}");
        assert!(
            after.len() > events.len(),
            "{label}: the completion is recorded"
        );
        let carol = store.todo("carol", &[], page).await.expect("todo");
        assert_eq!(
            carol.total, 0,
            "{label}: the completed task and its candidates are gone"
        );
        db.close().await;
        test_db.remove().await;
    }
}
