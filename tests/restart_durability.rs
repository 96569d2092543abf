//! Restart durability (issue 4): instances started and tasks completed over REST, the server
//! process killed with SIGKILL (no graceful shutdown, no pool close), then a new process on
//! the same database answers the same todo lists, finished lists and instance details.
//!
//! It runs the real binary, not the in-process router, because only a separate process can be
//! killed without any of its destructors or shutdown code running.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use support::api::{with_credentials, Api, Credentials};
use support::{TestDatabase, ADMIN_PASSWORD};

/// Two user tasks in a row, so instances can be left at different points: at the draft
/// (zhangsan's todo), at the review (lisi's todo) or ended.
const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="test">
  <process id="durable" name="持久" isExecutable="true">
    <startEvent id="start" flowable:initiator="initiator"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="draft"/>
    <userTask id="draft" name="填写" flowable:assignee="${initiator}"/>
    <sequenceFlow id="f2" sourceRef="draft" targetRef="review"/>
    <userTask id="review" name="审核" flowable:candidateUsers="lisi,wangwu"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="end"/>
    <endEvent id="end"/>
  </process>
</definitions>"#;

/// The server binary running as its own process.
struct ServerProcess {
    child: Child,
    base: String,
}

impl ServerProcess {
    /// Starts `workorder` on a free loopback port (`127.0.0.1:0`, the bound address read from
    /// its log) against `database_url`, and waits until `/healthz` answers.
    async fn start(database_url: &str) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_workorder"))
            .env("WOC_DATABASE_URL", database_url)
            .env("WOC_ADDR", "127.0.0.1:0")
            .env("WOC_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("WOC_LOG_FORMAT", "text")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the workorder binary");
        let (lines, addresses) = mpsc::channel::<String>();
        for stream in [
            Box::new(child.stdout.take().expect("stdout")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("stderr")),
        ] {
            let lines = lines.clone();
            // Keeps draining the pipe for the process's whole life, so a full pipe buffer
            // never blocks the server's logging.
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(at) = line.find("serving on http://") {
                        let addr = line[at + "serving on http://".len()..]
                            .split_whitespace()
                            .next()
                            .unwrap_or_default()
                            .to_owned();
                        let _ = lines.send(addr);
                    }
                }
            });
        }
        let addr = addresses
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the server did not log its address within 60 s")
            });
        let base = format!("http://{addr}");
        let client = reqwest::Client::new();
        for _ in 0..100 {
            if client
                .get(format!("{base}/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status() == StatusCode::OK)
            {
                return ServerProcess { child, base };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("{base}/healthz did not answer 200");
    }

    /// SIGKILL (`Child::kill` on Unix): the process gets no chance to flush or close anything.
    fn kill(mut self) {
        self.child.kill().expect("SIGKILL");
        let status = self.child.wait().expect("wait");
        assert!(!status.success(), "killed, not exited: {status:?}");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        // A failing assertion must not leave a server running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[track_caller]
fn ok(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    answer.1
}

async fn post(api: &Api, who: &Credentials, path: &str, body: Value) -> Value {
    ok(api
        .send(with_credentials(
            api.request(Method::POST, path).json(&body),
            who,
        ))
        .await)
}

/// Everything a user could read about the work: todo, finished, own lists (one page holding
/// every row) and the detail of each instance.
async fn snapshot(api: &Api, users: &[(&str, Credentials)], instances: &[String]) -> Value {
    let mut seen = serde_json::Map::new();
    for (name, who) in users {
        for list in ["todoList", "finishedList", "ownList"] {
            let answer = ok(api
                .public_get(&format!("/workflow/process/{list}?pageSize=100"), who)
                .await);
            seen.insert(format!("{name} {list}"), answer);
        }
    }
    let (_, starter) = &users[0];
    for id in instances {
        let answer = ok(api
            .public_get(&format!("/workflow/process/detail?procInsId={id}"), starter)
            .await);
        seen.insert(format!("detail {id}"), answer);
    }
    Value::Object(seen)
}

async fn user(api: &Api, admin: &str, username: &str) -> String {
    let password = format!("{username}-Pass-2026");
    ok(api
        .admin(
            Method::POST,
            "/system/user",
            admin,
            Some(json!({"username": username, "nickName": username, "password": password})),
        )
        .await);
    api.token(username, &password).await
}

async fn survives_sigkill(database: TestDatabase) {
    let server = ServerProcess::start(&database.url).await;
    let api = Api::at(server.base.clone());
    let admin = api.admin_token().await;
    let app = ok(api
        .admin(
            Method::POST,
            "/system/app",
            &admin,
            Some(json!({"applicationName": "门户"})),
        )
        .await);
    let app_id = app["data"]["appId"].as_str().unwrap().to_owned();
    let secret = app["data"]["applicationSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let as_user = |token: &str| Credentials::App {
        id: app_id.clone(),
        secret: secret.clone(),
        token: token.to_owned(),
    };
    let zhangsan = as_user(&user(&api, &admin, "zhangsan").await);
    let lisi = as_user(&user(&api, &admin, "lisi").await);
    let wangwu = as_user(&user(&api, &admin, "wangwu").await);
    let deployed = ok(api
        .send(with_credentials(
            api.request(Method::POST, "/workflow/definition/import?category=test")
                .header("Content-Type", "application/xml")
                .body(MODEL),
            &as_user(&admin),
        ))
        .await);
    assert_eq!(deployed["data"][0]["processKey"], "durable", "{deployed}");

    // Six instances: 0-1 stay at the draft, 2-3 move to the review, 4 ends, 5 is claimed by
    // lisi at the review (a claim changes the assignee, which must survive too).
    let mut instances = Vec::new();
    let mut drafts = Vec::new();
    for n in 0..6 {
        let started = post(
            &api,
            &zhangsan,
            "/workflow/process/start/durable",
            json!({"variables": {"n": n, "title": format!("工单 {n}")}}),
        )
        .await;
        instances.push(
            started["data"]["ProcessInstanceId"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
        drafts.push(started["data"]["TaskId"].as_str().unwrap().to_owned());
    }
    let mut reviews = Vec::new();
    for draft in &drafts[2..] {
        let done = post(
            &api,
            &zhangsan,
            "/workflow/task/complete",
            json!({"taskId": draft, "comment": "已填写"}),
        )
        .await;
        reviews.push(done["data"]["TaskId"].as_str().unwrap().to_owned());
    }
    post(
        &api,
        &lisi,
        "/workflow/task/claim",
        json!({"taskId": reviews[3]}),
    )
    .await;
    post(
        &api,
        &wangwu,
        "/workflow/task/claim",
        json!({"taskId": reviews[2]}),
    )
    .await;
    post(
        &api,
        &wangwu,
        "/workflow/task/complete",
        json!({"taskId": reviews[2], "comment": "同意"}),
    )
    .await;

    let users = [("zhangsan", zhangsan), ("lisi", lisi), ("wangwu", wangwu)];
    let before = snapshot(&api, &users, &instances).await;
    // The fixture is what the comparison relies on: a wrong setup would compare empty lists.
    assert_eq!(before["zhangsan todoList"]["total"], 2, "{before}");
    assert_eq!(before["lisi todoList"]["total"], 3, "{before}");
    assert_eq!(before["wangwu todoList"]["total"], 2, "{before}");
    assert_eq!(before["wangwu finishedList"]["total"], 1, "{before}");
    assert_eq!(
        before[format!("detail {}", instances[4])]["data"]["processStatus"],
        "completed",
        "{before}"
    );

    server.kill();
    let server = ServerProcess::start(&database.url).await;
    let api = Api::at(server.base.clone());
    // The tokens and the app's secret are in the database too: the same headers still work.
    let after = snapshot(&api, &users, &instances).await;
    assert_eq!(
        before, after,
        "what users see changed across SIGKILL and restart"
    );

    // The restarted engine carries on from the stored state: the claimed review completes.
    post(
        &api,
        &users[1].1,
        "/workflow/task/complete",
        json!({"taskId": reviews[3]}),
    )
    .await;
    let lisi_todo = ok(api
        .public_get("/workflow/process/todoList?pageSize=100", &users[1].1)
        .await);
    assert_eq!(lisi_todo["total"], 2, "{lisi_todo}");
    server.kill();
}

#[tokio::test]
async fn sqlite_survives_sigkill_and_restart() {
    survives_sigkill(TestDatabase::sqlite("restart")).await;
}

#[tokio::test]
async fn postgres_survives_sigkill_and_restart() {
    let Some(database) = TestDatabase::postgres("restart").await else {
        eprintln!("WOC_TEST_POSTGRES_URL not set: PostgreSQL restart test skipped");
        return;
    };
    survives_sigkill(database).await;
}
