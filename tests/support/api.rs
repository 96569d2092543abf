//! A REST client for the API tests: JSON in, `(status, JSON)` out, with the contract's headers.

use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};

use super::{TestServer, ADMIN_PASSWORD};

/// Calls one server's REST API.
pub struct Api {
    base: String,
    client: reqwest::Client,
}

/// Headers of a registered app or service plus the token of the user it acts for.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// `requestType: app`.
    App {
        /// `appID`.
        id: String,
        /// `secretKey`.
        secret: String,
        /// `accessToken` (also sent as `Authorization: Bearer`).
        token: String,
    },
    /// `requestType: service`.
    Service {
        /// `serverID`.
        id: String,
        /// `secretKey`.
        secret: String,
        /// `accessToken`.
        token: String,
    },
}

impl Api {
    /// A client for `server`.
    pub fn new(server: &TestServer) -> Api {
        Api {
            base: server.url(""),
            client: reqwest::Client::new(),
        }
    }

    /// A client for a server reached at `base` (`http://127.0.0.1:PORT`), such as a server
    /// process a test started itself.
    pub fn at(base: impl Into<String>) -> Api {
        Api {
            base: base.into(),
            client: reqwest::Client::new(),
        }
    }

    /// A request to `path` on the server.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base))
    }

    /// Sends a request and reads the JSON answer.
    pub async fn send(&self, request: RequestBuilder) -> (StatusCode, Value) {
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.expect("body");
        let body = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("not JSON ({e}) with status {status}: {text}"));
        (status, body)
    }

    /// `POST /auth/login`.
    pub async fn login(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.send(
            self.request(Method::POST, "/auth/login")
                .json(&json!({ "username": username, "password": password })),
        )
        .await
    }

    /// A fresh token of `username`; the login must succeed.
    pub async fn token(&self, username: &str, password: &str) -> String {
        let (status, body) = self.login(username, password).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["data"]["accessToken"]
            .as_str()
            .expect("accessToken")
            .to_owned()
    }

    /// A fresh token of `admin`.
    pub async fn admin_token(&self) -> String {
        self.token("admin", ADMIN_PASSWORD).await
    }

    /// An admin API call with a bearer token and an optional JSON body.
    pub async fn admin(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = self.request(method, path).bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        self.send(request).await
    }

    /// A public API GET with app or service headers.
    pub async fn public_get(&self, path: &str, credentials: &Credentials) -> (StatusCode, Value) {
        self.send(with_credentials(
            self.request(Method::GET, path),
            credentials,
        ))
        .await
    }
}

/// Adds the header set of the contract for `credentials`.
pub fn with_credentials(request: RequestBuilder, credentials: &Credentials) -> RequestBuilder {
    match credentials {
        Credentials::App { id, secret, token } => request
            .header("requestType", "app")
            .header("appID", id)
            .header("secretKey", secret)
            .header("accessToken", token)
            .header("Authorization", format!("Bearer {token}")),
        Credentials::Service { id, secret, token } => request
            .header("requestType", "service")
            .header("serverID", id)
            .header("secretKey", secret)
            .header("accessToken", token),
    }
}

/// Asserts a contract error: HTTP status and seed code.
#[track_caller]
pub fn assert_error(got: &(StatusCode, Value), status: StatusCode, code: u64) {
    assert_eq!(got.0, status, "{}", got.1);
    assert_eq!(got.1["code"], code, "{}", got.1);
    assert!(
        got.1["msg"].as_str().is_some_and(|m| !m.is_empty()),
        "{}",
        got.1
    );
}

/// The field names of a 4101 answer.
pub fn invalid_fields(body: &Value) -> Vec<String> {
    let mut names: Vec<String> = body["data"]["fields"]
        .as_array()
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| f["field"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}
