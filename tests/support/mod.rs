//! Starts the real server on port 0 against a fresh database, as a user's machine would run it.

#![allow(dead_code)]

pub mod api;
pub mod app_client;

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use workorder::server::config::Cli;
use workorder::server::db::Db;
use workorder::server::http;

/// Password of `admin` in every test database.
pub const ADMIN_PASSWORD: &str = "Admin-Test-2026";

/// A fresh database: a SQLite file in a new temp folder, or a new PostgreSQL database.
pub struct TestDatabase {
    /// URL the server is given.
    pub url: String,
    folder: Option<PathBuf>,
}

impl TestDatabase {
    /// A new SQLite file.
    pub fn sqlite(name: &str) -> Self {
        let folder = std::env::temp_dir().join(format!(
            "woc-test-{name}-{}-{}",
            std::process::id(),
            unique_suffix()
        ));
        std::fs::create_dir_all(&folder).expect("temp folder");
        let url = format!("sqlite://{}/workorder.db?mode=rwc", folder.display());
        TestDatabase {
            url,
            folder: Some(folder),
        }
    }

    /// A new PostgreSQL database on the server named by `WOC_TEST_POSTGRES_URL`, or `None`
    /// when it is not set (the test then says it was skipped).
    pub async fn postgres(name: &str) -> Option<Self> {
        let admin_url = std::env::var("WOC_TEST_POSTGRES_URL").ok()?;
        let db_name = format!("woc_{name}_{}_{}", std::process::id(), unique_suffix());
        let admin = Db::connect(&admin_url)
            .await
            .expect("connect to WOC_TEST_POSTGRES_URL");
        let Db::Postgres(pool) = &admin else {
            panic!("WOC_TEST_POSTGRES_URL must be postgres://")
        };
        sqlx::query(&format!("CREATE DATABASE {db_name}"))
            .execute(pool)
            .await
            .expect("create test database");
        admin.close().await;
        let base = admin_url
            .rsplit_once('/')
            .map(|(b, _)| b)
            .unwrap_or(&admin_url);
        Some(TestDatabase {
            url: format!("{base}/{db_name}"),
            folder: None,
        })
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(folder) = &self.folder {
            let _ = std::fs::remove_dir_all(folder);
        }
    }
}

fn unique_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// A running server; dropping it stops it.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    db: Db,
    task: tokio::task::JoinHandle<()>,
}

/// The prepared state (migrated database, `admin` created) without a listening server, for
/// tests of server-side types that no route exercises on its own.
pub async fn prepared_state(database_url: &str) -> workorder::server::state::AppState {
    let cli = Cli::try_parse_from([
        "workorder",
        "--database-url",
        database_url,
        "--admin-password",
        ADMIN_PASSWORD,
    ])
    .expect("settings");
    http::prepare(cli.into_settings()).await.expect("prepare")
}

impl TestServer {
    /// Starts the server on a free loopback port against `database_url`.
    pub async fn start(database_url: &str) -> Self {
        let cli = Cli::try_parse_from([
            "workorder",
            "--database-url",
            database_url,
            "--addr",
            "127.0.0.1:0",
            "--admin-password",
            ADMIN_PASSWORD,
        ])
        .expect("settings");
        let state = http::prepare(cli.into_settings()).await.expect("prepare");
        let db = state.db.clone();
        let app = http::router(state.clone()).await.expect("router");
        workorder::server::background::start(&state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        TestServer { addr, db, task }
    }

    /// Absolute URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The server's database pool (to arrange data a test needs).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Stops serving and closes the pool, like a process exit.
    pub async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
        self.db.close().await;
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}
