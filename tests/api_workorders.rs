//! Work orders end to end: create (with and without a number, concurrently, for an instance
//! started before), read, close and evaluate with their rules, the print page, services
//! acting for users. The start form, the import and the lists: `api_process_lists.rs`.

mod support;

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, with_credentials, Api, Credentials};
use support::app_client::{admin_post, join_all, ok, text, user, Client, REPAIR};
use support::{TestDatabase, TestServer};

const CREATE: &str = "/userdefine/workorder/workorder";

fn is_generated_number(number: &str) -> bool {
    let Some(rest) = number.strip_prefix("WO") else {
        return false;
    };
    let Some((day, sequence)) = rest.split_once('-') else {
        return false;
    };
    day.len() == 8
        && day.bytes().all(|b| b.is_ascii_digit())
        && sequence.len() >= 4
        && sequence.bytes().all(|b| b.is_ascii_digit())
}

struct World<'a> {
    client: Client<'a>,
    admin: String,
    zhangsan: String,
    lisi: String,
    wangwu: String,
    definition_id: String,
    synthesis_id: i64,
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let client = Client::register(&api, &admin, "物业门户").await;
    let zhangsan = user(&api, &admin, "zhangsan", "张三", None).await;
    let lisi = user(&api, &admin, "lisi", "李四", None).await;
    let wangwu = user(&api, &admin, "wangwu", "王五", None).await;
    let synthesis = admin_post(
        &api,
        &admin,
        "/system/synthesis",
        json!({"categoryName": "报修类"}),
    )
    .await;
    let schema = json!({"fields": [
        {"__config__": {"label": "报修内容", "tag": "el-input", "tagIcon": "input"}, "__vModel__": "input58922"},
        {"__config__": {"label": "期望天数", "tag": "el-input-number", "tagIcon": "number"}, "__vModel__": "days"}
    ]});
    let form = admin_post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "报修单", "schema": schema}),
    )
    .await;
    let form_id = form["data"]["formId"].as_i64().expect("formId");

    let deployed = ok(client
        .import_multipart(&admin, REPAIR, &[("formId", &form_id.to_string())])
        .await);
    let definition_id = text(&deployed["data"][0]["definitionId"]);
    let world = World {
        client,
        admin,
        zhangsan,
        lisi,
        wangwu,
        definition_id,
        synthesis_id: synthesis["data"]["synthesisId"]
            .as_i64()
            .expect("synthesisId"),
    };
    let numbers = create_rules(&world).await;
    concurrent_numbers(&world).await;
    close_rules(&world, &numbers).await;
    evaluate_rules(&world, &numbers).await;
    print_page(&world, &numbers).await;
    services_act_for_users(&world, &api).await;
    openapi_lists_the_endpoints(&world).await;
    server.stop().await;
}

struct Numbers {
    /// Running, started by zhangsan; closed by him later.
    first: String,
    /// Running; closed by the admin.
    second: String,
    /// Completed; evaluated by zhangsan.
    third: String,
}

async fn create_order(world: &World<'_>, token: &str, body: Value) -> Value {
    ok(world.client.post(token, CREATE, body).await)
}

/// Create with and without a number; every refusal names its fields.
async fn create_rules(world: &World<'_>) -> Numbers {
    let client = &world.client;
    let first = create_order(
        world,
        &world.zhangsan,
        json!({
            "title": "厨房漏水",
            "processId": "repair",
            "workorderId": world.synthesis_id.to_string(),
            "workorderIdExtend": format!("0,{}", world.synthesis_id),
            "roomNumber": "3-1502",
            "compensation": "无偿",
            "workorderNumber": "",
            "workorderStatus": "",
            "params": {"input58922": "漏水", "days": 2}
        }),
    )
    .await;
    let number = text(&first["data"]["workorderNumber"]);
    assert!(is_generated_number(&number), "{first}");
    assert!(first["data"]["TaskId"].is_string(), "{first}");
    let instance = text(&first["data"]["ProcessInstanceId"]);
    assert_eq!(
        first["data"]["workorderId"],
        world.synthesis_id.to_string(),
        "{first}"
    );
    let read = ok(client
        .get(&world.zhangsan, &format!("/userdefine/workorder/{number}"))
        .await);
    assert_eq!(read["data"]["workorderStatus"], "processing", "{read}");
    assert_eq!(read["data"]["systemId"], world.client.app_id.as_str());
    assert_eq!(read["data"]["workorderTypeName"], "报修类");
    assert_eq!(read["data"]["procInstId"], instance.as_str());
    assert_eq!(read["data"]["formVersion"], 1, "{read}");
    assert_eq!(read["data"]["params"]["input58922"], "漏水");
    // The process got the form values as variables, and the number as business key.
    let detail = ok(client
        .get(
            &world.zhangsan,
            &format!("/workflow/process/detail?procInsId={instance}"),
        )
        .await);
    assert_eq!(
        detail["data"]["instance"]["variables"]["days"], 2,
        "{detail}"
    );
    assert_eq!(
        detail["data"]["instance"]["businessKey"],
        number.as_str(),
        "{detail}"
    );

    // The start form with the instance's values, for the people involved only.
    let form_path = format!(
        "/workflow/process/getProcessForm?definitionId={}&procInsId={instance}",
        world.definition_id
    );
    let form = ok(client.get(&world.zhangsan, &form_path).await);
    assert_eq!(form["data"]["formValues"]["input58922"], "漏水", "{form}");
    assert_eq!(form["data"]["formVersion"], 1, "{form}");
    assert_error(
        &client.get(&world.wangwu, &form_path).await,
        StatusCode::FORBIDDEN,
        4001,
    );

    // A number of the client's choosing, once.
    let custom = create_order(
        world,
        &world.zhangsan,
        json!({"title": "门锁损坏", "processId": world.definition_id, "workorderNumber": "WO-CUSTOM-1"}),
    )
    .await;
    assert_eq!(custom["data"]["workorderNumber"], "WO-CUSTOM-1", "{custom}");
    let again = client
        .post(
            &world.zhangsan,
            CREATE,
            json!({"title": "重复", "processId": "repair", "workorderNumber": "WO-CUSTOM-1"}),
        )
        .await;
    assert_error(&again, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&again.1), ["workorderNumber"], "{}", again.1);

    // Malformed fields, all named at once; then references to nothing, all named at once.
    let malformed = client
        .post(
            &world.zhangsan,
            CREATE,
            json!({"workorderId": "abc", "workorderNumber": "a/b", "title": " "}),
        )
        .await;
    assert_error(&malformed, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&malformed.1),
        ["processId", "title", "workorderId", "workorderNumber"],
        "{}",
        malformed.1
    );
    let dangling = client
        .post(
            &world.zhangsan,
            CREATE,
            json!({"title": "x", "processId": "nope", "workorderId": "99999", "systemId": "app_other"}),
        )
        .await;
    assert_error(&dangling, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&dangling.1),
        ["processId", "systemId", "workorderId"],
        "{}",
        dangling.1
    );
    let wrong_type = client
        .post(
            &world.zhangsan,
            CREATE,
            json!({"title": 5, "processId": "repair"}),
        )
        .await;
    assert_eq!(invalid_fields(&wrong_type.1), ["title"], "{}", wrong_type.1);

    // A work order for an instance started before: only by its starter, only once.
    let started = ok(client
        .post(&world.zhangsan, "/workflow/process/start/repair", json!({}))
        .await);
    let instance = text(&started["data"]["ProcessInstanceId"]);
    let body = json!({"title": "先发起后建单", "procInstId": instance, "taskId": started["data"]["TaskId"]});
    assert_error(
        &client.post(&world.lisi, CREATE, body.clone()).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let linked = create_order(world, &world.zhangsan, body.clone()).await;
    assert_eq!(linked["data"]["ProcessInstanceId"], instance.as_str());
    assert_eq!(linked["data"]["TaskId"], started["data"]["TaskId"]);
    let twice = client.post(&world.zhangsan, CREATE, body).await;
    assert_eq!(invalid_fields(&twice.1), ["procInstId"], "{}", twice.1);

    let second = create_order(
        world,
        &world.zhangsan,
        json!({"title": "电梯异响", "processId": "repair"}),
    )
    .await;
    let third = create_order(
        world,
        &world.zhangsan,
        json!({"title": "更换灯泡", "processId": "repair", "params": {"input58922": "走廊灯不亮"}}),
    )
    .await;
    Numbers {
        first: number,
        second: text(&second["data"]["workorderNumber"]),
        third: text(&third["data"]["workorderNumber"]),
    }
}

/// Sixteen concurrent creates get sixteen different numbers.
async fn concurrent_numbers(world: &World<'_>) {
    let creates = (0..16).map(|i| {
        world.client.post(
            &world.wangwu,
            CREATE,
            json!({"title": format!("并发 {i}"), "processId": "repair"}),
        )
    });
    let answers = join_all(creates).await;
    let numbers: HashSet<String> = answers
        .into_iter()
        .map(|answer| text(&ok(answer)["data"]["workorderNumber"]))
        .collect();
    assert_eq!(numbers.len(), 16, "{numbers:?}");
    assert!(
        numbers.iter().all(|n| is_generated_number(n)),
        "{numbers:?}"
    );
}

async fn complete(world: &World<'_>, token: &str, task: &Value) -> Value {
    ok(world
        .client
        .post(
            token,
            "/workflow/task/complete",
            json!({"taskId": task, "comment": "已处理"}),
        )
        .await)
}

/// Closing: starter or admin; a running process is cancelled with a type-5 comment.
async fn close_rules(world: &World<'_>, numbers: &Numbers) {
    let client = &world.client;
    let close = |number: &str| format!("/userdefine/workorder/{number}/close");
    assert_error(
        &client
            .post(&world.lisi, &close(&numbers.first), json!({}))
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &client
            .post(&world.zhangsan, &close("WO-NONE-1"), json!({}))
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    let closed = ok(client
        .post(
            &world.zhangsan,
            &close(&numbers.first),
            json!({"comment": "住户已自行修好"}),
        )
        .await);
    assert_eq!(closed["data"]["workorderStatus"], "closed", "{closed}");
    assert_eq!(closed["data"]["processStatus"], "canceled", "{closed}");
    assert_eq!(closed["data"]["closeUserId"], "zhangsan", "{closed}");
    assert_error(
        &client
            .post(&world.zhangsan, &close(&numbers.first), json!({}))
            .await,
        StatusCode::CONFLICT,
        409,
    );
    let instance = text(&closed["data"]["procInstId"]);
    let detail = ok(client
        .get(
            &world.zhangsan,
            &format!("/workflow/process/detail?procInsId={instance}"),
        )
        .await);
    let cancel_comment = detail["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| {
            e["kind"]["type"] == "commentAdded"
                && e["kind"]["kind"] == 5
                && e["kind"]["message"] == "住户已自行修好"
                && e["actor"] == "zhangsan"
        });
    assert!(cancel_comment, "{detail}");
    assert_eq!(todo_total(world, &world.lisi, &instance).await, 0);

    let by_admin = ok(client
        .post(&world.admin, &close(&numbers.second), json!({}))
        .await);
    assert_eq!(by_admin["data"]["workorderStatus"], "closed", "{by_admin}");
    assert_eq!(by_admin["data"]["closeUserId"], "admin", "{by_admin}");
}

async fn todo_total(world: &World<'_>, token: &str, instance: &str) -> usize {
    let todo = ok(world
        .client
        .get(token, "/workflow/process/todoList?pageSize=100")
        .await);
    todo["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["procInsId"] == instance)
        .count()
}

/// Evaluating: the starter, once, of a completed or closed work order, 1-5 stars.
async fn evaluate_rules(world: &World<'_>, numbers: &Numbers) {
    let client = &world.client;
    let evaluate = |number: &str| format!("/userdefine/workorder/{number}/evaluate");
    let third = &numbers.third;
    assert_error(
        &client
            .post(&world.zhangsan, &evaluate(third), json!({"rating": 5}))
            .await,
        StatusCode::CONFLICT,
        409,
    );
    // Dispatch and repair: the process completes.
    let read = ok(client
        .get(&world.zhangsan, &format!("/userdefine/workorder/{third}"))
        .await);
    let instance = text(&read["data"]["procInstId"]);
    let todo = ok(client
        .get(&world.lisi, "/workflow/process/todoList?pageSize=100")
        .await);
    let dispatch = todo["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["procInsId"] == instance.as_str())
        .map(|r| r["taskId"].clone())
        .unwrap_or_else(|| panic!("{todo}"));
    let fix = complete(world, &world.lisi, &dispatch).await["data"]["TaskId"].clone();
    complete(world, &world.wangwu, &fix).await;
    let finished = ok(client
        .get(&world.lisi, "/workflow/process/finishedList")
        .await);
    assert_eq!(finished["rows"][0]["assigneeName"], "李四", "{finished}");
    assert_eq!(finished["rows"][0]["procDefName"], "报修", "{finished}");

    assert_error(
        &client
            .post(&world.lisi, &evaluate(third), json!({"rating": 5}))
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &client
            .post(&world.admin, &evaluate(third), json!({"rating": 5}))
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let out_of_range = client
        .post(&world.zhangsan, &evaluate(third), json!({"rating": 6}))
        .await;
    assert_error(&out_of_range, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&out_of_range.1), ["rating"]);
    let missing = client
        .post(&world.zhangsan, &evaluate(third), json!({"evaluate": "好"}))
        .await;
    assert_eq!(invalid_fields(&missing.1), ["rating"], "{}", missing.1);
    let rated = ok(client
        .post(
            &world.zhangsan,
            &evaluate(third),
            json!({"rating": 4, "evaluate": "师傅很专业"}),
        )
        .await);
    assert_eq!(rated["data"]["workorderStatus"], "completed", "{rated}");
    assert_eq!(rated["data"]["rating"], 4, "{rated}");
    assert_eq!(rated["data"]["evaluate"], "师傅很专业", "{rated}");
    assert_error(
        &client
            .post(&world.zhangsan, &evaluate(third), json!({"rating": 1}))
            .await,
        StatusCode::CONFLICT,
        409,
    );
    // A closed one may be rated too; an unknown one is 404.
    ok(client
        .post(
            &world.zhangsan,
            &evaluate(&numbers.first),
            json!({"rating": 3}),
        )
        .await);
    assert_error(
        &client
            .post(
                &world.zhangsan,
                &evaluate("WO-NONE-1"),
                json!({"rating": 3}),
            )
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
}

/// The print page: fields, labelled form values, history with people, the diagram.
async fn print_page(world: &World<'_>, numbers: &Numbers) {
    let client = &world.client;
    let print = |number: &str| format!("/userdefine/workorder/{number}/print");
    let (status, content_type, html) = client
        .get_text(&world.zhangsan, &print(&numbers.third))
        .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    for expected in [
        "<!DOCTYPE html>",
        "更换灯泡",
        numbers.third.as_str(),
        "已完成",
        "报修内容",
        "走廊灯不亮",
        "发起流程",
        "完成任务",
        "李四",
        "王五",
        "已处理",
        "师傅很专业",
        "<svg",
        r#"class="node visited" data-element="fix""#,
        "@media print",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in {html}");
    }
    assert!(!html.contains("<script"), "{html}");
    // Self-contained: nothing to fetch when printing offline.
    assert!(!html.contains("<link") && !html.contains("src="), "{html}");

    // In English when the reader asks for it: the page's own texts, not the data.
    let (status, _, english) = client
        .get_text_in(&world.zhangsan, &print(&numbers.third), "en-US,en;q=0.9")
        .await;
    assert_eq!(status, StatusCode::OK, "{english}");
    for expected in [
        r#"<html lang="en">"#,
        "Work order",
        "Completed",
        "Process started",
        "Task completed",
        "History",
        "报修内容",
        "李四",
    ] {
        assert!(
            english.contains(expected),
            "missing {expected:?} in {english}"
        );
    }
    for chinese in ["工单信息", "流转记录", "发起流程", "完成任务", "已完成"] {
        assert!(!english.contains(chinese), "{chinese:?} left in {english}");
    }

    // A closed one shows the cancellation and who closed it.
    let (_, _, closed) = client
        .get_text(&world.zhangsan, &print(&numbers.first))
        .await;
    for expected in ["已关闭", "住户已自行修好", "取消", "张三"] {
        assert!(
            closed.contains(expected),
            "missing {expected:?} in {closed}"
        );
    }
    // A running one marks its current node.
    let running = create_order(
        world,
        &world.zhangsan,
        json!({"title": "打印进行中", "processId": "repair"}),
    )
    .await;
    let (_, _, html) = client
        .get_text(
            &world.zhangsan,
            &print(&text(&running["data"]["workorderNumber"])),
        )
        .await;
    assert!(
        html.contains(r#"class="node active" data-element="dispatch""#),
        "{html}"
    );
    // lisi holds its task: involved, may print; wangwu is not yet.
    let number = text(&running["data"]["workorderNumber"]);
    assert_eq!(
        client.get_text(&world.lisi, &print(&number)).await.0,
        StatusCode::OK
    );
    assert_error(
        &client.get(&world.wangwu, &print(&number)).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &client.get(&world.zhangsan, &print("WO-NONE-1")).await,
        StatusCode::NOT_FOUND,
        404,
    );
}

/// A service acts for the `userId` it names, in create and start; it must name the app.
async fn services_act_for_users(world: &World<'_>, api: &Api) {
    let registered = admin_post(
        api,
        &world.admin,
        "/system/service",
        json!({"serviceName": "呼叫中心"}),
    )
    .await;
    let service = Credentials::Service {
        id: text(&registered["data"]["serverId"]),
        secret: text(&registered["data"]["secretKey"]),
        token: world.admin.clone(),
    };
    let post = |path: &str, body: Value| {
        let request = api.request(Method::POST, path).json(&body);
        api.send(with_credentials(request, &service))
    };
    let no_app = post(CREATE, json!({"title": "来电报修", "processId": "repair"})).await;
    assert_error(&no_app, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&no_app.1), ["systemId"], "{}", no_app.1);
    let created = ok(post(
        CREATE,
        json!({"title": "来电报修", "processId": "repair", "systemId": world.client.app_id, "userId": "lisi"}),
    )
    .await);
    let number = text(&created["data"]["workorderNumber"]);
    let read = ok(world
        .client
        .get(&world.lisi, &format!("/userdefine/workorder/{number}"))
        .await);
    assert_eq!(read["data"]["startUserId"], "lisi", "{read}");
    assert_eq!(read["data"]["startUserName"], "李四", "{read}");
    ok(post(
        "/workflow/process/start/repair",
        json!({"userId": "wangwu", "businessKey": "CALL-1"}),
    )
    .await);
    let own = ok(world
        .client
        .get(&world.wangwu, "/workflow/process/ownList?pageSize=100")
        .await);
    assert!(
        own["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["businessKey"] == "CALL-1"),
        "{own}"
    );
}

async fn openapi_lists_the_endpoints(world: &World<'_>) {
    let (status, doc) = world
        .client
        .api
        .send(
            world
                .client
                .api
                .request(Method::GET, "/api-docs/openapi.json"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    for path in [
        "/userdefine/workorder/workorder",
        "/userdefine/workorder/{id}",
        "/userdefine/workorder/{id}/close",
        "/userdefine/workorder/{id}/evaluate",
        "/userdefine/workorder/{id}/print",
        "/workflow/process/getProcessForm",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
    let statuses = doc["components"]["schemas"]["WorkOrderStatus"].to_string();
    assert!(
        statuses.contains("closed") && statuses.contains("processing"),
        "{statuses}"
    );
    let import =
        doc["paths"]["/workflow/definition/import"]["post"]["requestBody"]["content"].clone();
    assert!(import["multipart/form-data"].is_object(), "{import}");
    assert!(import["application/xml"].is_object(), "{import}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workorders_on_sqlite() {
    let db = TestDatabase::sqlite("workorders");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workorders_on_postgres() {
    let Some(db) = TestDatabase::postgres("workorders").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
