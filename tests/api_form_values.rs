//! Form values are validated by the server against the form version the process version is
//! bound to: starts through both doors (process start and work-order create) refuse every bad
//! field at once, computed values are recomputed, a process deployed before a form change keeps
//! its version, and a task's completion is held to what its node may do with each field
//! (`flowable:formProperty`).

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, Api};
use support::app_client::{admin_post, ok, text, user, Client};
use support::{TestDatabase, TestServer};

/// Review by lisi: the note is his to write, the price he may read, the secret he never sees.
const REVIEW: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="purchase" name="采购" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="review"/>
    <userTask id="review" name="审核" flowable:assignee="lisi">
      <extensionElements>
        <flowable:formProperty id="note" writable="true"/>
        <flowable:formProperty id="secret" readable="false"/>
        <flowable:formProperty id="flowableOwnField" writable="true"/>
      </extensionElements>
    </userTask>
    <sequenceFlow id="f2" sourceRef="review" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

fn schema(title_label: &str) -> Value {
    json!({"version": 1, "fields": [
        {"key": "title", "type": "input", "label": title_label, "required": true,
         "rules": {"pattern": "^[A-Z]{2}-\\d+$", "patternMessage": "编号格式如 AB-12"}},
        {"key": "kind", "type": "select", "label": "类别",
         "options": [{"label": "办公", "value": "office"}, {"label": "生产", "value": "plant"}]},
        {"key": "qty", "type": "number", "label": "数量", "rules": {"min": 1}},
        {"key": "price", "type": "amount", "label": "单价"},
        {"key": "total", "type": "amount", "label": "总价", "computed": "${price * qty}"},
        {"key": "secret", "type": "input", "label": "内部备注"},
        {"key": "note", "type": "textarea", "label": "审核意见"}
    ]})
}

struct World<'a> {
    api: &'a Api,
    client: Client<'a>,
    admin: String,
    zhangsan: String,
    lisi: String,
    form_id: i64,
    definition_v1: String,
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let client = Client::register(&api, &admin, "采购门户").await;
    let zhangsan = user(&api, &admin, "zhangsan", "张三", None).await;
    let lisi = user(&api, &admin, "lisi", "李四", None).await;
    let form = admin_post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "采购单", "schema": schema("标题")}),
    )
    .await;
    let form_id = form["data"]["formId"].as_i64().expect("formId");
    let deployed = ok(client
        .import_multipart(&admin, REVIEW, &[("formId", &form_id.to_string())])
        .await);
    let world = World {
        api: &api,
        client,
        admin,
        zhangsan,
        lisi,
        form_id,
        definition_v1: text(&deployed["data"][0]["definitionId"]),
    };
    starts_are_validated(&world).await;
    work_orders_are_validated(&world).await;
    versions_are_pinned(&world).await;
    tasks_follow_their_node(&world).await;
    server.stop().await;
}

async fn start(world: &World<'_>, variables: Value) -> (StatusCode, Value) {
    world
        .client
        .post(
            &world.zhangsan,
            "/workflow/process/start/purchase",
            json!({ "variables": variables }),
        )
        .await
}

async fn values_of(world: &World<'_>, token: &str, instance: &str) -> Value {
    let path = format!(
        "/workflow/process/getProcessForm?definitionId={}&procInsId={instance}",
        world.definition_v1
    );
    ok(world.client.get(token, &path).await)["data"]["formValues"].clone()
}

/// Three bad fields are one 4101 naming all three; a good start keeps other variables and has
/// its total computed here, whatever the client claimed.
async fn starts_are_validated(world: &World<'_>) {
    let refused = start(
        world,
        json!({"title": "bad title", "kind": "garden", "qty": 0, "price": "9.50"}),
    )
    .await;
    assert_error(&refused, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&refused.1),
        ["variables.kind", "variables.qty", "variables.title"]
    );
    let text_of = |field: &str| {
        refused.1["data"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["field"] == field)
            .map(|f| f.to_string())
            .unwrap_or_default()
    };
    assert!(
        text_of("variables.title").contains("编号格式如 AB-12"),
        "{}",
        refused.1
    );

    let missing = start(world, json!({"qty": 2})).await;
    assert_error(&missing, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&missing.1), ["variables.title"]);

    let started = ok(start(
        world,
        json!({"title": "PO-7", "kind": "office", "qty": 3, "price": "2.50", "total": 1,
               "secret": "供应商返点", "approvedBy": "boss"}),
    )
    .await);
    let instance = text(&started["data"]["ProcessInstanceId"]);
    let values = values_of(world, &world.zhangsan, &instance).await;
    assert_eq!(values["total"], json!(7.5), "{values}");
    assert_eq!(values["qty"], json!(3), "{values}");
    assert_eq!(values["approvedBy"], "boss", "{values}");
}

/// The work-order door answers with the same checks, on `params`, together with its own.
async fn work_orders_are_validated(world: &World<'_>) {
    let refused = world
        .client
        .post(
            &world.zhangsan,
            "/userdefine/workorder/workorder",
            json!({"title": "采购", "processId": "purchase",
                   "params": {"title": "x", "kind": "garden", "qty": "many"}}),
        )
        .await;
    assert_error(&refused, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&refused.1),
        ["params.kind", "params.qty", "params.title"]
    );
    let created = ok(world
        .client
        .post(
            &world.zhangsan,
            "/userdefine/workorder/workorder",
            json!({"title": "采购", "processId": "purchase",
                   "params": {"title": "PO-8", "qty": "2", "price": 4}}),
        )
        .await);
    assert!(created["data"]["workorderNumber"].is_string(), "{created}");
}

/// A form changed after a deploy: that process version keeps rendering and validating the
/// version it was deployed with; a later deploy takes the new one.
async fn versions_are_pinned(world: &World<'_>) {
    let mut v2 = schema("采购标题");
    v2["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({"key": "budget", "type": "input", "label": "预算科目", "required": true}));
    let (status, body) = world
        .api
        .admin(
            Method::PUT,
            &format!("/system/form/{}", world.form_id),
            &world.admin,
            Some(json!({"formName": "采购单", "schema": v2})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let path = format!(
        "/workflow/process/getProcessForm?definitionId={}",
        world.definition_v1
    );
    let form = ok(world.client.get(&world.zhangsan, &path).await);
    assert_eq!(
        form["data"]["schema"]["fields"][0]["label"], "标题",
        "{form}"
    );
    // Version 1 has no budget: the start goes through without it.
    ok(start(world, json!({"title": "PO-9"})).await);

    let deployed = ok(world
        .client
        .import_multipart(
            &world.admin,
            REVIEW,
            &[("formId", &world.form_id.to_string())],
        )
        .await);
    let v2_definition = text(&deployed["data"][0]["definitionId"]);
    let path = format!("/workflow/process/getProcessForm?definitionId={v2_definition}");
    let form = ok(world.client.get(&world.zhangsan, &path).await);
    assert_eq!(
        form["data"]["schema"]["fields"][0]["label"], "采购标题",
        "{form}"
    );
    let refused = start(world, json!({"title": "PO-10"})).await;
    assert_error(&refused, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&refused.1), ["variables.budget"]);
    // Started by its id, version 1 is still version 1.
    ok(world
        .client
        .post(
            &world.zhangsan,
            &format!("/workflow/process/start/{}", world.definition_v1),
            json!({"variables": {"title": "PO-11"}}),
        )
        .await);
}

async fn open_task_of(world: &World<'_>, token: &str, instance: &str) -> String {
    let todo = ok(world
        .client
        .get(token, "/workflow/process/todoList?pageNum=1&pageSize=100")
        .await);
    let rows = todo["rows"].as_array().expect("rows").clone();
    let task = rows
        .iter()
        .find(|r| r["procInsId"] == instance)
        .unwrap_or_else(|| panic!("no task of {instance} in {todo}"));
    text(&task["taskId"])
}

/// lisi may write the note only: the price is read-only, the secret hidden; what he does not
/// send keeps its value; someone who may not act is refused before the form says anything.
async fn tasks_follow_their_node(world: &World<'_>) {
    let started = ok(world
        .client
        .post(
            &world.zhangsan,
            &format!("/workflow/process/start/{}", world.definition_v1),
            json!({"variables": {"title": "PO-12", "qty": 2, "price": 5, "secret": "返点"}}),
        )
        .await);
    let instance = text(&started["data"]["ProcessInstanceId"]);
    let task = open_task_of(world, &world.lisi, &instance).await;
    let complete = |token: &str, variables: Value| {
        let token = token.to_owned();
        let task = task.clone();
        async move {
            world
                .client
                .post(
                    &token,
                    "/workflow/task/complete",
                    json!({"taskId": task, "comment": "ok", "variables": variables}),
                )
                .await
        }
    };
    // The secret never reaches lisi, in the schema or the values; the starter sees it.
    let form_of = |token: &str| {
        let path = format!(
            "/workflow/process/getProcessForm?definitionId={}&procInsId={instance}",
            world.definition_v1
        );
        let token = token.to_owned();
        async move { ok(world.client.get(&token, &path).await)["data"].clone() }
    };
    let seen = form_of(&world.lisi).await;
    assert!(seen["formValues"].get("secret").is_none(), "{seen}");
    assert_eq!(seen["formValues"]["price"], json!(5), "{seen}");
    assert!(!seen["schema"].to_string().contains("secret"), "{seen}");
    let seen = form_of(&world.zhangsan).await;
    assert_eq!(seen["formValues"]["secret"], "返点", "{seen}");

    let foreign = complete(&world.zhangsan, json!({"price": 1})).await;
    assert_error(&foreign, StatusCode::FORBIDDEN, 4001);

    let refused = complete(
        &world.lisi,
        json!({"price": 1, "secret": "改了", "title": "PO-13", "note": "同意"}),
    )
    .await;
    assert_error(&refused, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&refused.1),
        ["variables.price", "variables.secret", "variables.title"]
    );
    // Sending the value it already has is not a change.
    ok(complete(
        &world.lisi,
        json!({"price": 5, "note": "同意采购", "approved": true}),
    )
    .await);
    let values = values_of(world, &world.zhangsan, &instance).await;
    assert_eq!(values["note"], "同意采购", "{values}");
    assert_eq!(values["secret"], "返点", "{values}");
    assert_eq!(values["total"], json!(10), "{values}");
    assert_eq!(values["approved"], true, "{values}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_values_on_sqlite() {
    let db = TestDatabase::sqlite("form_values");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn form_values_on_postgres() {
    let Some(db) = TestDatabase::postgres("form_values").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
