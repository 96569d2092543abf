//! Property test: random operation sequences on several models. After every command the
//! instance has ended or waits, no execution, task, job or subscription leaks, a failed command
//! changed nothing, and replaying the history rebuilds exactly the stored state.

mod common;

use common::{vars, Harness};
use proptest::prelude::*;
use serde_json::json;
use woc_bpmn::NodeKind;
use woc_engine::{Command, ProcessInstance, Store};

/// (corpus file, process key, start variables)
const MODELS: &[(&str, &str, &str)] = &[
    ("ruoyi/two-step-approve.bpmn20.xml", "twoStepApprove", "{}"),
    ("ruoyi/leave.bpmn", "leave", r#"{"deptLeader": "boss"}"#),
    (
        "flowable/ParallelGatewayTest.testForkJoin.bpmn20.xml",
        "forkJoin",
        "{}",
    ),
    (
        "ruoyi/multi-instance-user-task.bpmn20.xml",
        "multiRatioPartial",
        r#"{"coll_userList": ["a", "b", "c"]}"#,
    ),
    (
        "ruoyi/multi-instance-user-task.bpmn20.xml",
        "multiReturn",
        r#"{"coll_userList": ["a", "b"]}"#,
    ),
    (
        "flowable/MultiInstanceTest.testSequentialSubProcessCompletionCondition.bpmn20.xml",
        "miSequentialSubprocessCompletionCondition",
        "{}",
    ),
    (
        "flowable/BoundaryTimerEventTest.testInterruptingTimerDuration.bpmn20.xml",
        "escalationExample",
        "{}",
    ),
    ("ruoyi/timeout-approve.bpmn20.xml", "timeoutApprove", "{}"),
    (
        "flowable/BoundaryErrorEventTest.testCatchErrorOnEmbeddedSubprocess.bpmn20.xml",
        "boundaryErrorOnEmbeddedSubprocess",
        "{}",
    ),
    (
        "flowable/InclusiveGatewayTest.testDecisionFunctionality.bpmn20.xml",
        "inclusiveGateway",
        r#"{"input": 1}"#,
    ),
    (
        "flowable/TerminateEndEventTest.testTerminateInSubProcess.bpmn",
        "terminateEndEventExample",
        "{}",
    ),
    (
        "flowable/MultiInstanceTest.sequentialUserTasks.bpmn20.xml",
        "miSequentialUserTasks",
        r#"{"nrOfLoops": 3}"#,
    ),
    (
        "camunda/invoice.v2.bpmn",
        "invoice",
        r#"{"approverGroups": ["sales"]}"#,
    ),
    (
        "flowable/MessageBoundaryEventTest.testSingleBoundaryMessageEvent.bpmn20.xml",
        "process",
        "{}",
    ),
    ("inline:events", "p", r#"{"input": 1, "approved": "true"}"#),
    ("inline:signals", "q", r#"{"urgent": false}"#),
];

/// Signal and conditional boundaries, a signal catch and an interrupting signal event
/// sub-process, for `Op::Signal` and `Op::SetUrgent`.
const SIGNALS: &str = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <signal id="s1" name="alert"/>
  <process id="q" isExecutable="true">
    <startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
    <boundaryEvent id="aSig" attachedToRef="a" cancelActivity="false"><signalEventDefinition signalRef="s1"/></boundaryEvent>
    <boundaryEvent id="bCond" attachedToRef="b"><conditionalEventDefinition><condition>${urgent}</condition></conditionalEventDefinition></boundaryEvent>
    <userTask id="noted"/><userTask id="rush"/><endEvent id="e"/><endEvent id="e2"/>
    <intermediateCatchEvent id="wait"><signalEventDefinition signalRef="s1"/></intermediateCatchEvent>
    <parallelGateway id="join"/>
    <sequenceFlow id="f0" sourceRef="s" targetRef="fork"/>
    <sequenceFlow id="f1" sourceRef="fork" targetRef="a"/><sequenceFlow id="f2" sourceRef="fork" targetRef="b"/>
    <sequenceFlow id="f3" sourceRef="a" targetRef="join"/><sequenceFlow id="f4" sourceRef="b" targetRef="wait"/>
    <sequenceFlow id="f5" sourceRef="wait" targetRef="join"/><sequenceFlow id="f6" sourceRef="join" targetRef="e"/>
    <sequenceFlow id="f7" sourceRef="aSig" targetRef="noted"/><sequenceFlow id="f8" sourceRef="noted" targetRef="e2"/>
    <sequenceFlow id="f9" sourceRef="bCond" targetRef="rush"/><sequenceFlow id="f10" sourceRef="rush" targetRef="join"/>
    <subProcess id="esp" triggeredByEvent="true">
      <startEvent id="es"><signalEventDefinition signalRef="stop"/></startEvent><userTask id="cleanup"/>
      <sequenceFlow id="c1" sourceRef="es" targetRef="cleanup"/>
    </subProcess>
  </process>
</definitions>"#;

/// An inline model mixing an inclusive join, an event-based gateway and a service job with an
/// error boundary, for paths the corpus files do not combine.
const EVENTS: &str = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:flowable="http://flowable.org/bpmn">
  <message id="m1" name="go"/>
  <process id="p" isExecutable="true">
    <startEvent id="s"/><inclusiveGateway id="fork" default="fc"/>
    <userTask id="a" flowable:async="true"/><userTask id="b" flowable:asyncAfter="true"/><serviceTask id="c" flowable:type="http"/>
    <boundaryEvent id="cErr" attachedToRef="c"><errorEventDefinition/></boundaryEvent><userTask id="fix"/>
    <inclusiveGateway id="join"/><eventBasedGateway id="gw"/>
    <intermediateCatchEvent id="tm"><timerEventDefinition><timeDuration>PT30M</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <intermediateCatchEvent id="msg"><messageEventDefinition messageRef="m1"/></intermediateCatchEvent>
    <userTask id="late"/><endEvent id="e"/>
    <sequenceFlow id="f0" sourceRef="s" targetRef="fork"/>
    <sequenceFlow id="fa" sourceRef="fork" targetRef="a"><conditionExpression>${input == 1}</conditionExpression></sequenceFlow>
    <sequenceFlow id="fb" sourceRef="fork" targetRef="b"><conditionExpression>${approved == 'true'}</conditionExpression></sequenceFlow>
    <sequenceFlow id="fc" sourceRef="fork" targetRef="c"/>
    <sequenceFlow id="ja" sourceRef="a" targetRef="join"/><sequenceFlow id="jb" sourceRef="b" targetRef="join"/>
    <sequenceFlow id="jc" sourceRef="c" targetRef="join"/><sequenceFlow id="jf" sourceRef="fix" targetRef="join"/>
    <sequenceFlow id="fe" sourceRef="cErr" targetRef="fix"/>
    <sequenceFlow id="j1" sourceRef="join" targetRef="gw"/>
    <sequenceFlow id="g1" sourceRef="gw" targetRef="tm"/><sequenceFlow id="g2" sourceRef="gw" targetRef="msg"/>
    <sequenceFlow id="t1" sourceRef="tm" targetRef="late"/><sequenceFlow id="t2" sourceRef="late" targetRef="e"/>
    <sequenceFlow id="m2" sourceRef="msg" targetRef="e"/>
  </process>
</definitions>"#;

const USERS: &[&str] = &["starter", "boss", "a", "b", "c"];

#[derive(Debug, Clone)]
enum Op {
    Complete(usize, usize, bool),
    Claim(usize, usize),
    Unclaim(usize, usize),
    Delegate(usize, usize, usize),
    Resolve(usize, usize),
    Transfer(usize, usize, usize),
    Return(usize, usize),
    Reject(usize),
    Cancel,
    Withdraw,
    Delete(usize),
    AddSigner(usize, usize),
    RemoveSigner(usize, usize),
    Jump(usize),
    Suspend,
    Activate,
    Advance(u8),
    Message(bool),
    Signal(bool),
    SetUrgent(bool),
    Assign(usize, usize),
    Job(usize, u8),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0..8usize;
    let u = 0..USERS.len();
    prop_oneof![
        6 => (i.clone(), u.clone(), any::<bool>()).prop_map(|(t, u, b)| Op::Complete(t, u, b)),
        2 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::Claim(t, u)),
        1 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::Unclaim(t, u)),
        1 => (i.clone(), u.clone(), u.clone()).prop_map(|(t, a, b)| Op::Delegate(t, a, b)),
        1 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::Resolve(t, u)),
        1 => (i.clone(), u.clone(), u.clone()).prop_map(|(t, a, b)| Op::Transfer(t, a, b)),
        2 => (i.clone(), i.clone()).prop_map(|(t, n)| Op::Return(t, n)),
        1 => (i.clone(), 0..4u8).prop_filter("rare", |(_, v)| *v == 0).prop_map(|(t, _)| Op::Reject(t)),
        1 => (0..4u8).prop_filter("rare", |v| *v == 0).prop_map(|_| Op::Cancel),
        1 => Just(Op::Withdraw),
        1 => i.clone().prop_map(Op::Delete),
        1 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::AddSigner(t, u)),
        1 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::RemoveSigner(t, u)),
        1 => i.clone().prop_map(Op::Jump),
        1 => Just(Op::Suspend),
        1 => Just(Op::Activate),
        2 => any::<u8>().prop_map(Op::Advance),
        1 => any::<bool>().prop_map(Op::Message),
        1 => any::<bool>().prop_map(Op::Signal),
        1 => any::<bool>().prop_map(Op::SetUrgent),
        1 => (i.clone(), u.clone()).prop_map(|(t, u)| Op::Assign(t, u)),
        2 => (i.clone(), 0..4u8).prop_map(|(j, how)| Op::Job(j, how)),
    ]
}

fn nth_task(state: &ProcessInstance, i: usize) -> String {
    let ids: Vec<&String> = state.tasks.keys().collect();
    if ids.is_empty() {
        return "no-such-task".into();
    }
    ids[i % ids.len()].clone()
}

fn user_task_nodes(h: &Harness, state: &ProcessInstance) -> Vec<String> {
    let definition = h
        .engine
        .store()
        .definition(&state.definition_id)
        .expect("definition");
    definition
        .process
        .nodes()
        .filter(|n| matches!(n.kind, NodeKind::UserTask(_)))
        .map(|n| n.id.clone())
        .collect()
}

fn nth_node(h: &Harness, state: &ProcessInstance, i: usize) -> String {
    let definition = h
        .engine
        .store()
        .definition(&state.definition_id)
        .expect("definition");
    let nodes: Vec<String> = definition.process.nodes().map(|n| n.id.clone()).collect();
    nodes[i % nodes.len()].clone()
}

fn command(h: &Harness, id: &str, state: &ProcessInstance, op: &Op) -> Option<(Command, String)> {
    let user = |u: usize| USERS[u].to_string();
    let decisions = json!({
        "deptLeaderApproved": true, "hrApproved": true, "input": 1, "approved": "true", "clarified": true
    });
    Some(match op {
        Op::Complete(t, u, flag) => {
            let mut variables = vars(decisions);
            variables.insert("deptLeaderApproved".into(), json!(flag));
            variables.insert("hrApproved".into(), json!(!flag));
            (
                Command::Complete {
                    task_id: nth_task(state, *t),
                    variables,
                    comment: Some("ok".into()),
                    next_assignees: vec![],
                    copy_to: vec![],
                },
                user(*u),
            )
        }
        Op::Claim(t, u) => (
            Command::Claim {
                task_id: nth_task(state, *t),
            },
            user(*u),
        ),
        Op::Unclaim(t, u) => (
            Command::Unclaim {
                task_id: nth_task(state, *t),
            },
            user(*u),
        ),
        Op::Delegate(t, a, b) => (
            Command::Delegate {
                task_id: nth_task(state, *t),
                to: user(*b),
                comment: None,
            },
            user(*a),
        ),
        Op::Resolve(t, u) => (
            Command::Resolve {
                task_id: nth_task(state, *t),
                variables: Default::default(),
                comment: None,
            },
            user(*u),
        ),
        Op::Transfer(t, a, b) => (
            Command::Transfer {
                task_id: nth_task(state, *t),
                to: user(*b),
                comment: None,
            },
            user(*a),
        ),
        Op::Return(t, n) => {
            // Any user task: visited or not, on the path or not; the engine must refuse the bad ones.
            let nodes = user_task_nodes(h, state);
            let target = nodes[n % nodes.len()].clone();
            (
                Command::Return {
                    task_id: nth_task(state, *t),
                    target_node: target,
                    comment: None,
                },
                "boss".into(),
            )
        }
        Op::Reject(t) => (
            Command::Reject {
                task_id: nth_task(state, *t),
                comment: None,
            },
            "boss".into(),
        ),
        Op::Cancel => (
            Command::Cancel {
                instance_id: id.into(),
                comment: None,
            },
            "starter".into(),
        ),
        Op::Withdraw => (
            Command::Withdraw {
                instance_id: id.into(),
                comment: None,
            },
            "starter".into(),
        ),
        Op::Delete(t) => (
            Command::DeleteTask {
                task_id: nth_task(state, *t),
                reason: None,
            },
            "admin".into(),
        ),
        Op::AddSigner(t, u) => (
            Command::AddSigners {
                task_id: nth_task(state, *t),
                users: vec![user(*u)],
            },
            "admin".into(),
        ),
        Op::RemoveSigner(t, u) => (
            Command::RemoveSigner {
                task_id: nth_task(state, *t),
                user: user(*u),
            },
            "admin".into(),
        ),
        Op::Jump(n) => (
            Command::Jump {
                instance_id: id.into(),
                target_node: nth_node(h, state, *n),
                from_task: None,
                comment: None,
            },
            "admin".into(),
        ),
        Op::Suspend => (
            Command::Suspend {
                instance_id: id.into(),
            },
            "admin".into(),
        ),
        Op::Activate => (
            Command::Activate {
                instance_id: id.into(),
            },
            "admin".into(),
        ),
        Op::Assign(t, u) => (
            Command::Assign {
                task_id: nth_task(state, *t),
                assignee: None,
                candidate_users: vec![user(*u)],
            },
            "admin".into(),
        ),
        Op::Message(known) => (
            Command::Message {
                instance_id: id.into(),
                name: if *known { "go" } else { "messageName" }.into(),
                variables: Default::default(),
            },
            "system".into(),
        ),
        Op::Signal(alert) => (
            Command::Signal {
                instance_id: id.into(),
                name: if *alert { "alert" } else { "stop" }.into(),
                variables: Default::default(),
            },
            "system".into(),
        ),
        Op::SetUrgent(urgent) => (
            Command::SetVariables {
                instance_id: id.into(),
                variables: vars(json!({ "urgent": urgent })),
            },
            "admin".into(),
        ),
        Op::Job(j, how) => {
            let jobs: Vec<&String> = state.jobs.keys().collect();
            let job_id = if jobs.is_empty() {
                "no-such-job".to_string()
            } else {
                jobs[j % jobs.len()].clone()
            };
            let command = match how {
                0 => Command::CompleteJob {
                    job_id,
                    variables: vars(json!({"approverGroups": ["sales"]})),
                },
                3 => Command::RunJob { job_id },
                1 => Command::FailJob {
                    job_id,
                    message: "down".into(),
                    bpmn_error: None,
                },
                _ => Command::FailJob {
                    job_id,
                    message: "bad".into(),
                    bpmn_error: Some("E".into()),
                },
            };
            (command, "system".into())
        }
        Op::Advance(_) => return None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_operations_keep_instances_consistent(
        model in 0..MODELS.len(),
        ops in proptest::collection::vec(op(), 1..25),
    ) {
        let (file, key, start) = MODELS[model];
        let h = match file.strip_prefix("inline:") {
            Some("signals") => Harness::with_xml(SIGNALS),
            Some(_) => Harness::with_xml(EVENTS),
            None => Harness::with_corpus(file),
        };
        let start: serde_json::Value = serde_json::from_str(start).expect("json");
        let mut id = h.start(key, start.clone());
        h.check_invariants(&id);
        let mut started = 1;
        for op in &ops {
            // Keep exercising the model: an ended instance is checked, then replaced.
            if h.instance(&id).status.is_ended() && started < 4 {
                id = h.start(key, start.clone());
                started += 1;
                h.check_invariants(&id);
            }
            let before = h.instance(&id);
            let result = match command(&h, &id, &before, op) {
                Some((command, actor)) => h.run(command, &actor).map(|_| ()),
                None => {
                    if let Op::Advance(minutes) = op {
                        h.clock.advance(i64::from(*minutes) * 60_000);
                    }
                    let fired = h.engine.fire_due_timers(10).expect("due jobs");
                    for outcome in &fired {
                        if let Err(woc_engine::EngineError::Lifecycle(violation)) = outcome {
                            prop_assert!(false, "a timer broke the activity lifecycle: {}", violation);
                        }
                    }
                    Ok(())
                }
            };
            if let Err(woc_engine::EngineError::Lifecycle(violation)) = &result {
                prop_assert!(false, "{:?} broke the activity lifecycle: {}", op, violation);
            }
            if result.is_err() {
                prop_assert_eq!(&h.instance(&id), &before, "failed {:?} changed the instance", op);
            }
            h.check_invariants(&id);
        }
    }
}
