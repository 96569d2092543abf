//! The database: one sqlx pool, SQLite (embedded, default) or PostgreSQL, chosen by URL.
//!
//! Queries are written once in SQL both databases accept (`$1` placeholders work in SQLite too)
//! and run through [`with_pool!`], which compiles the same code for each driver. That keeps the
//! native drivers (faster than sqlx's `Any`) without writing every query twice.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::Connection;

/// How often the background checkpointer copies the SQLite WAL back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(200);

/// WAL pages after which a committing connection checkpoints by itself: only a fallback for a
/// checkpointer that cannot keep up (about 80 MB of WAL).
const WAL_FALLBACK_CHECKPOINT_PAGES: &str = "20000";

/// Pages of cache per SQLite connection (negative: KiB), 32 MiB: the default 2 MiB holds less
/// than the indexes a command touches once the tables have some history.
pub(crate) const SQLITE_CACHE_KIB: &str = "-32768";

/// The two SQL dialects the store writes. Most statements are the same text on both; where a
/// query plan or a schema differs (see each use), the statement is built for one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// SQLite: one process, its planner's merge of ordered compound SELECTs, lean tables.
    Sqlite,
    /// PostgreSQL: several processes, statements batched into one round trip.
    Postgres,
}

/// A connection pool to the configured database.
#[derive(Debug, Clone)]
pub enum Db {
    /// Embedded SQLite file in WAL mode.
    Sqlite(SqlitePool),
    /// PostgreSQL, shareable by several server processes.
    Postgres(PgPool),
}

/// Why the database could not be opened or prepared.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names a database we do not support.
    #[error("unsupported database URL `{0}`: use sqlite://… or postgres://…")]
    UnsupportedUrl(String),
    /// The folder for the SQLite file could not be created.
    #[error("cannot create the folder for {path}: {source}")]
    Folder {
        /// The folder.
        path: String,
        /// The IO error.
        source: std::io::Error,
    },
    /// Connecting or querying failed.
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    /// A migration failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Runs the same code against whichever pool `db` holds; `$pool` is bound to it.
#[macro_export]
macro_rules! with_pool {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

impl Db {
    /// Opens a pool for `url`, creating the SQLite file (and its folder) when needed.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // An acknowledged write survives a power loss. These connections write
                // little (settings, sessions, job bookkeeping); engine commands go through
                // the store's writer, which syncs in groups instead (see `wal_flush`).
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
                .pragma("cache_size", SQLITE_CACHE_KIB)
                // Commits no longer checkpoint: by default every 1000th page written made one
                // command copy the WAL into the database and fsync it, 10+ ms on its caller's
                // clock. The checkpointer below does that work beside the commands.
                .pragma("wal_autocheckpoint", WAL_FALLBACK_CHECKPOINT_PAGES);
            if let Some(folder) = options.get_filename().parent() {
                if !folder.as_os_str().is_empty() {
                    std::fs::create_dir_all(folder).map_err(|source| DbError::Folder {
                        path: folder.display().to_string(),
                        source,
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .connect_with(options.clone())
                .await?;
            spawn_checkpointer(pool.clone(), options);
            Ok(Db::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?;
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Db::Postgres(pool))
        } else {
            Err(DbError::UnsupportedUrl(redact(url)))
        }
    }

    /// Brings the schema up to date; safe to run at every start.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../../migrations/sqlite").run(pool).await?,
            Db::Postgres(pool) => {
                sqlx::migrate!("../../migrations/postgres")
                    .run(pool)
                    .await?
            }
        }
        Ok(())
    }

    /// Which SQL this database speaks, for the statements whose best text differs.
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Sqlite(_) => Dialect::Sqlite,
            Db::Postgres(_) => Dialect::Postgres,
        }
    }

    /// The product name of the database, for status pages.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "SQLite",
            Db::Postgres(_) => "PostgreSQL",
        }
    }

    /// A round trip to the database, for health checks.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_pool!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Closes every connection; waits for queries in flight.
    pub async fn close(&self) {
        with_pool!(self, |pool| pool.close().await)
    }
}

/// Checkpoints the WAL every [`CHECKPOINT_EVERY`] until the pool is closed, on a connection
/// of its own (borrowing one of the pool's would make the next command's connection a
/// different one, whose page cache the other's writes have made stale). PASSIVE copies what no
/// reader still needs without waiting for or blocking anyone, so commands never wait for it;
/// the next writer after a complete checkpoint starts the WAL from its beginning again.
fn spawn_checkpointer(pool: SqlitePool, options: SqliteConnectOptions) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut connection: Option<SqliteConnection> = None;
        while !pool.is_closed() {
            tick.tick().await;
            if connection.is_none() {
                connection = SqliteConnection::connect_with(&options).await.ok();
            }
            // Best effort: a failed checkpoint is retried on a fresh connection at the next
            // tick, and the fallback threshold bounds the WAL meanwhile.
            if let Some(conn) = connection.as_mut() {
                if sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut *conn)
                    .await
                    .is_err()
                {
                    connection = None;
                }
            }
        }
        if let Some(conn) = connection {
            let _ = conn.close().await;
        }
    });
}

/// The pool a store's commands write through. SQLite pools skip the ping sqlx sends before
/// handing out a connection: an embedded connection cannot have gone away, and the ping was a
/// round trip to the connection's worker thread on every command. SQLite: one connection of
/// its own, so commands
/// queue in the pool (not in SQLite's busy handler, which sleeps and polls) and always find
/// their own pages in that connection's cache (a connection that did not make the last write
/// rereads every page it touches). PostgreSQL: the shared pool.
pub(crate) fn writer(db: &Db) -> Db {
    match db {
        Db::Sqlite(pool) => Db::Sqlite(
            SqlitePoolOptions::new()
                .max_connections(1)
                .test_before_acquire(false)
                .connect_lazy_with((*pool.connect_options()).clone()),
        ),
        Db::Postgres(_) => db.clone(),
    }
}

/// Opens the transaction a command writes in. SQLite takes its single writer lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads, then writes, fails with
/// `SQLITE_BUSY` instead of waiting when another writer committed in between.
pub(crate) trait BeginWrite {
    /// The driver.
    type Database: sqlx::Database;
    /// A transaction ready to read and write.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Database = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        // BEGIN IMMEDIATE may wait for the write lock. If the caller's future is dropped then
        // (a client went away), SQLite's worker still opens the transaction but no guard
        // exists to roll it back: the pooled connection stays inside it and every later
        // command on it fails ("begin_with at non-zero transaction depth"). In a task of its
        // own the BEGIN always completes, and an unwanted transaction rolls back on drop.
        let pool = self.clone();
        tokio::spawn(async move { pool.begin_with("BEGIN IMMEDIATE").await })
            .await
            .map_err(|_| sqlx::Error::WorkerCrashed)?
    }
}

impl BeginWrite for PgPool {
    type Database = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Hides a password in a database URL before it reaches a log or an error message.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/woc"),
            "postgres://app:***@db:5432/woc"
        );
        assert_eq!(redact("postgres://app@db/woc"), "postgres://app@db/woc");
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }

    #[tokio::test]
    async fn unknown_schemes_are_refused() {
        let err = Db::connect("mysql://localhost/x").await.unwrap_err();
        assert!(err.to_string().contains("sqlite://"));
    }

    #[tokio::test]
    async fn sqlite_file_and_folder_are_created_and_migrated() {
        let dir = std::env::temp_dir().join(format!("woc-db-{}", std::process::id()));
        let url = format!("sqlite://{}/nested/test.db?mode=rwc", dir.display());
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        db.migrate().await.unwrap();
        db.ping().await.unwrap();
        let Db::Sqlite(pool) = &db else {
            panic!("expected SQLite")
        };
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(fk, 1);
        db.close().await;
        let _ = std::fs::remove_dir_all(dir);
    }
}
