//! The web app end to end over HTTP: health, the sign-in gate, login, pages in both languages,
//! 404 inside the frame, admin-only data, logout, and sessions that survive a restart.

mod support;

use std::sync::Arc;

use reqwest::header::{ACCEPT, COOKIE, LOCATION};
use reqwest::StatusCode;
use serde_json::json;
use support::{browser, TestDatabase, TestServer, ADMIN_PASSWORD};
use workorder::server::service::accounts::{self, NewUser};

async fn login(
    client: &reqwest::Client,
    server: &TestServer,
    user: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(server.url("/api/login"))
        // As a plain form post before hydration: the server answers with a real redirect.
        .header(ACCEPT, "text/html")
        .form(&[
            ("username", user),
            ("password", password),
            ("next", "/system/users"),
        ])
        .send()
        .await
        .expect("login request")
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;

    // Health answers in the API envelope and names the database.
    let health: serde_json::Value = reqwest::get(server.url("/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["code"], 200);
    assert_eq!(health["data"]["status"], "up");

    // Strangers are sent to the login page, remembering where they wanted to go.
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let client = reqwest::Client::builder()
        .cookie_provider(jar.clone())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client
        .get(server.url("/system/users?page=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers()[LOCATION],
        "/login?next=/system/users%3Fpage%3D1"
    );

    // The login page is Chinese by default and English with the language cookie.
    let page = client
        .get(server.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("lang=\"zh-CN\""), "{page}");
    assert!(page.contains("用户名") && page.contains("统一工单中心"));
    let page = client
        .get(server.url("/login"))
        .header(COOKIE, "woc_lang=en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("lang=\"en\"")
            && !page.contains("lang=\"zh-CN\"")
            && page.contains("Username"),
        "{page}"
    );

    // A wrong password is refused and opens no session.
    let res = login(&client, &server, "admin", "wrong").await;
    assert!(!res.status().is_success() || res.headers().get(LOCATION).is_none());
    let body = res.text().await.unwrap();
    assert!(body.contains("InvalidCredentials"), "{body}");
    assert_eq!(
        client.get(server.url("/")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );

    // The right password signs in and goes where the user wanted.
    let res = login(&client, &server, "admin", ADMIN_PASSWORD).await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[LOCATION], "/system/users");
    let home = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let home = home.text().await.unwrap();
    assert!(
        home.contains("系统管理员") && home.contains("工作台"),
        "{home}"
    );
    let users = client
        .get(server.url("/system/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        users.contains(r#"<span class="cell-value">admin</span>"#),
        "{users}"
    );
    assert_eq!(
        client
            .get(server.url("/login"))
            .send()
            .await
            .unwrap()
            .headers()[LOCATION],
        "/"
    );

    // An unknown page is a 404 inside the frame, not a bare error.
    let missing = client
        .get(server.url("/no/such/page"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let missing = missing.text().await.unwrap();
    assert!(
        missing.contains("页面不存在") && missing.contains("class=\"topbar\""),
        "{missing}"
    );

    // Only administrators read the user list.
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
    let res = login(&staff, &server, "zhangsan", "Zhang-San-1").await;
    assert!(res.status().is_redirection());
    let refused = staff
        .post(server.url("/api/list_users"))
        .json(&json!({"query": {}}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(refused.contains("Forbidden"), "{refused}");
    let staff_home = staff
        .get(server.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(staff_home.contains("张三") && !staff_home.contains("href=\"/system/users\""));

    // Sessions live in the database: a restarted server still knows the admin.
    server.stop().await;
    let server = TestServer::start(database_url).await;
    let again = client.get(server.url("/")).send().await.unwrap();
    assert_eq!(
        again.status(),
        StatusCode::OK,
        "session lost across restart"
    );

    // Logging out ends the session for good.
    let res = client
        .post(server.url("/api/logout"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert_eq!(
        client.get(server.url("/")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    server.stop().await;
}

#[tokio::test]
async fn sqlite_journey() {
    let db = TestDatabase::sqlite("journey");
    journey(&db.url).await;
}

#[tokio::test]
async fn postgres_journey() {
    let Some(db) = TestDatabase::postgres("journey").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL journey skipped");
        return;
    };
    journey(&db.url).await;
}
