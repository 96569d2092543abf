//! The todo-counter tests' models, commands and the check that the counters, each viewer's
//! total, a brute-force count and the whole list all agree (tests/todo_counts*.rs).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};
use woc_engine::{Command, DefinitionRef};
use woc_store::db::Db;
use woc_store::{with_pool, Paging, SqlStore, StartedFilter};

use super::{assert_todo_counters, model, vars};
/// Who looks at their list after every step: (user, their groups). Groups repeat on purpose.
pub const VIEWERS: &[(&str, &[&str])] = &[
    ("m", &["managers", "hr", "managers"]),
    ("z", &[]),
    ("y", &["hr"]),
    ("Y", &["B-team"]),
    ("boss", &["b-team"]),
    ("a", &["managers"]),
    ("s", &[]),
    ("émile", &["hr", "b-team"]),
];

/// A task offered by variables, then one offered to the same users and two fixed groups.
pub fn offer(first: &str) -> String {
    model(&format!(
        r#"<process id="offer" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="{first}" flowable:assignee="${{assignee}}"
            flowable:candidateUsers="${{users}}" flowable:candidateGroups="${{groups}}"/>
          <userTask id="second" flowable:candidateUsers="${{users}}"
            flowable:candidateGroups="hr,managers"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="{first}"/>
          <sequenceFlow id="f2" sourceRef="{first}" targetRef="second"/>
          <sequenceFlow id="f3" sourceRef="second" targetRef="end"/>
        </process>"#
    ))
}

pub fn countersign() -> String {
    model(
        r#"<process id="sign" isExecutable="true">
          <startEvent id="start"/>
          <userTask id="countersign" flowable:assignee="${signer}">
            <multiInstanceLoopCharacteristics isSequential="false"
              flowable:collection="signers" flowable:elementVariable="signer"/>
          </userTask>
          <userTask id="done" flowable:candidateGroups="managers"/>
          <endEvent id="end"/>
          <sequenceFlow id="f1" sourceRef="start" targetRef="countersign"/>
          <sequenceFlow id="f2" sourceRef="countersign" targetRef="done"/>
          <sequenceFlow id="f3" sourceRef="done" targetRef="end"/>
        </process>"#,
    )
}

pub fn start(key: &str, variables: Value) -> Command {
    Command::Start {
        definition: DefinitionRef::Key(key.into()),
        business_key: None,
        variables: vars(variables),
        parent: None,
        start_event: None,
    }
}

pub fn offered(assignee: &str, users: &str, groups: &str) -> Command {
    start(
        "offer",
        json!({"assignee": assignee, "users": users, "groups": groups}),
    )
}

pub fn complete(task_id: &str) -> Command {
    Command::Complete {
        task_id: task_id.into(),
        variables: Default::default(),
        comment: None,
        next_assignees: vec![],
        copy_to: vec![],
    }
}

/// How many open tasks `user` may act on, counted the slow way from the open tasks: assigned
/// to them, or unassigned with them or one of their groups as candidate.
pub async fn brute_force_total(db: &Db, user: &str, groups: &[String]) -> i64 {
    let mut sql = String::from(
        "SELECT COUNT(*) FROM open_tasks o WHERE o.assignee = $1 OR (o.assignee IS NULL \
         AND EXISTS (SELECT 1 FROM task_candidates c WHERE c.task_id = o.task_id \
         AND ((c.kind = 'user' AND c.value = $1)",
    );
    for i in 0..groups.len() {
        sql.push_str(&format!(" OR (c.kind = 'group' AND c.value = ${})", i + 2));
    }
    sql.push_str(")))");
    with_pool!(db, |pool| {
        let mut query = sqlx::query_scalar::<_, i64>(&sql).bind(user);
        for group in groups {
            query = query.bind(group.as_str());
        }
        query.fetch_one(pool).await.expect("brute-force count")
    })
}

/// Every page of `user`'s list narrowed to the instances of `filter`, as task id -> process
/// key; each page's total must be `total`.
async fn whole_list(
    store: &SqlStore,
    user: &str,
    groups: &[String],
    filter: &StartedFilter,
    context: &str,
) -> (u64, BTreeMap<String, String>) {
    let mut listed = BTreeMap::new();
    let mut total = None;
    for page in 1.. {
        let page = store
            .todo_matching(user, groups, filter, Paging { page, size: 3 })
            .await
            .expect("todo");
        assert_eq!(
            *total.get_or_insert(page.total),
            page.total,
            "{context}: {user}'s total moved between pages ({filter:?})"
        );
        if page.rows.is_empty() {
            break;
        }
        listed.extend(
            page.rows
                .into_iter()
                .map(|r| (r.task_id, r.instance.process_key)),
        );
    }
    (total.unwrap_or_default(), listed)
}

/// The counters agree with the open tasks, and every viewer's total equals the brute-force
/// count and the number of distinct tasks their whole list shows, page by page. Narrowed to
/// one process key (the filtered statements and their counted total), the list is exactly
/// that key's part of the whole.
pub async fn check(store: &SqlStore, context: &str) {
    assert_todo_counters(store.db(), context).await;
    for (user, groups) in VIEWERS {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        let total = store.todo_total(user, &groups).await.expect("total");
        let brute = brute_force_total(store.db(), user, &groups).await;
        assert_eq!(total as i64, brute, "{context}: {user}'s total");
        let mut listed = BTreeSet::new();
        for page in 1.. {
            let page = store
                .todo(user, &groups, Paging { page, size: 3 })
                .await
                .expect("todo");
            assert_eq!(page.total, total, "{context}: {user}'s total in the page");
            if page.rows.is_empty() {
                break;
            }
            listed.extend(page.rows.into_iter().map(|r| r.task_id));
        }
        assert_eq!(
            listed.len() as u64,
            total,
            "{context}: {user}'s listed tasks"
        );
        let (_, whole) = whole_list(store, user, &groups, &StartedFilter::default(), context).await;
        let keys: BTreeSet<&String> = whole.values().collect();
        for key in keys.into_iter().map(String::as_str).chain(["no-such-key"]) {
            let filter = StartedFilter {
                process_key: Some(key.to_owned()),
                ..StartedFilter::default()
            };
            let (narrowed_total, narrowed) =
                whole_list(store, user, &groups, &filter, context).await;
            let expected: BTreeMap<String, String> = whole
                .iter()
                .filter(|(_, k)| k.as_str() == key)
                .map(|(t, k)| (t.clone(), k.clone()))
                .collect();
            assert_eq!(narrowed, expected, "{context}: {user}'s {key} tasks");
            assert_eq!(
                narrowed_total,
                expected.len() as u64,
                "{context}: {user}'s {key} total"
            );
        }
    }
}
