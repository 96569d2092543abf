//! The todo list's exact total comes from counters (`todo_offers`, `todo_offer_routes`) that each
//! command keeps in its own transaction. Whatever the command, the counters must equal the open
//! tasks they count (`common::todo_counter_drift`, recomputed from scratch), and every user's
//! total must equal a brute-force count of the open tasks and the length of their whole list.
//! The migration's backfill must build the same counters as the Rust code. Random commands:
//! `todo_counts_random.rs`.

mod common;

use std::sync::Arc;

use common::todo::{check, complete, countersign, offer, offered, start, VIEWERS};
use common::{assert_todo_counters, databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, InstanceStatus, ManualClock, NodeMapping};
use woc_store::db::Db;
use woc_store::{with_pool, Paging, SqlStore};

fn parent_and_child() -> String {
    model(
        r#"<process id="parent" isExecutable="true">
          <startEvent id="start"/>
          <callActivity id="call" calledElement="child"/>
          <userTask id="after" flowable:candidateUsers="m,z"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
          <sequenceFlow id="f2" sourceRef="call" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>
        <process id="child" isExecutable="true">
          <startEvent id="cstart"/>
          <userTask id="inner" flowable:candidateGroups="hr"/>
          <endEvent id="cend"/>
          <sequenceFlow id="c1" sourceRef="cstart" targetRef="inner"/>
          <sequenceFlow id="c2" sourceRef="inner" targetRef="cend"/>
        </process>"#,
    )
}

/// The open task of `instance` at `node`.
async fn task_at(store: &SqlStore, instance: &str, node: &str) -> String {
    let state = store.instance(instance).await.expect("instance");
    state
        .tasks
        .values()
        .find(|t| t.node == node)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| panic!("no open task at {node} of {instance}"))
}

#[tokio::test]
async fn the_total_follows_every_kind_of_command() {
    for db in databases().await {
        let label = db.label;
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        let v1 = store.deploy(&offer("first"), None).await.unwrap()[0]
            .id
            .clone();
        store.deploy(&countersign(), None).await.unwrap();
        store.deploy(&parent_and_child(), None).await.unwrap();
        let run = |command: Command, actor: &'static str| {
            let store = store.clone();
            let clock = clock.clone();
            async move {
                clock.advance(1_000);
                let what = format!("{label}: {command:?} by {actor}");
                let outcome = store
                    .execute(command, Some(actor))
                    .await
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                check(&store, &what).await;
                outcome
            }
        };
        check(&store, &format!("{label}: empty")).await;

        // Started: assigned, offered to users and groups in every mix, duplicates, byte
        // order traps (upper case, non-ASCII), and one offered to nobody.
        let mut ids = Vec::new();
        for (assignee, users, groups) in [
            ("m", "", ""),
            ("", "m,z", "managers,hr"),
            ("", "", "hr"),
            ("", "z", ""),
            ("z", "m", "hr"),
            ("", "", ""),
            ("", "y, y ,Y,émile", "hr,hr,B-team,b-team"),
            ("s", "", ""),
        ] {
            let started = run(offered(assignee, users, groups), "s").await;
            ids.push(started.instance_id);
        }
        let first = |i: usize| task_at(&store, &ids[i], "first");

        let claim = Command::Claim {
            task_id: first(1).await,
        };
        run(claim, "z").await;
        let unclaim = Command::Unclaim {
            task_id: first(1).await,
        };
        run(unclaim, "z").await;
        let delegate = Command::Delegate {
            task_id: first(0).await,
            to: "y".into(),
            comment: None,
        };
        run(delegate, "m").await;
        let resolve = Command::Resolve {
            task_id: first(0).await,
            variables: Default::default(),
            comment: None,
        };
        run(resolve, "y").await;
        let transfer = Command::Transfer {
            task_id: first(4).await,
            to: "boss".into(),
            comment: None,
        };
        run(transfer, "z").await;
        run(complete(&first(0).await), "m").await;
        let back = Command::Return {
            task_id: task_at(&store, &ids[0], "second").await,
            target_node: "first".into(),
            comment: None,
        };
        run(back, "m").await;
        let reject = Command::Reject {
            task_id: first(3).await,
            comment: None,
        };
        run(reject, "z").await;
        let cancel = Command::Cancel {
            instance_id: ids[2].clone(),
            comment: None,
        };
        run(cancel, "s").await;
        // The starter completed the first task; withdrawing takes the second back to it.
        run(complete(&first(7).await), "s").await;
        let withdraw = Command::Withdraw {
            instance_id: ids[7].clone(),
            comment: None,
        };
        run(withdraw, "s").await;
        let jump = Command::Jump {
            instance_id: ids[1].clone(),
            target_node: "second".into(),
            from_task: None,
            comment: None,
        };
        run(jump, "admin").await;

        // A suspended instance's tasks stay on the list (the list does not filter on the
        // instance's status), so they stay counted.
        let before: Vec<u64> = totals(&store).await;
        let suspend = Command::Suspend {
            instance_id: ids[6].clone(),
        };
        let outcome = run(suspend, "admin").await;
        assert_eq!(outcome.status, InstanceStatus::Suspended, "{label}");
        assert_eq!(
            totals(&store).await,
            before,
            "{label}: suspended still listed"
        );
        let activate = Command::Activate {
            instance_id: ids[6].clone(),
        };
        run(activate, "admin").await;

        let assign = Command::Assign {
            task_id: first(5).await,
            assignee: None,
            candidate_users: vec!["a".into(), "Y".into()],
        };
        run(assign, "admin").await;
        let assign = Command::Assign {
            task_id: first(5).await,
            assignee: Some("émile".into()),
            candidate_users: vec![],
        };
        run(assign, "admin").await;
        let delete = Command::DeleteTask {
            task_id: first(6).await,
            reason: None,
        };
        run(delete, "admin").await;
        let set = Command::SetVariables {
            instance_id: ids[6].clone(),
            variables: vars(json!({"x": 1})),
        };
        run(set, "admin").await;

        // Multi-instance: one task per signer, signers added and removed.
        let signed = run(start("sign", json!({"signers": ["a", "boss"]})), "s").await;
        let any = task_at(&store, &signed.instance_id, "countersign").await;
        let add = Command::AddSigners {
            task_id: any.clone(),
            users: vec!["m".into(), "z".into()],
        };
        run(add, "admin").await;
        let remove = Command::RemoveSigner {
            task_id: any,
            user: "z".into(),
        };
        run(remove, "admin").await;
        let terminate = Command::Terminate {
            instance_id: signed.instance_id,
            reason: None,
        };
        run(terminate, "admin").await;

        // A call activity: the child's task comes from a follow-up command, and completing
        // it resumes the parent in another.
        let parent = run(start("parent", json!({})), "s").await;
        let child_task = store
            .todo("y", &["hr".into()], Paging { page: 1, size: 100 })
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|r| r.task_def_key == "inner")
            .expect("the child's task")
            .task_id;
        run(complete(&child_task), "y").await;
        task_at(&store, &parent.instance_id, "after").await;

        // Migration to a new version renames the first task (the task is rewritten).
        let v2 = store.deploy(&offer("first2"), None).await.unwrap()[0]
            .id
            .clone();
        let mapping: NodeMapping = [("first".to_string(), "first2".to_string())]
            .into_iter()
            .collect();
        let migrated = store
            .migrate_instances(&v1, &v2, &mapping, None, "admin")
            .await
            .unwrap();
        assert!(migrated.iter().all(|r| r.migrated), "{label}: {migrated:?}");
        check(&store, &format!("{label}: migrated")).await;

        // Finish everything: every list empties and every counter falls to zero.
        loop {
            let open: Vec<(String, Option<String>)> = with_pool!(store.db(), |pool| {
                sqlx::query_as("SELECT task_id, assignee FROM open_tasks ORDER BY task_id")
                    .fetch_all(pool)
                    .await
                    .unwrap()
            });
            let Some((task, assignee)) = open.into_iter().next() else {
                break;
            };
            let command = Command::DeleteTask {
                task_id: task,
                reason: assignee,
            };
            run(command, "admin").await;
        }
        assert_eq!(totals(&store).await, vec![0; VIEWERS.len()], "{label}");
        let left: i64 = with_pool!(store.db(), |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM todo_offers WHERE open_tasks <> 0")
                .fetch_one(pool)
                .await
                .unwrap()
        });
        assert_eq!(left, 0, "{label}: every counter back to zero");
        db.remove().await;
    }
}

async fn totals(store: &SqlStore) -> Vec<u64> {
    let mut totals = Vec::new();
    for (user, groups) in VIEWERS {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        totals.push(store.todo_total(user, &groups).await.unwrap());
    }
    totals
}

/// The counters' rows that count something: (signature, open tasks) and (route, signature)
/// for those signatures, sorted here (byte order, whatever the database's collation).
async fn counters(db: &Db) -> (Vec<(String, i64)>, Vec<(String, String)>) {
    with_pool!(db, |pool| {
        let mut offers: Vec<(String, i64)> =
            sqlx::query_as("SELECT signature, open_tasks FROM todo_offers WHERE open_tasks <> 0")
                .fetch_all(pool)
                .await
                .unwrap();
        let routes = format!(
            "SELECT v.route, v.signature FROM ({}) v \
             JOIN todo_offers o ON o.signature = v.signature WHERE o.open_tasks <> 0",
            common::route_signatures(db)
        );
        let mut routes: Vec<(String, String)> =
            sqlx::query_as(&routes).fetch_all(pool).await.unwrap();
        offers.sort();
        routes.sort();
        (offers, routes)
    })
}

/// The statements of the migration that fill the counters from the open tasks.
fn backfill(db: &Db) -> &'static str {
    let migration = match db {
        Db::Sqlite(_) => {
            include_str!("../../../migrations/sqlite/20261203000100_todo_offer_numbers.sql")
        }
        Db::Postgres(_) => {
            include_str!("../../../migrations/postgres/20261130000700_todo_offers.sql")
        }
    };
    let at = migration
        .find("-- Backfill")
        .expect("the backfill's marker");
    &migration[at..]
}

#[tokio::test]
async fn the_migration_backfills_what_the_commands_maintain() {
    for db in databases().await {
        let label = db.label;
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        store.deploy(&offer("first"), None).await.unwrap();
        // Orders where byte order differs from a natural-language collation, duplicates,
        // a user and a group of the same name, assigned tasks with candidates.
        let mut tasks = Vec::new();
        for (assignee, users, groups) in [
            ("m", "", ""),
            ("m", "z", "hr"),
            ("", "b,B,a,A", ""),
            ("", "émile,zoe,Émile,e", "hr"),
            ("", "hr", "hr,Hr,_x,-y,0"),
            ("", "m,z", "managers,hr"),
            ("", "z,m", "hr,managers,hr"),
            ("", "", "managers"),
            ("", "", "managers"),
            ("", "", ""),
        ] {
            let started = store
                .execute(offered(assignee, users, groups), Some("s"))
                .await
                .unwrap();
            tasks.push(started.new_tasks[0].clone());
        }
        // m's first task moves on to the second, offered to two groups.
        store.execute(complete(&tasks[0]), Some("m")).await.unwrap();
        let maintained = counters(store.db()).await;
        assert_eq!(maintained.0.len(), 7, "{label}: {maintained:?}");

        if let Db::Postgres(pool) = store.db() {
            // Candidates in a natural-language collation (where `Hr` < `_x` and `é` < `z`),
            // when the server has ICU: the backfill must still order bytewise, as Rust does.
            let icu: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu')",
            )
            .fetch_one(pool)
            .await
            .unwrap();
            if icu {
                sqlx::query(
                    r#"ALTER TABLE task_candidates ALTER COLUMN value TYPE TEXT COLLATE "und-x-icu""#,
                )
                .execute(pool)
                .await
                .unwrap();
            }
        }
        with_pool!(store.db(), |pool| {
            sqlx::raw_sql("DELETE FROM todo_offers; DELETE FROM todo_offer_routes;")
                .execute(pool)
                .await
                .unwrap();
            sqlx::raw_sql(backfill(store.db()))
                .execute(pool)
                .await
                .unwrap();
        });
        assert_eq!(counters(store.db()).await, maintained, "{label}");
        assert_todo_counters(store.db(), label).await;
        db.remove().await;
    }
}
