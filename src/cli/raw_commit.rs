//! The ceiling a store puts on commits: N single-row write transactions, nothing else.
//!
//! Comparing it with the lifecycle figures shows how much of a command's cost is the engine
//! and how much is the store's commit.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sqlx::{Connection, PgConnection};
use woc_store::db::Db;
use woc_store::{Durability, SqliteWriter, Statement};

use super::bench_engine::BenchError;

/// The row each commit writes: about the size of a small serialized instance.
const PAYLOAD: &str =
    r#"{"status":"running","tasks":{"t1":{"node":"approve","assignee":"bench"}}}"#;

/// Single-row commits per second into a `HashMap` behind a `Mutex`, locked once per row as
/// `MemoryStore::commit` locks once per command: the bookkeeping floor, no durability.
pub fn memory(n: usize) -> f64 {
    let rows: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
    let began = Instant::now();
    for i in 0..n {
        let mut rows = rows.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        rows.insert(format!("pi{i}"), PAYLOAD.to_string());
    }
    per_second(n, began.elapsed())
}

/// Single-row transactions per second into a fresh SQLite file in WAL mode, as the
/// application opens its database, written the way engine commands write: through a
/// [`SqliteWriter`] (`BEGIN IMMEDIATE`, the row, `COMMIT`, on the awaiting thread, then, for
/// [`Durability::Disk`], the wait for the WAL's fsync). The file is removed after.
pub async fn sqlite(n: usize, durability: Durability) -> Result<f64, BenchError> {
    let path = scratch_path();
    let result = sqlite_in(&path, n, durability).await;
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.clone().into_os_string();
        file.push(suffix);
        // Best effort: a leftover scratch file in the temp folder harms nothing.
        let _ = std::fs::remove_file(file);
    }
    result
}

async fn sqlite_in(
    path: &std::path::Path,
    n: usize,
    durability: Durability,
) -> Result<f64, BenchError> {
    // Opened as the application opens its database (with the pool's background
    // checkpointer), then written as its commands write.
    let db = Db::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .map_err(|e| BenchError::Open(e.to_string()))?;
    let Db::Sqlite(pool) = &db else {
        return Err(BenchError::Open("expected a SQLite database".into()));
    };
    sqlx::query("CREATE TABLE bench_commits (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(pool)
        .await?;
    let writer = SqliteWriter::with_durability(path, durability);
    let began = Instant::now();
    for i in 0..n {
        let insert = Statement::new("INSERT INTO bench_commits (id, body) VALUES ($1, $2)")
            .arg(i64::try_from(i).unwrap_or(i64::MAX))
            .arg(PAYLOAD);
        writer
            .write(|tx| tx.execute(&insert))
            .await
            .map_err(|e| match e {
                woc_store::StoreError::Db(e) => BenchError::Database(e),
                other => BenchError::Open(other.to_string()),
            })?;
    }
    let rate = per_second(n, began.elapsed());
    drop(writer);
    db.close().await;
    Ok(rate)
}

/// Single-row transactions per second into a fresh table on the PostgreSQL at `url`, dropped
/// afterwards. An ordinary table, not `CREATE TEMPORARY`: temporary tables are not WAL-logged,
/// so their commits never wait for the log flush that bounds real commits.
pub async fn postgres(url: &str, n: usize) -> Result<f64, sqlx::Error> {
    let mut conn = PgConnection::connect(url).await?;
    let table = format!("woc_bench_commits_{}", unique_suffix());
    sqlx::query(&format!(
        "CREATE TABLE {table} (id BIGINT PRIMARY KEY, body TEXT NOT NULL)"
    ))
    .execute(&mut conn)
    .await?;
    let insert = format!("INSERT INTO {table} (id, body) VALUES ($1, $2)");
    let measured = async {
        let began = Instant::now();
        for i in 0..n {
            let mut tx = conn.begin().await?;
            sqlx::query(&insert)
                .bind(i64::try_from(i).unwrap_or(i64::MAX))
                .bind(PAYLOAD)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok::<_, sqlx::Error>(per_second(n, began.elapsed()))
    }
    .await;
    let dropped = sqlx::query(&format!("DROP TABLE {table}"))
        .execute(&mut conn)
        .await;
    let rate = measured?;
    dropped?;
    Ok(rate)
}

/// `count` events over `elapsed`, per second.
pub fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
}

fn scratch_path() -> PathBuf {
    std::env::temp_dir().join(format!("woc-bench-{}.db", unique_suffix()))
}

/// Process id and clock, so concurrent runs never share a scratch file or table.
fn unique_suffix() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}_{nanos}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_commits_are_counted() {
        assert!(memory(1_000) > 0.0);
    }

    #[tokio::test]
    async fn sqlite_commits_in_a_scratch_file() {
        for durability in [Durability::Disk, Durability::OsCache] {
            assert!(sqlite(20, durability).await.expect("sqlite runs") > 0.0);
        }
    }
}
