//! An app calling the workflow and work-order API as different users, and the model the
//! work-order tests deploy.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::api::{with_credentials, Api, Credentials};

/// Dispatch by lisi, repair by wangwu, with a diagram.
pub const REPAIR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:flowable="http://flowable.org/bpmn"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" targetNamespace="test">
  <process id="repair" name="报修" isExecutable="true">
    <startEvent id="start" name="提交"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="dispatch"/>
    <userTask id="dispatch" name="派单" flowable:assignee="lisi"/>
    <sequenceFlow id="f2" sourceRef="dispatch" targetRef="fix"/>
    <userTask id="fix" name="维修" flowable:assignee="wangwu"/>
    <sequenceFlow id="f3" sourceRef="fix" targetRef="end"/>
    <endEvent id="end" name="完成"/>
  </process>
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="repair">
      <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="dispatch_di" bpmnElement="dispatch"><dc:Bounds x="190" y="78" width="100" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="fix_di" bpmnElement="fix"><dc:Bounds x="350" y="78" width="100" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="510" y="100" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118"/><di:waypoint x="190" y="118"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="290" y="118"/><di:waypoint x="350" y="118"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="450" y="118"/><di:waypoint x="510" y="118"/></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>"#;

/// One app, acting with different users' tokens.
pub struct Client<'a> {
    /// The server.
    pub api: &'a Api,
    /// `appID`.
    pub app_id: String,
    /// Its secret.
    pub secret: String,
}

impl<'a> Client<'a> {
    /// Registers an app named `name` (as the admin) and acts as it.
    pub async fn register(api: &'a Api, admin: &str, name: &str) -> Client<'a> {
        let app = admin_post(api, admin, "/system/app", json!({"applicationName": name})).await;
        Client {
            api,
            app_id: text(&app["data"]["appId"]),
            secret: text(&app["data"]["applicationSecret"]),
        }
    }

    pub fn as_user(&self, token: &str) -> Credentials {
        Credentials::App {
            id: self.app_id.clone(),
            secret: self.secret.clone(),
            token: token.to_owned(),
        }
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> (StatusCode, Value) {
        let request = self.api.request(Method::POST, path).json(&body);
        self.api
            .send(with_credentials(request, &self.as_user(token)))
            .await
    }

    pub async fn get(&self, token: &str, path: &str) -> (StatusCode, Value) {
        self.api.public_get(path, &self.as_user(token)).await
    }

    /// `(status, content type, body text)` of a GET.
    pub async fn get_text(&self, token: &str, path: &str) -> (StatusCode, String, String) {
        self.get_text_in(token, path, "zh-CN").await
    }

    /// [`Self::get_text`] asking for `language` (`Accept-Language`).
    pub async fn get_text_in(
        &self,
        token: &str,
        path: &str,
        language: &str,
    ) -> (StatusCode, String, String) {
        let request = self
            .api
            .request(Method::GET, path)
            .header("Accept-Language", language);
        let response = with_credentials(request, &self.as_user(token))
            .send()
            .await
            .expect("request");
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, content_type, response.text().await.expect("body"))
    }

    /// A multipart import with the given extra text fields.
    pub async fn import_multipart(
        &self,
        token: &str,
        xml: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let boundary = "woc-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"repair.bpmn\"\r\n\
             Content-Type: application/xml\r\n\r\n{xml}\r\n"
        );
        for (name, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let request = self
            .api
            .request(Method::POST, "/workflow/definition/import")
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(body);
        self.api
            .send(with_credentials(request, &self.as_user(token)))
            .await
    }
}

#[track_caller]
pub fn ok(answer: (StatusCode, Value)) -> Value {
    assert_eq!(answer.0, StatusCode::OK, "{}", answer.1);
    answer.1
}

pub fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value}"))
        .to_owned()
}

pub async fn admin_post(api: &Api, admin: &str, path: &str, body: Value) -> Value {
    let (status, body) = api.admin(Method::POST, path, admin, Some(body)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

pub async fn user(api: &Api, admin: &str, username: &str, nick: &str, dept: Option<i64>) -> String {
    let password = format!("{username}-Pass-2026");
    admin_post(
        api,
        admin,
        "/system/user",
        json!({"username": username, "nickName": nick, "password": password, "deptId": dept}),
    )
    .await;
    api.token(username, &password).await
}

/// Runs the futures concurrently on this task.
pub async fn join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
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
