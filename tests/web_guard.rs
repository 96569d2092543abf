//! What protects the web UI's HTTP layer: sign-in attempts counted for the browser as for the
//! REST login (shared by every server process on one database), server functions refused
//! from other origins, security headers on every response, compressed responses, and a 400
//! (not a 500) for arguments a server function cannot read.

mod support;

use reqwest::header::{
    ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ORIGIN,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use reqwest::StatusCode;
use serde_json::json;
use support::api::Api;
use support::{browser, TestDatabase, TestServer, ADMIN_PASSWORD};
use workorder::server::service::login_throttle::MAX_FAILURES;

/// The browser's sign-in, as the login form's server function is called.
async fn browser_sign_in(server: &TestServer, user: &str, password: &str) -> StatusCode {
    browser()
        .post(server.url("/api/login"))
        .form(&[("username", user), ("password", password)])
        .send()
        .await
        .expect("sign-in request")
        .status()
}

/// Ten wrong passwords in the browser on one server process lock the username on another
/// process sharing the database, for the browser and for the REST login alike, even with the
/// right password.
async fn sign_in_throttle(database_url: &str) {
    let first = TestServer::start(database_url).await;
    let second = TestServer::start(database_url).await;
    for _ in 0..MAX_FAILURES {
        assert_eq!(
            browser_sign_in(&first, "admin", "wrong-password").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        browser_sign_in(&second, "admin", ADMIN_PASSWORD).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    let (status, body) = Api::new(&second).login("admin", ADMIN_PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["code"], 4001);
    first.stop().await;
    second.stop().await;
}

#[tokio::test]
async fn sqlite_sign_in_throttle() {
    let db = TestDatabase::sqlite("throttle");
    sign_in_throttle(&db.url).await;
}

#[tokio::test]
async fn postgres_sign_in_throttle() {
    let Some(db) = TestDatabase::postgres("throttle").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: skipped");
        return;
    };
    sign_in_throttle(&db.url).await;
}

/// A signed-in administrator's browser, sent by another site's page, must not create a user:
/// the `text/plain` POST a page may send without asking is refused before the function runs,
/// while the same call from the app's own page works.
#[tokio::test]
async fn sqlite_cross_origin_server_function_calls_are_refused() {
    let db = TestDatabase::sqlite("cross-origin");
    let server = TestServer::start(&db.url).await;
    let admin = browser();
    let signed_in = admin
        .post(server.url("/api/login"))
        .form(&[("username", "admin"), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection());

    let new_user = |name: &str| {
        json!({"username": name, "nick_name": name, "password": "Pass-word-1",
               "dept_id": null, "groups": []})
        .to_string()
    };
    let forged = admin
        .post(server.url("/api/create_user"))
        .header(ORIGIN, "https://evil.example")
        .header("sec-fetch-site", "cross-site")
        .header(CONTENT_TYPE, "text/plain")
        .body(new_user("mallory"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    // Old browsers send no Sec-Fetch-Site; Origin alone still tells.
    let forged = admin
        .post(server.url("/api/create_user"))
        .header(ORIGIN, "https://evil.example")
        .header(CONTENT_TYPE, "application/json")
        .body(new_user("mallory"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let count = |db: &workorder::server::db::Db| {
        let db = db.clone();
        async move {
            workorder::server::service::accounts::count(&db)
                .await
                .unwrap()
        }
    };
    assert_eq!(count(server.db()).await, 1, "nothing was created");

    let own = admin
        .post(server.url("/api/create_user"))
        .header(ORIGIN, server.url(""))
        .header("sec-fetch-site", "same-origin")
        .header(CONTENT_TYPE, "application/json")
        .body(new_user("zhangsan"))
        .send()
        .await
        .unwrap();
    assert!(own.status().is_success(), "{}", own.text().await.unwrap());
    assert_eq!(count(server.db()).await, 2);
    server.stop().await;
}

/// Every response says what the browser may run and frame, and is compressed when the client
/// accepts it: pages, JSON and static files.
#[tokio::test]
async fn sqlite_security_headers_and_compression() {
    let db = TestDatabase::sqlite("headers");
    let server = TestServer::start(&db.url).await;
    let client = browser();

    let page = client.get(server.url("/login")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    let policy = headers[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("default-src 'self'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[REFERRER_POLICY], "strict-origin-when-cross-origin");
    // The page's inline bootstrap carries the nonce the policy names, and no other script
    // is inline.
    let nonce = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a page policy names its nonce")
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(html.contains(&format!("nonce=\"{nonce}\"")), "{html}");
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap_or_default();
        assert!(
            tag.contains("src=") || tag.contains(&nonce),
            "inline script without the nonce: <script{tag}>"
        );
    }

    // JSON from the REST API has the strict policy too, and is compressed.
    let json = client
        .get(server.url("/api-docs/openapi.json"))
        .header(ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(json.status(), StatusCode::OK);
    assert_eq!(json.headers()[CONTENT_ENCODING], "br");
    assert!(json.headers()[CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    let gzip = client
        .get(server.url("/login"))
        .header(ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    // The bundle itself is checked against the release build in the browser suite
    // (end2end/shell.test.mjs): precompressed, content-hashed and cached for a year.
    server.stop().await;
}

/// Arguments a server function cannot read are the caller's mistake: 400 with the reason.
#[tokio::test]
async fn sqlite_unreadable_server_function_arguments_are_a_400() {
    let db = TestDatabase::sqlite("bad-args");
    let server = TestServer::start(&db.url).await;
    let response = browser()
        .post(server.url("/api/login"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("username=admin")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = response.text().await.unwrap();
    assert!(body.contains("BadRequest"), "{body}");
    server.stop().await;
}

/// A page the user may not open answers 403 in the frame, with nothing of the page: no
/// 新建用户 button, no navigation entry to it; an administrator gets the page.
#[tokio::test]
async fn sqlite_a_screen_the_user_may_not_open_is_a_403_in_the_frame() {
    use workorder::server::service::accounts::{self, NewUser};

    let db = TestDatabase::sqlite("forbidden-screen");
    let server = TestServer::start(&db.url).await;
    accounts::create(
        server.db(),
        NewUser {
            username: "zhangsan".into(),
            nick_name: "张三".into(),
            password: "Zhang-san-1".into(),
            is_admin: false,
        },
    )
    .await
    .unwrap();
    let staff = browser();
    let signed_in = staff
        .post(server.url("/api/login"))
        .form(&[("username", "zhangsan"), ("password", "Zhang-san-1")])
        .send()
        .await
        .unwrap();
    assert!(signed_in.status().is_success() || signed_in.status().is_redirection());
    let page = staff.get(server.url("/system/users")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    let html = page.text().await.unwrap();
    assert!(html.contains("没有访问权限"), "{html}");
    assert!(!html.contains("新建用户"), "{html}");
    assert!(
        !html.contains("href=\"/system/"),
        "no 系统管理 links: {html}"
    );
    assert!(html.contains("工作台"), "the frame is there: {html}");
    // Pages everyone may open still answer 200; the API reference even to strangers.
    let home = staff.get(server.url("/")).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let docs = browser().get(server.url("/api-docs")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);

    let admin = browser();
    admin
        .post(server.url("/api/login"))
        .form(&[("username", "admin"), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    let page = admin.get(server.url("/system/users")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("新建用户") && html.contains("href=\"/system/depts\""),
        "{html}"
    );
    server.stop().await;
}
