//! Migrating running instances to a newer version: each instance in its own transaction,
//! tasks, jobs and rows following, refusals reported per instance.

mod common;

use std::sync::Arc;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, EventKind, ManualClock, NodeMapping, Timestamp};
use woc_store::{JobExecutor, Paging, SqlStore, StoreError};

const HOUR: i64 = 3_600_000;

/// A user task beside a one-hour timer, joined; version 2 renames the task and adds `c`.
fn version(task: &str, extra: bool) -> String {
    let (after_join, tail) = if extra {
        (
            "c",
            r#"<userTask id="c" flowable:assignee="u"/><sequenceFlow id="f6" sourceRef="c" targetRef="e"/>"#,
        )
    } else {
        ("e", "")
    };
    model(&format!(
        r#"<process id="p" isExecutable="true">
          <startEvent id="s"/><parallelGateway id="fork"/>
          <userTask id="{task}" flowable:assignee="u"/>
          <intermediateCatchEvent id="wait"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></intermediateCatchEvent>
          <parallelGateway id="join"/><endEvent id="e"/>{tail}
          <sequenceFlow id="f0" sourceRef="s" targetRef="fork"/>
          <sequenceFlow id="f1" sourceRef="fork" targetRef="{task}"/>
          <sequenceFlow id="f2" sourceRef="fork" targetRef="wait"/>
          <sequenceFlow id="f3" sourceRef="{task}" targetRef="join"/>
          <sequenceFlow id="f4" sourceRef="wait" targetRef="join"/>
          <sequenceFlow id="f5" sourceRef="join" targetRef="{after_join}"/>
        </process>"#
    ))
}

fn start() -> Command {
    Command::Start {
        definition: DefinitionRef::Key("p".into()),
        business_key: None,
        variables: vars(json!({})),
        parent: None,
        start_event: None,
    }
}

fn mapping(pairs: &[(&str, &str)]) -> NodeMapping {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

async fn deploy(store: &SqlStore, xml: &str) -> String {
    store.deploy(xml, None).await.expect("deploys")[0]
        .id
        .clone()
}

#[tokio::test]
async fn running_instances_move_to_the_new_version_with_their_tasks_and_timers() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        let v1 = deploy(&store, &version("a", false)).await;
        let mut ids = Vec::new();
        for _ in 0..2 {
            ids.push(store.execute(start(), Some("s")).await.unwrap().instance_id);
        }
        let ended = store.execute(start(), Some("s")).await.unwrap().instance_id;
        let cancel = Command::Cancel {
            instance_id: ended.clone(),
            comment: None,
        };
        store.execute(cancel, Some("s")).await.unwrap();
        let timer_before = store.jobs_of(&ids[0]).await.unwrap().remove(0);
        let v2 = deploy(&store, &version("a2", true)).await;
        clock.advance(60_000);

        let results = store
            .migrate_instances(&v1, &v2, &mapping(&[("a", "a2")]), None, "admin")
            .await
            .unwrap();
        let mut migrated: Vec<_> = results.iter().map(|r| r.instance_id.clone()).collect();
        migrated.sort();
        let mut expected = ids.clone();
        expected.sort();
        assert_eq!(
            migrated, expected,
            "{label}: every running instance, not the ended one"
        );
        assert!(
            results.iter().all(|r| r.migrated && r.error.is_none()),
            "{label}: {results:?}"
        );

        let todo = store
            .todo("u", &[], Paging { page: 1, size: 10 })
            .await
            .unwrap()
            .rows;
        assert_eq!(todo.len(), 2, "{label}");
        for row in &todo {
            assert_eq!(row.task_def_key, "a2", "{label}: open_tasks follow");
            assert_eq!(
                row.instance.definition_id, v2,
                "{label}: instance row follows"
            );
        }
        let timer = store.jobs_of(&ids[0]).await.unwrap().remove(0);
        assert_eq!(
            (timer.id.as_str(), timer.node.as_str()),
            (timer_before.id.as_str(), "wait")
        );
        assert_eq!(
            timer.due_at, timer_before.due_at,
            "{label}: the timer keeps its due time"
        );
        let history = store.history(&ids[0]).await.unwrap();
        let migration = history
            .iter()
            .find(|e| matches!(e.kind, EventKind::InstanceMigrated { .. }))
            .expect("recorded");
        assert_eq!(migration.actor.as_deref(), Some("admin"), "{label}");
        assert_eq!(migration.at, Timestamp(T0.0 + 60_000), "{label}");

        // The migrated instance runs on: task, timer, join, then v2's new task `c`.
        let task = todo
            .iter()
            .find(|r| r.instance.instance_id == ids[0])
            .unwrap();
        let complete = Command::Complete {
            task_id: task.task_id.clone(),
            variables: vars(json!({})),
            comment: None,
            next_assignees: vec![],
            copy_to: vec![],
        };
        store.execute(complete, Some("u")).await.unwrap();
        let executor = JobExecutor::new(store.clone(), "x");
        assert_eq!(
            executor.run_once(Timestamp(T0.0 + HOUR)).await.unwrap().ran,
            2
        );
        let state = store.instance(&ids[0]).await.unwrap();
        let open: Vec<_> = state.tasks.values().map(|t| t.node.as_str()).collect();
        assert_eq!(open, ["c"], "{label}");
        db.remove().await;
    }
}

#[tokio::test]
async fn refusals_are_reported_per_instance_and_change_nothing() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        let v1 = deploy(&store, &version("a", false)).await;
        let running = store.execute(start(), Some("s")).await.unwrap().instance_id;
        let ended = store.execute(start(), Some("s")).await.unwrap().instance_id;
        let cancel = Command::Cancel {
            instance_id: ended.clone(),
            comment: None,
        };
        store.execute(cancel, Some("s")).await.unwrap();
        let v2 = deploy(&store, &version("a2", false)).await;

        let ids = vec![running.clone(), ended.clone(), "missing".to_string()];
        let results = store
            .migrate_instances(&v1, &v2, &NodeMapping::new(), Some(&ids), "admin")
            .await
            .unwrap();
        assert_eq!(results.len(), 3);
        assert!(results.iter().all(|r| !r.migrated), "{label}: {results:?}");
        let error = |i: usize| results[i].error.clone().unwrap_or_default();
        assert!(
            error(0).contains("active node 'a'"),
            "{label}: {}",
            error(0)
        );
        assert!(error(1).contains("ended"), "{label}: {}", error(1));
        assert!(error(2).contains("not found"), "{label}: {}", error(2));
        let state = store.instance(&running).await.unwrap();
        assert_eq!(state.definition_id, v1, "{label}: nothing moved");

        // One instance refused, the other moved: each is its own transaction.
        let second = store.execute(start(), Some("s")).await.unwrap();
        assert!(second.instance_id != running);
        let v3 = deploy(&store, &version("a", false)).await;
        let ids = vec![running.clone(), "missing".to_string()];
        let results = store
            .migrate_instances(&v1, &v3, &NodeMapping::new(), Some(&ids), "admin")
            .await
            .unwrap();
        assert!(
            results[0].migrated && !results[1].migrated,
            "{label}: {results:?}"
        );

        let other = deploy(
            &store,
            &version("a", false).replace(r#"process id="p""#, r#"process id="q""#),
        )
        .await;
        let whole = store
            .migrate_instances(&v3, &other, &NodeMapping::new(), None, "admin")
            .await
            .unwrap_err();
        assert!(
            whole.to_string().contains("is process 'q'"),
            "{label}: {whole}"
        );
        let missing = store
            .migrate_instances("nope", &v3, &NodeMapping::new(), None, "admin")
            .await
            .unwrap_err();
        assert!(
            matches!(missing, StoreError::NotFound { .. }),
            "{label}: {missing}"
        );
        db.remove().await;
    }
}
