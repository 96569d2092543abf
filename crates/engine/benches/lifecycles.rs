//! Lifecycles per second over `Engine<MemoryStore>`, the loop of `workorder bench engine
//! --store memory` without the server around it, so engine changes can be measured in seconds:
//!
//!     cargo bench -p woc-engine --bench lifecycles -- [n] [user-task|straight-through|parallel] [--threads N]
//!
//! `--threads N` (default 1) splits the n lifecycles over N OS threads sharing one engine, as
//! concurrent requests share the server's; the figure is n over the wall time of all of them.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use serde_json::{Map, Value};
use woc_engine::{
    Command, DefinitionRef, Engine, EngineConfig, EngineError, MemoryStore, ServiceTaskMode,
    SystemClock,
};

/// As the server binary (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The models of `src/cli/bench_models.rs`.
fn model(name: &str) -> String {
    let body = match name {
        "user-task" => r#"<startEvent id="start"/>
    <userTask id="approve" flowable:assignee="bench"/>
    <endEvent id="end"/>
    <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
    <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>"#
            .to_string(),
        "straight-through" => {
            let mut body = String::from(r#"<startEvent id="start"/>"#);
            let mut previous = "start".to_string();
            for i in 1..=5 {
                body.push_str(&format!(
                    r#"<serviceTask id="step{i}" flowable:expression="${{true}}"/><sequenceFlow id="f{i}" sourceRef="{previous}" targetRef="step{i}"/>"#
                ));
                previous = format!("step{i}");
            }
            body.push_str(&format!(
                r#"<endEvent id="end"/><sequenceFlow id="f6" sourceRef="{previous}" targetRef="end"/>"#
            ));
            body
        }
        "parallel" => {
            let mut body = String::from(
                r#"<startEvent id="start"/><parallelGateway id="fork"/><parallelGateway id="join"/><endEvent id="end"/><sequenceFlow id="in" sourceRef="start" targetRef="fork"/><sequenceFlow id="out" sourceRef="join" targetRef="end"/>"#,
            );
            for i in 1..=4 {
                body.push_str(&format!(
                    r#"<userTask id="review{i}" flowable:assignee="bench"/><sequenceFlow id="to{i}" sourceRef="fork" targetRef="review{i}"/><sequenceFlow id="from{i}" sourceRef="review{i}" targetRef="join"/>"#
                ));
            }
            body
        }
        other => panic!("unknown model {other}"),
    };
    format!(
        r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn" targetNamespace="bench"><process id="bench" isExecutable="true">{body}</process></definitions>"#
    )
}

/// Runs `n` lifecycles of the deployed `bench` process one after another; returns the
/// commits they made.
#[inline(never)] // its own symbol, for `valgrind --tool=callgrind --toggle-collect=lifecycles::lifecycles`
fn lifecycles(engine: &Engine<MemoryStore>, n: usize) -> usize {
    let mut approved = Map::new();
    approved.insert("approved".into(), Value::Bool(true));
    let mut commits = 0usize;
    for _ in 0..n {
        let start = Command::Start {
            definition: DefinitionRef::Key("bench".to_string()),
            business_key: None,
            variables: Map::new(),
            parent: None,
            start_event: None,
        };
        let started = engine.execute(start, Some("bench")).expect("starts");
        commits += 1;
        let mut status = started.status;
        let mut open: VecDeque<String> = started.new_tasks.into();
        while let Some(task_id) = open.pop_front() {
            let complete = Command::Complete {
                task_id,
                variables: approved.clone(),
                comment: None,
                next_assignees: Vec::new(),
                copy_to: Vec::new(),
            };
            match engine.execute(complete, Some("bench")) {
                Ok(outcome) => {
                    commits += 1;
                    status = outcome.status;
                    open.extend(outcome.new_tasks);
                }
                Err(EngineError::NotFound { what: "task", .. }) => {}
                Err(error) => panic!("{error}"),
            }
        }
        assert!(status.is_ended(), "lifecycle ended");
    }
    commits
}

fn main() {
    // `cargo bench` passes `--bench`; only the positional arguments and `--threads` are ours.
    let mut threads = 1usize;
    let mut args: Vec<String> = Vec::new();
    let mut given = std::env::args().skip(1);
    while let Some(arg) = given.next() {
        if let Some(value) = arg.strip_prefix("--threads=") {
            threads = value.parse().expect("--threads N");
        } else if arg == "--threads" {
            threads = given
                .next()
                .and_then(|v| v.parse().ok())
                .expect("--threads N");
        } else if !arg.starts_with("--") {
            args.push(arg);
        }
    }
    let threads = threads.max(1);
    let n: usize = args.first().map_or(200_000, |a| a.parse().expect("n"));
    let name = args.get(1).map_or("user-task", String::as_str);
    let config = EngineConfig {
        service_tasks: ServiceTaskMode::NoOp,
        ..EngineConfig::default()
    };
    let engine = Engine::with_config(MemoryStore::new(), Arc::new(SystemClock), config);
    engine.deploy(&model(name)).expect("deploys");
    let began = Instant::now();
    // Each thread runs its share; the first ones take the remainder. One thread is the
    // calling one, as before threads existed (the allocator's heap stays with one thread).
    let commits: usize = if threads == 1 {
        lifecycles(&engine, n)
    } else {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|i| {
                    let share = n / threads + usize::from(i < n % threads);
                    let engine = &engine;
                    scope.spawn(move || lifecycles(engine, share))
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().expect("a bench thread panicked"))
                .sum()
        })
    };
    let elapsed = began.elapsed().as_secs_f64();
    println!(
        "{{\"model\":\"{name}\",\"n\":{n},\"threads\":{threads},\"lifecycles_per_s\":{:.0},\"commits_per_lifecycle\":{:.2}}}",
        n as f64 / elapsed,
        commits as f64 / n as f64
    );
}
