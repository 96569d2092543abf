//! `POST /workflow/runtime/message` and `/signal` end to end: a service starts an order by
//! message, pays it by message, and a signal reaches the waiting instances; an app acting for
//! an ordinary user is refused.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, with_credentials, Api, Credentials};
use support::{TestDatabase, TestServer};

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <message id="m1" name="new-order"/>
  <message id="m2" name="paid"/>
  <signal id="s1" name="recall"/>
  <process id="order" name="订单" isExecutable="true">
    <startEvent id="received"><messageEventDefinition messageRef="m1"/></startEvent>
    <intermediateCatchEvent id="wait"><messageEventDefinition messageRef="m2"/></intermediateCatchEvent>
    <userTask id="ship" name="发货" flowable:assignee="lisi"/>
    <boundaryEvent id="recalled" attachedToRef="ship"><signalEventDefinition signalRef="s1"/></boundaryEvent>
    <userTask id="check" name="检查" flowable:assignee="lisi"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="received" targetRef="wait"/>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="ship"/>
    <sequenceFlow id="f3" sourceRef="ship" targetRef="end"/>
    <sequenceFlow id="f4" sourceRef="recalled" targetRef="check"/>
  </process>
</definitions>"#;

async fn post(
    api: &Api,
    credentials: &Credentials,
    path: &str,
    body: Value,
) -> (StatusCode, Value) {
    let request = api.request(Method::POST, path).json(&body);
    api.send(with_credentials(request, credentials)).await
}

#[track_caller]
fn ok(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    answer.1["data"].clone()
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let (status, service) = api
        .admin(
            Method::POST,
            "/system/service",
            &admin,
            Some(json!({"serviceName": "ERP"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{service}");
    let erp = Credentials::Service {
        id: service["data"]["serverId"].as_str().unwrap().to_owned(),
        secret: service["data"]["secretKey"].as_str().unwrap().to_owned(),
        token: admin.clone(),
    };
    let (status, app) = api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "门户"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{app}");
    let password = "lisi-Pass-2026";
    let (status, body) = api
        .admin(
            Method::POST,
            "/system/user",
            &admin,
            Some(json!({"username": "lisi", "nickName": "lisi", "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let portal_lisi = Credentials::App {
        id: app["data"]["appId"].as_str().unwrap().to_owned(),
        secret: app["data"]["applicationSecret"]
            .as_str()
            .unwrap()
            .to_owned(),
        token: api.token("lisi", password).await,
    };
    let import = api
        .request(Method::POST, "/workflow/definition/import?category=test")
        .header("Content-Type", "application/xml")
        .body(MODEL.to_owned());
    let (status, deployed) = api.send(with_credentials(import, &erp)).await;
    assert_eq!(status, StatusCode::OK, "{deployed}");

    let message = "/workflow/runtime/message";
    let signal = "/workflow/runtime/signal";
    // Only services and administrators send events.
    assert_error(
        &post(
            &api,
            &portal_lisi,
            message,
            json!({"messageName": "new-order"}),
        )
        .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &post(&api, &portal_lisi, signal, json!({"signalName": "recall"})).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_error(
        &post(&api, &erp, message, json!({"variables": {}})).await,
        StatusCode::BAD_REQUEST,
        4101,
    );
    assert_error(
        &post(&api, &erp, message, json!({"messageName": "unknown"})).await,
        StatusCode::NOT_FOUND,
        404,
    );

    let started = ok(post(
        &api,
        &erp,
        message,
        json!({"messageName": "new-order", "businessKey": "ORD-7", "variables": {"amount": 120}}),
    )
    .await);
    assert_eq!(started["started"], true);
    let order = started["procInsId"].as_str().unwrap().to_owned();
    let paid = ok(post(
        &api,
        &erp,
        message,
        json!({"messageName": "paid", "procInsId": order}),
    )
    .await);
    assert_eq!(paid["started"], false);
    assert_eq!(paid["procInsId"], order.as_str());
    assert!(paid["TaskId"].is_string(), "shipping task opened: {paid}");

    let recalled = ok(post(
        &api,
        &erp,
        signal,
        json!({"signalName": "recall", "variables": {"reason": "defect"}}),
    )
    .await);
    assert_eq!(recalled["delivered"], 1, "{recalled}");
    assert_eq!(recalled["started"], 0);
    assert_eq!(recalled["deliveredIds"], json!([order]));
    let nobody = ok(post(&api, &erp, signal, json!({"signalName": "recall"})).await);
    assert_eq!(nobody["delivered"], 0, "a broadcast to nobody is no error");

    let detail = api
        .public_get(&format!("/workflow/process/detail?procInsId={order}"), &erp)
        .await;
    assert_eq!(detail.0, StatusCode::OK, "{}", detail.1);
    assert_eq!(detail.1["data"]["activeNodes"], json!(["check"]));
    assert_eq!(
        detail.1["data"]["instance"]["variables"]["reason"],
        "defect"
    );
    assert_eq!(detail.1["data"]["instance"]["variables"]["amount"], 120);

    let (_, doc) = api
        .send(api.request(Method::GET, "/api-docs/openapi.json"))
        .await;
    for path in [message, signal] {
        assert!(
            doc["paths"][path].get("post").is_some(),
            "{path} in OpenAPI"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_on_sqlite() {
    let db = TestDatabase::sqlite("events");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_on_postgres() {
    let Some(db) = TestDatabase::postgres("events").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
