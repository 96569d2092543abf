//! Attachments end to end: uploaded through REST, read back (pictures inline; HTML and
//! anything else only as a download, in a sandbox), refused when empty, missing or over the
//! limit; a form's upload field holds what the store says about a file, never what the client
//! claims, and an id the store does not know is refused.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, invalid_fields, with_credentials, Api};
use support::app_client::{admin_post, ok, text, user, Client};
use support::{TestDatabase, TestServer};

const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

const PROCESS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="photo" name="拍照报修" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="fix"/>
    <userTask id="fix" flowable:assignee="admin"/>
    <sequenceFlow id="f2" sourceRef="fix" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

async fn upload(
    client: &Client<'_>,
    token: &str,
    name: &str,
    ty: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(ty)
        .expect("mime");
    let form = reqwest::multipart::Form::new().part("file", part);
    let request = client
        .api
        .request(Method::POST, "/attachment/upload")
        .multipart(form);
    client
        .api
        .send(with_credentials(request, &client.as_user(token)))
        .await
}

async fn download(client: &Client<'_>, token: &str, id: &str) -> reqwest::Response {
    let request = client
        .api
        .request(Method::GET, &format!("/attachment/{id}"));
    with_credentials(request, &client.as_user(token))
        .send()
        .await
        .expect("download")
}

async fn journey(database_url: &str) {
    let server = TestServer::start(database_url).await;
    let api = Api::new(&server);
    let admin = api.admin_token().await;
    let client = Client::register(&api, &admin, "报修").await;
    let zhangsan = user(&api, &admin, "zhangsan", "张三", None).await;

    // A picture: stored as sent, shown inline.
    let stored = ok(upload(&client, &zhangsan, "现场.png", "image/png", PNG.to_vec()).await);
    let picture = stored["data"].clone();
    let id = text(&picture["id"]);
    assert_eq!(picture["name"], "现场.png", "{picture}");
    assert_eq!(picture["size"], PNG.len(), "{picture}");
    assert_eq!(picture["contentType"], "image/png", "{picture}");
    let got = download(&client, &zhangsan, &id).await;
    assert_eq!(got.status(), StatusCode::OK);
    assert_eq!(got.headers()["content-type"], "image/png");
    assert!(got.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    assert_eq!(got.bytes().await.unwrap().as_ref(), PNG);

    // A page and an SVG: never shown on this origin, only downloaded, in a sandbox.
    for (name, ty, body) in [
        ("x.html", "text/html", "<script>alert(1)</script>"),
        (
            "x.svg",
            "image/svg+xml",
            "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ),
    ] {
        let stored = ok(upload(&client, &zhangsan, name, ty, body.as_bytes().to_vec()).await);
        let got = download(&client, &zhangsan, &text(&stored["data"]["id"])).await;
        assert_eq!(
            got.headers()["content-type"],
            "application/octet-stream",
            "{name}"
        );
        let disposition = got.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.starts_with("attachment"),
            "{name}: {disposition}"
        );
        let policy = got.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("sandbox"), "{name}: {policy}");
    }

    // Refusals, each naming the file.
    let empty = upload(&client, &zhangsan, "empty.txt", "text/plain", Vec::new()).await;
    assert_error(&empty, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&empty.1), ["file"]);
    let too_big = upload(
        &client,
        &zhangsan,
        "big.bin",
        "application/octet-stream",
        vec![7; 20 * 1024 * 1024 + 1],
    )
    .await;
    assert_error(&too_big, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&too_big.1), ["file"]);
    let unknown = download(&client, &zhangsan, "0123456789abcdef0123456789abcdef").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

    // A form's upload field: the store's facts replace the client's claims; an unknown id is
    // refused by name.
    let form = admin_post(
        &api,
        &admin,
        "/system/form",
        json!({"formName": "拍照报修单", "schema": {"version": 1, "fields": [
            {"key": "photos", "type": "image_upload", "label": "现场照片", "required": true, "maxFiles": 3}
        ]}}),
    )
    .await;
    let form_id = form["data"]["formId"].as_i64().unwrap();
    ok(client
        .import_multipart(&admin, PROCESS, &[("formId", &form_id.to_string())])
        .await);
    let refused = client
        .post(
            &zhangsan,
            "/workflow/process/start/photo",
            json!({"variables": {"photos": ["ffffffffffffffffffffffffffffffff"]}}),
        )
        .await;
    assert_error(&refused, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(invalid_fields(&refused.1), ["variables.photos"]);
    let started = ok(client
        .post(
            &zhangsan,
            "/workflow/process/start/photo",
            json!({"variables": {"photos": [{"id": id, "name": "claimed.exe", "size": 1}]}}),
        )
        .await);
    let instance = text(&started["data"]["ProcessInstanceId"]);
    let definition = ok(client.get(&zhangsan, "/workflow/process/list").await);
    let definition_id = text(&definition["rows"][0]["definitionId"]);
    let values = ok(client
        .get(
            &zhangsan,
            &format!("/workflow/process/getProcessForm?definitionId={definition_id}&procInsId={instance}"),
        )
        .await)["data"]["formValues"]
        .clone();
    assert_eq!(values["photos"][0]["name"], "现场.png", "{values}");
    assert_eq!(values["photos"][0]["size"], PNG.len(), "{values}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_on_sqlite() {
    let db = TestDatabase::sqlite("attachments");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attachments_on_postgres() {
    let Some(db) = TestDatabase::postgres("attachments").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
