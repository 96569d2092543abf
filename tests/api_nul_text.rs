//! U+0000 in request text: PostgreSQL cannot store it (`text`, `jsonb`) and failed whole
//! statements with it, so these requests answered 5003/500 there. The API refuses it at the
//! extractors as 4101 naming the field, on both databases alike. Found by probing the
//! PostgreSQL server the way `make api-fuzz` probes the SQLite one.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, with_credentials, Api, Credentials};
use support::{TestDatabase, TestServer};

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="nul" name="nul" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
    <userTask id="draft" name="draft" flowable:assignee="${initiator}"/>
    <sequenceFlow id="f2" sourceRef="draft" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

async fn refuses_nul(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let (_, app) = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "门户"})),
        )
        .await;
    let who = Credentials::App {
        id: app["data"]["appId"].as_str().unwrap().to_owned(),
        secret: app["data"]["applicationSecret"]
            .as_str()
            .unwrap()
            .to_owned(),
        token: admin.clone(),
    };
    let send = |method: Method, path: &str, body: Option<Value>| {
        let mut request = with_credentials(api.request(method, path), &who);
        if let Some(body) = body {
            request = request.json(&body);
        }
        api.send(request)
    };
    let deployed = api
        .send(with_credentials(
            api.request(Method::POST, "/workflow/definition/import")
                .header("Content-Type", "application/xml")
                .body(MODEL),
            &who,
        ))
        .await;
    assert_eq!(deployed.0, StatusCode::OK, "{}", deployed.1);

    // JSON bodies: a string value, a nested variable, a variable name.
    let started = send(
        Method::POST,
        "/workflow/process/start/nul",
        Some(json!({"businessKey": "a\u{0}b"})),
    )
    .await;
    assert_error(&started, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&started.1), ["businessKey"]);
    let started = send(
        Method::POST,
        "/workflow/process/start/nul",
        Some(json!({"variables": {"note": ["ok", "x\u{0}"]}})),
    )
    .await;
    assert_eq!(
        invalid_fields(&started.1),
        ["variables.note[1]"],
        "{}",
        started.1
    );
    let started = send(
        Method::POST,
        "/workflow/process/start/nul",
        Some(json!({"variables": {"k\u{0}": 1}})),
    )
    .await;
    assert_error(&started, StatusCode::BAD_REQUEST, 4101);
    let completed = send(
        Method::POST,
        "/workflow/task/complete",
        Some(json!({"taskId": "t", "comment": "x\u{0}"})),
    )
    .await;
    assert_eq!(invalid_fields(&completed.1), ["comment"], "{}", completed.1);

    // Query and path parameters.
    let detail = send(
        Method::GET,
        "/workflow/process/detail?procInsId=a%00b",
        None,
    )
    .await;
    assert_error(&detail, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&detail.1), ["procInsId"]);
    let own = send(
        Method::GET,
        "/workflow/process/ownList?processKey=%00",
        None,
    )
    .await;
    assert_error(&own, StatusCode::BAD_REQUEST, 4101);
    let user = api
        .admin(Method::GET, "/system/user/a%00b", &admin, None)
        .await;
    assert_error(&user, StatusCode::BAD_REQUEST, 4101);

    // A BPMN file.
    let broken = api
        .send(with_credentials(
            api.request(Method::POST, "/workflow/definition/import")
                .header("Content-Type", "application/xml")
                .body(MODEL.replace("name=\"draft\"", "name=\"dr\u{0}aft\"")),
            &who,
        ))
        .await;
    assert_error(&broken, StatusCode::BAD_REQUEST, 4101);

    // Nothing was stored on the way: the same key still starts normally.
    let fine = send(
        Method::POST,
        "/workflow/process/start/nul",
        Some(json!({"businessKey": "ab", "variables": {"note": "ok"}})),
    )
    .await;
    assert_eq!(fine.0, StatusCode::OK, "{}", fine.1);
    server.stop().await;
}

#[tokio::test]
async fn sqlite_refuses_nul_text() {
    refuses_nul(&TestDatabase::sqlite("nul").url).await;
}

#[tokio::test]
async fn postgres_refuses_nul_text() {
    let Some(database) = TestDatabase::postgres("nul").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL test skipped");
        return;
    };
    refuses_nul(&database.url).await;
}
