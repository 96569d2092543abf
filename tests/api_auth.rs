//! REST authentication end to end: login and logout, admin bearer tokens, the app and service
//! header sets of the public API, expiry, revocation, disabled accounts and the login limit.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::json;
use support::api::{assert_error, invalid_fields, Api, Credentials};
use support::{TestDatabase, TestServer};
use workorder::account::CurrentUser;
use workorder::server::api::caller::{Caller, Client};
use workorder::server::display_time::now_millis;
use workorder::server::service::accounts::{self, NewUser};
use workorder::server::service::actor::Actor;
use workorder::server::service::directory::users;
use workorder::server::service::integrations::tokens;

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);

    // Bodies are checked against the published schema: every missing field is named.
    let missing = api
        .send(api.request(Method::POST, "/auth/login").json(&json!({})))
        .await;
    assert_error(&missing, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&missing.1), ["password", "username"]);
    let mistyped = api
        .send(
            api.request(Method::POST, "/auth/login")
                .json(&json!({"username": 7, "password": true})),
        )
        .await;
    assert_eq!(invalid_fields(&mistyped.1), ["password", "username"]);
    let broken = api
        .send(
            api.request(Method::POST, "/auth/login")
                .header("content-type", "application/json")
                .body("{\"username\":"),
        )
        .await;
    assert_error(&broken, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&broken.1), ["body"]);

    // A wrong password is 4001 (HTTP 401), in Chinese unless English is asked for.
    let wrong = api.login("admin", "not-the-password").await;
    assert_error(&wrong, StatusCode::UNAUTHORIZED, 4001);
    assert_eq!(wrong.1["msg"], "用户名或密码错误");
    let wrong_en = api
        .send(
            api.request(Method::POST, "/auth/login")
                .header("Accept-Language", "en-US,en;q=0.8")
                .json(&json!({"username": "nobody", "password": "whatever1"})),
        )
        .await;
    assert_eq!(wrong_en.1["msg"], "wrong username or password");

    // The right password gives a token, its lifetime and the user.
    let (status, body) = api.login("admin", support::ADMIN_PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["code"], 200);
    let admin = body["data"]["accessToken"].as_str().unwrap().to_owned();
    assert_eq!(admin.len(), 64);
    assert_eq!(body["data"]["expiresIn"], 8 * 3600);
    assert_eq!(body["data"]["user"]["userId"], "admin");
    assert_eq!(body["data"]["user"]["nickName"], "系统管理员");
    assert_eq!(body["data"]["user"]["isAdmin"], true);

    // The admin API wants an admin's bearer token.
    let anonymous = api.send(api.request(Method::GET, "/system/user")).await;
    assert_error(&anonymous, StatusCode::UNAUTHORIZED, 4004);
    let forged = api
        .admin(Method::GET, "/system/user", "f".repeat(64).as_str(), None)
        .await;
    assert_error(&forged, StatusCode::UNAUTHORIZED, 4004);
    let (status, created) = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(json!({"username": "zhangsan", "nickName": "张三", "password": "Zhang-San-1"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let staff = api.token("zhangsan", "Zhang-San-1").await;
    let not_admin = api.admin(Method::GET, "/system/user", &staff, None).await;
    assert_error(&not_admin, StatusCode::FORBIDDEN, 4001);

    // Register one app and one service.
    let (_, app) = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "报修小程序"})),
        )
        .await;
    let app_id = app["data"]["appId"].as_str().unwrap().to_owned();
    let app_secret = app["data"]["applicationSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, service) = api
        .admin(
            Method::POST,
            "/system/service",
            &admin,
            Some(json!({"serviceName": "ERP"})),
        )
        .await;
    let server_id = service["data"]["serverId"].as_str().unwrap().to_owned();
    let server_secret = service["data"]["secretKey"].as_str().unwrap().to_owned();
    let as_app = |token: &str| Credentials::App {
        id: app_id.clone(),
        secret: app_secret.clone(),
        token: token.to_owned(),
    };
    let as_service = |token: &str| Credentials::Service {
        id: server_id.clone(),
        secret: server_secret.clone(),
        token: token.to_owned(),
    };

    // Correct header sets pass, for apps and services alike.
    let ok = api.public_get("/synthesis/list", &as_app(&staff)).await;
    assert_eq!(ok.0, StatusCode::OK, "{}", ok.1);
    assert_eq!(ok.1["code"], 200);
    let ok = api
        .public_get("/WorkOrder/app/list", &as_service(&staff))
        .await;
    assert_eq!(ok.0, StatusCode::OK, "{}", ok.1);
    assert_eq!(ok.1["total"], 1);
    // The seed's row of 查询应用工单类型: a registered app is one to choose, appFlag "0".
    let row = &ok.1["rows"][0];
    assert_eq!(row["appId"], app_id.as_str(), "{row}");
    assert_eq!(row["applicationName"], "报修小程序", "{row}");
    assert_eq!(row["appFlag"], "0", "{row}");
    // The seed's clients send the bare token in Authorization.
    let bare = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .header("requestType", "app")
                .header("appID", &app_id)
                .header("secretKey", &app_secret)
                .header("accessToken", &staff)
                .header("Authorization", &staff),
        )
        .await;
    assert_eq!(bare.0, StatusCode::OK, "{}", bare.1);

    // 4000: no or an unknown calling mode.
    let no_mode = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .bearer_auth(&staff),
        )
        .await;
    assert_error(&no_mode, StatusCode::BAD_REQUEST, 4000);
    let odd_mode = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .header("requestType", "web")
                .header("appID", &app_id)
                .header("secretKey", &app_secret)
                .header("accessToken", &staff)
                .bearer_auth(&staff),
        )
        .await;
    assert_error(&odd_mode, StatusCode::BAD_REQUEST, 4000);

    // 4001: wrong, missing or swapped credentials.
    let bad_secret = Credentials::App {
        id: app_id.clone(),
        secret: server_secret.clone(),
        token: staff.clone(),
    };
    assert_error(
        &api.public_get("/synthesis/list", &bad_secret).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let unknown_app = Credentials::App {
        id: "app_0000000000000000".into(),
        secret: app_secret.clone(),
        token: staff.clone(),
    };
    assert_error(
        &api.public_get("/synthesis/list", &unknown_app).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let app_as_service = Credentials::Service {
        id: app_id.clone(),
        secret: app_secret.clone(),
        token: staff.clone(),
    };
    assert_error(
        &api.public_get("/synthesis/list", &app_as_service).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let no_secret = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .header("requestType", "service")
                .header("serverID", &server_id)
                .header("accessToken", &staff),
        )
        .await;
    assert_error(&no_secret, StatusCode::FORBIDDEN, 4001);

    // 4004: missing, unknown, mismatched, expired or revoked tokens.
    let no_token = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .header("requestType", "service")
                .header("serverID", &server_id)
                .header("secretKey", &server_secret),
        )
        .await;
    assert_error(&no_token, StatusCode::UNAUTHORIZED, 4004);
    assert_error(
        &api.public_get("/synthesis/list", &as_app("not-a-token"))
            .await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    let mismatch = api
        .send(
            api.request(Method::GET, "/synthesis/list")
                .header("requestType", "app")
                .header("appID", &app_id)
                .header("secretKey", &app_secret)
                .header("accessToken", &staff)
                .bearer_auth(&admin),
        )
        .await;
    assert_error(&mismatch, StatusCode::UNAUTHORIZED, 4004);

    // Expiry is stored with the token: a token past its expiry is refused.
    let expired = "e".repeat(64);
    tokens::insert_with_expiry(server.db(), "admin", &expired, now_millis() - 1_000)
        .await
        .unwrap();
    assert_error(
        &api.public_get("/synthesis/list", &as_app(&expired)).await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    assert_error(
        &api.admin(Method::GET, "/system/user", &expired, None).await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    let fresh = "f0".repeat(32);
    tokens::insert_with_expiry(server.db(), "admin", &fresh, now_millis() + 60_000)
        .await
        .unwrap();
    assert_eq!(
        api.admin(Method::GET, "/system/user", &fresh, None).await.0,
        StatusCode::OK
    );

    // Logout revokes exactly the presented token.
    let second = api.token("zhangsan", "Zhang-San-1").await;
    let (status, body) = api.admin(Method::POST, "/auth/logout", &second, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_error(
        &api.public_get("/synthesis/list", &as_app(&second)).await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    assert_error(
        &api.admin(Method::POST, "/auth/logout", &second, None).await,
        StatusCode::UNAUTHORIZED,
        4004,
    );
    assert_eq!(
        api.public_get("/synthesis/list", &as_app(&staff)).await.0,
        StatusCode::OK
    );

    // A disabled user's tokens and logins get 4002; enabling again restores both.
    let (status, body) = api
        .admin(
            Method::PUT,
            "/system/user/zhangsan/status",
            &admin,
            Some(json!({"enabled": false})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_error(
        &api.public_get("/synthesis/list", &as_app(&staff)).await,
        StatusCode::FORBIDDEN,
        4002,
    );
    assert_error(
        &api.login("zhangsan", "Zhang-San-1").await,
        StatusCode::FORBIDDEN,
        4002,
    );
    api.admin(
        Method::PUT,
        "/system/user/zhangsan/status",
        &admin,
        Some(json!({"enabled": true})),
    )
    .await;
    assert_eq!(
        api.public_get("/synthesis/list", &as_app(&staff)).await.0,
        StatusCode::OK
    );

    // Deleting the app ends its access at once.
    api.admin(
        Method::DELETE,
        &format!("/system/app/{app_id}"),
        &admin,
        None,
    )
    .await;
    assert_error(
        &api.public_get("/synthesis/list", &as_app(&staff)).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    server.stop().await;
}

/// Ten failed logins within five minutes lock out the address and the username.
async fn login_limit(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    for attempt in 0..10 {
        let got = api.login("admin", &format!("guess-{attempt}")).await;
        assert_error(&got, StatusCode::UNAUTHORIZED, 4001);
    }
    let response = api
        .request(Method::POST, "/auth/login")
        .json(&json!({"username": "admin", "password": support::ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], 4001);
    // The address is locked for other usernames too.
    assert_error(
        &api.login("zhangsan", "anything-1").await,
        StatusCode::TOO_MANY_REQUESTS,
        4001,
    );
    server.stop().await;
}

/// A service may act for any enabled user it names; an app always acts as its token's user.
async fn acting_users(database_url: &str) {
    let state = support::prepared_state(database_url).await;
    accounts::create(
        &state.db,
        NewUser {
            username: "wangwu".into(),
            nick_name: "王五".into(),
            password: "Wang-Wu-1".into(),
            is_admin: false,
        },
    )
    .await
    .unwrap();
    let admin = CurrentUser {
        username: "admin".into(),
        nick_name: "系统管理员".into(),
        is_admin: true,
    };
    let service = Caller {
        client: Client::Service("svc_x".into()),
        user: admin.clone(),
    };
    let app = Caller {
        client: Client::App("app_x".into()),
        user: admin.clone(),
    };
    let acting = service.acting_user(&state, Some("wangwu")).await.unwrap();
    assert_eq!(
        (acting.username.as_str(), acting.nick_name.as_str()),
        ("wangwu", "王五")
    );
    assert_eq!(service.acting_user(&state, None).await.unwrap(), admin);
    assert_eq!(
        app.acting_user(&state, Some("wangwu")).await.unwrap(),
        admin
    );
    let ghost = service
        .acting_user(&state, Some("ghost"))
        .await
        .unwrap_err();
    assert_eq!(ghost.code_and_status().0, 4200);
    users::set_enabled(&state.db, &Actor::user(admin.clone()), "wangwu", false)
        .await
        .unwrap();
    let disabled = service
        .acting_user(&state, Some("wangwu"))
        .await
        .unwrap_err();
    assert_eq!(disabled.code_and_status().0, 4002);
    state.db.close().await;
}

/// Ended tokens are purged; live ones stay.
async fn token_purge(database_url: &str) {
    let state = support::prepared_state(database_url).await;
    let now = now_millis();
    // Issued first: issuing also drops the user's expired tokens, which would hide "old".
    let revoked = tokens::issue(&state.db, "admin", std::time::Duration::from_secs(60))
        .await
        .unwrap();
    tokens::insert_with_expiry(&state.db, "admin", "old", now - 10_000)
        .await
        .unwrap();
    tokens::insert_with_expiry(&state.db, "admin", "live", now + 60_000)
        .await
        .unwrap();
    tokens::revoke(&state.db, &revoked.token).await.unwrap();
    assert_eq!(tokens::purge(&state.db, now - 20_000).await.unwrap(), 0);
    assert_eq!(tokens::purge(&state.db, now_millis() + 1).await.unwrap(), 2);
    assert!(matches!(
        tokens::check(&state.db, "live").await.unwrap(),
        tokens::TokenCheck::Valid(_)
    ));
    state.db.close().await;
}

#[tokio::test]
async fn sqlite_token_purge() {
    let db = TestDatabase::sqlite("purge");
    token_purge(&db.url).await;
}

#[tokio::test]
async fn postgres_token_purge() {
    let Some(db) = TestDatabase::postgres("purge").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL token purge skipped");
        return;
    };
    token_purge(&db.url).await;
}

#[tokio::test]
async fn sqlite_acting_users() {
    let db = TestDatabase::sqlite("acting");
    acting_users(&db.url).await;
}

#[tokio::test]
async fn postgres_acting_users() {
    let Some(db) = TestDatabase::postgres("acting").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL acting users skipped");
        return;
    };
    acting_users(&db.url).await;
}

#[tokio::test]
async fn sqlite_auth() {
    let db = TestDatabase::sqlite("auth");
    journey(&db.url).await;
}

#[tokio::test]
async fn postgres_auth() {
    let Some(db) = TestDatabase::postgres("auth").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL auth journey skipped");
        return;
    };
    journey(&db.url).await;
}

#[tokio::test]
async fn sqlite_login_limit() {
    let db = TestDatabase::sqlite("limit");
    login_limit(&db.url).await;
}

#[tokio::test]
async fn postgres_login_limit() {
    let Some(db) = TestDatabase::postgres("limit").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL login limit skipped");
        return;
    };
    login_limit(&db.url).await;
}
