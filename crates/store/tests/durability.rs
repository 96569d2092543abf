//! Definitions, restarts, call activities and query plans.

mod common;

use std::sync::Arc;

use common::{databases, model, vars, T0};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, InstanceStatus, ManualClock};
use woc_store::{DefinitionFilter, Paging, SqlStore, StartedFilter, StoreError};

fn leave(name: &str) -> String {
    model(&format!(
        r#"<process id="leave" name="{name}" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="approve" flowable:candidateGroups="managers"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
          <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
        </process>"#
    ))
}

fn start(definition: DefinitionRef) -> Command {
    Command::Start {
        definition,
        business_key: Some("WO-1".into()),
        variables: vars(json!({})),
        parent: None,
        start_event: None,
    }
}

#[tokio::test]
async fn new_versions_leave_running_instances_alone() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        let v1 = store.deploy(&leave("Leave"), Some("hr")).await.unwrap();
        assert_eq!((v1.len(), v1[0].version), (1, 1));
        assert!(v1[0].id.starts_with("leave:1:"));
        let first = store
            .execute(start(DefinitionRef::Key("leave".into())), Some("a"))
            .await
            .unwrap();
        let v2 = store.deploy(&leave("Leave v2"), Some("hr")).await.unwrap();
        assert_eq!(v2[0].version, 2);
        let second = store
            .execute(start(DefinitionRef::Key("leave".into())), Some("a"))
            .await
            .unwrap();
        let first_state = store.instance(&first.instance_id).await.unwrap();
        let second_state = store.instance(&second.instance_id).await.unwrap();
        assert_eq!(first_state.definition_id, v1[0].id, "{}", db.label);
        assert_eq!(second_state.definition_id, v2[0].id);

        let list = store
            .definitions(&DefinitionFilter::default(), Paging::default())
            .await
            .unwrap();
        assert_eq!(
            (list.total, list.rows[0].version),
            (1, 2),
            "{}: latest per key",
            db.label
        );
        let by_name = DefinitionFilter {
            name: Some("v2".into()),
            ..Default::default()
        };
        assert_eq!(
            store
                .definitions(&by_name, Paging::default())
                .await
                .unwrap()
                .total,
            1
        );
        let other = DefinitionFilter {
            category: Some("finance".into()),
            ..Default::default()
        };
        assert_eq!(
            store
                .definitions(&other, Paging::default())
                .await
                .unwrap()
                .total,
            0
        );
        assert!(store
            .definition_xml(&v1[0].id)
            .await
            .unwrap()
            .contains("<process id=\"leave\""));

        store.suspend_definition(&v2[0].id).await.unwrap();
        assert!(store.definition(&v2[0].id).await.unwrap().suspended);
        let refused = store
            .execute(start(DefinitionRef::Key("leave".into())), Some("a"))
            .await;
        assert!(
            matches!(refused, Err(StoreError::Engine(_))),
            "{}",
            db.label
        );
        // Running instances of a suspended definition go on.
        let task = second_state.tasks.keys().next().unwrap().clone();
        let done = store
            .execute(
                Command::Complete {
                    task_id: task,
                    variables: Default::default(),
                    comment: None,
                    next_assignees: vec![],
                    copy_to: vec![],
                },
                Some("m"),
            )
            .await
            .unwrap();
        assert_eq!(done.status, InstanceStatus::Completed);
        store.activate_definition(&v2[0].id).await.unwrap();
        store
            .execute(start(DefinitionRef::Id(v1[0].id.clone())), Some("a"))
            .await
            .unwrap();
        assert!(matches!(
            store.suspend_definition("missing").await,
            Err(StoreError::NotFound { .. })
        ));
        db.remove().await;
    }
}

#[tokio::test]
async fn lists_survive_a_restart() {
    for db in databases().await {
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&leave("Leave"), None).await.unwrap();
        for i in 0..5 {
            clock.advance(1_000);
            store
                .execute(
                    start(DefinitionRef::Key("leave".into())),
                    Some(&format!("u{}", i % 2)),
                )
                .await
                .unwrap();
        }
        let groups = vec!["managers".to_string()];
        let before = store.todo("m", &groups, Paging::default()).await.unwrap();
        let started = store
            .started_by("u0", &StartedFilter::default(), Paging::default())
            .await
            .unwrap();
        assert_eq!((before.total, started.total), (5, 3), "{}", db.label);
        // Newest first.
        assert!(before
            .rows
            .windows(2)
            .all(|w| w[0].created_at >= w[1].created_at));
        let page2 = store
            .todo("m", &groups, Paging { page: 2, size: 2 })
            .await
            .unwrap();
        assert_eq!((page2.total, page2.rows.len()), (5, 2));
        assert_eq!(page2.rows[0].task_id, before.rows[2].task_id);
        store.db().close().await;
        drop(store);

        let reopened = SqlStore::new(db.connect().await, clock.clone());
        let after = reopened
            .todo("m", &groups, Paging::default())
            .await
            .unwrap();
        assert_eq!(
            after, before,
            "{}: same todo list after reconnecting",
            db.label
        );
        let detail = reopened
            .instance_detail(&after.rows[0].instance.instance_id)
            .await
            .unwrap();
        assert_eq!(detail.active_nodes, vec!["approve"]);
        assert!(!detail.history.is_empty());
        // The reopened store parses the definition again (cold cache) to run a command.
        let complete = Command::Complete {
            task_id: after.rows[0].task_id.clone(),
            variables: Default::default(),
            comment: None,
            next_assignees: vec![],
            copy_to: vec![],
        };
        let done = reopened.execute(complete, Some("m")).await.unwrap();
        assert_eq!(done.status, InstanceStatus::Completed, "{}", db.label);
        reopened.db().close().await;
        db.remove().await;
    }
}

fn parent_and_child() -> String {
    model(
        r#"<process id="parent" isExecutable="true">
          <startEvent id="start"/>
          <callActivity id="call" calledElement="child"/>
          <userTask id="after" flowable:assignee="p"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
          <sequenceFlow id="f2" sourceRef="call" targetRef="after"/>
          <sequenceFlow id="f3" sourceRef="after" targetRef="end"/>
        </process>
        <process id="child" isExecutable="true">
          <startEvent id="cstart"/>
          <userTask id="inner" flowable:assignee="c"/>
          <endEvent id="cend"/>
          <sequenceFlow id="c1" sourceRef="cstart" targetRef="inner"/>
          <sequenceFlow id="c2" sourceRef="inner" targetRef="cend"/>
        </process>"#,
    )
}

#[tokio::test]
async fn call_activities_start_and_resume_through_follow_up_commands() {
    for db in databases().await {
        let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
        assert_eq!(
            store.deploy(&parent_and_child(), None).await.unwrap().len(),
            2
        );
        let parent = store
            .execute(start(DefinitionRef::Key("parent".into())), Some("a"))
            .await
            .unwrap()
            .instance_id;
        let todo = store.todo("c", &[], Paging::default()).await.unwrap();
        assert_eq!(todo.total, 1, "{}: the child's task", db.label);
        let child = todo.rows[0].instance.instance_id.clone();
        assert_ne!(child, parent);
        store
            .execute(
                Command::Complete {
                    task_id: todo.rows[0].task_id.clone(),
                    variables: vars(json!({"answer": 42})),
                    comment: None,
                    next_assignees: vec![],
                    copy_to: vec![],
                },
                Some("c"),
            )
            .await
            .unwrap();
        assert_eq!(
            store.instance(&child).await.unwrap().status,
            InstanceStatus::Completed
        );
        let parent_state = store.instance(&parent).await.unwrap();
        let open: Vec<&str> = parent_state
            .tasks
            .values()
            .map(|t| t.node.as_str())
            .collect();
        assert_eq!(open, vec!["after"], "{}", db.label);

        // Cancelling a parent cancels the child it waits for.
        let second = store
            .execute(start(DefinitionRef::Key("parent".into())), Some("a"))
            .await
            .unwrap()
            .instance_id;
        let child = store.todo("c", &[], Paging::default()).await.unwrap().rows[0]
            .instance
            .instance_id
            .clone();
        store
            .execute(
                Command::Cancel {
                    instance_id: second,
                    comment: None,
                },
                Some("a"),
            )
            .await
            .unwrap();
        assert_eq!(
            store.instance(&child).await.unwrap().status,
            InstanceStatus::Canceled
        );
        assert_eq!(
            store.todo("c", &[], Paging::default()).await.unwrap().total,
            0
        );
        db.remove().await;
    }
}

#[tokio::test]
async fn the_todo_query_searches_indexes() {
    let db = databases().await.remove(0);
    let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
    let plan = store
        .todo_query_plan("m", &["managers".to_string(), "hr".to_string()])
        .await
        .unwrap();
    let text = plan.join("\n");
    for index in ["open_tasks_assignee", "task_candidates_value"] {
        assert!(text.contains(index), "{index} not used:\n{text}");
    }
    // The page merges the branches' ordered index reads: no branch is read whole and sorted
    // (the one sort left orders the page's own rows after their joins).
    assert!(text.contains("MERGE (UNION)"), "no merge:\n{text}");
    let sorts = plan
        .iter()
        .filter(|line| line.contains("TEMP B-TREE"))
        .count();
    assert_eq!(sorts, 1, "sorts beyond the page's own:\n{text}");
    // The count reads the counters by key: the user's routes, then their offers' numbers.
    for search in [
        "SEARCH r USING PRIMARY KEY (route=?)",
        "SEARCH o USING INTEGER PRIMARY KEY (rowid=?)",
    ] {
        assert!(
            plan.iter().any(|line| line.starts_with(search)),
            "{search} missing:\n{text}"
        );
    }
    let tables = [
        "open_tasks",
        "task_candidates",
        "process_instances",
        "todo_offers",
        "todo_offer_routes",
    ];
    // pd, su, sd, au, ad: the name joins (definition, starter, assignee, departments);
    // r and o in the count: the routes and the counters.
    for alias in tables
        .iter()
        .chain(&["t", "c", "o", "i", "r", "pd", "su", "sd", "au", "ad"])
    {
        let scan = format!("SCAN {alias}");
        assert!(
            !plan
                .iter()
                .any(|line| line == &scan || line.starts_with(&format!("{scan} "))),
            "full scan of {alias}:\n{text}"
        );
    }
    db.remove().await;
}

/// With filters the todo page still merges the branches' ordered index reads (each task read
/// is tested by primary-key searches), and the counted total searches indexes too.
#[tokio::test]
async fn the_filtered_todo_query_searches_indexes() {
    let db = databases().await.remove(0);
    let store = SqlStore::new(db.connect().await, Arc::new(ManualClock::new(T0)));
    let filter = StartedFilter {
        process_name: Some("报修".into()),
        started_from: Some(T0.0),
        started_to: Some(T0.0 + 86_400_000),
        ..StartedFilter::default()
    };
    let plan = store
        .todo_matching_query_plan("m", &["managers".to_string(), "hr".to_string()], &filter)
        .await
        .unwrap();
    let text = plan.join("\n");
    for index in ["open_tasks_assignee", "task_candidates_value"] {
        assert!(text.contains(index), "{index} not used:\n{text}");
    }
    assert!(text.contains("MERGE (UNION)"), "no merge:\n{text}");
    // The page (before the count's `n`) sorts only its own rows; the count's UNION may sort.
    let page_sorts = plan
        .iter()
        .take_while(|line| !line.starts_with("CO-ROUTINE n"))
        .filter(|line| line.contains("TEMP B-TREE"))
        .count();
    assert_eq!(page_sorts, 1, "sorts beyond the page's own:\n{text}");
    for alias in [
        "open_tasks",
        "task_candidates",
        "process_instances",
        "process_definitions",
        "t",
        "c",
        "o",
        "ft",
        "i",
        "pd",
    ] {
        let scan = format!("SCAN {alias}");
        assert!(
            !plan
                .iter()
                .any(|line| line == &scan || line.starts_with(&format!("{scan} "))),
            "full scan of {alias}:\n{text}"
        );
    }
    db.remove().await;
}

fn offered() -> String {
    model(
        r#"<process id="offered" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="t" flowable:assignee="${assignee}" flowable:candidateUsers="${users}"
                    flowable:candidateGroups="${groups}"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="t"/>
          <sequenceFlow id="f2" sourceRef="t" targetRef="end"/>
        </process>"#,
    )
}

/// Starts one `offered` instance per (assignee, candidate users, candidate groups), a second
/// apart, so the tasks are created in this order; returns their task ids.
async fn start_offered(
    store: &SqlStore,
    clock: &ManualClock,
    offers: &[(&str, &str, &str)],
) -> Vec<String> {
    let mut tasks = Vec::new();
    for (assignee, users, groups) in offers {
        clock.advance(1_000);
        let started = store
            .execute(
                Command::Start {
                    definition: DefinitionRef::Key("offered".into()),
                    business_key: None,
                    variables: vars(json!({
                        "assignee": assignee, "users": users, "groups": groups
                    })),
                    parent: None,
                    start_event: None,
                },
                Some("s"),
            )
            .await
            .unwrap();
        tasks.push(started.new_tasks[0].clone());
    }
    tasks
}

/// A user in hundreds of groups (more than SQLite takes as parts of one compound SELECT)
/// still gets their list, newest first, with its total.
#[tokio::test]
async fn the_todo_list_serves_a_user_in_six_hundred_groups() {
    for db in databases().await {
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&offered(), None).await.unwrap();
        let tasks = start_offered(
            &store,
            &clock,
            &[
                ("m", "", ""),
                ("", "", "g599"),
                ("", "z", "elsewhere"),
                ("", "", "g5,g7"),
                ("", "m", "g300"),
            ],
        )
        .await;
        let groups: Vec<String> = (0..600).map(|i| format!("g{i}")).collect();
        let page = store
            .todo("m", &groups, Paging { page: 1, size: 3 })
            .await
            .unwrap();
        let ids: Vec<&str> = page.rows.iter().map(|r| r.task_id.as_str()).collect();
        let newest: Vec<&str> = [4, 3, 1].iter().map(|&i| tasks[i].as_str()).collect();
        assert_eq!((ids, page.total), (newest, 4), "{}", db.label);
        let second = store
            .todo("m", &groups, Paging { page: 2, size: 3 })
            .await
            .unwrap();
        assert_eq!(second.rows.len(), 1, "{}", db.label);
        assert_eq!(second.rows[0].task_id, tasks[0], "{}", db.label);
        // Narrowed by a filter every instance matches: the same page, its total counted.
        let every = StartedFilter {
            started_from: Some(0),
            ..StartedFilter::default()
        };
        let narrowed = store
            .todo_matching("m", &groups, &every, Paging { page: 1, size: 3 })
            .await
            .unwrap();
        let ids: Vec<&str> = narrowed.rows.iter().map(|r| r.task_id.as_str()).collect();
        let newest: Vec<&str> = [4, 3, 1].iter().map(|&i| tasks[i].as_str()).collect();
        assert_eq!((ids, narrowed.total), (newest, 4), "{}", db.label);
        let none = StartedFilter {
            process_name: Some("no such process".into()),
            ..StartedFilter::default()
        };
        let empty = store
            .todo_matching("m", &groups, &none, Paging { page: 1, size: 3 })
            .await
            .unwrap();
        assert_eq!((empty.rows.len(), empty.total), (0, 0), "{}", db.label);
        db.remove().await;
    }
}

/// The todo list's total and pages agree whichever way a task reaches the user: assigned,
/// offered to them and to two of their groups at once (counted once), offered to a group
/// named twice in their group list, claimed away and given back.
#[tokio::test]
async fn the_todo_list_counts_each_task_once_and_follows_claims() {
    for db in databases().await {
        let clock = Arc::new(ManualClock::new(T0));
        let store = SqlStore::new(db.connect().await, clock.clone());
        store.deploy(&offered(), None).await.unwrap();
        let tasks = start_offered(
            &store,
            &clock,
            &[
                ("m", "", ""),
                ("", "m,z", "managers,hr"),
                ("", "", "hr"),
                ("", "", "managers"),
                ("", "z", ""),
                ("z", "m", "hr"),
            ],
        )
        .await;
        let groups: Vec<String> = ["managers", "hr", "managers"].map(String::from).to_vec();
        let list = |size: u32, page: u32| {
            let store = store.clone();
            let groups = groups.clone();
            async move {
                let page = store
                    .todo("m", &groups, Paging { page, size })
                    .await
                    .unwrap();
                let ids: Vec<String> = page.rows.into_iter().map(|r| r.task_id).collect();
                (ids, page.total)
            }
        };
        let newest_first = |ids: &[usize]| ids.iter().map(|&i| tasks[i].clone()).collect();
        let mine: Vec<String> = newest_first(&[3, 2, 1, 0]);
        assert_eq!(list(20, 1).await, (mine.clone(), 4), "{}", db.label);
        assert_eq!(list(3, 1).await, (mine[..3].to_vec(), 4), "{}", db.label);
        assert_eq!(list(3, 2).await, (mine[3..].to_vec(), 4), "{}", db.label);
        assert_eq!(store.todo_total("m", &groups).await.unwrap(), 4);

        let claim = Command::Claim {
            task_id: tasks[3].clone(),
        };
        store.execute(claim, Some("y")).await.unwrap();
        assert_eq!(
            list(20, 1).await,
            (newest_first(&[2, 1, 0]), 3),
            "{}",
            db.label
        );
        assert_eq!(store.todo_total("m", &groups).await.unwrap(), 3);
        let unclaim = Command::Unclaim {
            task_id: tasks[3].clone(),
        };
        store.execute(unclaim, Some("y")).await.unwrap();
        assert_eq!(list(20, 1).await, (mine, 4), "{}", db.label);
        assert_eq!(
            store.todo("m", &[], Paging::default()).await.unwrap().total,
            2
        );
        db.remove().await;
    }
}
