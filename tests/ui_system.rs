//! The 系统管理 screens' server functions over HTTP, as the hydrated pages call them (JSON
//! bodies), against the real router: departments, users, groups, app registration, and the
//! refusals the forms show (a taken username next to its field, a non-admin caller).

mod support;

use reqwest::header::ACCEPT;
use reqwest::StatusCode;
use serde_json::{json, Value};
use support::{browser, TestDatabase, TestServer, ADMIN_PASSWORD};
use workorder::server::service::accounts::{self, NewUser};

async fn login(client: &reqwest::Client, server: &TestServer, user: &str, password: &str) {
    let res = client
        .post(server.url("/api/login"))
        .header(ACCEPT, "text/html")
        .form(&[("username", user), ("password", password), ("next", "/")])
        .send()
        .await
        .expect("login request");
    assert!(res.status().is_redirection(), "login of {user} failed");
}

/// Calls a JSON server function; returns the status and the decoded body.
async fn call(
    client: &reqwest::Client,
    server: &TestServer,
    name: &str,
    body: Value,
) -> (StatusCode, Value) {
    let res = client
        .post(server.url(&format!("/api/{name}")))
        .json(&body)
        .send()
        .await
        .expect("server function request");
    let status = res.status();
    let text = res.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

async fn page(client: &reqwest::Client, server: &TestServer, path: &str) -> String {
    let res = client.get(server.url(path)).send().await.unwrap();
    let status = res.status();
    let body = res.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let admin = browser();
    login(&admin, &server, "admin", ADMIN_PASSWORD).await;

    // A department led by the admin, and a sub-department under it.
    let (status, dept) = call(
        &admin,
        &server,
        "save_dept",
        json!({"dept_id": null, "name": "研发部", "parent_id": null, "leader": "admin"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{dept}");
    let dept_id = dept.as_i64().expect("new department id");
    let (status, child) = call(
        &admin,
        &server,
        "save_dept",
        json!({"dept_id": null, "name": "平台组", "parent_id": dept_id, "leader": null}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{child}");
    // A leader who does not exist is refused on the leader field.
    let (status, refused) = call(
        &admin,
        &server,
        "save_dept",
        json!({"dept_id": null, "name": "测试部", "parent_id": null, "leader": "nobody"}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["Invalid"]["field"], "leader", "{refused}");

    // A group, then a user in the department and the group.
    let (status, group) = call(
        &admin,
        &server,
        "save_group",
        json!({"group_id": null, "key": "it-support", "name": "IT 支持", "members": ["admin"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{group}");
    let (status, body) = call(
        &admin,
        &server,
        "create_user",
        json!({"username": "lisi", "nick_name": "李四", "password": "Li-Si-2026",
               "dept_id": dept_id, "groups": ["it-support"]}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, list) = call(&admin, &server, "list_users", json!({"query": {}})).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let lisi = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "lisi")
        .unwrap_or_else(|| panic!("lisi missing from {list}"));
    assert_eq!(lisi["dept_name"], "研发部");
    assert_eq!(lisi["groups"], json!(["it-support"]));
    assert_eq!(lisi["enabled"], true);

    // The list's filters and order, as the screen's URL sends them: part of a name in any
    // case, the status, the department; an unknown sort key is the default order.
    let names = |list: &Value| -> Vec<String> {
        list["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["username"].as_str().unwrap().to_owned())
            .collect()
    };
    for (filters, expected) in [
        (json!({"keyword": "李"}), vec!["lisi"]),
        (json!({"keyword": "LIS"}), vec!["lisi"]),
        (json!({"keyword": "%"}), vec![]),
        (json!({"dept": dept_id.to_string()}), vec!["lisi"]),
        (json!({"enabled": "false"}), vec![]),
        (
            json!({"enabled": "true", "keyword": "admin"}),
            vec!["admin"],
        ),
    ] {
        let (status, list) = call(
            &admin,
            &server,
            "list_users",
            json!({"query": {"filters": filters.clone()}}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(names(&list), expected, "{filters}");
    }
    // U+0000, which PostgreSQL cannot take in text, is refused on its field, not a 500.
    let (status, refused) = call(
        &admin,
        &server,
        "list_users",
        json!({"query": {"filters": {"keyword": "a\u{0}b"}}}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    let sorted = |key: &str, descending: bool| json!({"query": {"sort": {"key": key, "descending": descending}, "paging": {"page": 1, "size": 1}}});
    let (_, first) = call(&admin, &server, "list_users", sorted("username", true)).await;
    assert_eq!(names(&first), vec!["lisi"], "z..a: lisi before admin");
    assert_eq!(first["total"], 2);
    let (_, first) = call(&admin, &server, "list_users", sorted("password_hash", true)).await;
    assert_eq!(
        names(&first),
        vec!["admin"],
        "an unknown key is the default order"
    );

    // The screens render the new records on the server (no placeholders).
    let users_page = page(&admin, &server, "/system/users").await;
    assert!(
        users_page.contains(r#"<span class="cell-value">lisi</span>"#)
            && users_page.contains("研发部"),
        "{users_page}"
    );
    let depts_page = page(&admin, &server, "/system/depts").await;
    assert!(
        depts_page.contains("平台组") && depts_page.contains("系统管理员 (admin)"),
        "{depts_page}"
    );
    let groups_page = page(&admin, &server, "/system/groups").await;
    assert!(groups_page.contains("it-support"), "{groups_page}");

    // A taken username is refused on its field; so are a short password and a blank name.
    let (status, refused) = call(
        &admin,
        &server,
        "create_user",
        json!({"username": "lisi", "nick_name": "另一个李四", "password": "Another-2026",
               "dept_id": null, "groups": []}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused,
        json!({"Invalid": {"field": "username", "problem": "Taken"}})
    );
    let (status, refused) = call(
        &admin,
        &server,
        "create_user",
        json!({"username": "wangwu", "nick_name": "王五", "password": "short",
               "dept_id": null, "groups": []}),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused["Invalid"]["field"], "password", "{refused}");
    let (_, refused) = call(
        &admin,
        &server,
        "create_user",
        json!({"username": "wang wu", "nick_name": " ", "password": "Wang-Wu-2026",
               "dept_id": null, "groups": []}),
    )
    .await;
    assert_eq!(refused["Invalid"]["field"], "username", "{refused}");

    // A department with a sub-department stays; disabling and self-protection.
    let (status, refused) = call(&admin, &server, "delete_dept", json!({"dept_id": dept_id})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    let (status, _) = call(
        &admin,
        &server,
        "set_user_enabled",
        json!({"username": "lisi", "enabled": false}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = call(
        &admin,
        &server,
        "set_user_enabled",
        json!({"username": "admin", "enabled": false}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an admin cannot lock themselves out"
    );

    // An app registration answers with its secret once; neither the list nor the page has it.
    let (status, registered) = call(
        &admin,
        &server,
        "register_client",
        json!({"kind": "App", "name": "门户网站"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{registered}");
    let app_id = registered["id"].as_str().unwrap().to_owned();
    let secret = registered["secret"].as_str().unwrap().to_owned();
    assert!(
        app_id.starts_with("app_") && secret.len() == 64,
        "{registered}"
    );
    let (status, apps) = call(
        &admin,
        &server,
        "list_clients",
        json!({"kind": "App", "query": {}}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let listed = apps.to_string();
    assert!(
        listed.contains(&app_id) && listed.contains("门户网站"),
        "{listed}"
    );
    assert!(!listed.contains(&secret), "the list leaks the secret");
    let apps_page = page(&admin, &server, "/system/apps").await;
    assert!(apps_page.contains(&app_id) && !apps_page.contains(&secret));
    // The secret works at the API's token endpoint's check: stored, not shown.
    assert!(
        workorder::server::service::integrations::apps::verify(server.db(), &app_id, &secret)
            .await
            .unwrap()
    );

    // Someone who is not an administrator is refused, by every function and every screen.
    accounts::create(
        server.db(),
        NewUser {
            username: "zhangsan".into(),
            nick_name: "张三".into(),
            password: "Zhang-San-1".into(),
            is_admin: false,
        },
    )
    .await
    .unwrap();
    let staff = browser();
    login(&staff, &server, "zhangsan", "Zhang-San-1").await;
    for (name, body) in [
        (
            "create_user",
            json!({"username": "x1", "nick_name": "X", "password": "Xx-123456",
                   "dept_id": null, "groups": []}),
        ),
        ("list_clients", json!({"kind": "Service", "query": {}})),
        (
            "save_group",
            json!({"group_id": null, "key": "k", "name": "n", "members": []}),
        ),
        ("delete_dept", json!({"dept_id": dept_id})),
    ] {
        let (status, refused) = call(&staff, &server, name, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{name}: {refused}");
        assert_eq!(refused, json!("Forbidden"), "{name}");
    }
    // The screen itself is a 403 in the frame, with none of its data or actions.
    let res = staff.get(server.url("/system/depts")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let staff_page = res.text().await.unwrap();
    assert!(
        staff_page.contains("没有访问权限")
            && !staff_page.contains("平台组")
            && !staff_page.contains("新建部门"),
        "{staff_page}"
    );
    let staff_home = page(&staff, &server, "/").await;
    assert!(!staff_home.contains("href=\"/system/apps\""));
    let admin_home = page(&admin, &server, "/").await;
    assert!(admin_home.contains("href=\"/system/apps\"") && admin_home.contains("综合分类"));

    server.stop().await;
}

#[tokio::test]
async fn sqlite_system_screens() {
    let db = TestDatabase::sqlite("ui-system");
    journey(&db.url).await;
}

#[tokio::test]
async fn postgres_system_screens() {
    let Some(db) = TestDatabase::postgres("ui_system").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL system screens skipped");
        return;
    };
    journey(&db.url).await;
}
