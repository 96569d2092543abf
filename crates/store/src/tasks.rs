//! The open task rows and their candidates, kept equal to the instance state's tasks, and the
//! todo list's counters (`todo_offers`, `todo_offer_routes`) kept equal to those rows.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use woc_engine::Task;

use crate::db::Dialect;
use crate::statement::{Arg, Statement};

/// Statements (deletes, inserts) turning the stored open tasks `before` into `after`: changed
/// tasks are deleted with their candidates and inserted again, unchanged ones are left alone.
pub(crate) fn sync(
    before: &BTreeMap<String, Arc<Task>>,
    after: &BTreeMap<String, Arc<Task>>,
    dialect: Dialect,
) -> (Vec<Statement>, Vec<Statement>) {
    let gone: Vec<String> = before
        .iter()
        .filter(|(id, task)| after.get(*id) != Some(*task))
        .map(|(id, _)| id.clone())
        .collect();
    let fresh: Vec<&Task> = after
        .iter()
        .filter(|(id, task)| before.get(*id) != Some(*task))
        .map(|(_, task)| &**task)
        .collect();
    // Candidates first and explicitly: SQLite's task tables carry no foreign keys to cascade
    // (each check cost every command an index search); PostgreSQL's cascade finds them gone.
    let mut deletes = Statement::delete_in("task_candidates", "task_id", &gone);
    deletes.extend(Statement::delete_in("open_tasks", "task_id", &gone));
    let mut statements = Statement::insert(
        "INSERT INTO open_tasks (task_id, instance_id, node, name, assignee, owner, priority, \
         created_at, due_at) VALUES ",
        fresh.iter().map(|t| task_row(t)).collect(),
    );
    // A set per task: a model may name a candidate twice, the primary key may not. Each row
    // carries the task's creation time and whether it is unassigned, for the todo list's index.
    let candidates: Vec<Vec<Arg>> = fresh
        .iter()
        .flat_map(|t| {
            let users = t.candidate_users.iter().map(|u| ("user", u.as_str()));
            let groups = t.candidate_groups.iter().map(|g| ("group", g.as_str()));
            let unique: BTreeSet<(&str, &str)> = users.chain(groups).collect();
            unique.into_iter().map(|(kind, value)| {
                vec![
                    t.id.as_str().into(),
                    kind.into(),
                    value.into(),
                    t.created_at.0.into(),
                    t.assignee.is_none().into(),
                ]
            })
        })
        .collect();
    statements.extend(Statement::insert(
        "INSERT INTO task_candidates (task_id, kind, value, created_at, unassigned) VALUES ",
        candidates,
    ));
    // The todo counters follow the rows, at the head of the inserts (see `offer_counts`).
    let gone: Vec<&Task> = gone
        .iter()
        .filter_map(|id| before.get(id))
        .map(Borrow::borrow)
        .collect();
    statements.splice(0..0, offer_counts(&gone, &fresh, dialect));
    (deletes, statements)
}

/// Who an open task is offered to, as the todo list finds it: an assigned task by its assignee
/// only (`assignee:<id>`), an unassigned one by each of its candidate users (`user:<id>`) and
/// groups (`group:<key>`). The routes come sorted (byte order) and de-duplicated; `None` for an
/// unassigned task without candidates, which is on nobody's list.
fn offer_routes(task: &Task) -> Option<Vec<String>> {
    let routes: BTreeSet<String> = match &task.assignee {
        Some(assignee) => BTreeSet::from([route("assignee", assignee)]),
        None => task
            .candidate_users
            .iter()
            .map(|u| route("user", u))
            .chain(task.candidate_groups.iter().map(|g| route("group", g)))
            .collect(),
    };
    (!routes.is_empty()).then(|| routes.into_iter().collect())
}

/// One way a task reaches a user: `assignee`, `user` (candidate user) or `group` (candidate
/// group), and the user id or group key; the same text in `todo_offer_routes.route` and in
/// the todo count's lookup.
pub(crate) fn route(kind: &str, value: &str) -> String {
    format!("{kind}:{value}")
}

/// A task's offer signature: its routes joined with '\n'. Tasks with the same signature reach
/// exactly the same users, so the todo list's total is the sum of the counts of the signatures
/// any of the user's routes (`assignee:`/`user:` the user, `group:` each of their groups)
/// reaches: each task counted once, however many of its routes match. The migration
/// `20261130000700_todo_offers.sql` builds the same text in SQL (a test compares them).
fn offer_signature(routes: &[String]) -> String {
    routes.join("\n")
}

/// Upserts moving the todo counters from the `gone` tasks (deleted rows) to the `fresh` ones
/// (inserted rows): one net delta per signature (zero ones dropped, so a task rewritten
/// without a change of offer writes nothing), added to `todo_offers.open_tasks`, and the
/// routes of every signature that gains tasks inserted if missing. Route rows of signatures
/// that fall to zero stay: they count nothing, and keeping them spares a delete that would
/// race with another transaction's insert.
///
/// Signatures are written in sorted order, one row each, counters before routes, at the head
/// of the command's inserts: concurrent PostgreSQL transactions then lock shared counter rows
/// in the same order (no deadlock between two commands offering to the same people; past 200
/// rows of either kind in one command they span several statements, whose order inside one
/// batch PostgreSQL does not promise), and no statement updates a row twice, which
/// PostgreSQL refuses inside one INSERT ... ON CONFLICT (and inside one WITH batch).
///
/// A route row names its signature as text on PostgreSQL, by the offer's integer key on
/// SQLite (see `todo_count`): there the routes are inserted after the counters, statement by
/// statement, so they read the keys of offers the same command just created. PostgreSQL runs
/// a command's statements as one WITH batch, whose parts do not see each other's rows.
fn offer_counts(gone: &[&Task], fresh: &[&Task], dialect: Dialect) -> Vec<Statement> {
    let mut deltas: BTreeMap<String, (i64, Vec<String>)> = BTreeMap::new();
    let changes = gone
        .iter()
        .map(|t| (t, -1))
        .chain(fresh.iter().map(|t| (t, 1)));
    for (task, change) in changes {
        if let Some(routes) = offer_routes(task) {
            let entry = deltas
                .entry(offer_signature(&routes))
                .or_insert_with(|| (0, routes));
            entry.0 += change;
        }
    }
    deltas.retain(|_, (delta, _)| *delta != 0);
    let rows = deltas
        .iter()
        .map(|(signature, (delta, _))| vec![signature.as_str().into(), (*delta).into()])
        .collect();
    let mut statements = Statement::insert(
        "INSERT INTO todo_offers (signature, open_tasks) VALUES ",
        rows,
    );
    for statement in &mut statements {
        statement.push(
            " ON CONFLICT (signature) DO UPDATE \
             SET open_tasks = todo_offers.open_tasks + excluded.open_tasks",
        );
    }
    let routes = deltas
        .iter()
        .filter(|(_, (delta, _))| *delta > 0)
        .flat_map(|(signature, (_, routes))| {
            routes
                .iter()
                .map(move |route| vec![route.as_str().into(), signature.as_str().into()])
        })
        .collect();
    let (head, tail) = match dialect {
        Dialect::Postgres => (
            "INSERT INTO todo_offer_routes (route, signature) VALUES ",
            " ON CONFLICT DO NOTHING",
        ),
        // `WHERE true`: SQLite reads ON CONFLICT after a join's FROM as the join's ON.
        Dialect::Sqlite => (
            "INSERT INTO todo_offer_routes (route, offer) SELECT v.column1, o.offer FROM (VALUES ",
            ") v JOIN todo_offers o ON o.signature = v.column2 WHERE true \
             ON CONFLICT DO NOTHING",
        ),
    };
    let mut route_inserts = Statement::insert(head, routes);
    for statement in &mut route_inserts {
        statement.push(tail);
    }
    statements.extend(route_inserts);
    statements
}

fn task_row(task: &Task) -> Vec<Arg> {
    vec![
        task.id.as_str().into(),
        task.instance_id.as_str().into(),
        task.node.as_str().into(),
        task.name.clone().into(),
        task.assignee.clone().into(),
        task.owner.clone().into(),
        task.priority.into(),
        task.created_at.0.into(),
        task.due.map(|d| d.0).into(),
    ]
}

#[cfg(test)]
mod tests {
    use woc_engine::Timestamp;

    use super::*;

    fn task(id: &str, assignee: Option<&str>, users: &[&str], groups: &[&str]) -> Task {
        Task {
            id: id.into(),
            instance_id: "i".into(),
            execution: 1,
            node: "n".into(),
            name: None,
            assignee: assignee.map(str::to_string),
            owner: None,
            candidate_users: users.iter().map(|u| u.to_string()).collect(),
            candidate_groups: groups.iter().map(|g| g.to_string()).collect(),
            delegation: None,
            unassignable: assignee.is_none() && users.is_empty() && groups.is_empty(),
            form_key: None,
            due: None,
            priority: 50,
            created_at: Timestamp(0),
            touched: false,
        }
    }

    #[test]
    fn signatures_are_sorted_bytewise_and_deduplicated() {
        let offered = task("t", None, &["émile", "Zoe", "b", "b"], &["hr", "Hr", "hr"]);
        let routes = offer_routes(&offered).unwrap();
        assert_eq!(
            offer_signature(&routes),
            "group:Hr\ngroup:hr\nuser:Zoe\nuser:b\nuser:émile"
        );
        // Assigned: the candidates no longer matter, as on the list.
        let claimed = task("t", Some("b"), &["c"], &["hr"]);
        assert_eq!(offer_routes(&claimed).unwrap(), vec!["assignee:b"]);
        assert_eq!(offer_routes(&task("t", None, &[], &[])), None);
    }

    #[test]
    fn counters_move_by_net_deltas_in_sorted_order() {
        let (a1, a2) = (
            task("1", Some("a"), &[], &[]),
            task("2", Some("a"), &[], &[]),
        );
        let offered = task("3", None, &["m"], &["hr"]);
        let claimed = task("3", Some("m"), &["m"], &["hr"]);
        let nobody = task("4", None, &[], &[]);
        // Task 1 completed, task 2 rewritten unchanged in offer, task 3 claimed, task 4 new.
        let statements = offer_counts(
            &[&a1, &a2, &offered],
            &[&a2, &claimed, &nobody],
            Dialect::Postgres,
        );
        assert_eq!(statements.len(), 2, "{statements:#?}");
        assert_eq!(
            statements[0].sql,
            "INSERT INTO todo_offers (signature, open_tasks) VALUES ($1, $2), ($3, $4), \
             ($5, $6) ON CONFLICT (signature) DO UPDATE \
             SET open_tasks = todo_offers.open_tasks + excluded.open_tasks"
        );
        assert_eq!(
            statements[0].args,
            vec![
                Arg::from("assignee:a"),
                Arg::from(-1),
                Arg::from("assignee:m"),
                Arg::from(1),
                Arg::from("group:hr\nuser:m"),
                Arg::from(-1),
            ]
        );
        // Routes only for the signature that gained tasks.
        assert_eq!(
            statements[1].args,
            vec![Arg::from("assignee:m"), Arg::from("assignee:m")]
        );
        assert!(statements[1].sql.ends_with(" ON CONFLICT DO NOTHING"));
        // SQLite: the same counters; the routes take the offer's key by its signature.
        let numbered = offer_counts(
            &[&a1, &a2, &offered],
            &[&a2, &claimed, &nobody],
            Dialect::Sqlite,
        );
        assert_eq!(numbered[0], statements[0]);
        assert_eq!(
            numbered[1].sql,
            "INSERT INTO todo_offer_routes (route, offer) SELECT v.column1, o.offer FROM \
             (VALUES ($1, $2)) v JOIN todo_offers o ON o.signature = v.column2 WHERE true \
             ON CONFLICT DO NOTHING"
        );
        assert_eq!(numbered[1].args, statements[1].args);
        // A task rewritten with the same offer (a renamed node, a due date) writes nothing.
        let renamed = Task {
            node: "other".into(),
            ..a1.clone()
        };
        assert!(offer_counts(&[&a1], &[&renamed], Dialect::Postgres).is_empty());
        assert!(offer_counts(&[&a1], &[&renamed], Dialect::Sqlite).is_empty());
    }
}
