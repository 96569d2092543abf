//! The start form and the process lists: the multipart import with `formId`, getProcessForm
//! (schema, and an instance's values for the people involved), the startable list (online
//! definitions only, with the seed's deploymentId and formName), the names list rows carry
//! and the filters of ownList, todoList and finishedList.

mod support;

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, Api};
use support::app_client::{admin_post, ok, text, user, Client, REPAIR};
use support::{TestDatabase, TestServer};

/// Offered to lisi both as candidate user and through his group: one task either way.
const LEAVE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="leave" name="请假" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <userTask id="approve" name="批准" flowable:candidateUsers="lisi" flowable:candidateGroups="repairers"/>
    <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

struct World<'a> {
    client: Client<'a>,
    admin: String,
    zhangsan: String,
    lisi: String,
    wangwu: String,
    definition_id: String,
    form_id: i64,
    schema: Value,
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let client = Client::register(&api, &admin, "门户").await;
    let service_desk = admin_post(&api, &admin, "/system/dept", json!({"name": "客服部"})).await;
    let repairers = admin_post(&api, &admin, "/system/dept", json!({"name": "维修部"})).await;
    let zhangsan = user(
        &api,
        &admin,
        "zhangsan",
        "张三",
        service_desk["data"]["deptId"].as_i64(),
    )
    .await;
    let lisi = user(
        &api,
        &admin,
        "lisi",
        "李四",
        repairers["data"]["deptId"].as_i64(),
    )
    .await;
    let wangwu = user(&api, &admin, "wangwu", "王五", None).await;
    let schema = json!({"fields": [
        {"__config__": {"label": "报修内容", "tag": "el-input", "tagIcon": "input"}, "__vModel__": "input58922"}
    ]});
    let form = admin_post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "报修单", "schema": schema}),
    )
    .await;
    let form_id = form["data"]["formId"].as_i64().expect("formId");
    let definition_id = import_with_form(&client, &admin, &zhangsan, form_id).await;
    let world = World {
        client,
        admin,
        zhangsan,
        lisi,
        wangwu,
        definition_id,
        form_id,
        schema,
    };
    process_form(&world).await;
    startable_list(&world).await;
    list_names_and_filters(&world).await;
    task_list_filters(&world).await;
    server.stop().await;
}

/// Multipart import: `formId` takes effect; an unknown or malformed one is refused naming it.
async fn import_with_form(
    client: &Client<'_>,
    admin: &str,
    zhangsan: &str,
    form_id: i64,
) -> String {
    let form = form_id.to_string();
    assert_error(
        &client
            .import_multipart(zhangsan, REPAIR, &[("formId", &form)])
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let unknown = client
        .import_multipart(admin, REPAIR, &[("formId", "987654")])
        .await;
    assert_error(&unknown, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&unknown.1), ["formId"], "{}", unknown.1);
    let malformed = client
        .import_multipart(admin, REPAIR, &[("formId", "abc")])
        .await;
    assert_eq!(invalid_fields(&malformed.1), ["formId"], "{}", malformed.1);
    // Nothing was deployed by the refused imports.
    let listed = ok(client
        .get(zhangsan, "/workflow/process/list?processKey=repair")
        .await);
    assert_eq!(listed["total"], 0, "{listed}");
    let deployed = ok(client
        .import_multipart(admin, REPAIR, &[("formId", &form), ("category", "repair")])
        .await);
    assert_eq!(deployed["data"][0]["processKey"], "repair", "{deployed}");
    assert_eq!(deployed["data"][0]["formId"], form_id, "{deployed}");
    assert_eq!(deployed["data"][0]["category"], "repair", "{deployed}");
    let listed = ok(client
        .get(zhangsan, "/workflow/process/list?processKey=repair")
        .await);
    assert_eq!(listed["rows"][0]["formId"], form_id, "{listed}");
    text(&deployed["data"][0]["definitionId"])
}

/// The schema alone, then with an instance's values for those involved in it.
async fn process_form(world: &World<'_>) {
    let client = &world.client;
    let path = format!(
        "/workflow/process/getProcessForm?definitionId={0}&deployId={0}",
        world.definition_id
    );
    let form = ok(client.get(&world.zhangsan, &path).await);
    assert_eq!(form["data"]["formId"], world.form_id, "{form}");
    assert_eq!(form["data"]["formName"], "报修单", "{form}");
    // The start form in the schema's own format (the RuoYi document was converted on import).
    assert_ne!(form["data"]["schema"], world.schema, "{form}");
    assert_eq!(
        form["data"]["schema"]["fields"][0]["key"], "input58922",
        "{form}"
    );
    assert_eq!(
        form["data"]["schema"]["fields"][0]["label"], "报修内容",
        "{form}"
    );
    assert!(form["data"]["formValues"].is_null(), "{form}");
    let missing = client
        .get(&world.zhangsan, "/workflow/process/getProcessForm")
        .await;
    assert_error(&missing, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&missing.1), ["definitionId"]);
    assert_error(
        &client
            .get(
                &world.zhangsan,
                "/workflow/process/getProcessForm?definitionId=repair:9:nope",
            )
            .await,
        StatusCode::NOT_FOUND,
        404,
    );

    let started = ok(client
        .post(
            &world.zhangsan,
            "/workflow/process/start/repair",
            json!({"variables": {"input58922": "漏水"}, "businessKey": "BK-FORM"}),
        )
        .await);
    let instance = text(&started["data"]["ProcessInstanceId"]);
    let with_values = format!(
        "/workflow/process/getProcessForm?definitionId={}&procInsId={instance}",
        world.definition_id
    );
    let form = ok(client.get(&world.zhangsan, &with_values).await);
    assert_eq!(form["data"]["formValues"]["input58922"], "漏水", "{form}");
    // The start form in the schema's own format (the RuoYi document was converted on import).
    assert_ne!(form["data"]["schema"], world.schema, "{form}");
    assert_eq!(
        form["data"]["schema"]["fields"][0]["key"], "input58922",
        "{form}"
    );
    assert_eq!(
        form["data"]["schema"]["fields"][0]["label"], "报修内容",
        "{form}"
    );
    // lisi holds its first task; wangwu has nothing to do with it.
    ok(client.get(&world.lisi, &with_values).await);
    assert_error(
        &client.get(&world.wangwu, &with_values).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &client
            .get(
                &world.zhangsan,
                &format!(
                    "/workflow/process/getProcessForm?definitionId={}&procInsId=nope",
                    world.definition_id
                ),
            )
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
}

/// The startable list (seed: 获取可发起流程列表) names the deployment and the start form, and
/// leaves out offline definitions, which the administrators' list still shows.
async fn startable_list(world: &World<'_>) {
    let client = &world.client;
    let listed = ok(client
        .get(&world.zhangsan, "/workflow/process/list?processKey=repair")
        .await);
    let row = &listed["rows"][0];
    assert_eq!(row["formName"], "报修单", "{row}");
    assert_eq!(row["deploymentId"], world.definition_id.as_str(), "{row}");
    // The deployment id is what getProcessForm takes as deployId.
    let form = ok(client
        .get(
            &world.zhangsan,
            &format!(
                "/workflow/process/getProcessForm?deployId={}",
                text(&row["deploymentId"])
            ),
        )
        .await);
    assert_eq!(form["data"]["formName"], "报修单", "{form}");

    admin_post(
        world.client.api,
        &world.admin,
        "/system/group",
        json!({"key": "repairers", "name": "维修组", "userIds": ["lisi"]}),
    )
    .await;
    let deployed = ok(client.import_multipart(&world.admin, LEAVE, &[]).await);
    let leave = text(&deployed["data"][0]["definitionId"]);
    assert_eq!(
        deployed["data"][0]["deploymentId"],
        leave.as_str(),
        "{deployed}"
    );
    assert!(deployed["data"][0]["formName"].is_null(), "{deployed}");
    let listed = ok(client
        .get(&world.zhangsan, "/workflow/process/list?processKey=leave")
        .await);
    assert_eq!(listed["total"], 1, "{listed}");
    assert!(listed["rows"][0]["formName"].is_null(), "{listed}");
    // Its running instance outlives the definition going offline.
    ok(client
        .post(&world.wangwu, "/workflow/process/start/leave", json!({}))
        .await);
    ok(client
        .post(
            &world.admin,
            &format!("/workflow/definition/{leave}/suspend"),
            json!({}),
        )
        .await);
    let startable = ok(client.get(&world.zhangsan, "/workflow/process/list").await);
    assert_eq!(startable["total"], 1, "{startable}");
    assert_eq!(startable["rows"][0]["processKey"], "repair", "{startable}");
    let all = ok(client
        .get(&world.admin, "/workflow/definition/list?pageSize=50")
        .await);
    assert_eq!(all["total"], 2, "{all}");
    let offline = all["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["processKey"] == "leave")
        .unwrap_or_else(|| panic!("{all}"));
    assert_eq!(offline["suspended"], true, "{all}");
    assert_eq!(offline["deploymentId"], leave.as_str(), "{all}");
}

/// Row names come filled; ownList filters by name, category and start time.
async fn list_names_and_filters(world: &World<'_>) {
    let client = &world.client;
    let todo = ok(client
        .get(&world.lisi, "/workflow/process/todoList?pageSize=100")
        .await);
    let row = todo["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["businessKey"] == "BK-FORM")
        .unwrap_or_else(|| panic!("{todo}"))
        .clone();
    assert_eq!(row["procDefName"], "报修", "{row}");
    assert_eq!(row["category"], "repair", "{row}");
    assert_eq!(row["assigneeName"], "李四", "{row}");
    assert_eq!(row["deptName"], "维修部", "{row}");
    assert_eq!(row["startUserName"], "张三", "{row}");
    assert_eq!(row["startDeptName"], "客服部", "{row}");

    // The finished list names the person who had the task.
    ok(client
        .post(
            &world.lisi,
            "/workflow/task/complete",
            json!({"taskId": row["taskId"]}),
        )
        .await);
    let finished = ok(client
        .get(&world.lisi, "/workflow/process/finishedList")
        .await);
    assert_eq!(finished["rows"][0]["assigneeName"], "李四", "{finished}");
    assert_eq!(finished["rows"][0]["deptName"], "维修部", "{finished}");
    assert_eq!(finished["rows"][0]["procDefName"], "报修", "{finished}");
    assert_eq!(finished["rows"][0]["startUserName"], "张三", "{finished}");

    for key in ["BK-2", "BK-3"] {
        ok(client
            .post(
                &world.zhangsan,
                "/workflow/process/start/repair",
                json!({"businessKey": key}),
            )
            .await);
    }
    let own = |query: &str| {
        let path = format!("/workflow/process/ownList?pageSize=100&{query}");
        async move { ok(client.get(&world.zhangsan, &path).await) }
    };
    let all = own("").await;
    assert_eq!(all["total"], 3, "{all}");
    assert_eq!(all["rows"][0]["startUserName"], "张三", "{all}");
    assert_eq!(all["rows"][0]["procDefName"], "报修", "{all}");
    assert_eq!(own("processName=报").await["total"], 3);
    assert_eq!(own("processName=审批").await["total"], 0);
    assert_eq!(own("category=repair").await["total"], 3);
    assert_eq!(own("category=other").await["total"], 0);
    assert_eq!(
        own("processStatus=running&category=repair").await["total"],
        3
    );
    // Whole days in the server's zone, as the rows show their times.
    let today = &text(&all["rows"][0]["proInsCreateTime"])[..10];
    assert_eq!(
        own(&format!(
            "proStartBeginTime={today}&proStartEndTime={today}"
        ))
        .await["total"],
        3
    );
    assert_eq!(own("proStartEndTime=2000-01-01").await["total"], 0);
    assert_eq!(
        own("proStartBeginTime=2999-01-01%2000:00:00").await["total"],
        0
    );
    let bad = client
        .get(
            &world.zhangsan,
            "/workflow/process/ownList?proStartBeginTime=yesterday&proStartEndTime=2025/01/01",
        )
        .await;
    assert_error(&bad, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&bad.1),
        ["proStartBeginTime", "proStartEndTime"],
        "{}",
        bad.1
    );
}

/// todoList and finishedList filter by the seed's processName, proStartBeginTime and
/// proStartEndTime, with exact totals, over assigned and candidate tasks alike.
async fn task_list_filters(world: &World<'_>) {
    let client = &world.client;
    let list = |which: &'static str, query: String| async move {
        let path = format!("/workflow/process/{which}?pageSize=100&{query}");
        ok(client.get(&world.lisi, &path).await)
    };
    let todo = |query: &str| list("todoList", query.to_owned());
    let finished = |query: &str| list("finishedList", query.to_owned());
    let names = |page: &Value| -> Vec<String> {
        page["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| text(&r["procDefName"]))
            .collect()
    };

    // lisi: two repairs to dispatch (assigned), one leave to approve (his and his group's).
    let all = todo("").await;
    assert_eq!(all["total"], 3, "{all}");
    let repairs = todo("processName=报").await;
    assert_eq!(repairs["total"], 2, "{repairs}");
    assert_eq!(names(&repairs), ["报修", "报修"], "{repairs}");
    let leave = todo("processName=请假").await;
    assert_eq!(leave["total"], 1, "{leave}");
    assert_eq!(names(&leave), ["请假"], "{leave}");
    let nothing = todo("processName=审批").await;
    assert_eq!(nothing["total"], 0, "{nothing}");
    assert_eq!(nothing["rows"], json!([]), "{nothing}");
    let first = ok(client
        .get(
            &world.lisi,
            "/workflow/process/todoList?processName=报&pageNum=2&pageSize=1",
        )
        .await);
    assert_eq!(first["total"], 2, "{first}");
    assert_eq!(names(&first), ["报修"], "{first}");
    assert_ne!(first["rows"][0]["taskId"], repairs["rows"][0]["taskId"]);

    let today = &text(&all["rows"][0]["proInsCreateTime"])[..10];
    let whole_day = format!("proStartBeginTime={today}&proStartEndTime={today}");
    assert_eq!(todo(&whole_day).await["total"], 3);
    assert_eq!(
        todo(&format!("processName=请假&{whole_day}")).await["total"],
        1
    );
    assert_eq!(todo("proStartEndTime=2000-01-01").await["total"], 0);
    assert_eq!(
        todo("proStartBeginTime=2999-01-01%2000:00:00").await["total"],
        0
    );

    // lisi dispatched one repair.
    assert_eq!(finished("").await["total"], 1);
    assert_eq!(names(&finished("processName=报").await), ["报修"]);
    assert_eq!(finished("processName=请假").await["total"], 0);
    assert_eq!(finished(&whole_day).await["total"], 1);
    assert_eq!(finished("proStartEndTime=2000-01-01").await["total"], 0);

    for which in ["todoList", "finishedList"] {
        let bad = client
            .get(
                &world.lisi,
                &format!(
                    "/workflow/process/{which}?proStartBeginTime=yesterday&proStartEndTime=2025/01/01"
                ),
            )
            .await;
        assert_error(&bad, StatusCode::BAD_REQUEST, 4101);
        assert_eq!(
            invalid_fields(&bad.1),
            ["proStartBeginTime", "proStartEndTime"],
            "{}",
            bad.1
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_lists_on_sqlite() {
    let db = TestDatabase::sqlite("process-lists");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_lists_on_postgres() {
    let Some(db) = TestDatabase::postgres("process_lists").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
