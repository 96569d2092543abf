//! Catalog administration (process categories, synthesis tree, versioned forms), the public
//! `/synthesis/list`, and what every API route shares: body limit, OpenAPI, metrics, language.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, Api, Credentials};
use support::{TestDatabase, TestServer};
use workorder::with_pool;

async fn post(api: &Api, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = api.admin(Method::POST, path, token, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "POST {path}: {answer}");
    answer["data"].clone()
}

async fn get(api: &Api, token: &str, path: &str) -> Value {
    let (status, answer) = api.admin(Method::GET, path, token, None).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {answer}");
    answer
}

async fn ok(api: &Api, token: &str, method: Method, path: &str, body: Option<Value>) -> Value {
    let (status, answer) = api.admin(method.clone(), path, token, body).await;
    assert_eq!(status, StatusCode::OK, "{method} {path}: {answer}");
    answer["data"].clone()
}

async fn catalog(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;

    // Process categories: unique codes.
    let id = post(
        &api,
        &admin,
        "/system/category",
        json!({"name": "报修", "code": "repair"}),
    )
    .await["categoryId"]
        .as_i64()
        .unwrap();
    let taken = api
        .admin(
            Method::POST,
            "/system/category",
            &admin,
            Some(json!({"name": "维修", "code": "repair"})),
        )
        .await;
    assert_error(&taken, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&taken.1), ["code"]);
    let missing = api
        .admin(Method::POST, "/system/category", &admin, Some(json!({})))
        .await;
    assert_eq!(invalid_fields(&missing.1), ["code", "name"]);
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/category/{id}"),
        Some(json!({"name": "报修类", "code": "repair-2"})),
    )
    .await;
    let one = get(&api, &admin, &format!("/system/category/{id}")).await;
    assert_eq!(
        (one["data"]["name"].as_str(), one["data"]["code"].as_str()),
        (Some("报修类"), Some("repair-2"))
    );
    assert_eq!(get(&api, &admin, "/system/category").await["total"], 1);
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/category/{id}"),
        None,
    )
    .await;
    assert_error(
        &api.admin(Method::GET, &format!("/system/category/{id}"), &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        404,
    );

    // The synthesis tree, as integrators see it.
    let root = post(
        &api,
        &admin,
        "/system/synthesis",
        json!({"categoryName": "综合工单", "description": "顶层"}),
    )
    .await["synthesisId"]
        .as_i64()
        .unwrap();
    let leaf = post(
        &api,
        &admin,
        "/system/synthesis",
        json!({"categoryName": "空调维修", "parentId": root}),
    )
    .await["synthesisId"]
        .as_i64()
        .unwrap();
    let orphan = api
        .admin(
            Method::POST,
            "/system/synthesis",
            &admin,
            Some(json!({"categoryName": "x", "parentId": 424242})),
        )
        .await;
    assert_eq!(invalid_fields(&orphan.1), ["parentId"]);
    let loop_back = api
        .admin(
            Method::PUT,
            &format!("/system/synthesis/{root}"),
            &admin,
            Some(json!({"categoryName": "综合工单", "parentId": leaf})),
        )
        .await;
    assert_eq!(invalid_fields(&loop_back.1), ["parentId"]);
    let self_parent = api
        .admin(
            Method::PUT,
            &format!("/system/synthesis/{leaf}"),
            &admin,
            Some(json!({"categoryName": "空调维修", "parentId": leaf})),
        )
        .await;
    assert_eq!(invalid_fields(&self_parent.1), ["parentId"]);
    let (_, app) = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "门户"})),
        )
        .await;
    let caller = Credentials::App {
        id: app["data"]["appId"].as_str().unwrap().to_owned(),
        secret: app["data"]["applicationSecret"]
            .as_str()
            .unwrap()
            .to_owned(),
        token: admin.clone(),
    };
    let (status, tree) = api.public_get("/synthesis/list", &caller).await;
    assert_eq!(status, StatusCode::OK, "{tree}");
    assert_eq!(
        tree["data"],
        json!([
            {"synthesisId": root, "parentId": null, "categoryName": "综合工单", "childFlag": true, "description": "顶层"},
            {"synthesisId": leaf, "parentId": root, "categoryName": "空调维修", "childFlag": false, "description": null},
        ])
    );
    assert_error(
        &api.admin(
            Method::DELETE,
            &format!("/system/synthesis/{root}"),
            &admin,
            None,
        )
        .await,
        StatusCode::CONFLICT,
        409,
    );
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/synthesis/{leaf}"),
        Some(json!({"categoryName": "空调", "description": "制冷"})),
    )
    .await;
    let moved = get(&api, &admin, &format!("/system/synthesis/{leaf}")).await;
    assert_eq!(moved["data"]["parentId"], Value::Null);
    assert_eq!(
        get(&api, &admin, &format!("/system/synthesis/{root}")).await["data"]["childFlag"],
        false
    );
    assert_eq!(
        get(&api, &admin, "/system/synthesis?pageSize=1").await["total"],
        2
    );
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/synthesis/{root}"),
        None,
    )
    .await;
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/synthesis/{leaf}"),
        None,
    )
    .await;

    // Forms: every schema change is a version; reads give the latest unless asked otherwise.
    let v1 = json!({"version": 1, "fields": [
        {"key": "title", "type": "input", "label": "标题", "required": true}
    ]});
    let created = post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "报修单", "schema": v1}),
    )
    .await;
    let form = created["formId"].as_i64().unwrap();
    assert_eq!(created["version"], 1);
    let v2 = json!({"version": 1, "fields": [
        {"key": "title", "type": "input", "label": "标题"},
        {"key": "detail", "type": "textarea", "label": "描述"}
    ]});
    // The designer may also send the schema as a string holding JSON.
    let updated = ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/form/{form}"),
        Some(json!({"formName": "报修单", "schema": v2.to_string()})),
    )
    .await;
    assert_eq!(updated["version"], 2);
    let latest = get(&api, &admin, &format!("/system/form/{form}")).await;
    // Stored in the schema's own format, each version as saved.
    assert_eq!(latest["data"]["version"].as_i64(), Some(2));
    assert_eq!(latest["data"]["schema"]["fields"][1]["key"], "detail");
    let first = get(&api, &admin, &format!("/system/form/{form}?version=1")).await;
    assert_eq!(first["data"]["schema"]["fields"][0]["required"], true);
    assert_eq!(
        first["data"]["schema"]["fields"].as_array().map(Vec::len),
        Some(1)
    );
    // The version list: newest first, each with who saved it and when.
    let versions = get(&api, &admin, &format!("/system/form/{form}/versions")).await;
    let listed: Vec<(i64, &str)> = versions["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["createBy"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, [(2, "admin"), (1, "admin")]);
    assert!(versions["data"][0]["createTime"].as_str().is_some());
    let missing = api
        .admin(Method::GET, "/system/form/999999/versions", &admin, None)
        .await;
    assert_eq!(missing.0, StatusCode::NOT_FOUND);
    // Three bad parts: one 4101 naming each by its path, and nothing stored.
    let bad = api
        .admin(
            Method::PUT,
            &format!("/system/form/{form}"),
            &admin,
            Some(
                json!({"formName": "报修单", "schema": {"version": 1, "fields": [
                    {"key": "title", "type": "nonsense", "label": "标题"},
                    {"key": "x", "type": "input", "label": "X", "rules": {"min": 5, "max": 1}},
                    {"key": "y", "type": "input", "label": "Y", "visibleWhen": "${x ==}"}
                ]}}),
            ),
        )
        .await;
    assert_error(&bad, StatusCode::BAD_REQUEST, 4101);
    let named = invalid_fields(&bad.1);
    assert!(
        named.iter().all(|f| f.starts_with("schema.fields[")) && !named.is_empty(),
        "{named:?}"
    );
    // A RuoYi/form-generator document is converted on the way in.
    let converted = post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "报修单（RuoYi）", "schema": {"fields": [{"__config__":
            {"label": "报修内容", "tag": "el-input", "tagIcon": "input", "required": true},
            "__vModel__": "input58922"}]}}),
    )
    .await;
    let converted_form = converted["formId"].as_i64().unwrap();
    let read = get(&api, &admin, &format!("/system/form/{converted_form}")).await;
    assert_eq!(read["data"]["schema"]["fields"][0]["key"], "input58922");
    assert_eq!(read["data"]["schema"]["fields"][0]["label"], "报修内容");
    let renamed = ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/form/{form}"),
        Some(json!({"formName": "报修单（新）"})),
    )
    .await;
    assert_eq!(renamed["version"], 2);
    let rows = get(&api, &admin, "/system/form").await;
    assert_eq!(
        (rows["total"].as_i64(), rows["rows"][0]["version"].as_i64()),
        (Some(2), Some(2))
    );
    assert_eq!(rows["rows"][0]["formName"], "报修单（新）");
    let scalar = api
        .admin(
            Method::POST,
            "/system/form",
            &admin,
            Some(json!({"formName": "", "schema": 3})),
        )
        .await;
    assert_eq!(invalid_fields(&scalar.1), ["formName", "schema"]);
    let no_schema = api
        .admin(
            Method::POST,
            "/system/form",
            &admin,
            Some(json!({"formName": "x"})),
        )
        .await;
    assert_eq!(invalid_fields(&no_schema.1), ["schema"]);
    assert_error(
        &api.admin(
            Method::GET,
            &format!("/system/form/{form}?version=9"),
            &admin,
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        404,
    );
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/form/{form}"),
        None,
    )
    .await;
    assert_error(
        &api.admin(Method::GET, &format!("/system/form/{form}"), &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    assert_error(
        &api.admin(
            Method::PUT,
            &format!("/system/form/{form}"),
            &admin,
            Some(json!({"formName": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        404,
    );
    server.stop().await;
}

async fn shared_behaviour(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;

    // Bodies up to 2 MB are read (this one, then refused as a form schema over its 1 MB
    // limit); larger ones are refused unread with HTTP 413 and code 4101.
    let near_limit = "x".repeat(2 * 1024 * 1024 - 200);
    let read = api
        .admin(
            Method::POST,
            "/system/form",
            &admin,
            Some(json!({"formName": "大表单", "schema": {"blob": near_limit}})),
        )
        .await;
    assert_error(&read, StatusCode::BAD_REQUEST, 4101);
    assert!(
        invalid_fields(&read.1)
            .iter()
            .all(|f| f.starts_with("schema")),
        "{}",
        read.1
    );
    let too_big = "x".repeat(2 * 1024 * 1024 + 10);
    let refused = api
        .admin(
            Method::POST,
            "/system/form",
            &admin,
            Some(json!({"formName": "太大", "schema": {"blob": too_big}})),
        )
        .await;
    assert_error(&refused, StatusCode::PAYLOAD_TOO_LARGE, 4101);

    // A known path with the wrong method is 4000, with the methods it does take.
    let response = api
        .request(Method::GET, "/auth/login")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], 4000, "{body}");

    // A path under the API's prefixes that no route takes is the JSON 404, whatever the
    // method, with or without credentials: never the sign-in redirect or the HTML 404 page.
    for (method, path) in [
        (Method::GET, "/workflow/process/nope"),
        (Method::POST, "/workflow/process/nope"),
        (Method::GET, "/WorkOrder/app/nope"),
        (Method::DELETE, "/synthesis/list/1"),
        (Method::PUT, "/userdefine/nope"),
        (Method::GET, "/system/nope"),
        (Method::POST, "/system/users/extra"),
        (Method::GET, "/auth"),
        (Method::PATCH, "/auth/nope"),
    ] {
        let answer = api.send(api.request(method.clone(), path)).await;
        assert_error(&answer, StatusCode::NOT_FOUND, 404);
        let signed = api.admin(method, path, &admin, None).await;
        assert_error(&signed, StatusCode::NOT_FOUND, 404);
    }
    let english = api
        .send(
            api.request(Method::GET, "/workflow/nope")
                .header("Accept-Language", "en"),
        )
        .await;
    assert_eq!(english.1["msg"], "no such API endpoint", "{}", english.1);
    // The web UI's pages under /system stay pages, and other unknown paths stay the UI's:
    // a stranger is sent to sign in first.
    let browser = support::browser();
    for path in ["/system/users", "/system/synthesis-tree", "/no-such-page"] {
        let page = browser.get(server.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/login?next="),
            "{path}"
        );
    }

    // English on request, Chinese by default.
    let english = api
        .send(
            api.request(Method::GET, "/system/dept/1")
                .bearer_auth(&admin)
                .header("Accept-Language", "en"),
        )
        .await;
    assert_eq!(english.1["msg"], "not found");
    let english_list = api
        .send(
            api.request(Method::GET, "/system/dept")
                .bearer_auth(&admin)
                .header("Accept-Language", "en"),
        )
        .await;
    assert_eq!(english_list.1["msg"], "query succeeded");
    assert_eq!(get(&api, &admin, "/system/dept").await["msg"], "查询成功");
    assert_eq!(
        api.admin(Method::GET, "/system/dept/1", &admin, None)
            .await
            .1["msg"],
        "记录不存在"
    );

    // Internal failures are 5003 without details; the details go to the log.
    with_pool!(server.db(), |pool| {
        sqlx::query("INSERT INTO forms (form_id, form_name, latest_version, created_at, updated_at) VALUES (777, 'broken', 1, 0, 0)")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO form_versions (form_id, version, schema_json, created_at) VALUES (777, 1, '{not json', 0)")
            .execute(pool)
            .await
            .unwrap();
    });
    let response = api
        .request(Method::GET, "/system/form/777")
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], 5003);
    assert!(
        !body.to_string().contains("777") && !body.to_string().contains("expected"),
        "{body}"
    );

    // The OpenAPI document lists the routes this server serves.
    let (status, doc) = api
        .send(api.request(Method::GET, "/api-docs/openapi.json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    for path in [
        "/auth/login",
        "/auth/logout",
        "/system/user",
        "/system/user/{userId}",
        "/system/user/{userId}/status",
        "/system/dept/{deptId}",
        "/system/group/{groupId}",
        "/system/app/{appId}",
        "/system/service/{serverId}",
        "/system/category/{categoryId}",
        "/system/synthesis/{synthesisId}",
        "/system/form/{formId}",
        "/synthesis/list",
        "/WorkOrder/app/list",
        "/metrics",
        "/healthz",
    ] {
        assert!(
            doc["paths"].get(path).is_some(),
            "{path} missing from OpenAPI"
        );
    }
    assert!(doc["paths"]["/system/user"].get("post").is_some());
    assert!(doc["components"]["schemas"].get("CreateUser").is_some());
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());

    // Metrics count requests by route template and status.
    let text = reqwest::get(server.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("woc_http_requests_total{method=\"GET\",route=\"/system/dept/{deptId}\",status=\"404\"} 2"),
        "{text}"
    );
    assert!(text.contains(
        "woc_http_requests_total{method=\"POST\",route=\"/system/form\",status=\"413\"} 1"
    ));
    assert!(text.contains(
        "woc_http_request_duration_seconds_count{method=\"POST\",route=\"/auth/login\"} 1"
    ));
    server.stop().await;
}

#[tokio::test]
async fn sqlite_catalog() {
    let db = TestDatabase::sqlite("catalog");
    catalog(&db.url).await;
}

#[tokio::test]
async fn postgres_catalog() {
    let Some(db) = TestDatabase::postgres("catalog").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL catalog journey skipped");
        return;
    };
    catalog(&db.url).await;
}

#[tokio::test]
async fn sqlite_shared_behaviour() {
    let db = TestDatabase::sqlite("shared");
    shared_behaviour(&db.url).await;
}

#[tokio::test]
async fn postgres_shared_behaviour() {
    let Some(db) = TestDatabase::postgres("shared").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL shared behaviour skipped");
        return;
    };
    shared_behaviour(&db.url).await;
}
