//! The SQLite connection engine commands write through, driven on the caller's own thread.
//!
//! sqlx runs every SQLite connection on a worker thread of its own: each query is a hand-off
//! to that thread and back, about 100 µs on an idle machine (futex wake-ups both ways), which
//! is more than the SQL of a command. A command made four of them (begin, load, writes,
//! commit). Here the whole transaction, BEGIN to COMMIT with the engine run in between, is one
//! synchronous call on the thread that awaits it, over a connection this module owns.
//!
//! That call must never park the async thread on a lock: SQLite's busy handler (which sleeps)
//! is off on this connection, and `BEGIN IMMEDIATE`, the only statement that waits for another
//! connection (WAL readers never block, and the write lock is held from then on), is retried
//! after an async pause while another connection writes. Commands of this process queue on an
//! async mutex instead.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::types::{ToSql, ToSqlOutput, Value, ValueRef};
use rusqlite::{Connection, OpenFlags};

use crate::error::StoreError;
use crate::row::Columns;
use crate::statement::{Arg, Statement};
use crate::wal_flush::WalFlush;

/// How long a command waits for another connection's write transaction, as the pool's
/// `busy_timeout` does for its connections.
const WAIT_FOR_LOCK: Duration = Duration::from_secs(5);

/// Longest pause between two tries of `BEGIN IMMEDIATE`.
const MAX_PAUSE: Duration = Duration::from_millis(10);

/// WAL pages after which a commit of this connection finishes the checkpoint itself (16 MB).
/// The pool's background checkpointer copies most frames meanwhile, but under a steady
/// stream of commits it never reaches the last one, and only a complete checkpoint lets the
/// next write start the WAL from its beginning; without this the WAL grows until the pool's
/// 80 MB fallback. Here the commit copies the few frames left, then the WAL starts over.
const WAL_RESTART_PAGES: u32 = 4096;

/// Prepared statements kept per connection: a command's statements differ by table and by how
/// many rows an INSERT carries, a few dozen texts in all.
const STATEMENT_CACHE: usize = 256;

/// When a write through a [`SqliteWriter`] returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Durability {
    /// Once its commit is on disk: an acknowledged write survives a power loss, as a
    /// PostgreSQL commit does. The default.
    #[default]
    Disk,
    /// Once SQLite handed its commit to the operating system (`synchronous = NORMAL` alone):
    /// it survives the process crashing, and a power loss may undo the last writes.
    OsCache,
}

/// One SQLite connection for writes, opened at first use, shared by a store's clones.
pub struct SqliteWriter {
    path: PathBuf,
    connection: tokio::sync::Mutex<Option<Connection>>,
    /// `None` for [`Durability::OsCache`].
    flush: Option<WalFlush>,
}

impl std::fmt::Debug for SqliteWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteWriter")
            .field("path", &self.path)
            .finish()
    }
}

/// The open transaction a [`SqliteWriter::write`] body runs in.
pub struct WriteTx<'c> {
    connection: &'c Connection,
}

impl SqliteWriter {
    /// A writer for the database file at `path` (opened, not created, at the first write)
    /// whose writes return once on disk.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self::with_durability(path, Durability::Disk)
    }

    /// A writer whose writes return as `durability` says.
    pub fn with_durability(path: impl Into<PathBuf>, durability: Durability) -> Self {
        let path = path.into();
        SqliteWriter {
            flush: (durability == Durability::Disk).then(|| WalFlush::new(&path)),
            path,
            connection: tokio::sync::Mutex::new(None),
        }
    }

    /// When this writer's writes return.
    pub fn durability(&self) -> Durability {
        match self.flush {
            Some(_) => Durability::Disk,
            None => Durability::OsCache,
        }
    }

    /// Fsyncs of the WAL run so far (0 for [`Durability::OsCache`]): one serves every commit
    /// made before it began.
    pub fn fsyncs(&self) -> u64 {
        self.flush.as_ref().map_or(0, WalFlush::fsyncs)
    }

    /// Runs `body` in one write transaction: committed when it returns `Ok`, rolled back
    /// when it fails. Waits (asynchronously) while another connection holds the write lock,
    /// and after the commit until it is on disk (see [`Durability`]).
    pub async fn write<T>(
        &self,
        body: impl FnOnce(&WriteTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let (value, commit) = self.commit(body).await?;
        if let (Some(flush), Some(commit)) = (&self.flush, commit) {
            flush.flushed(commit).await.map_err(|error| {
                StoreError::Db(sqlx::Error::Io(std::io::Error::new(
                    error.kind(),
                    format!("the write was committed but may not be on disk: {error}"),
                )))
            })?;
        }
        Ok(value)
    }

    /// `write` up to its COMMIT, with the commit's number for the flush (`None` without one).
    async fn commit<T>(
        &self,
        body: impl FnOnce(&WriteTx<'_>) -> Result<T, StoreError>,
    ) -> Result<(T, Option<u64>), StoreError> {
        let mut slot = self.connection.lock().await;
        if slot.is_none() {
            *slot = Some(open(&self.path).map_err(db)?);
        }
        // A body that panicked left its transaction open; it must not swallow the next one.
        if let Some(connection) = slot.as_ref().filter(|c| !c.is_autocommit()) {
            run(connection, "ROLLBACK")?;
        }
        let began = Instant::now();
        let mut pause = Duration::from_micros(250);
        loop {
            // The connection is borrowed afresh after each pause: a borrow held across the
            // await would make the future !Send (a connection is not shared between threads).
            let begun = match slot.as_ref() {
                Some(connection) => run(connection, "BEGIN IMMEDIATE"),
                None => Err(closed(&self.path)),
            };
            match begun {
                Ok(()) => break,
                Err(error) if is_busy(&error) && began.elapsed() < WAIT_FOR_LOCK => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(MAX_PAUSE);
                }
                Err(error) => return Err(error),
            }
        }
        let connection = slot.as_ref().ok_or_else(|| closed(&self.path))?;
        // From here to COMMIT nothing awaits: a dropped caller cannot leave it half done.
        let tx = WriteTx { connection };
        match body(&tx) {
            Ok(value) => match run(connection, "COMMIT") {
                Ok(()) => Ok((value, self.flush.as_ref().map(WalFlush::committed))),
                Err(error) => {
                    let _ = run(connection, "ROLLBACK");
                    Err(error)
                }
            },
            Err(error) => {
                run(connection, "ROLLBACK")?;
                Err(error)
            }
        }
    }
}

impl WriteTx<'_> {
    /// Runs a statement; answers the rows it changed.
    pub fn execute(&self, statement: &Statement) -> Result<usize, StoreError> {
        let mut prepared = self.prepare(statement)?;
        prepared.raw_execute().map_err(db)
    }

    /// The first row of a query read by `read`, `None` when there is none.
    pub(crate) fn first<T>(
        &self,
        statement: &Statement,
        read: impl FnOnce(&rusqlite::Row<'_>) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let mut prepared = self.prepare(statement)?;
        let mut rows = prepared.raw_query();
        match rows.next().map_err(db)? {
            Some(row) => read(row).map(Some),
            None => Ok(None),
        }
    }

    fn prepare(&self, statement: &Statement) -> Result<rusqlite::CachedStatement<'_>, StoreError> {
        let mut prepared = self.connection.prepare_cached(&statement.sql).map_err(db)?;
        // Our SQL numbers its placeholders `$1`, `$2`...; SQLite treats them as names and
        // numbers its parameters in order of first appearance, so each parameter is bound to
        // the argument its name numbers. Reading the names is one pass; looking each argument
        // up by name would scan the names once per argument (multi-row INSERTs have dozens).
        for index in 1..=prepared.parameter_count() {
            let number = prepared
                .parameter_name(index)
                .and_then(|name| name.strip_prefix('$'))
                .and_then(|number| number.parse::<usize>().ok());
            if let Some(arg) = number.and_then(|n| statement.args.get(n.wrapping_sub(1))) {
                prepared.raw_bind_parameter(index, arg).map_err(db)?;
            }
        }
        Ok(prepared)
    }
}

impl ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::Text(Some(text)) => ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
            Arg::Text(None) | Arg::Int(None) => ToSqlOutput::Owned(Value::Null),
            Arg::Int(Some(n)) => ToSqlOutput::Owned(Value::Integer(*n)),
            Arg::Bool(flag) => ToSqlOutput::Owned(Value::Integer(i64::from(*flag))),
        })
    }
}

impl Columns for rusqlite::Row<'_> {
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
        self.get(column).map_err(decode)
    }
    fn int(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
        self.get(column).map_err(decode)
    }
    fn flag(&self, column: &str) -> Result<bool, sqlx::Error> {
        self.get(column).map_err(decode)
    }
}

/// Opens the connection with the settings the pool's connections have (`db::Db::connect`),
/// except the busy handler (see the module comment).
fn open(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let connection = Connection::open_with_flags(path, flags)?;
    connection.busy_timeout(Duration::ZERO)?;
    connection.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    connection.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
         PRAGMA cache_size = {}; PRAGMA wal_autocheckpoint = {};",
        crate::db::SQLITE_CACHE_KIB,
        WAL_RESTART_PAGES
    ))?;
    Ok(connection)
}

/// Runs a statement without arguments or rows (transaction control), prepared once.
fn run(connection: &Connection, sql: &str) -> Result<(), StoreError> {
    connection
        .prepare_cached(sql)
        .and_then(|mut statement| statement.raw_execute())
        .map(|_| ())
        .map_err(db)
}

fn is_busy(error: &StoreError) -> bool {
    match error {
        StoreError::Db(sqlx::Error::Database(e)) => e
            .try_downcast_ref::<SqliteFailure>()
            .is_some_and(|f| matches!(f.code & 0xff, SQLITE_BUSY | SQLITE_LOCKED)),
        _ => false,
    }
}

fn closed(path: &Path) -> StoreError {
    StoreError::Db(sqlx::Error::Protocol(format!(
        "the SQLite writer for {} is not open",
        path.display()
    )))
}

const SQLITE_BUSY: i32 = 5;
const SQLITE_LOCKED: i32 = 6;
const SQLITE_CONSTRAINT_CHECK: i32 = 275;
const SQLITE_CONSTRAINT_FOREIGNKEY: i32 = 787;
const SQLITE_CONSTRAINT_NOTNULL: i32 = 1299;
const SQLITE_CONSTRAINT_PRIMARYKEY: i32 = 1555;
const SQLITE_CONSTRAINT_UNIQUE: i32 = 2067;

/// A failure SQLite reported, shaped as sqlx reports its own: callers tell a unique key
/// violation (a duplicate work-order number) the same way whichever connection wrote.
#[derive(Debug)]
struct SqliteFailure {
    /// The extended result code.
    code: i32,
    message: String,
}

impl std::fmt::Display for SqliteFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "(code: {}) {}", self.code, self.message)
    }
}

impl std::error::Error for SqliteFailure {}

impl sqlx::error::DatabaseError for SqliteFailure {
    fn message(&self) -> &str {
        &self.message
    }

    fn code(&self) -> Option<Cow<'_, str>> {
        Some(Cow::Owned(self.code.to_string()))
    }

    fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
        self
    }

    fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
        self
    }

    fn kind(&self) -> sqlx::error::ErrorKind {
        use sqlx::error::ErrorKind;
        match self.code {
            SQLITE_CONSTRAINT_UNIQUE | SQLITE_CONSTRAINT_PRIMARYKEY => ErrorKind::UniqueViolation,
            SQLITE_CONSTRAINT_FOREIGNKEY => ErrorKind::ForeignKeyViolation,
            SQLITE_CONSTRAINT_NOTNULL => ErrorKind::NotNullViolation,
            SQLITE_CONSTRAINT_CHECK => ErrorKind::CheckViolation,
            _ => ErrorKind::Other,
        }
    }
}

/// A rusqlite error as the store's database error.
fn db(error: rusqlite::Error) -> StoreError {
    match error {
        rusqlite::Error::SqliteFailure(failure, message) => {
            StoreError::Db(sqlx::Error::Database(Box::new(SqliteFailure {
                code: failure.extended_code,
                message: message.unwrap_or_else(|| failure.to_string()),
            })))
        }
        other => StoreError::Db(decode(other)),
    }
}

fn decode(error: rusqlite::Error) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(error))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch database with table `t`, its folder removed when the test ends.
    struct Scratch {
        dir: PathBuf,
        path: PathBuf,
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            // Best effort: a leftover folder in the temp directory harms nothing.
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("woc-writer-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("w.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch(
                "PRAGMA journal_mode = WAL; \
                 CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, flag BOOLEAN);",
            )
            .unwrap();
        Scratch { dir, path }
    }

    fn count(path: &Path) -> i64 {
        Connection::open(path)
            .unwrap()
            .query_row("SELECT COUNT(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    #[tokio::test]
    async fn placeholders_bind_by_number_whatever_their_order() {
        let scratch = scratch("order");
        let path = scratch.path.clone();
        let writer = SqliteWriter::new(&path);
        let insert = Statement::new("INSERT INTO t (n, id, flag) VALUES ($2, $1, $3)")
            .arg("a")
            .arg(7)
            .arg(true);
        writer.write(|tx| tx.execute(&insert)).await.unwrap();
        let read = Statement::new("SELECT id, n, flag FROM t WHERE id = $1 AND n = $2")
            .arg("a")
            .arg(7);
        let row = writer
            .write(|tx| {
                tx.first(&read, |row| {
                    Ok((row.string("id")?, row.number("n")?, row.flag("flag")?))
                })
            })
            .await
            .unwrap();
        assert_eq!(row, Some(("a".to_string(), 7, true)));
    }

    #[tokio::test]
    async fn a_failed_body_writes_nothing_and_unique_keys_read_as_sqlx_does() {
        let scratch = scratch("rollback");
        let path = scratch.path.clone();
        let writer = SqliteWriter::new(&path);
        let insert = |id: &str| Statement::new("INSERT INTO t (id) VALUES ($1)").arg(id);
        let error = writer
            .write(|tx| {
                tx.execute(&insert("x"))?;
                tx.execute(&insert("x"))
            })
            .await
            .unwrap_err();
        match &error {
            StoreError::Db(sqlx::Error::Database(e)) => assert!(e.is_unique_violation()),
            other => panic!("expected a unique violation, got {other:?}"),
        }
        assert_eq!(count(&path), 0, "the first insert was rolled back");
        writer.write(|tx| tx.execute(&insert("y"))).await.unwrap();
        assert_eq!(count(&path), 1);
    }

    #[tokio::test]
    async fn waits_for_another_connections_write_lock_without_blocking() {
        let scratch = scratch("busy");
        let path = scratch.path.clone();
        let writer = SqliteWriter::new(&path);
        let other = Connection::open(&path).unwrap();
        other.execute_batch("BEGIN IMMEDIATE").unwrap();
        let insert = Statement::new("INSERT INTO t (id) VALUES ($1)").arg("z");
        let waiting = writer.write(|tx| tx.execute(&insert));
        tokio::pin!(waiting);
        // The writer must yield while the lock is taken (a blocking busy handler would hang
        // this single-threaded runtime), then go through once it is released.
        let timeout = tokio::time::timeout(Duration::from_millis(50), &mut waiting).await;
        assert!(
            timeout.is_err(),
            "wrote while another connection held the lock"
        );
        other.execute_batch("COMMIT").unwrap();
        assert_eq!(waiting.await.unwrap(), 1);
        assert_eq!(count(&path), 1);
    }

    #[tokio::test]
    async fn a_panicking_body_does_not_leave_its_transaction_open() {
        let scratch = scratch("panic");
        let path = scratch.path.clone();
        let writer = std::sync::Arc::new(SqliteWriter::new(&path));
        let insert = |id: &str| Statement::new("INSERT INTO t (id) VALUES ($1)").arg(id);
        let panicking = writer.clone();
        let joined = tokio::spawn(async move {
            panicking
                .write(|tx| -> Result<(), StoreError> {
                    tx.execute(&insert("lost"))?;
                    panic!("a bug in the body");
                })
                .await
        })
        .await;
        assert!(joined.is_err());
        writer
            .write(|tx| tx.execute(&insert("kept")))
            .await
            .unwrap();
        assert_eq!(count(&path), 1, "only the second write is committed");
    }

    #[tokio::test]
    async fn a_write_returns_after_the_wal_is_synced_unless_told_otherwise() {
        let scratch = scratch("durable");
        let insert = |id: &str| Statement::new("INSERT INTO t (id) VALUES ($1)").arg(id);
        let disk = SqliteWriter::new(&scratch.path);
        assert_eq!(disk.durability(), Durability::Disk);
        disk.write(|tx| tx.execute(&insert("a"))).await.unwrap();
        assert_eq!(disk.fsyncs(), 1);
        // A failed body commits nothing, so it has nothing to wait for.
        let _ = disk.write(|tx| tx.execute(&insert("a"))).await.unwrap_err();
        assert_eq!(disk.fsyncs(), 1);

        let cache = SqliteWriter::with_durability(&scratch.path, Durability::OsCache);
        cache.write(|tx| tx.execute(&insert("b"))).await.unwrap();
        assert_eq!(cache.fsyncs(), 0);
        assert_eq!(count(&scratch.path), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_share_fsyncs() {
        let scratch = scratch("group");
        let writer = std::sync::Arc::new(SqliteWriter::new(&scratch.path));
        let mut writes = tokio::task::JoinSet::new();
        for i in 0..64 {
            let writer = writer.clone();
            writes.spawn(async move {
                let insert = Statement::new("INSERT INTO t (id) VALUES ($1)").arg(i.to_string());
                writer.write(|tx| tx.execute(&insert)).await
            });
        }
        while let Some(done) = writes.join_next().await {
            done.unwrap().unwrap();
        }
        assert_eq!(count(&scratch.path), 64);
        // Every write waited for an fsync; how many shared one depends on the disk's speed,
        // so only the bounds are certain here (wal_flush's tests pin the grouping itself).
        assert!((1..=64).contains(&writer.fsyncs()), "{}", writer.fsyncs());
    }
}
