//! Group flush of the SQLite WAL: a write is acknowledged once its commit is on disk, and one
//! fsync covers every commit made before it began.
//!
//! `synchronous = FULL` would fsync inside each COMMIT, with the writer's lock held, so
//! commands would queue one fsync after another. Instead commands commit with
//! `synchronous = NORMAL` (the WAL written, not synced) and then wait here, lock released, for
//! an fsync that started after their commit. The first waiter runs it, on a blocking thread,
//! for everything committed so far; commits made meanwhile wait for the next one, which one of
//! them runs. Under load one fsync serves many commands, as PostgreSQL's WAL flush does.
//!
//! Syncing the WAL file is enough: SQLite writes a commit's frames there and nowhere else, and
//! a checkpoint syncs the WAL before copying frames into the database file, and the database
//! file before the WAL starts over. The WAL file stays the same file while the writer's
//! connection is open (SQLite removes it only when the last connection closes).

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::Notify;

/// How the WAL reaches the disk: `File::sync_data`, or a stand-in in tests.
type SyncFn = Arc<dyn Fn(&File) -> io::Result<()> + Send + Sync>;

/// How far commits of one writer are on disk.
pub(crate) struct WalFlush {
    wal: PathBuf,
    state: Arc<Mutex<FlushState>>,
    /// Woken after every fsync, successful or not.
    done: Arc<Notify>,
    sync: SyncFn,
}

impl std::fmt::Debug for WalFlush {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WalFlush")
            .field("wal", &self.wal)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default)]
struct FlushState {
    /// Commits made, numbered from 1 in WAL order.
    committed: u64,
    /// Every commit up to this number is on disk.
    flushed: u64,
    /// An fsync is running.
    flushing: bool,
    /// Fsyncs run, for tests of the grouping.
    fsyncs: u64,
    /// The WAL, opened at the first fsync.
    file: Option<Arc<File>>,
}

impl WalFlush {
    /// Flushes the WAL of the database file at `database`.
    pub(crate) fn new(database: &Path) -> Self {
        Self::with_sync(database, Arc::new(File::sync_data))
    }

    fn with_sync(database: &Path, sync: SyncFn) -> Self {
        let mut wal = database.as_os_str().to_owned();
        wal.push("-wal");
        WalFlush {
            wal: PathBuf::from(wal),
            state: Arc::default(),
            done: Arc::new(Notify::new()),
            sync,
        }
    }

    /// Numbers a commit. Called with the writer's lock held, right after COMMIT, so numbers
    /// follow the order of the commits in the WAL.
    pub(crate) fn committed(&self) -> u64 {
        let mut state = lock(&self.state);
        state.committed += 1;
        state.committed
    }

    /// Fsyncs run so far.
    pub(crate) fn fsyncs(&self) -> u64 {
        lock(&self.state).fsyncs
    }

    /// Returns once commit `number` is on disk: at once if an fsync that started after it
    /// has finished, else after one.
    pub(crate) async fn flushed(&self, number: u64) -> io::Result<()> {
        loop {
            // Registered before the state is read, so an fsync ending in between still wakes
            // this waiter.
            let done = self.done.notified();
            tokio::pin!(done);
            done.as_mut().enable();
            let target = {
                let mut state = lock(&self.state);
                if state.flushed >= number {
                    return Ok(());
                }
                if state.flushing {
                    None
                } else {
                    state.flushing = true;
                    Some(state.committed)
                }
            };
            let Some(target) = target else {
                done.await;
                continue;
            };
            let (wal, state, done) = (self.wal.clone(), self.state.clone(), self.done.clone());
            let sync = self.sync.clone();
            // The bookkeeping after the fsync runs on the blocking thread too: a caller that
            // stops waiting must not leave `flushing` set for everyone after it.
            let synced = tokio::task::spawn_blocking(move || {
                let file = lock(&state).file.clone();
                let result = match file {
                    Some(file) => sync(&file),
                    None => open(&wal).and_then(|file| {
                        sync(&file)?;
                        lock(&state).file = Some(Arc::new(file));
                        Ok(())
                    }),
                };
                let mut flush = lock(&state);
                flush.flushing = false;
                flush.fsyncs += 1;
                if result.is_ok() {
                    flush.flushed = flush.flushed.max(target);
                }
                drop(flush);
                done.notify_waiters();
                result
            })
            .await
            .map_err(io::Error::other)?;
            // A failed fsync fails the caller that ran it; each waiter then runs its own.
            synced?;
        }
    }
}

fn open(wal: &Path) -> io::Result<File> {
    File::open(wal).map_err(|error| {
        io::Error::new(
            error.kind(),
            format!("cannot open the write-ahead log {}: {error}", wal.display()),
        )
    })
}

fn lock(state: &Mutex<FlushState>) -> MutexGuard<'_, FlushState> {
    // The state is a few counters, consistent after every statement: a panic elsewhere while
    // holding the lock leaves nothing half done.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// A WAL file in a scratch folder, removed when the test ends.
    struct Scratch(PathBuf);

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> (Scratch, PathBuf) {
        let dir = std::env::temp_dir().join(format!("woc-flush-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let database = dir.join("f.db");
        std::fs::write(dir.join("f.db-wal"), b"frames").unwrap();
        (Scratch(dir), database)
    }

    /// A sync that waits for a go-ahead (or a failure to report) on each call.
    fn gated() -> (SyncFn, mpsc::Sender<io::Result<()>>) {
        let (go, wait) = mpsc::channel::<io::Result<()>>();
        let wait = Mutex::new(wait);
        let sync: SyncFn = Arc::new(move |_file: &File| wait.lock().unwrap().recv().unwrap());
        (sync, go)
    }

    #[tokio::test]
    async fn one_fsync_serves_every_commit_made_before_it_began() {
        let (_dir, database) = scratch("group");
        let flush = Arc::new(WalFlush::new(&database));
        let numbers: Vec<u64> = (0..16).map(|_| flush.committed()).collect();
        let mut waiters = tokio::task::JoinSet::new();
        for number in numbers {
            let flush = flush.clone();
            waiters.spawn(async move { flush.flushed(number).await });
        }
        while let Some(done) = waiters.join_next().await {
            done.unwrap().unwrap();
        }
        assert_eq!(flush.fsyncs(), 1);
        // Already on disk: no second fsync.
        flush.flushed(16).await.unwrap();
        assert_eq!(flush.fsyncs(), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_commit_made_while_an_fsync_runs_waits_for_the_next() {
        let (_dir, database) = scratch("next");
        let (sync, go) = gated();
        let flush = Arc::new(WalFlush::with_sync(&database, sync));
        let first = flush.committed();
        let leader = tokio::spawn({
            let flush = flush.clone();
            async move { flush.flushed(first).await }
        });
        // The first fsync has begun once the leader marked it running.
        while !lock(&flush.state).flushing {
            tokio::task::yield_now().await;
        }
        let second = flush.committed();
        let follower = tokio::spawn({
            let flush = flush.clone();
            async move { flush.flushed(second).await }
        });
        go.send(Ok(())).unwrap();
        leader.await.unwrap().unwrap();
        assert_eq!(flush.fsyncs(), 1);
        assert!(
            !follower.is_finished(),
            "commit 2 was acknowledged by an fsync that began before it"
        );
        go.send(Ok(())).unwrap();
        follower.await.unwrap().unwrap();
        assert_eq!(flush.fsyncs(), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_fsync_fails_its_caller_and_the_next_one_retries() {
        let (_dir, database) = scratch("fail");
        let (sync, go) = gated();
        let flush = WalFlush::with_sync(&database, sync);
        let number = flush.committed();
        go.send(Err(io::Error::other("disk gone"))).unwrap();
        let error = flush.flushed(number).await.unwrap_err();
        assert_eq!(error.to_string(), "disk gone");
        go.send(Ok(())).unwrap();
        flush.flushed(number).await.unwrap();
        assert_eq!(flush.fsyncs(), 2);
    }

    #[tokio::test]
    async fn a_missing_wal_is_named() {
        let (_dir, database) = scratch("missing");
        let flush = WalFlush::new(&database.with_file_name("absent.db"));
        let number = flush.committed();
        let error = flush.flushed(number).await.unwrap_err();
        assert!(error.to_string().contains("absent.db-wal"), "{error}");
    }
}
