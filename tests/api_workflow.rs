//! The workflow API end to end: import, start, lists, task operations with their
//! authorization, concurrent completions, offline definitions.

mod support;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{assert_error, with_credentials, Api, Credentials};
use support::{TestDatabase, TestServer};

const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="approve" name="审批" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
    <userTask id="draft" name="填写" flowable:assignee="${initiator}"/>
    <sequenceFlow id="f2" sourceRef="draft" targetRef="review"/>
    <userTask id="review" name="审核" flowable:assignee="lisi"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

const BROKEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="test">
  <process id="broken" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="nowhere"/>
  </process>
</definitions>"#;

const CANDIDATES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="pool" name="抢单" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="pick"/>
    <userTask id="pick" name="接单" flowable:candidateUsers="lisi,wangwu"/>
    <sequenceFlow id="f2" sourceRef="pick" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

const GROUP_TASK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="repair" name="报修" isExecutable="true">
    <startEvent id="start"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="dispatch"/>
    <userTask id="dispatch" name="派单" flowable:candidateGroups="repairers"/>
    <sequenceFlow id="f2" sourceRef="dispatch" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

/// One app, acting with different users' tokens.
struct Client<'a> {
    api: &'a Api,
    app_id: String,
    secret: String,
}

impl Client<'_> {
    fn as_user(&self, token: &str) -> Credentials {
        Credentials::App {
            id: self.app_id.clone(),
            secret: self.secret.clone(),
            token: token.to_owned(),
        }
    }

    async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let request = self.api.request(Method::POST, path).json(&body);
        self.api
            .send(with_credentials(request, &self.as_user(token)))
            .await
    }

    async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.api.public_get(path, &self.as_user(token)).await
    }

    async fn import(&self, token: &str, xml: &str) -> (StatusCode, Value) {
        let request = self
            .api
            .request(Method::POST, "/workflow/definition/import?category=test")
            .header("Content-Type", "application/xml")
            .body(xml.to_owned());
        self.api
            .send(with_credentials(request, &self.as_user(token)))
            .await
    }
}

#[track_caller]
fn ok(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    answer.1
}

async fn user(api: &Api, admin: &str, username: &str) -> String {
    let password = format!("{username}-Pass-2026");
    let (status, body) = api
        .admin(
            Method::POST,
            "/system/user",
            admin,
            Some(json!({"username": username, "nickName": username, "password": password})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    api.token(username, &password).await
}

async fn todo(client: &Client<'_>, token: &str) -> Value {
    ok(client.get(token, "/workflow/process/todoList").await)
}

async fn journey(database_url: &str) {
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
    let client = Client {
        api: &api,
        app_id: app["data"]["appId"].as_str().unwrap().to_owned(),
        secret: app["data"]["applicationSecret"]
            .as_str()
            .unwrap()
            .to_owned(),
    };
    let zhangsan = user(&api, &admin, "zhangsan").await;
    let lisi = user(&api, &admin, "lisi").await;
    let wangwu = user(&api, &admin, "wangwu").await;

    // Deploying is for administrators; a broken file names its problems.
    assert_error(
        &client.import(&zhangsan, MODEL).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    let deployed = ok(client.import(&admin, MODEL).await);
    let definition_id = deployed["data"][0]["definitionId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(deployed["data"][0]["processKey"], "approve");
    let broken = client.import(&admin, BROKEN).await;
    assert_error(&broken, StatusCode::BAD_REQUEST, 4101);
    assert!(
        broken.1["msg"]
            .as_str()
            .is_some_and(|m| m.contains("nowhere") && m.contains("line")),
        "{}",
        broken.1
    );
    let xml = with_credentials(
        api.request(
            Method::GET,
            &format!("/workflow/definition/{definition_id}/xml"),
        ),
        &client.as_user(&zhangsan),
    )
    .send()
    .await
    .expect("xml");
    assert_eq!(xml.status(), StatusCode::OK);
    assert!(xml
        .text()
        .await
        .unwrap()
        .contains("flowable:assignee=\"lisi\""));
    let listed = ok(client
        .get(&zhangsan, "/workflow/process/list?processKey=approve")
        .await);
    assert_eq!(listed["total"], 1, "{listed}");
    assert_eq!(listed["rows"][0]["definitionId"], definition_id.as_str());

    // Start: the first task is the starter's; nobody else sees it.
    let started = ok(client
        .post(
            &zhangsan,
            "/workflow/process/start/approve",
            json!({"variables": {"days": 3}}),
        )
        .await);
    let instance = started["data"]["ProcessInstanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    let draft = started["data"]["TaskId"].as_str().unwrap().to_owned();
    let mine = todo(&client, &zhangsan).await;
    assert_eq!(mine["total"], 1, "{mine}");
    assert_eq!(mine["rows"][0]["taskId"], draft.as_str());
    assert_eq!(mine["rows"][0]["taskDefKey"], "draft");
    assert_eq!(mine["rows"][0]["procInsId"], instance.as_str());
    assert_eq!(mine["rows"][0]["processStatus"], "running");
    assert_eq!(todo(&client, &lisi).await["total"], 0);

    // A stranger may not act on it, and changes nothing by trying.
    assert_error(
        &client
            .post(&wangwu, "/workflow/task/complete", json!({"taskId": draft}))
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    assert_eq!(
        todo(&client, &zhangsan).await["rows"][0]["taskId"],
        draft.as_str()
    );
    assert_error(
        &client
            .post(&zhangsan, "/workflow/task/complete", json!({}))
            .await,
        StatusCode::BAD_REQUEST,
        4101,
    );

    // The assignee completes: the review opens for lisi.
    let done = ok(client
        .post(
            &zhangsan,
            "/workflow/task/complete",
            json!({"taskId": draft, "comment": "ok"}),
        )
        .await);
    let review = done["data"]["TaskId"].as_str().unwrap().to_owned();
    assert_eq!(todo(&client, &zhangsan).await["total"], 0);
    assert_eq!(
        todo(&client, &lisi).await["rows"][0]["taskId"],
        review.as_str()
    );
    assert_eq!(
        ok(client
            .get(&zhangsan, "/workflow/process/finishedList")
            .await)["total"],
        1
    );

    // Return to the visited draft node, then forward again.
    let nodes = ok(client
        .get(
            &lisi,
            &format!("/workflow/process/returnNodes?taskId={review}"),
        )
        .await);
    assert_eq!(nodes["data"], json!(["draft"]));
    let returned = ok(client
        .post(
            &lisi,
            "/workflow/task/return",
            json!({"taskId": review, "targetKey": "draft", "comment": "redo"}),
        )
        .await);
    let draft = returned["data"]["TaskId"].as_str().unwrap().to_owned();
    assert_eq!(
        todo(&client, &zhangsan).await["rows"][0]["taskDefKey"],
        "draft"
    );
    let review = ok(client
        .post(
            &zhangsan,
            "/workflow/task/complete",
            json!({"taskId": draft}),
        )
        .await)["data"]["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();

    // Eight concurrent approvals of one task: exactly one wins.
    let attempts =
        (0..8).map(|_| client.post(&lisi, "/workflow/task/complete", json!({"taskId": review})));
    let answers = futures_join_all(attempts).await;
    let wins = answers.iter().filter(|a| a.0 == StatusCode::OK).count();
    assert_eq!(wins, 1, "{answers:?}");
    for (status, body) in &answers {
        assert!(
            [StatusCode::OK, StatusCode::CONFLICT, StatusCode::NOT_FOUND].contains(status),
            "{status} {body}"
        );
    }
    let detail = ok(client
        .get(
            &zhangsan,
            &format!("/workflow/process/detail?procInsId={instance}"),
        )
        .await);
    assert_eq!(detail["data"]["processStatus"], "completed", "{detail}");
    let completions = detail["data"]["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let text = e.to_string();
            text.contains("\"taskCompleted\"") && text.contains(review.as_str())
        })
        .count();
    assert_eq!(completions, 1, "{detail}");
    assert_error(
        &client
            .get(
                &wangwu,
                &format!("/workflow/process/detail?procInsId={instance}"),
            )
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );

    // Reject ends the instance as rejected.
    let second = ok(client
        .post(
            &zhangsan,
            "/workflow/process/start/approve",
            json!({"businessKey": "WO-2"}),
        )
        .await);
    let draft = second["data"]["TaskId"].as_str().unwrap().to_owned();
    let review = ok(client
        .post(
            &zhangsan,
            "/workflow/task/complete",
            json!({"taskId": draft}),
        )
        .await)["data"]["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(client
        .post(
            &lisi,
            "/workflow/task/reject",
            json!({"taskId": review, "comment": "no"}),
        )
        .await);
    let own = ok(client
        .get(
            &zhangsan,
            "/workflow/process/ownList?processStatus=rejected",
        )
        .await);
    assert_eq!(own["total"], 1, "{own}");
    assert_eq!(own["rows"][0]["businessKey"], "WO-2");

    // Offline definitions refuse new instances; the starter may cancel a running one.
    let third = ok(client
        .post(&zhangsan, "/workflow/process/start/approve", json!({}))
        .await)["data"]["ProcessInstanceId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_error(
        &client
            .post(
                &wangwu,
                "/workflow/task/stopProcess",
                json!({"procInsId": third}),
            )
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    ok(client
        .post(
            &zhangsan,
            "/workflow/task/stopProcess",
            json!({"procInsId": third}),
        )
        .await);
    let suspend = format!("/workflow/definition/{definition_id}/suspend");
    assert_error(
        &client.post(&zhangsan, &suspend, json!({})).await,
        StatusCode::FORBIDDEN,
        4001,
    );
    ok(client.post(&admin, &suspend, json!({})).await);
    assert_error(
        &client
            .post(&zhangsan, "/workflow/process/start/approve", json!({}))
            .await,
        StatusCode::CONFLICT,
        409,
    );
    offline_definitions(&client, &admin, &zhangsan, &definition_id).await;
    ok(client
        .post(
            &admin,
            &format!("/workflow/definition/{definition_id}/activate"),
            json!({}),
        )
        .await);
    let listed = ok(client
        .get(&zhangsan, "/workflow/process/list?processKey=approve")
        .await);
    assert_eq!(listed["total"], 1, "{listed}");
    seed_start(&api, &client, &zhangsan, &definition_id).await;
    candidates(&client, &admin, &zhangsan, &lisi, &wangwu).await;
    candidate_groups(&api, &client, &admin, &zhangsan, &lisi).await;
    server.stop().await;
}

/// An offline definition is not startable, so the startable list (seed: 获取可发起流程列表)
/// leaves it out; the administrators' list still shows it, flagged, to take it online again.
async fn offline_definitions(
    client: &Client<'_>,
    admin: &str,
    zhangsan: &str,
    definition_id: &str,
) {
    let startable = ok(client
        .get(zhangsan, "/workflow/process/list?processKey=approve")
        .await);
    assert_eq!(startable["total"], 0, "{startable}");
    assert_eq!(startable["rows"], json!([]), "{startable}");
    let all = ok(client
        .get(admin, "/workflow/definition/list?processKey=approve")
        .await);
    assert_eq!(all["total"], 1, "{all}");
    assert_eq!(all["rows"][0]["definitionId"], definition_id, "{all}");
    assert_eq!(all["rows"][0]["suspended"], true, "{all}");
    assert_error(
        &client.get(zhangsan, "/workflow/definition/list").await,
        StatusCode::FORBIDDEN,
        4001,
    );
    // The seed's start (definition id in the body) is refused like the path's.
    assert_error(
        &client
            .post(
                zhangsan,
                "/workflow/process/start/",
                json!({"processDefId": definition_id}),
            )
            .await,
        StatusCode::CONFLICT,
        409,
    );
}

/// The seed's own start example: `POST /workflow/process/start/` with `processDefId` in the
/// body, documented as such in the OpenAPI document.
async fn seed_start(api: &Api, client: &Client<'_>, zhangsan: &str, definition_id: &str) {
    let started = ok(client
        .post(
            zhangsan,
            "/workflow/process/start/",
            json!({"processDefId": definition_id, "variables": {"input58922": ""}}),
        )
        .await);
    let instance = started["data"]["ProcessInstanceId"].as_str().unwrap();
    let detail = ok(client
        .get(
            zhangsan,
            &format!("/workflow/process/detail?procInsId={instance}"),
        )
        .await);
    assert_eq!(
        detail["data"]["instance"]["definitionId"], definition_id,
        "{detail}"
    );
    let missing = client
        .post(
            zhangsan,
            "/workflow/process/start/",
            json!({"variables": {}}),
        )
        .await;
    assert_error(&missing, StatusCode::BAD_REQUEST, 4101);
    assert_eq!(
        support::api::invalid_fields(&missing.1),
        ["processDefId"],
        "{}",
        missing.1
    );
    let (_, doc) = api
        .send(api.request(Method::GET, "/api-docs/openapi.json"))
        .await;
    let operation = &doc["paths"]["/workflow/process/start/"]["post"];
    let body = &operation["requestBody"]["content"]["application/json"]["schema"]["$ref"];
    let name = body.as_str().unwrap_or_else(|| panic!("{operation}"));
    let schema = &doc["components"]["schemas"][name.rsplit('/').next().unwrap()];
    assert_eq!(schema["required"], json!(["processDefId"]), "{schema}");
}

/// `candidateGroups` name the directory's group keys: members see and claim, others do not.
async fn candidate_groups(api: &Api, client: &Client<'_>, admin: &str, zhangsan: &str, lisi: &str) {
    let (status, body) = api
        .admin(
            Method::POST,
            "/system/group",
            admin,
            Some(json!({"key": "repairers", "name": "维修组", "userIds": ["lisi"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    ok(client.import(admin, GROUP_TASK).await);
    let task = ok(client
        .post(zhangsan, "/workflow/process/start/repair", json!({}))
        .await)["data"]["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(todo(client, lisi).await["rows"][0]["taskId"], task.as_str());
    assert!(todo(client, zhangsan).await["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["taskId"] != task.as_str()));
    let body = json!({"taskId": task});
    assert_error(
        &client
            .post(zhangsan, "/workflow/task/claim", body.clone())
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    ok(client
        .post(lisi, "/workflow/task/claim", body.clone())
        .await);
    ok(client.post(lisi, "/workflow/task/complete", body).await);
}

/// Claim, unclaim, delegate and resolve: each only by the people the task names.
async fn candidates(client: &Client<'_>, admin: &str, zhangsan: &str, lisi: &str, wangwu: &str) {
    ok(client.import(admin, CANDIDATES).await);
    let task = ok(client
        .post(zhangsan, "/workflow/process/start/pool", json!({}))
        .await)["data"]["TaskId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(todo(client, lisi).await["total"], 1);
    assert_eq!(todo(client, wangwu).await["total"], 1);
    let body = json!({"taskId": task});
    assert_error(
        &client
            .post(zhangsan, "/workflow/task/claim", body.clone())
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    ok(client
        .post(lisi, "/workflow/task/claim", body.clone())
        .await);
    assert_eq!(todo(client, wangwu).await["total"], 0);
    assert_error(
        &client
            .post(wangwu, "/workflow/task/complete", body.clone())
            .await,
        StatusCode::FORBIDDEN,
        4001,
    );
    ok(client
        .post(lisi, "/workflow/task/unclaim", body.clone())
        .await);
    ok(client
        .post(wangwu, "/workflow/task/claim", body.clone())
        .await);
    ok(client
        .post(
            wangwu,
            "/workflow/task/delegate",
            json!({"taskId": task, "assignee": "zhangsan"}),
        )
        .await);
    assert_eq!(
        todo(client, zhangsan).await["rows"][0]["taskId"],
        task.as_str()
    );
    ok(client
        .post(zhangsan, "/workflow/task/resolve", body.clone())
        .await);
    ok(client.post(wangwu, "/workflow/task/complete", body).await);
    assert_eq!(todo(client, wangwu).await["total"], 0);
}

/// Runs the futures concurrently on this task (no extra crate needed).
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut results: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, result) in pinned.iter_mut().zip(results.iter_mut()) {
            if result.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *result = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    results.into_iter().map(Option::unwrap).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_on_sqlite() {
    let db = TestDatabase::sqlite("workflow");
    journey(&db.url).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workflow_on_postgres() {
    let Some(db) = TestDatabase::postgres("workflow").await else {
        eprintln!("skipped: WOC_TEST_POSTGRES_URL is not set");
        return;
    };
    journey(&db.url).await;
}
