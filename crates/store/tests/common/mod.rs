//! Test harness: fresh databases (SQLite always, PostgreSQL when `WOC_TEST_POSTGRES_URL` is
//! set), and one `Backend` over either the SQL store or the engine's memory store, so the same
//! scenarios run against both.
#![allow(dead_code)]

pub mod todo;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{Map, Value};
use woc_engine::{
    Command, DefinitionRef, Engine, ManualClock, MemoryStore, Outcome, ProcessInstance, Store,
    Timestamp,
};
use woc_store::db::Db;
use woc_store::{Paging, SqlStore, StartedFilter, StoreError};

/// 2026-01-01T00:00:00Z.
pub const T0: Timestamp = Timestamp(1_767_225_600_000);

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        nanos
    )
}

/// A database made for one test; `url` reconnects to it.
pub struct TestDb {
    pub label: &'static str,
    pub url: String,
    admin: Option<(String, String)>,
}

impl TestDb {
    pub async fn connect(&self) -> Db {
        let db = Db::connect(&self.url).await.expect("connect");
        db.migrate().await.expect("migrate");
        db
    }

    /// Checks the todo counters one last time (every test that ends here checks that what
    /// it did kept them equal to the open tasks), then drops the PostgreSQL database /
    /// deletes the SQLite file (best effort).
    pub async fn remove(self) {
        let db = Db::connect(&self.url).await.expect("reconnect");
        assert_todo_counters(&db, &format!("{} at the end of the test", self.label)).await;
        db.close().await;
        match self.admin {
            Some((admin_url, name)) => {
                if let Ok(admin) = Db::connect(&admin_url).await {
                    if let Db::Postgres(pool) = &admin {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(pool)
                                .await;
                    }
                    admin.close().await;
                }
            }
            None => {
                let path = self.url.trim_start_matches("sqlite://");
                let path = path.split('?').next().unwrap_or(path);
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{path}{suffix}"));
                }
            }
        }
    }
}

/// A fresh SQLite file, and a fresh PostgreSQL database when the env var is set.
pub async fn databases() -> Vec<TestDb> {
    let dir = std::env::temp_dir().join("woc-store-tests");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut dbs = vec![TestDb {
        label: "sqlite",
        url: format!("sqlite://{}/{}.db", dir.display(), unique()),
        admin: None,
    }];
    if let Ok(admin_url) = std::env::var("WOC_TEST_POSTGRES_URL") {
        let name = format!("woc_store_{}", unique());
        let admin = Db::connect(&admin_url).await.expect("postgres admin");
        let Db::Postgres(pool) = &admin else {
            panic!("WOC_TEST_POSTGRES_URL is not a PostgreSQL URL")
        };
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(pool)
            .await
            .expect("create database");
        admin.close().await;
        let base = admin_url.split('?').next().unwrap_or(&admin_url);
        let cut = base.rfind('/').expect("database in URL");
        dbs.push(TestDb {
            label: "postgres",
            url: format!("{}/{name}", &base[..cut]),
            admin: Some((admin_url.clone(), name)),
        });
    }
    dbs
}

pub fn vars(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

pub fn model(body: &str) -> String {
    format!(
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="t">{body}</definitions>"#
    )
}

/// Where the scenarios run: the SQL store or the engine's memory store.
pub enum Backend {
    Sql(SqlStore, &'static str),
    // Boxed: the memory store's indexes make it several times the size of the SQL handle.
    Memory(Box<Engine<MemoryStore>>),
}

/// Every backend for a scenario, with the databases to remove afterwards.
pub async fn backends(clock: Arc<ManualClock>) -> (Vec<Backend>, Vec<TestDb>) {
    let mut backends = vec![Backend::Memory(Box::new(Engine::new(
        MemoryStore::new(),
        clock.clone(),
    )))];
    let dbs = databases().await;
    for db in &dbs {
        backends.push(Backend::Sql(
            SqlStore::new(db.connect().await, clock.clone()),
            db.label,
        ));
    }
    (backends, dbs)
}

pub async fn remove_all(dbs: Vec<TestDb>) {
    for db in dbs {
        db.remove().await;
    }
}

fn page() -> Paging {
    Paging { page: 1, size: 100 }
}

impl Backend {
    pub fn label(&self) -> &'static str {
        match self {
            Backend::Sql(_, label) => label,
            Backend::Memory(_) => "memory",
        }
    }

    pub async fn deploy(&self, xml: &str) {
        match self {
            Backend::Sql(store, _) => {
                store.deploy(xml, Some("test")).await.expect("deploy");
            }
            Backend::Memory(engine) => {
                engine.deploy(xml).expect("deploy");
            }
        }
    }

    /// Runs a command; errors as text (`conflict`, `not found` or the message).
    pub async fn run(&self, command: Command, actor: &str) -> Result<Outcome, String> {
        match self {
            Backend::Sql(store, label) => {
                let what = format!("{label} after {command:?}");
                let result = store
                    .execute(command, Some(actor))
                    .await
                    .map_err(|e| match e {
                        StoreError::Conflict(_) => "conflict".to_string(),
                        StoreError::NotFound { .. } => format!("not found: {e}"),
                        other => other.to_string(),
                    });
                assert_todo_counters(store.db(), &what).await;
                result
            }
            Backend::Memory(engine) => engine.execute(command, Some(actor)).map_err(|e| match e {
                woc_engine::EngineError::Conflict { .. } => "conflict".to_string(),
                woc_engine::EngineError::NotFound { .. } => format!("not found: {e}"),
                other => other.to_string(),
            }),
        }
    }

    pub async fn start(&self, key: &str, variables: Value, actor: &str) -> String {
        let start = Command::Start {
            definition: DefinitionRef::Key(key.to_string()),
            business_key: Some(format!("BK-{key}")),
            variables: vars(variables),
            parent: None,
            start_event: None,
        };
        self.run(start, actor)
            .await
            .unwrap_or_else(|e| panic!("{}: start {key}: {e}", self.label()))
            .instance_id
    }

    pub async fn instance(&self, id: &str) -> ProcessInstance {
        match self {
            Backend::Sql(store, _) => store.instance(id).await.expect("instance"),
            Backend::Memory(engine) => engine.store().load(id).expect("instance"),
        }
    }

    /// The open task at `node` of instance `id`.
    pub async fn task_at(&self, id: &str, node: &str) -> String {
        let state = self.instance(id).await;
        state
            .tasks
            .values()
            .find(|t| t.node == node)
            .map(|t| t.id.clone())
            .unwrap_or_else(|| {
                panic!(
                    "{}: no open task at {node}; open: {:?}",
                    self.label(),
                    state.tasks.values().map(|t| &t.node).collect::<Vec<_>>()
                )
            })
    }

    /// Open task nodes of an instance, sorted.
    pub async fn open_nodes(&self, id: &str) -> Vec<String> {
        let mut nodes: Vec<String> = self
            .instance(id)
            .await
            .tasks
            .values()
            .map(|t| t.node.clone())
            .collect();
        nodes.sort();
        nodes
    }

    pub async fn complete(&self, task_id: &str, actor: &str, variables: Value) -> Outcome {
        let complete = Command::Complete {
            task_id: task_id.to_string(),
            variables: vars(variables),
            comment: Some("ok".into()),
            next_assignees: vec![],
            copy_to: vec![],
        };
        self.run(complete, actor)
            .await
            .unwrap_or_else(|e| panic!("{}: complete: {e}", self.label()))
    }

    /// Task ids on `user`'s todo list (newest first).
    pub async fn todo(&self, user: &str, groups: &[&str]) -> Vec<String> {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        match self {
            Backend::Sql(store, _) => {
                let page = store.todo(user, &groups, page()).await.expect("todo");
                assert_eq!(page.total as usize, page.rows.len(), "total");
                page.rows.into_iter().map(|r| r.task_id).collect()
            }
            Backend::Memory(engine) => engine
                .store()
                .todo_tasks(user, &groups)
                .expect("todo")
                .into_iter()
                .map(|t| t.id)
                .collect(),
        }
    }

    /// Task ids `user` completed.
    pub async fn finished(&self, user: &str) -> Vec<String> {
        match self {
            Backend::Sql(store, _) => {
                let page = store.finished(user, page()).await.expect("finished");
                page.rows
                    .into_iter()
                    .filter(|r| r.outcome == "completed")
                    .map(|r| r.task_id)
                    .collect()
            }
            Backend::Memory(engine) => engine
                .store()
                .completed_tasks(user)
                .expect("finished")
                .into_iter()
                .map(|t| t.task_id)
                .collect(),
        }
    }

    /// Instance ids `user` started.
    pub async fn started(&self, user: &str) -> Vec<String> {
        match self {
            Backend::Sql(store, _) => store
                .started_by(user, &StartedFilter::default(), page())
                .await
                .expect("started")
                .rows
                .into_iter()
                .map(|r| r.instance.instance_id)
                .collect(),
            Backend::Memory(engine) => engine
                .store()
                .started_instances(user)
                .expect("started")
                .into_iter()
                .map(|i| i.id)
                .collect(),
        }
    }

    /// Instance ids copied to `user`.
    pub async fn copies(&self, user: &str) -> Vec<String> {
        match self {
            Backend::Sql(store, _) => store
                .carbon_copies(user, page())
                .await
                .expect("copies")
                .rows
                .into_iter()
                .map(|r| r.instance.instance_id)
                .collect(),
            Backend::Memory(engine) => engine
                .store()
                .carbon_copies(user)
                .expect("copies")
                .into_iter()
                .map(|c| c.instance_id)
                .collect(),
        }
    }

    /// Delivers a message; the instance it reached, or the error text.
    pub async fn correlate(
        &self,
        name: &str,
        business_key: Option<&str>,
    ) -> Result<String, String> {
        match self {
            Backend::Sql(store, _) => store
                .correlate_message(name, business_key, Map::new(), Some("hook"))
                .await
                .map(|o| o.instance_id)
                .map_err(|e| e.to_string()),
            Backend::Memory(engine) => engine
                .correlate_message(name, business_key, Map::new(), Some("hook"))
                .map(|o| o.instance_id)
                .map_err(|e| e.to_string()),
        }
    }

    /// Kinds of the instance's history events, in order.
    pub async fn history_kinds(&self, id: &str) -> Vec<String> {
        let events = match self {
            Backend::Sql(store, _) => store.history(id).await.expect("history"),
            Backend::Memory(engine) => engine.store().history(id).expect("history"),
        };
        events
            .iter()
            .map(|e| {
                serde_json::to_value(&e.kind).expect("json")["type"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    }
}

/// Every route row of the todo counters as (route, signature): PostgreSQL's rows name the
/// signature, SQLite's the offer's number (migration `20261203000100_todo_offer_numbers.sql`).
pub fn route_signatures(db: &Db) -> &'static str {
    match db {
        Db::Sqlite(_) => {
            "SELECT r.route, o.signature FROM todo_offer_routes r \
             JOIN todo_offers o ON o.offer = r.offer"
        }
        Db::Postgres(_) => "SELECT route, signature FROM todo_offer_routes",
    }
}

/// Where the todo counters (`todo_offers`, `todo_offer_routes`) disagree with the open tasks
/// they count (`open_tasks`, `task_candidates`), recomputed here from scratch and apart from
/// the store's code, as the todo list reads them: an assigned task reaches its assignee only,
/// an unassigned one each of its candidate users and groups, one without any nobody. Empty
/// when they agree. Read in one transaction (REPEATABLE READ on PostgreSQL), so a command
/// committing meanwhile cannot look like drift.
pub async fn todo_counter_drift(db: &Db) -> Vec<String> {
    type Tasks = Vec<(String, Option<String>, Option<String>, Option<String>)>;
    type Counters = (Vec<(String, i64)>, Vec<(String, String)>);
    let (tasks, (offers, routes)): (Tasks, Counters) = woc_store::with_pool!(db, |pool| {
        let mut tx = pool.begin().await.expect("begin");
        if matches!(db, Db::Postgres(_)) {
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute(&mut *tx)
                .await
                .expect("isolation");
        }
        let tasks = sqlx::query_as(
            "SELECT o.task_id, o.assignee, c.kind, c.value FROM open_tasks o \
             LEFT JOIN task_candidates c ON c.task_id = o.task_id",
        )
        .fetch_all(&mut *tx)
        .await
        .expect("open tasks");
        let offers = sqlx::query_as("SELECT signature, open_tasks FROM todo_offers")
            .fetch_all(&mut *tx)
            .await
            .expect("todo_offers");
        let routes = sqlx::query_as(route_signatures(db))
            .fetch_all(&mut *tx)
            .await
            .expect("todo_offer_routes");
        tx.rollback().await.expect("rollback");
        (tasks, (offers, routes))
    });
    let mut by_task: BTreeMap<String, (Option<String>, BTreeSet<String>)> = BTreeMap::new();
    for (task, assignee, kind, value) in tasks {
        let entry = by_task.entry(task).or_default();
        entry.0 = assignee;
        if let (Some(kind), Some(value)) = (kind, value) {
            entry.1.insert(format!("{kind}:{value}"));
        }
    }
    let mut expected: BTreeMap<String, (i64, BTreeSet<String>)> = BTreeMap::new();
    for (assignee, candidates) in by_task.into_values() {
        let reach = match assignee {
            Some(assignee) => BTreeSet::from([format!("assignee:{assignee}")]),
            None => candidates,
        };
        if reach.is_empty() {
            continue;
        }
        let signature = reach.iter().cloned().collect::<Vec<_>>().join("\n");
        expected.entry(signature).or_insert((0, reach)).0 += 1;
    }
    let stored: BTreeMap<String, i64> = offers.into_iter().collect();
    let mut stored_routes: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (route, signature) in routes {
        stored_routes.entry(signature).or_default().insert(route);
    }
    let mut drift = Vec::new();
    let signatures: BTreeSet<&String> = stored.keys().chain(expected.keys()).collect();
    for signature in signatures {
        let counted = stored.get(signature).copied().unwrap_or(0);
        let open = expected.get(signature).map_or(0, |(n, _)| *n);
        if counted != open {
            drift.push(format!("{signature:?}: counted {counted}, open {open}"));
        }
        let have = stored_routes.get(signature).cloned().unwrap_or_default();
        if let Some((_, reach)) = expected.get(signature) {
            if &have != reach {
                drift.push(format!(
                    "{signature:?}: routes {have:?}, should be {reach:?}"
                ));
            }
        }
    }
    drift
}

/// Panics with the differences when the todo counters disagree with the open tasks.
pub async fn assert_todo_counters(db: &Db, context: &str) {
    let drift = todo_counter_drift(db).await;
    assert!(
        drift.is_empty(),
        "todo counters drifted, {context}: {drift:#?}"
    );
}
