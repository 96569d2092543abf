//! Timer start events: scheduled at deployment, started by the job executor as the system,
//! cycles rescheduled, replaced by a newer version and removed by suspension.

mod common;

use std::sync::Arc;

use common::{databases, model, T0};
use woc_engine::{ManualClock, Timestamp};
use woc_store::{JobExecutor, Paging, SqlStore};

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

fn timer_start(key: &str, timer: &str) -> String {
    model(&format!(
        r#"<process id="{key}" isExecutable="true">
          <startEvent id="tick"><timerEventDefinition>{timer}</timerEventDefinition></startEvent>
          <userTask id="review" flowable:candidateGroups="ops"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="tick" targetRef="review"/>
          <sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
        </process>"#
    ))
}

/// Instances of `key` (each waits at its `review` task for group `ops`).
async fn instances_of(store: &SqlStore, key: &str) -> Vec<woc_engine::ProcessInstance> {
    let mut found = Vec::new();
    let todo = store
        .todo(
            "nobody",
            &["ops".to_string()],
            Paging { page: 1, size: 100 },
        )
        .await
        .unwrap();
    for row in todo.rows {
        if row.instance.process_key == key {
            found.push(store.instance(&row.instance.instance_id).await.unwrap());
        }
    }
    found
}

#[tokio::test]
async fn a_bounded_cycle_starts_three_instances_as_the_system_then_stops() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        let deployed = store
            .deploy(
                &timer_start("report", "<timeCycle>R3/PT10M</timeCycle>"),
                None,
            )
            .await
            .unwrap()
            .remove(0);
        let timers = store.start_timers().await.unwrap();
        assert_eq!(timers.len(), 1, "{label}");
        assert_eq!(
            timers[0].due_at,
            T0.0 + 10 * MINUTE,
            "{label}: first firing after one period"
        );
        assert_eq!(
            (timers[0].definition_id.as_str(), timers[0].node.as_str()),
            (deployed.id.as_str(), "tick")
        );
        let executor = JobExecutor::new(store.clone(), "x");

        assert_eq!(
            executor
                .run_once(Timestamp(T0.0 + 10 * MINUTE - 1))
                .await
                .unwrap()
                .started,
            0
        );
        for firing in 1..=3 {
            let at = Timestamp(T0.0 + firing * 10 * MINUTE);
            assert_eq!(
                executor.run_once(at).await.unwrap().started,
                1,
                "{label}: firing {firing}"
            );
        }
        assert!(
            store.start_timers().await.unwrap().is_empty(),
            "{label}: R3 is done"
        );
        assert_eq!(
            executor
                .run_once(Timestamp(T0.0 + 10 * HOUR))
                .await
                .unwrap()
                .started,
            0
        );
        let started = instances_of(&store, "report").await;
        assert_eq!(started.len(), 3, "{label}");
        for instance in &started {
            assert_eq!(instance.started_by, None, "{label}: the system started it");
            assert_eq!(instance.definition_id, deployed.id);
        }
        db.remove().await;
    }
}

#[tokio::test]
async fn an_unbounded_cycle_keeps_its_schedule_and_a_date_or_duration_fires_once() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store
            .deploy(
                &timer_start("hourly", "<timeCycle>R/PT1H</timeCycle>"),
                None,
            )
            .await
            .unwrap();
        store
            .deploy(
                &timer_start("once", "<timeDuration>PT30M</timeDuration>"),
                None,
            )
            .await
            .unwrap();
        // 2026-01-01T02:00:00Z
        store
            .deploy(
                &timer_start("dated", "<timeDate>2026-01-01T02:00:00Z</timeDate>"),
                None,
            )
            .await
            .unwrap();
        let executor = JobExecutor::new(store.clone(), "x");
        // A late turn fires each due timer once; the cycle's next firing stays on its grid.
        let turn = executor
            .run_once(Timestamp(T0.0 + HOUR + 5 * MINUTE))
            .await
            .unwrap();
        assert_eq!(turn.started, 2, "{label}: hourly and once");
        let mut timers = store.start_timers().await.unwrap();
        timers.sort_by(|a, b| a.process_key.cmp(&b.process_key));
        let keys: Vec<_> = timers
            .iter()
            .map(|t| (t.process_key.as_str(), t.due_at))
            .collect();
        assert_eq!(
            keys,
            [("dated", T0.0 + 2 * HOUR), ("hourly", T0.0 + 2 * HOUR)],
            "{label}"
        );
        assert_eq!(timers[1].remaining, None, "{label}: unbounded");
        let turn = executor.run_once(Timestamp(T0.0 + 2 * HOUR)).await.unwrap();
        assert_eq!(turn.started, 2, "{label}: hourly again and the date");
        let left: Vec<_> = store
            .start_timers()
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.process_key, t.due_at))
            .collect();
        assert_eq!(left, [("hourly".to_string(), T0.0 + 3 * HOUR)], "{label}");
        assert_eq!(instances_of(&store, "hourly").await.len(), 2);
        assert_eq!(instances_of(&store, "once").await.len(), 1);
        db.remove().await;
    }
}

#[tokio::test]
async fn a_newer_version_replaces_the_timer_and_suspension_removes_it() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        let v1 = store
            .deploy(
                &timer_start("report", "<timeCycle>R/PT1H</timeCycle>"),
                None,
            )
            .await
            .unwrap()
            .remove(0);
        clock.advance(10 * MINUTE);
        let v2 = store
            .deploy(
                &timer_start("report", "<timeCycle>R/PT2H</timeCycle>"),
                None,
            )
            .await
            .unwrap()
            .remove(0);
        let timers = store.start_timers().await.unwrap();
        assert_eq!(timers.len(), 1, "{label}: v1's timer is gone");
        assert_eq!(
            (timers[0].definition_id.as_str(), timers[0].due_at),
            (v2.id.as_str(), T0.0 + 10 * MINUTE + 2 * HOUR)
        );
        let executor = JobExecutor::new(store.clone(), "x");
        assert_eq!(
            executor
                .run_once(Timestamp(T0.0 + HOUR))
                .await
                .unwrap()
                .started,
            0,
            "{label}: v1 no longer fires"
        );

        store.suspend_definition(&v2.id).await.unwrap();
        assert!(
            store.start_timers().await.unwrap().is_empty(),
            "{label}: suspended"
        );
        assert_eq!(
            executor
                .run_once(Timestamp(T0.0 + 10 * HOUR))
                .await
                .unwrap()
                .started,
            0
        );
        // Activating an older version schedules nothing: only the latest starts on timers.
        store.suspend_definition(&v1.id).await.unwrap();
        store.activate_definition(&v1.id).await.unwrap();
        assert!(store.start_timers().await.unwrap().is_empty(), "{label}");
        clock.set(Timestamp(T0.0 + 10 * HOUR));
        store.activate_definition(&v2.id).await.unwrap();
        let timers = store.start_timers().await.unwrap();
        assert_eq!(timers.len(), 1, "{label}");
        assert_eq!(
            timers[0].due_at,
            T0.0 + 12 * HOUR,
            "{label}: from the activation"
        );

        // A newer version without any timer start still removes the old one's.
        let plain = model(
            r#"<process id="report" isExecutable="true"><startEvent id="s"/><endEvent id="e"/>
               <sequenceFlow id="f" sourceRef="s" targetRef="e"/></process>"#,
        );
        store.deploy(&plain, None).await.unwrap();
        assert!(store.start_timers().await.unwrap().is_empty(), "{label}");

        // No variables exist before the instance: an expression cannot be scheduled.
        let expression = timer_start("report", "<timeDuration>${delay}</timeDuration>");
        let refused = store.deploy(&expression, None).await.unwrap_err();
        assert!(refused.to_string().contains("'tick'"), "{label}: {refused}");
        let latest = store
            .definitions(&Default::default(), Paging { page: 1, size: 10 })
            .await
            .unwrap();
        assert_eq!(latest.rows[0].version, 3, "{label}: nothing deployed");
        db.remove().await;
    }
}
