//! Administrators' workflow operations over HTTP: migrating instances to a newer version, and
//! listing and retrying incidents.

mod support;

use std::sync::Arc;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, with_credentials, Api, Credentials};
use support::{TestDatabase, TestServer};
use woc_engine::{Command, SystemClock};
use woc_store::SqlStore;

/// Version 1 waits at `draft`; version 2 calls that node `fill` and adds `archive`.
fn approval(first: &str, archive: bool) -> String {
    let (after_review, tail) = if archive {
        (
            "archive",
            r#"<userTask id="archive" flowable:assignee="lisi"/><sequenceFlow id="f4" sourceRef="archive" targetRef="end"/>"#,
        )
    } else {
        ("end", "")
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="approve" name="审批" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <userTask id="{first}" flowable:assignee="${{initiator}}"/>
    <userTask id="review" flowable:assignee="lisi"/>
    <endEvent id="end"/>{tail}
    <sequenceFlow id="f1" sourceRef="start" targetRef="{first}"/>
    <sequenceFlow id="f2" sourceRef="{first}" targetRef="review"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="{after_review}"/>
  </process>
</definitions>"#
    )
}

const CALL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="notify" isExecutable="true">
    <startEvent id="start"/>
    <serviceTask id="call" flowable:type="http"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="call"/>
    <sequenceFlow id="f2" sourceRef="call" targetRef="end"/>
  </process>
</definitions>"#;

/// One app, acting with different users' tokens.
struct Client<'a> {
    api: &'a Api,
    app_id: String,
    secret: String,
}

impl Client<'_> {
    fn as_user(&self, token: &str) -> Credentials {
        Credentials::App {
            id: self.app_id.clone(),
            secret: self.secret.clone(),
            token: token.to_owned(),
        }
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let request = self.api.request(Method::POST, path).json(&body);
        self.api
            .send(with_credentials(request, &self.as_user(token)))
            .await
    }

    async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.api.public_get(path, &self.as_user(token)).await
    }

    /// Deploys `xml` as the administrator `token`; the new definition id.
    async fn import(&self, token: &str, xml: &str) -> String {
        let request = self
            .api
            .request(Method::POST, "/workflow/definition/import")
            .header("Content-Type", "application/xml")
            .body(xml.to_owned());
        let deployed = ok(self
            .api
            .send(with_credentials(request, &self.as_user(token)))
            .await);
        deployed["data"][0]["definitionId"]
            .as_str()
            .expect("definitionId")
            .to_owned()
    }
}

#[track_caller]
fn ok(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    answer.1
}

async fn setup(api: &Api) -> (String, String, String, String) {
    let admin = api.admin_token().await;
    let (_, app) = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "运维台"})),
        )
        .await;
    let password = "Zhangsan-Pass-2026";
    let (status, body) = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(json!({"username": "zhangsan", "nickName": "张三", "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let zhangsan = api.token("zhangsan", password).await;
    (
        admin,
        zhangsan,
        app["data"]["appId"].as_str().unwrap().to_owned(),
        app["data"]["applicationSecret"]
            .as_str()
            .unwrap()
            .to_owned(),
    )
}

async fn migration(client: &Client<'_>, admin: &str, zhangsan: &str) {
    let v1 = client.import(admin, &approval("draft", false)).await;
    let mut instances = Vec::new();
    for _ in 0..2 {
        let started = ok(client
            .post(zhangsan, "/workflow/process/start/approve", json!({}))
            .await);
        instances.push(
            started["data"]["ProcessInstanceId"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let v2 = client.import(admin, &approval("fill", true)).await;
    let other = client.import(admin, CALL).await;
    let path = "/workflow/process/migrate";
    let body = |mapping: Value| json!({"sourceDefinitionId": v1, "targetDefinitionId": v2, "nodeMapping": mapping});

    assert_error(
        &client
            .post(zhangsan, path, body(json!({"draft": "fill"})))
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let missing = client.post(admin, path, json!({})).await;
    assert_error(&missing, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&missing.1),
        ["sourceDefinitionId", "targetDefinitionId"]
    );
    let unknown_nodes = client
        .post(admin, path, body(json!({"nope": "fill", "draft": "gone"})))
        .await;
    assert_error(&unknown_nodes, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&unknown_nodes.1),
        ["nodeMapping.draft", "nodeMapping.nope"]
    );
    let wrong_key = client
        .post(
            admin,
            path,
            json!({"sourceDefinitionId": v1, "targetDefinitionId": other}),
        )
        .await;
    assert_error(&wrong_key, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&wrong_key.1), ["targetDefinitionId"]);
    assert_error(
        &client
            .post(
                admin,
                path,
                json!({"sourceDefinitionId": "approve:9:none", "targetDefinitionId": v2}),
            )
            .await,
        StatusCode::NOT_FOUND,
        404,
    );

    // Without a mapping `draft` has nowhere to go: each instance is refused, naming it.
    let refused = ok(client.post(admin, path, body(json!({}))).await);
    assert_eq!(
        (
            refused["data"]["migrated"].clone(),
            refused["data"]["failed"].clone()
        ),
        (json!(0), json!(2)),
        "{refused}"
    );
    assert!(
        refused["data"]["results"][0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("'draft'")),
        "{refused}"
    );

    // One chosen instance, then the rest.
    let one = ok(client
        .post(
            admin,
            path,
            json!({"sourceDefinitionId": v1, "targetDefinitionId": v2,
                   "nodeMapping": {"draft": "fill"}, "procInsIds": [instances[0]]}),
        )
        .await);
    assert_eq!(
        one["data"]["results"][0]["procInsId"],
        instances[0].as_str()
    );
    assert_eq!(one["data"]["migrated"], 1, "{one}");
    let rest = ok(client
        .post(admin, path, body(json!({"draft": "fill"})))
        .await);
    assert_eq!(rest["data"]["migrated"], 1, "{rest}");
    assert_eq!(
        rest["data"]["results"][0]["procInsId"],
        instances[1].as_str()
    );

    let todo = ok(client.get(zhangsan, "/workflow/process/todoList").await);
    assert_eq!(todo["total"], 2, "{todo}");
    for row in todo["rows"].as_array().unwrap() {
        assert_eq!(row["taskDefKey"], "fill", "{row}");
        assert_eq!(row["procDefId"], v2.as_str(), "{row}");
        assert_eq!(row["procDefVersion"], 2, "{row}");
    }
    let detail = ok(client
        .get(
            admin,
            &format!("/workflow/process/detail?procInsId={}", instances[0]),
        )
        .await);
    let migrated = detail["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"]["type"] == "instanceMigrated")
        .cloned()
        .expect("the history records the migration");
    assert_eq!(migrated["actor"], "admin");
    assert_eq!(migrated["kind"]["nodes"]["draft"], "fill");
}

async fn incidents(server: &TestServer, client: &Client<'_>, admin: &str, zhangsan: &str) {
    let started = ok(client
        .post(admin, "/workflow/process/start/notify", json!({}))
        .await);
    let instance = started["data"]["ProcessInstanceId"].as_str().unwrap();
    // The server has no handler for `http` jobs; fail the job as one would, until it is an
    // incident (3 retries).
    let store = SqlStore::new(server.db().clone(), Arc::new(SystemClock));
    assert!(store.incident_list().await.unwrap().is_empty());
    let running = store.jobs_of(instance).await.unwrap();
    let job_id = running[0].id.clone();
    let retry_path = format!("/workflow/incident/{job_id}/retry");
    assert_error(
        &client.post(admin, &retry_path, json!({})).await,
        StatusCode::CONFLICT,
        409,
    );
    for _ in 0..3 {
        let fail = Command::FailJob {
            job_id: job_id.clone(),
            message: "HTTP 503".into(),
            bpmn_error: None,
        };
        store.execute(fail, None).await.unwrap();
    }

    assert_error(
        &client.get(zhangsan, "/workflow/incident/list").await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let list = ok(client.get(admin, "/workflow/incident/list").await);
    let rows = list["data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["jobId"], job_id.as_str());
    assert_eq!(rows[0]["procDefKey"], "notify");
    assert_eq!(rows[0]["kind"], "service");
    assert_eq!(rows[0]["lastError"], "HTTP 503");

    assert_error(
        &client.post(zhangsan, &retry_path, json!({})).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &client
            .post(admin, "/workflow/incident/nope/retry", json!({}))
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    ok(client.post(admin, &retry_path, json!({})).await);
    let list = ok(client.get(admin, "/workflow/incident/list").await);
    assert_eq!(list["data"], json!([]), "{list}");
    let job = store
        .jobs_of(&running[0].instance_id)
        .await
        .unwrap()
        .remove(0);
    assert_eq!((job.retries, job.incident), (3, false));
    let history = store.history(&running[0].instance_id).await.unwrap();
    let last = history.last().unwrap();
    assert_eq!(last.actor.as_deref(), Some("admin"));
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let (admin, zhangsan, app_id, secret) = setup(&api).await;
    let client = Client {
        api: &api,
        app_id,
        secret,
    };
    migration(&client, &admin, &zhangsan).await;
    incidents(&server, &client, &admin, &zhangsan).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_workflow_on_sqlite() {
    let db = TestDatabase::sqlite("workflow-admin");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_workflow_on_postgres() {
    let Some(db) = TestDatabase::postgres("workflow_admin").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
