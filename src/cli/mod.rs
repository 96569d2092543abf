//! Operator commands of the binary besides serving: model checks and benchmarks.

pub mod bench_engine;
pub mod bench_models;
pub mod bench_store;
pub mod bench_todo;
pub mod bpmn_check;
pub mod latency;
pub mod lifecycle_run;
pub mod raw_commit;

use clap::Subcommand;

/// `workorder bpmn ...`: work with BPMN model files.
#[derive(Debug, Clone, Subcommand)]
pub enum BpmnCommand {
    /// Check that model files would deploy; one line per file or problem.
    Check(bpmn_check::BpmnCheckArgs),
}

/// `workorder bench ...`: measure throughput on this machine.
#[derive(Debug, Clone, Subcommand)]
pub enum BenchCommand {
    /// Process lifecycles per second through the engine; prints one JSON line.
    Engine(bench_engine::BenchEngineArgs),
    /// Latency of the todo list query at growing numbers of open tasks; one JSON line per
    /// size, then the p99 ratio of the largest to the smallest.
    Todo(bench_todo::BenchTodoArgs),
}
