//! Event sub-processes (`<subProcess triggeredByEvent="true">`), at process level and inside
//! sub-processes. While their scope runs, their start events are armed on the scope's execution
//! (timer jobs; message, signal and conditional subscriptions; error starts are found when an
//! error is thrown, see `error_event`). When one fires, an interrupting start cancels the
//! scope's tokens and disarms the scope's other event sub-processes; a non-interrupting one
//! stays armed and runs beside them. Either way the event sub-process runs as a child of the
//! scope, which completes once it has no token left.

use woc_bpmn::{EventDefinition, NodeKind};

use super::subscription;
use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Job};
use crate::run::Run;
use crate::timer;

/// Arms the start events of the event sub-processes directly inside `owner` (`None`: the
/// process) on the scope's execution.
pub(crate) fn arm(
    run: &mut Run<'_>,
    scope: ExecutionId,
    owner: Option<&str>,
) -> Result<(), EngineError> {
    let process = &run.def.process;
    let starts: Vec<(String, EventDefinition)> = process
        .event_sub_processes(owner)
        .flat_map(|esp| process.start_events(Some(&esp.id)))
        .filter_map(|(node, start)| Some((node.id.clone(), start.trigger.clone()?)))
        .collect();
    for (node, definition) in starts {
        subscription::arm(run, scope, &node, &definition)?;
    }
    Ok(())
}

/// The start event of an event sub-process directly inside `owner` that catches error `code`
/// (one without a code catches every error, as error boundary events do).
pub(crate) fn error_catcher(run: &Run<'_>, owner: Option<&str>, code: &str) -> Option<String> {
    let process = &run.def.process;
    process
        .event_sub_processes(owner)
        .flat_map(|esp| process.start_events(Some(&esp.id)))
        .find_map(|(node, start)| match &start.trigger {
            Some(EventDefinition::Error {
                error_code,
                error_ref,
            }) => {
                let expected = error_code.as_deref().or(error_ref.as_deref());
                expected.is_none_or(|e| e == code).then(|| node.id.clone())
            }
            _ => None,
        })
}

/// The event of start event `start` happened in the scope `scope`: start its event
/// sub-process, interrupting the scope first when the start event is interrupting.
pub(crate) fn fire(
    run: &mut Run<'_>,
    scope: ExecutionId,
    start: &str,
    fired_job: Option<&Job>,
) -> Result<(), EngineError> {
    let node = run.node(start)?;
    let NodeKind::StartEvent(data) = &node.kind else {
        return Err(EngineError::model(start, "not a start event"));
    };
    let esp = node
        .parent
        .clone()
        .filter(|p| {
            run.def
                .process
                .node(p)
                .is_some_and(|n| n.kind.is_event_sub_process())
        })
        .ok_or_else(|| EngineError::model(start, "not the start event of an event sub-process"))?;
    if data.interrupting {
        let reason = format!("interrupted by event sub-process '{esp}'");
        let tokens: Vec<ExecutionId> = run.state.children(scope).map(|c| c.id).collect();
        for token in tokens {
            run.cancel_subtree(token, &reason);
        }
        let owner = run.node(&esp)?.parent.clone();
        disarm(run, scope, owner.as_deref());
    } else if let Some(job) = fired_job {
        timer::reschedule(run, job);
    } else if let Some((kind, name)) = data
        .trigger
        .as_ref()
        .and_then(|d| subscription::of(d, start))
    {
        subscription::subscribe(run, scope, start, &name, kind, true);
    }
    let token = run.create_execution(scope, None, false);
    run.agenda.push_back(Operation::Enter {
        execution: token,
        node: run.def.node_id(&esp),
        via: None,
    });
    Ok(())
}

/// Drops the scope's armed event sub-process starts, keeping its other triggers (a
/// sub-process scope also holds its own boundary events, which stay armed).
fn disarm(run: &mut Run<'_>, scope: ExecutionId, owner: Option<&str>) {
    let process = &run.def.process;
    let starts: Vec<&str> = process
        .event_sub_processes(owner)
        .flat_map(|esp| process.start_events(Some(&esp.id)))
        .map(|(node, _)| node.id.as_str())
        .collect();
    let jobs: Vec<String> = run
        .state
        .jobs
        .values()
        .filter(|j| j.execution == scope && starts.contains(&j.node.as_str()))
        .map(|j| j.id.clone())
        .collect();
    for job_id in jobs {
        run.emit(EventKind::JobRemoved { job_id });
    }
    let subscriptions: Vec<u64> = run
        .state
        .subscriptions
        .iter()
        .filter(|s| s.execution == scope && starts.contains(&s.node.as_str()))
        .map(|s| s.id)
        .collect();
    for id in subscriptions {
        run.emit(EventKind::SubscriptionRemoved { id });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::command::Command;
    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    /// A process with user task `work`, and an event sub-process `esp` started by `start`
    /// (inner XML of its start event) and `interrupting`, running user task `handle`.
    fn with_esp(start: &str, interrupting: bool) -> String {
        [
            r#"<startEvent id="s"/><userTask id="work"/><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "work"),
            seq("f1", "work", "e"),
            format!(
                r#"<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="{interrupting}">{start}</startEvent><userTask id="handle"/><endEvent id="ee"/>"#
            ),
            seq("g0", "es", "handle"),
            seq("g1", "handle", "ee"),
            "</subProcess>".to_string(),
        ]
        .concat()
    }

    fn message(s: &mut Scenario, name: &str) {
        s.run(
            Command::Message {
                instance_id: "pi".into(),
                name: name.into(),
                variables: Default::default(),
            },
            "system",
        )
        .expect("message delivered");
    }

    #[test]
    fn interrupting_message_start_cancels_the_process_then_completes_it() {
        let mut s = Scenario::start(
            &with_esp(r#"<messageEventDefinition messageRef="m1"/>"#, true),
            json!({}),
        );
        assert_eq!(s.open(), vec!["work"]);
        message(&mut s, "go");
        assert_eq!(s.open(), vec!["handle"]);
        assert!(
            s.state.subscriptions.is_empty(),
            "disarmed once interrupted"
        );
        s.complete("handle", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }

    #[test]
    fn non_interrupting_timer_cycle_runs_beside_the_process() {
        let mut s = Scenario::start(
            &with_esp(
                r#"<timerEventDefinition><timeCycle>R2/PT1M</timeCycle></timerEventDefinition>"#,
                false,
            ),
            json!({}),
        );
        s.advance(60_000);
        assert_eq!(s.open(), vec!["handle", "work"]);
        s.advance(60_000);
        assert_eq!(s.open(), vec!["handle", "handle", "work"]);
        s.complete("work", json!({}));
        assert_eq!(
            s.status(),
            InstanceStatus::Running,
            "the event sub-processes run on"
        );
        s.complete("handle", json!({}));
        s.complete("handle", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }

    #[test]
    fn signal_start_interrupts() {
        let mut s = Scenario::start(
            &with_esp(r#"<signalEventDefinition signalRef="abort"/>"#, true),
            json!({}),
        );
        s.run(
            Command::Signal {
                instance_id: "pi".into(),
                name: "abort".into(),
                variables: Default::default(),
            },
            "system",
        )
        .expect("signal delivered");
        assert_eq!(s.open(), vec!["handle"]);
    }

    #[test]
    fn conditional_start_fires_on_a_variable_change() {
        let mut s = Scenario::start(
            &with_esp(
                r#"<conditionalEventDefinition><condition>${cancelled == true}</condition></conditionalEventDefinition>"#,
                true,
            ),
            json!({"cancelled": false}),
        );
        assert_eq!(s.open(), vec!["work"]);
        s.run(
            Command::SetVariables {
                instance_id: "pi".into(),
                variables: serde_json::Map::from_iter([("cancelled".to_string(), json!(true))]),
            },
            "admin",
        )
        .expect("set");
        assert_eq!(s.open(), vec!["handle"]);
    }

    #[test]
    fn error_start_in_a_sub_process_catches_before_the_boundary() {
        let body = [
            r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/><endEvent id="boom"><errorEventDefinition errorRef="e1"/></endEvent>"#.to_string(),
            seq("s0", "ss", "work"),
            seq("s1", "work", "boom"),
            r#"<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"><errorEventDefinition errorRef="e1"/></startEvent><userTask id="handle"/><endEvent id="ee"/>"#.to_string(),
            seq("g0", "es", "handle"),
            seq("g1", "handle", "ee"),
            r#"</subProcess></subProcess>
               <boundaryEvent id="outer" attachedToRef="sub"><errorEventDefinition errorRef="e1"/></boundaryEvent>
               <userTask id="after"/><userTask id="wrong"/>"#.to_string(),
            seq("f0", "s", "sub"),
            seq("f1", "sub", "after"),
            seq("f2", "outer", "wrong"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.complete("work", json!({}));
        assert_eq!(s.open(), vec!["handle"]);
        s.complete("handle", json!({}));
        assert_eq!(
            s.open(),
            vec!["after"],
            "the sub-process completes normally"
        );
    }

    #[test]
    fn process_level_error_start_catches_a_failed_service_job() {
        let body = [
            r#"<startEvent id="s"/><serviceTask id="call" flowable:class="com.acme.Call"/><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "call"),
            seq("f1", "call", "e"),
            r#"<subProcess id="esp" triggeredByEvent="true"><startEvent id="es"><errorEventDefinition/></startEvent><userTask id="handle"/>"#.to_string(),
            seq("g0", "es", "handle"),
            "</subProcess>".to_string(),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        let job_id = s.state.jobs.keys().next().cloned().expect("service job");
        s.run(
            Command::FailJob {
                job_id,
                message: "refused".into(),
                bpmn_error: Some("ANY".into()),
            },
            "system",
        )
        .expect("caught");
        assert_eq!(s.open(), vec!["handle"]);
        assert!(s.state.jobs.is_empty());
    }

    #[test]
    fn an_event_sub_process_in_a_sub_process_is_armed_only_while_it_runs() {
        let body = [
            r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><userTask id="work"/><endEvent id="se"/>"#.to_string(),
            seq("s0", "ss", "work"),
            seq("s1", "work", "se"),
            r#"<subProcess id="esp" triggeredByEvent="true"><startEvent id="es" isInterrupting="false"><messageEventDefinition messageRef="m1"/></startEvent><userTask id="handle"/>"#.to_string(),
            seq("g0", "es", "handle"),
            r#"</subProcess></subProcess><userTask id="after"/>"#.to_string(),
            seq("f0", "s", "sub"),
            seq("f1", "sub", "after"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.state.subscriptions.len(), 1);
        message(&mut s, "go");
        assert_eq!(s.open(), vec!["handle", "work"]);
        assert_eq!(
            s.state.subscriptions.len(),
            1,
            "non-interrupting: still armed"
        );
        s.complete("work", json!({}));
        assert_eq!(
            s.open(),
            vec!["handle"],
            "the scope waits for its event sub-process"
        );
        s.complete("handle", json!({}));
        assert_eq!(s.open(), vec!["after"]);
        assert!(s.state.subscriptions.is_empty());
    }
}
