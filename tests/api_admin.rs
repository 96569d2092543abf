//! The admin API over HTTP: users, departments, groups, apps and services, with the error
//! codes each can answer, paging, and secrets that are shown exactly once.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, Api, Credentials};
use support::{TestDatabase, TestServer};
use workorder::with_pool;

async fn post(api: &Api, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = api.admin(Method::POST, path, token, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "POST {path}: {answer}");
    assert_eq!(answer["code"], 200, "{answer}");
    answer["data"].clone()
}

async fn get(api: &Api, token: &str, path: &str) -> Value {
    let (status, answer) = api.admin(Method::GET, path, token, None).await;
    assert_eq!(status, StatusCode::OK, "GET {path}: {answer}");
    answer
}

async fn ok(api: &Api, token: &str, method: Method, path: &str, body: Option<Value>) {
    let (status, answer) = api.admin(method.clone(), path, token, body).await;
    assert_eq!(status, StatusCode::OK, "{method} {path}: {answer}");
    assert_eq!(answer["code"], 200, "{answer}");
}

async fn directory(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;

    // Departments: a tree with a leader.
    let leader_missing = api
        .admin(
            Method::POST,
            "/system/dept",
            &admin,
            Some(json!({"name": "总部", "leaderUserId": "ghost"})),
        )
        .await;
    assert_error(&leader_missing, StatusCode::NOT_FOUND, 4200);
    let hq = post(
        &api,
        &admin,
        "/system/dept",
        json!({"name": "总部", "leaderUserId": "admin"}),
    )
    .await["deptId"]
        .as_i64()
        .unwrap();
    let it = post(
        &api,
        &admin,
        "/system/dept",
        json!({"name": "信息部", "parentId": hq}),
    )
    .await["deptId"]
        .as_i64()
        .unwrap();
    let bad_parent = api
        .admin(
            Method::POST,
            "/system/dept",
            &admin,
            Some(json!({"name": "X", "parentId": 99999})),
        )
        .await;
    assert_error(&bad_parent, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&bad_parent.1), ["parentId"]);
    let dept = get(&api, &admin, &format!("/system/dept/{hq}")).await;
    assert_eq!(dept["data"]["leaderUserId"], "admin");
    assert_eq!(dept["data"]["leaderName"], "系统管理员");
    assert!(dept["data"]["createTime"].as_str().unwrap().len() == 19);
    let cycle = api
        .admin(
            Method::PUT,
            &format!("/system/dept/{hq}"),
            &admin,
            Some(json!({"name": "总部", "parentId": it})),
        )
        .await;
    assert_error(&cycle, StatusCode::BAD_REQUEST, 4101);
    assert_error(
        &api.admin(Method::DELETE, &format!("/system/dept/{hq}"), &admin, None)
            .await,
        StatusCode::CONFLICT,
        409,
    );
    assert_error(
        &api.admin(Method::GET, "/system/dept/99999", &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    assert_error(
        &api.admin(Method::GET, "/system/dept/abc", &admin, None)
            .await,
        StatusCode::BAD_REQUEST,
        4101,
    );
    let depts = get(&api, &admin, "/system/dept?pageNum=1&pageSize=10").await;
    assert_eq!(depts["total"], 2);
    assert_eq!(depts["msg"], "查询成功");

    // Groups: key, name, members; unknown members are 4200.
    let ghost_member = api
        .admin(
            Method::POST,
            "/system/group",
            &admin,
            Some(json!({"key": "ops", "name": "运维", "userIds": ["admin", "ghost"]})),
        )
        .await;
    assert_error(&ghost_member, StatusCode::NOT_FOUND, 4200);
    assert!(ghost_member.1["msg"].as_str().unwrap().contains("ghost"));
    let ops = post(
        &api,
        &admin,
        "/system/group",
        json!({"key": "ops", "name": "运维", "userIds": ["admin"]}),
    )
    .await["groupId"]
        .as_i64()
        .unwrap();
    let duplicate = api
        .admin(
            Method::POST,
            "/system/group",
            &admin,
            Some(json!({"key": "ops", "name": "又一个", "userIds": []})),
        )
        .await;
    assert_eq!(invalid_fields(&duplicate.1), ["key"]);
    let bad_group = api
        .admin(
            Method::POST,
            "/system/group",
            &admin,
            Some(json!({"key": "a b", "name": " ", "userIds": []})),
        )
        .await;
    assert_eq!(invalid_fields(&bad_group.1), ["key", "name"]);

    // Users: every invalid field named at once.
    let invalid = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(json!({"username": "a b", "nickName": "", "password": "short"})),
        )
        .await;
    assert_error(&invalid, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        invalid_fields(&invalid.1),
        ["nickName", "password", "username"]
    );
    let mistyped = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(
                json!({"username": 1, "nickName": "x", "password": "long-enough", "groups": "ops"}),
            ),
        )
        .await;
    assert_eq!(invalid_fields(&mistyped.1), ["groups", "username"]);
    let created = post(
        &api,
        &admin,
        "/system/user",
        json!({"username": "lisi", "nickName": "李四", "password": "Li-Si-2026", "deptId": it,
               "email": "lisi@example.com", "phone": "13800000000", "groups": ["ops"]}),
    )
    .await;
    assert_eq!(created["userId"], "lisi");
    let again = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(json!({"username": "lisi", "nickName": "x", "password": "long-enough"})),
        )
        .await;
    assert_eq!(invalid_fields(&again.1), ["username"]);
    let bad_dept = api
        .admin(Method::POST, "/system/user", &admin, Some(json!({"username": "w", "nickName": "x", "password": "long-enough", "deptId": 99999})))
        .await;
    assert_eq!(invalid_fields(&bad_dept.1), ["deptId"]);
    let bad_group = api
        .admin(Method::POST, "/system/user", &admin, Some(json!({"username": "w", "nickName": "x", "password": "long-enough", "groups": ["nope"]})))
        .await;
    assert_eq!(invalid_fields(&bad_group.1), ["groups"]);
    let lisi = get(&api, &admin, "/system/user/lisi").await["data"].clone();
    assert_eq!(lisi["nickName"], "李四");
    assert_eq!(lisi["deptName"], "信息部");
    assert_eq!(lisi["groups"], json!(["ops"]));
    assert_eq!(lisi["enabled"], true);
    assert!(lisi.get("password").is_none() && !lisi.to_string().contains("argon2"));
    let group = get(&api, &admin, &format!("/system/group/{ops}")).await;
    assert_eq!(group["data"]["userIds"], json!(["admin", "lisi"]));
    assert_error(
        &api.admin(Method::GET, "/system/user/ghost", &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        4200,
    );

    // Updating: new password works (and ends old tokens), absent groups stay, contact data is
    // replaced.
    let old_token = api.token("lisi", "Li-Si-2026").await;
    ok(
        &api,
        &admin,
        Method::PUT,
        "/system/user/lisi",
        Some(json!({"nickName": "李四四", "deptId": hq, "password": "New-Pass-99"})),
    )
    .await;
    let lisi = get(&api, &admin, "/system/user/lisi").await["data"].clone();
    assert_eq!(
        (lisi["nickName"].as_str(), lisi["deptId"].as_i64()),
        (Some("李四四"), Some(hq))
    );
    assert_eq!(lisi["email"], Value::Null);
    assert_eq!(lisi["groups"], json!(["ops"]));
    api.token("lisi", "New-Pass-99").await;
    assert_error(
        &api.admin(Method::POST, "/auth/logout", &old_token, None)
            .await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    assert_error(
        &api.admin(
            Method::PUT,
            "/system/user/ghost",
            &admin,
            Some(json!({"nickName": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        4200,
    );
    assert_error(
        &api.admin(
            Method::PUT,
            "/system/user/ghost/status",
            &admin,
            Some(json!({"enabled": false})),
        )
        .await,
        StatusCode::NOT_FOUND,
        4200,
    );
    let status_type = api
        .admin(
            Method::PUT,
            "/system/user/lisi/status",
            &admin,
            Some(json!({"enabled": "no"})),
        )
        .await;
    assert_eq!(invalid_fields(&status_type.1), ["enabled"]);
    // An administrator cannot lock themselves out.
    assert_error(
        &api.admin(
            Method::PUT,
            "/system/user/admin/status",
            &admin,
            Some(json!({"enabled": false})),
        )
        .await,
        StatusCode::BAD_REQUEST,
        4101,
    );
    assert_error(
        &api.admin(Method::DELETE, "/system/user/admin", &admin, None)
            .await,
        StatusCode::BAD_REQUEST,
        4101,
    );

    // Group membership follows group updates.
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/group/{ops}"),
        Some(json!({"key": "ops", "name": "运维组", "userIds": ["lisi"]})),
    )
    .await;
    let lisi_groups = get(&api, &admin, "/system/user/lisi").await["data"]["groups"].clone();
    assert_eq!(lisi_groups, json!(["ops"]));
    let admin_groups = get(&api, &admin, "/system/user/admin").await["data"]["groups"].clone();
    assert_eq!(admin_groups, json!([]));
    let groups = get(&api, &admin, "/system/group").await;
    assert_eq!(groups["total"], 1);
    assert_eq!(groups["rows"][0]["name"], "运维组");

    // Deleting: the user's tokens and memberships go with them; the leader slot empties.
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/dept/{it}"),
        Some(json!({"name": "信息部", "parentId": hq, "leaderUserId": "lisi"})),
    )
    .await;
    ok(&api, &admin, Method::DELETE, "/system/user/lisi", None).await;
    assert_error(
        &api.admin(Method::DELETE, "/system/user/lisi", &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        4200,
    );
    assert_eq!(
        get(&api, &admin, &format!("/system/dept/{it}")).await["data"]["leaderUserId"],
        Value::Null
    );
    assert_eq!(
        get(&api, &admin, &format!("/system/group/{ops}")).await["data"]["userIds"],
        json!([])
    );
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/group/{ops}"),
        None,
    )
    .await;
    assert_error(
        &api.admin(Method::GET, &format!("/system/group/{ops}"), &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/dept/{it}"),
        None,
    )
    .await;
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/dept/{hq}"),
        None,
    )
    .await;

    // Paging: pageNum or pageNo, and pageSize capped at 100.
    with_pool!(server.db(), |pool| {
        for i in 0..105 {
            sqlx::query(
                "INSERT INTO users (username, nick_name, password_hash, created_at, updated_at) VALUES ($1, $2, 'x', $3, $3)",
            )
            .bind(format!("bulk{i:03}"))
            .bind(format!("批量{i}"))
            .bind(2_000_000_000_000_i64 + i)
            .execute(pool)
            .await
            .unwrap();
        }
    });
    let all = get(&api, &admin, "/system/user?pageSize=1000").await;
    assert_eq!(all["total"], 106);
    assert_eq!(all["rows"].as_array().unwrap().len(), 100);
    let second = get(&api, &admin, "/system/user?pageNo=2&pageSize=5").await;
    assert_eq!(second["rows"][0]["userId"], "bulk004");
    let same = get(&api, &admin, "/system/user?pageNum=2&pageSize=5").await;
    assert_eq!(second["rows"], same["rows"]);
    // The same filters and orders as the 用户管理 screen (one service): a keyword in the
    // username or display name, and a sort key with an order.
    let found = get(
        &api,
        &admin,
        "/system/user?keyword=%E6%89%B9%E9%87%8F10&pageSize=100",
    )
    .await;
    assert_eq!(found["total"], 6, "批量10 and 批量100..104: {found}");
    let last = get(
        &api,
        &admin,
        "/system/user?sort=username&order=desc&pageSize=1",
    )
    .await;
    assert_eq!(last["rows"][0]["userId"], "bulk104");
    let disabled = get(&api, &admin, "/system/user?enabled=false").await;
    assert_eq!(disabled["total"], 0);
    let bad_page = api
        .admin(Method::GET, "/system/user?pageSize=lots", &admin, None)
        .await;
    assert_error(&bad_page, StatusCode::BAD_REQUEST, 4101);
    assert!(
        bad_page.1["msg"].as_str().unwrap().contains("pageSize"),
        "{}",
        bad_page.1
    );
    server.stop().await;
}

async fn integrations(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;

    // An app's secret is in the creation answer and nowhere else.
    let blank = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "  "})),
        )
        .await;
    assert_eq!(invalid_fields(&blank.1), ["applicationName"]);
    let app = post(
        &api,
        &admin,
        "/system/app",
        json!({"applicationName": "报修小程序", "images": "https://x/icon.png"}),
    )
    .await;
    let app_id = app["appId"].as_str().unwrap().to_owned();
    let secret = app["applicationSecret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    let listed = get(&api, &admin, "/system/app").await;
    let one = get(&api, &admin, &format!("/system/app/{app_id}")).await;
    for answer in [&listed, &one] {
        assert!(!answer.to_string().contains(&secret), "{answer}");
        assert!(!answer.to_string().contains("argon2"), "{answer}");
    }
    assert_eq!(one["data"]["images"], "https://x/icon.png");
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/app/{app_id}"),
        Some(json!({"applicationName": "报修 App"})),
    )
    .await;
    assert_eq!(
        get(&api, &admin, &format!("/system/app/{app_id}")).await["data"]["applicationName"],
        "报修 App"
    );
    assert_error(
        &api.admin(Method::GET, "/system/app/app_missing", &admin, None)
            .await,
        StatusCode::NOT_FOUND,
        404,
    );
    assert_error(
        &api.admin(
            Method::PUT,
            "/system/app/app_missing",
            &admin,
            Some(json!({"applicationName": "x"})),
        )
        .await,
        StatusCode::NOT_FOUND,
        404,
    );

    // Services likewise.
    let service = post(
        &api,
        &admin,
        "/system/service",
        json!({"serviceName": "ERP"}),
    )
    .await;
    let server_id = service["serverId"].as_str().unwrap().to_owned();
    let service_secret = service["secretKey"].as_str().unwrap().to_owned();
    let listed = get(&api, &admin, "/system/service").await;
    assert_eq!(listed["total"], 1);
    assert!(!listed.to_string().contains(&service_secret));
    ok(
        &api,
        &admin,
        Method::PUT,
        &format!("/system/service/{server_id}"),
        Some(json!({"serviceName": "ERP 2"})),
    )
    .await;
    let one = get(&api, &admin, &format!("/system/service/{server_id}")).await;
    assert_eq!(one["data"]["serviceName"], "ERP 2");
    assert!(!one.to_string().contains(&service_secret));

    // `/WorkOrder/app/list` pages the apps for integrators.
    for name in ["工单 A", "工单 B"] {
        post(
            &api,
            &admin,
            "/system/app",
            json!({"applicationName": name}),
        )
        .await;
    }
    let caller = Credentials::Service {
        id: server_id.clone(),
        secret: service_secret.clone(),
        token: admin.clone(),
    };
    let (status, page) = api
        .public_get("/WorkOrder/app/list?pageNo=2&pageSize=2", &caller)
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["total"], 3);
    assert_eq!(page["rows"].as_array().unwrap().len(), 1);
    assert_eq!(page["rows"][0]["applicationName"], "工单 B");
    assert!(!page.to_string().contains(&secret));

    // Deleting a service ends its access; deleting twice is 404.
    ok(
        &api,
        &admin,
        Method::DELETE,
        &format!("/system/service/{server_id}"),
        None,
    )
    .await;
    assert_error(
        &api.public_get("/WorkOrder/app/list", &caller).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &api.admin(
            Method::DELETE,
            &format!("/system/service/{server_id}"),
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
        &format!("/system/app/{app_id}"),
        None,
    )
    .await;
    assert_error(
        &api.admin(
            Method::DELETE,
            &format!("/system/app/{app_id}"),
            &admin,
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
        404,
    );
    server.stop().await;
}

#[tokio::test]
async fn sqlite_directory() {
    let db = TestDatabase::sqlite("directory");
    directory(&db.url).await;
}

#[tokio::test]
async fn postgres_directory() {
    let Some(db) = TestDatabase::postgres("directory").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL directory journey skipped");
        return;
    };
    directory(&db.url).await;
}

#[tokio::test]
async fn sqlite_integrations() {
    let db = TestDatabase::sqlite("integrations");
    integrations(&db.url).await;
}

#[tokio::test]
async fn postgres_integrations() {
    let Some(db) = TestDatabase::postgres("integrations").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL integrations journey skipped");
        return;
    };
    integrations(&db.url).await;
}
