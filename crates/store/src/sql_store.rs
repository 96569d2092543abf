//! The store itself: a pool, the engine's clock and configuration, and a definition cache.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use woc_engine::{Clock, Definition, EngineConfig};

use crate::db::Db;
use crate::error::StoreError;
use crate::sqlite_writer::{Durability, SqliteWriter};
use crate::statement::{query, Statement};
use crate::with_pool;

/// The engine's persistence over SQLite or PostgreSQL; cheap to clone (shared pool and cache).
#[derive(Clone)]
pub struct SqlStore {
    pub(crate) db: Db,
    /// Where deployments and timer schedules write (see [`crate::db::writer`]).
    pub(crate) writer: Db,
    /// Where commands write on SQLite (see [`crate::sqlite_writer`]).
    pub(crate) sqlite: Option<Arc<SqliteWriter>>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) config: EngineConfig,
    /// Parsed definitions by id: deployed definitions never change, and parsing the XML on
    /// every command would cost more than the command's SQL.
    pub(crate) cache: Arc<Mutex<HashMap<String, Arc<Definition>>>>,
}

impl SqlStore {
    /// A store over an open, migrated pool with the default engine configuration.
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Self::with_config(db, clock, EngineConfig::default())
    }

    /// A store with a custom engine configuration.
    pub fn with_config(db: Db, clock: Arc<dyn Clock>, config: EngineConfig) -> Self {
        SqlStore {
            writer: crate::db::writer(&db),
            sqlite: sqlite_writer(&db, Durability::default()),
            db,
            clock,
            config,
            cache: Arc::default(),
        }
    }

    /// The same store with its SQLite commands acknowledged as `durability` says (by default
    /// once on disk). No effect on PostgreSQL, whose commits are as durable as its server is
    /// configured to make them.
    pub fn with_durability(mut self, durability: Durability) -> Self {
        self.sqlite = sqlite_writer(&self.db, durability);
        self
    }

    /// Connects to `url`, brings the schema up to date and opens the store.
    pub async fn open(url: &str, clock: Arc<dyn Clock>) -> Result<Self, StoreError> {
        let db = Db::connect(url).await.map_err(db_error)?;
        db.migrate().await.map_err(db_error)?;
        Ok(Self::new(db, clock))
    }

    /// The pool, for callers that keep their own tables in the same database.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Runs one statement of the caller's own (the same kind `start_recorded` writes with an
    /// instance) on its own; answers the rows it changed.
    pub async fn run_statement(&self, statement: &Statement) -> Result<u64, StoreError> {
        with_pool!(&self.db, |pool| {
            Ok(query(statement).execute(pool).await?.rows_affected())
        })
    }

    /// The clock commands are stamped with.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The engine configuration.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    pub(crate) fn cached(&self, id: &str) -> Option<Arc<Definition>> {
        self.cache.lock().ok().and_then(|c| c.get(id).cloned())
    }

    pub(crate) fn remember(&self, definition: Arc<Definition>) {
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(definition.id.clone(), definition);
        }
    }
}

/// The writer SQLite commands go through (none on PostgreSQL).
fn sqlite_writer(db: &Db, durability: Durability) -> Option<Arc<SqliteWriter>> {
    match db {
        Db::Sqlite(pool) => Some(Arc::new(SqliteWriter::with_durability(
            pool.connect_options().get_filename(),
            durability,
        ))),
        Db::Postgres(_) => None,
    }
}

/// Connection and migration failures as the store's error.
fn db_error(error: crate::db::DbError) -> StoreError {
    match error {
        crate::db::DbError::Sqlx(e) => StoreError::Db(e),
        other => StoreError::Db(sqlx::Error::Configuration(Box::new(other))),
    }
}
