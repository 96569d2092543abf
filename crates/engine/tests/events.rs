//! Events, gateways and call activities: inclusive join, event-based gateway, error boundary,
//! receive task, message boundary, intermediate timer, call activity.

mod common;

use common::{vars, Harness};
use serde_json::json;
use woc_engine::{Command, DefinitionRef, Effect, InstanceStatus, Store};

const NS: &str = r#"xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn""#;

fn model(body: &str) -> String {
    format!(
        r#"<definitions {NS}><message id="m1" name="go"/><process id="p" isExecutable="true">{body}</process></definitions>"#
    )
}

fn flow(id: &str, from: &str, to: &str) -> String {
    format!(r#"<sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"/>"#)
}

fn cond(id: &str, from: &str, to: &str, c: &str) -> String {
    format!(
        r#"<sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><conditionExpression>{c}</conditionExpression></sequenceFlow>"#
    )
}

#[test]
fn inclusive_fork_takes_every_true_flow() {
    let h =
        Harness::with_corpus("flowable/InclusiveGatewayTest.testDecisionFunctionality.bpmn20.xml");
    for (input, expected) in [
        (1, vec!["theTask1", "theTask2", "theTask3"]),
        (2, vec!["theTask2", "theTask3"]),
        (3, vec!["theTask3"]),
    ] {
        let id = h.start("inclusiveGateway", json!({ "input": input }));
        assert_eq!(h.open_nodes(&id), expected, "input {input}");
        h.check_invariants(&id);
    }
    let err = h
        .try_start("inclusiveGateway", json!({"input": 4}), "u")
        .expect_err("no flow");
    assert!(err.to_string().contains("inclusiveGw"), "{err}");
}

fn inclusive_join_model() -> String {
    model(&[
        r#"<startEvent id="s"/><inclusiveGateway id="fork" default="fd"/><userTask id="a"/><userTask id="b"/><userTask id="c"/>
           <inclusiveGateway id="join"/><userTask id="after"/><endEvent id="e"/>"#.to_string(),
        flow("f0", "s", "fork"),
        cond("fa", "fork", "a", "${x > 0}"),
        cond("fb", "fork", "b", "${x > 1}"),
        flow("fd", "fork", "c"),
        flow("ja", "a", "join"),
        flow("jb", "b", "join"),
        flow("jc", "c", "join"),
        flow("j1", "join", "after"),
        flow("j2", "after", "e"),
    ]
    .concat())
}

#[test]
fn inclusive_join_waits_only_for_tokens_that_can_arrive() {
    let h = Harness::with_xml(&inclusive_join_model());
    let id = h.start("p", json!({"x": 2}));
    assert_eq!(h.open_nodes(&id), vec!["a", "b"]);
    h.complete_at(&id, "a", json!({}));
    assert_eq!(h.open_nodes(&id), vec!["b"], "join waits for b");
    h.complete_at(&id, "b", json!({}));
    assert_eq!(h.open_nodes(&id), vec!["after"]);
    h.check_invariants(&id);

    let single = h.start("p", json!({"x": 1}));
    assert_eq!(h.open_nodes(&single), vec!["a"]);
    h.complete_at(&single, "a", json!({}));
    assert_eq!(
        h.open_nodes(&single),
        vec!["after"],
        "nothing else can arrive"
    );

    let default = h.start("p", json!({"x": 0}));
    assert_eq!(h.open_nodes(&default), vec!["c"]);
    h.check_invariants(&default);
}

fn event_gateway_model() -> String {
    model(&[
        r#"<startEvent id="s"/><eventBasedGateway id="gw"/>
           <intermediateCatchEvent id="timer"><timerEventDefinition><timeDuration>PT10M</timeDuration></timerEventDefinition></intermediateCatchEvent>
           <intermediateCatchEvent id="msg"><messageEventDefinition messageRef="m1"/></intermediateCatchEvent>
           <userTask id="afterTimer"/><userTask id="afterMessage"/><endEvent id="e"/>"#.to_string(),
        flow("f0", "s", "gw"),
        flow("f1", "gw", "timer"),
        flow("f2", "gw", "msg"),
        flow("f3", "timer", "afterTimer"),
        flow("f4", "msg", "afterMessage"),
        flow("f5", "afterTimer", "e"),
        flow("f6", "afterMessage", "e"),
    ]
    .concat())
}

#[test]
fn event_gateway_message_wins_and_cancels_the_timer() {
    let h = Harness::with_xml(&event_gateway_model());
    let id = h.start("p", json!({}));
    let state = h.instance(&id);
    assert_eq!(state.jobs.len(), 1);
    assert_eq!(state.subscriptions.len(), 1);
    h.run(
        Command::Message {
            instance_id: id.clone(),
            name: "go".into(),
            variables: vars(json!({"payload": 7})),
        },
        "system",
    )
    .expect("message");
    let state = h.instance(&id);
    assert_eq!(h.open_nodes(&id), vec!["afterMessage"]);
    assert!(state.jobs.is_empty() && state.subscriptions.is_empty());
    assert_eq!(state.variables["payload"], json!(7));
    h.check_invariants(&id);
}

#[test]
fn event_gateway_timer_wins_and_cancels_the_message() {
    let h = Harness::with_xml(&event_gateway_model());
    let id = h.start("p", json!({}));
    h.clock.advance(10 * 60_000);
    let fired = h.engine.fire_due_timers(5).expect("query");
    assert!(fired.iter().all(|r| r.is_ok()));
    assert_eq!(h.open_nodes(&id), vec!["afterTimer"]);
    assert!(h.instance(&id).subscriptions.is_empty());
    let err = h
        .run(
            Command::Message {
                instance_id: id.clone(),
                name: "go".into(),
                variables: Default::default(),
            },
            "system",
        )
        .expect_err("nobody waits");
    assert!(err.to_string().contains("not found"), "{err}");
    h.check_invariants(&id);
}

#[test]
fn error_end_event_is_caught_by_the_sub_process_boundary() {
    let h = Harness::with_corpus(
        "flowable/BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml",
    );
    let id = h.start("boundaryErrorOnEmbeddedSubprocess", json!({}));
    h.complete_at(&id, "subprocessTask", json!({}));
    assert_eq!(h.open_nodes(&id), vec!["taskAfterErrorCatch"]);
    h.check_invariants(&id);
}

#[test]
fn uncaught_error_fails_the_command_atomically() {
    let xml = model(&[
        r#"<error id="err" errorCode="E1"/><startEvent id="s"/><userTask id="t"/><endEvent id="e"><errorEventDefinition errorRef="err"/></endEvent>"#.to_string(),
        flow("f0", "s", "t"),
        flow("f1", "t", "e"),
    ]
    .concat());
    let h = Harness::with_xml(&xml);
    let id = h.start("p", json!({}));
    let before = h.instance(&id);
    let task = h.task_at(&id, "t");
    let err = h
        .try_complete(&task.id, json!({}), "u")
        .expect_err("uncaught");
    assert!(err.to_string().contains("not caught"), "{err}");
    assert_eq!(h.instance(&id), before, "a failed command changes nothing");
}

#[test]
fn service_job_bpmn_error_reaches_its_boundary() {
    let xml = model(
        &[
            r#"<startEvent id="s"/><serviceTask id="call" flowable:type="http"/>
           <boundaryEvent id="onError" attachedToRef="call"><errorEventDefinition/></boundaryEvent>
           <userTask id="fix"/><endEvent id="e"/>"#
                .to_string(),
            flow("f0", "s", "call"),
            flow("f1", "call", "e"),
            flow("f2", "onError", "fix"),
        ]
        .concat(),
    );
    let h = Harness::with_xml(&xml);
    let id = h.start("p", json!({}));
    let job = h
        .instance(&id)
        .jobs
        .values()
        .next()
        .cloned()
        .expect("http job");
    // Ordinary failures count down retries; at zero the job is an incident.
    for left in [2, 1, 0] {
        h.run(
            Command::FailJob {
                job_id: job.id.clone(),
                message: "timeout".into(),
                bpmn_error: None,
            },
            "system",
        )
        .expect("failure recorded");
        assert_eq!(h.instance(&id).jobs[&job.id].retries, left);
    }
    assert_eq!(h.engine.store().incidents().expect("query").len(), 1);
    h.run(
        Command::FailJob {
            job_id: job.id.clone(),
            message: "bad request".into(),
            bpmn_error: Some("HTTP_400".into()),
        },
        "system",
    )
    .expect("error thrown");
    assert_eq!(h.open_nodes(&id), vec!["fix"]);
    h.check_invariants(&id);
}

#[test]
fn receive_task_waits_for_a_trigger() {
    let h = Harness::with_corpus("flowable/ReceiveTaskTest.testWaitStateBehavior.bpmn20.xml");
    let id = h.start("receiveTask", json!({}));
    assert_eq!(h.instance(&id).status, InstanceStatus::Running);
    h.run(
        Command::Trigger {
            instance_id: id.clone(),
            node: "waitState".into(),
            variables: Default::default(),
        },
        "system",
    )
    .expect("trigger");
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn message_boundary_interrupts_the_task() {
    let h = Harness::with_corpus(
        "flowable/MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml",
    );
    let id = h.start("process", json!({}));
    h.run(
        Command::Message {
            instance_id: id.clone(),
            name: "messageName".into(),
            variables: Default::default(),
        },
        "system",
    )
    .expect("message");
    assert_eq!(h.open_nodes(&id), vec!["taskAfterMessage"]);
    h.check_invariants(&id);
}

#[test]
fn intermediate_timer_waits_for_its_duration() {
    let h = Harness::with_corpus(
        "flowable/IntermediateTimerEventTest.testCatchingTimerEvent.bpmn20.xml",
    );
    let id = h.start("intermediateTimerEventExample", json!({}));
    h.clock.advance(4 * 60_000);
    assert!(h.engine.fire_due_timers(5).expect("query").is_empty());
    h.clock.advance(60_000);
    assert_eq!(h.engine.fire_due_timers(5).expect("query").len(), 1);
    assert_eq!(h.instance(&id).status, InstanceStatus::Completed);
    h.check_invariants(&id);
}

#[test]
fn call_activity_starts_a_child_and_resumes_when_it_completes() {
    let h = Harness::with_corpus("ruoyi/call-activity.bpmn20.xml");
    h.engine
        .deploy(&common::corpus("ruoyi/two-step-approve.bpmn20.xml"))
        .expect("child deploys");
    let parent = h
        .try_start("callActivityParent", json!({"amount": 5}), "alice")
        .expect("start");
    let Some(Effect::StartChild {
        parent: link,
        called_element,
        ..
    }) = parent.effects.first().cloned()
    else {
        panic!("expected a StartChild effect: {:?}", parent.effects);
    };
    assert_eq!(called_element, "twoStepApprove");
    assert_eq!(link.depth, 1);
    let child = h
        .run(
            Command::Start {
                definition: DefinitionRef::Key(called_element),
                business_key: None,
                variables: Default::default(),
                parent: Some(link.clone()),
                start_event: None,
            },
            "alice",
        )
        .expect("child starts");
    let child_id = child.instance_id;
    // The parent's non-interrupting timer fires while the child runs; the call goes on.
    h.clock.advance(3_600_000);
    assert_eq!(h.engine.fire_due_timers(5).expect("query").len(), 1);
    h.complete_at(&child_id, "task1", json!({}));
    let done = h.complete_at(&child_id, "task2", json!({"result": "ok"}));
    let Some(Effect::NotifyParent {
        parent,
        status,
        variables,
    }) = done.effects.first().cloned()
    else {
        panic!("expected NotifyParent: {:?}", done.effects);
    };
    assert_eq!(status, InstanceStatus::Completed);
    h.run(
        Command::ChildCompleted {
            instance_id: parent.instance_id.clone(),
            execution: parent.execution,
            variables,
        },
        "system",
    )
    .expect("parent resumes");
    assert_eq!(
        h.instance(&parent.instance_id).status,
        InstanceStatus::Completed
    );
    h.check_invariants(&parent.instance_id);
    h.check_invariants(&child_id);
}

#[test]
fn cancelling_a_caller_asks_the_host_to_cancel_its_child() {
    let h = Harness::with_corpus("ruoyi/call-activity.bpmn20.xml");
    let parent = h.start("callActivityParent", json!({}));
    let cancelled = h
        .run(
            Command::Cancel {
                instance_id: parent.clone(),
                comment: None,
            },
            "admin",
        )
        .expect("cancel");
    assert!(matches!(
        cancelled.effects.as_slice(),
        [Effect::CancelChild { parent: link }] if link.instance_id == parent
    ));
}

#[test]
fn call_depth_is_bounded() {
    let h = Harness::with_corpus("ruoyi/two-step-approve.bpmn20.xml");
    let err = h
        .run(
            Command::Start {
                definition: DefinitionRef::Key("twoStepApprove".into()),
                business_key: None,
                variables: Default::default(),
                parent: Some(woc_engine::ParentLink {
                    instance_id: "x".into(),
                    execution: 1,
                    depth: 99,
                }),
                start_event: None,
            },
            "u",
        )
        .expect_err("too deep");
    assert!(err.to_string().contains("nesting"), "{err}");
}

#[test]
fn a_loop_without_wait_states_hits_the_step_limit() {
    let xml = model(&[
        r#"<startEvent id="s"/><exclusiveGateway id="gw"/><scriptTask id="spin"/><endEvent id="e"/>"#.to_string(),
        flow("f0", "s", "gw"),
        cond("f1", "gw", "spin", "${true}"),
        cond("f2", "gw", "e", "${false}"),
        flow("f3", "spin", "gw"),
    ]
    .concat());
    let h = Harness::with_xml(&xml);
    let err = h.try_start("p", json!({}), "u").expect_err("loops");
    assert!(
        matches!(err, woc_engine::EngineError::LoopLimit { .. }),
        "{err}"
    );
}

#[test]
fn timer_start_event_schedules_and_starts() {
    let xml = model(&[
        r#"<startEvent id="nightly"><timerEventDefinition><timeCycle>R2/PT24H</timeCycle></timerEventDefinition></startEvent>
           <startEvent id="manual"/><userTask id="fromTimer"/><userTask id="fromHand"/>"#.to_string(),
        flow("f0", "nightly", "fromTimer"),
        flow("f1", "manual", "fromHand"),
    ]
    .concat());
    let h = Harness::with_xml(&xml);
    let definition = h.engine.store().latest_definition("p").expect("deployed");
    let timers = definition.start_timers(common::T0).expect("timers");
    assert_eq!(timers.len(), 1);
    assert_eq!(timers[0].due, common::T0.plus_millis(86_400_000));
    let second = timers[0].next().expect("second firing");
    assert!(second.next().is_none(), "R2 fires twice");
    let started = h
        .run(
            Command::Start {
                definition: DefinitionRef::Key("p".into()),
                business_key: None,
                variables: Default::default(),
                parent: None,
                start_event: Some(timers[0].node.clone()),
            },
            "scheduler",
        )
        .expect("timer start");
    assert_eq!(h.open_nodes(&started.instance_id), vec!["fromTimer"]);
    let manual = h.start("p", json!({}));
    assert_eq!(h.open_nodes(&manual), vec!["fromHand"]);
}

#[test]
fn async_continuation_runs_from_the_job_executor_with_retries() {
    let xml = model(&[
        r#"<startEvent id="s"/><serviceTask id="calc" flowable:async="true" flowable:expression="${base * 2}" flowable:resultVariable="doubled"/>
           <userTask id="after"/>"#.to_string(),
        flow("f0", "s", "calc"),
        flow("f1", "calc", "after"),
    ]
    .concat());
    let h = Harness::with_xml(&xml);
    let ok = h.start("p", json!({"base": 4}));
    assert!(h.open_nodes(&ok).is_empty(), "waits for the job executor");
    h.engine.run_due_jobs(10).expect("runs");
    assert_eq!(h.instance(&ok).variables["doubled"], json!(8));
    assert_eq!(h.open_nodes(&ok), vec!["after"]);
    h.check_invariants(&ok);

    // `base` is missing: each run fails, counts down the retries, then it is an incident.
    let broken = h.start("p", json!({}));
    for _ in 0..3 {
        h.clock.advance(3_600_000);
        h.engine.run_due_jobs(10).expect("runs");
    }
    let job = h
        .instance(&broken)
        .jobs
        .values()
        .next()
        .cloned()
        .expect("job kept");
    assert_eq!(job.retries, 0);
    assert!(job
        .last_error
        .as_deref()
        .is_some_and(|e| e.contains("base")));
    assert_eq!(h.engine.store().incidents().expect("query").len(), 1);
    h.check_invariants(&broken);
}

#[test]
fn async_after_leaves_from_the_job_executor() {
    let xml = model(&[
        r#"<startEvent id="s"/><userTask id="t" flowable:asyncAfter="true"/><userTask id="after"/>"#.to_string(),
        flow("f0", "s", "t"),
        flow("f1", "t", "after"),
    ]
    .concat());
    let h = Harness::with_xml(&xml);
    let id = h.start("p", json!({}));
    h.complete_at(&id, "t", json!({}));
    assert!(h.open_nodes(&id).is_empty(), "waits for the job executor");
    assert_eq!(h.instance(&id).active_nodes(), vec!["t"]);
    h.engine.run_due_jobs(10).expect("runs");
    assert_eq!(h.open_nodes(&id), vec!["after"]);
    h.check_invariants(&id);
}

#[test]
fn messages_correlate_by_business_key() {
    let h = Harness::with_xml(&event_gateway_model());
    let start = |key: &str| {
        h.run(
            Command::Start {
                definition: DefinitionRef::Key("p".into()),
                business_key: Some(key.into()),
                variables: Default::default(),
                parent: None,
                start_event: None,
            },
            "u",
        )
        .expect("start")
        .instance_id
    };
    let first = start("A-1");
    let second = start("B-2");
    let delivered = h
        .engine
        .correlate_message("go", Some("B-2"), Default::default(), None)
        .expect("correlated");
    assert_eq!(delivered.instance_id, second);
    assert_eq!(h.open_nodes(&second), vec!["afterMessage"]);
    assert!(h.open_nodes(&first).is_empty());
    let any = h
        .engine
        .correlate_message("go", None, Default::default(), None)
        .expect("oldest");
    assert_eq!(any.instance_id, first);
    assert!(h
        .engine
        .correlate_message("go", None, Default::default(), None)
        .is_err());
}
