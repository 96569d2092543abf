//! The store a lifecycle benchmark drives, behind one small trait so the persistent stores
//! (sqlx, in `crates/store`) plug into the same loop as the in-memory one.

use std::future::Future;
use std::sync::Arc;

use woc_engine::{
    Command, Engine, EngineConfig, EngineError, MemoryStore, Outcome, ServiceTaskMode, SystemClock,
};

/// Deploys a model and executes commands against it, as the application would.
///
/// Futures rather than plain calls because the database stores are async; the benchmark uses
/// static dispatch, so the in-memory store pays no boxing for it.
pub trait BenchStore {
    /// Deploys every executable process of `xml`; returns their process keys.
    fn deploy(&self, xml: &str) -> impl Future<Output = Result<Vec<String>, EngineError>>;

    /// Loads the addressed instance, runs `command` and commits it.
    fn execute(
        &self,
        command: Command,
        actor: &str,
    ) -> impl Future<Output = Result<Outcome, EngineError>>;
}

/// The engine over its `MemoryStore`: the engine's own cost without any IO.
pub struct MemoryBenchStore {
    engine: Engine<MemoryStore>,
}

impl MemoryBenchStore {
    /// A fresh engine. Service tasks with external implementations pass through (`NoOp`), so a
    /// model file measures the engine rather than waiting on jobs nobody runs.
    pub fn new() -> Self {
        let config = EngineConfig {
            service_tasks: ServiceTaskMode::NoOp,
            ..EngineConfig::default()
        };
        MemoryBenchStore {
            engine: Engine::with_config(MemoryStore::new(), Arc::new(SystemClock), config),
        }
    }
}

impl Default for MemoryBenchStore {
    fn default() -> Self {
        Self::new()
    }
}

impl BenchStore for MemoryBenchStore {
    async fn deploy(&self, xml: &str) -> Result<Vec<String>, EngineError> {
        Ok(self
            .engine
            .deploy(xml)?
            .iter()
            .map(|d| d.key.clone())
            .collect())
    }

    async fn execute(&self, command: Command, actor: &str) -> Result<Outcome, EngineError> {
        self.engine.execute(command, Some(actor))
    }
}

/// The sqlx store on SQLite or PostgreSQL: every command is one database transaction with
/// full history, as the server runs it.
pub struct SqlBenchStore {
    store: woc_store::SqlStore,
}

impl SqlBenchStore {
    /// Opens (and migrates) the database at `url`; service tasks pass through as in memory.
    /// SQLite commands return as `durability` says.
    pub async fn open(
        url: &str,
        durability: woc_store::Durability,
    ) -> Result<Self, woc_store::StoreError> {
        let db = woc_store::db::Db::connect(url).await.map_err(|e| {
            woc_store::StoreError::Engine(EngineError::invalid("open", e.to_string()))
        })?;
        db.migrate().await.map_err(|e| {
            woc_store::StoreError::Engine(EngineError::invalid("migrate", e.to_string()))
        })?;
        let config = EngineConfig {
            service_tasks: ServiceTaskMode::NoOp,
            ..EngineConfig::default()
        };
        Ok(SqlBenchStore {
            store: woc_store::SqlStore::with_config(db, Arc::new(SystemClock), config)
                .with_durability(durability),
        })
    }
}

/// The lifecycle loop speaks the engine's error; database failures abort the run with their
/// text (they are not expected outcomes the loop could handle).
fn engine_error(error: woc_store::StoreError) -> EngineError {
    match error {
        woc_store::StoreError::Engine(e) => e,
        woc_store::StoreError::NotFound { what, id } => EngineError::NotFound { what, id },
        other => EngineError::invalid("store", other.to_string()),
    }
}

impl BenchStore for SqlBenchStore {
    async fn deploy(&self, xml: &str) -> Result<Vec<String>, EngineError> {
        let rows = self.store.deploy(xml, None).await.map_err(engine_error)?;
        Ok(rows.into_iter().map(|d| d.key).collect())
    }

    async fn execute(&self, command: Command, actor: &str) -> Result<Outcome, EngineError> {
        self.store
            .execute(command, Some(actor))
            .await
            .map_err(engine_error)
    }
}
