//! Persistence of the BPMN engine in SQLite (default, WAL) and PostgreSQL, with sqlx.
//!
//! [`SqlStore`] deploys definitions and executes engine commands: each command is one
//! database transaction that loads the instance with its revision, runs the pure
//! [`woc_engine::run_command`], writes the new state, open tasks (with candidates), jobs and
//! history, and bumps the revision only if it is still the loaded one
//! (`UPDATE ... WHERE revision = $n`); otherwise [`StoreError::Conflict`] and nothing is
//! written. List queries (todo, finished, started, carbon copies) are indexed SQL over the
//! denormalised tables. [`JobExecutor`] takes due jobs with a lock owner and expiry
//! (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and retries failures with backoff until they
//! become incidents, which an administrator retries; it also starts instances for timer start
//! events. [`SqlStore::migrate_instances`] moves running instances to a newer version.

#![warn(missing_docs)]

mod commands;
pub mod db;
mod definitions;
mod effects;
mod error;
mod history;
mod incidents;
mod instances;
mod job_executor;
mod jobs;
mod messages;
mod migration;
mod queries;
mod row;
mod signals;
mod sql_store;
mod sqlite_writer;
mod statement;
mod tasks;
mod timer_start;
mod wal_flush;

pub use definitions::{DefinitionFilter, DefinitionRow};
pub use error::StoreError;
pub use incidents::{Incident, Retried};
pub use job_executor::{JobExecutor, JobTurn, ServiceFailure, ServiceFuture, ServiceJobs};
pub use jobs::JobRow;
pub use messages::MessageDelivery;
pub use migration::MigrationResult;
pub use queries::{
    CopyRow, FinishedRow, InstanceDetail, InstanceRow, InstanceSummary, StartedFilter, TaskRow,
};
pub use sql_store::SqlStore;
pub use sqlite_writer::{Durability, SqliteWriter, WriteTx};
pub use statement::{Arg, Statement};
pub use timer_start::StartTimerRow;
pub use woc_paging::{Page, Paging};
