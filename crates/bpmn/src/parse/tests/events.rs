//! Parser tests for events and their definitions.

use super::{kind, parse_ok, process};
use crate::model::{EventDefinition, NodeKind, SubProcessKind};
use crate::timer::TimerKind;

#[test]
fn timers_of_each_kind() {
    let p = process(
        r#"<startEvent id="d"><timerEventDefinition><timeDate>2026-01-01T00:00:00Z</timeDate></timerEventDefinition></startEvent>
        <intermediateCatchEvent id="du"><timerEventDefinition><timeDuration> PT5M </timeDuration></timerEventDefinition></intermediateCatchEvent>
        <boundaryEvent id="c" attachedToRef="t" cancelActivity="false">
          <timerEventDefinition flowable:endDate="2027-01-01"><timeCycle>R3/PT1H</timeCycle></timerEventDefinition>
        </boundaryEvent>
        <intermediateCatchEvent id="none"><timerEventDefinition/></intermediateCatchEvent>
        <userTask id="t"/>"#,
    );
    let timer = |id| match kind(&p, id) {
        NodeKind::StartEvent(e) => e.trigger.clone(),
        NodeKind::IntermediateCatchEvent(e) => e.trigger.clone(),
        NodeKind::BoundaryEvent(e) => e.trigger.clone(),
        other => panic!("{other:?}"),
    };
    let Some(EventDefinition::Timer(Some(date))) = timer("d") else {
        panic!("no timer");
    };
    assert_eq!(date.kind, TimerKind::Date);
    let Some(EventDefinition::Timer(Some(duration))) = timer("du") else {
        panic!("no timer");
    };
    assert_eq!(
        (duration.kind, duration.expression.as_str()),
        (TimerKind::Duration, "PT5M")
    );
    let Some(EventDefinition::Timer(Some(cycle))) = timer("c") else {
        panic!("no timer");
    };
    assert_eq!(cycle.kind, TimerKind::Cycle);
    assert_eq!(cycle.end_date.as_deref(), Some("2027-01-01"));
    assert_eq!(timer("none"), Some(EventDefinition::Timer(None)));
}

#[test]
fn message_signal_and_error_refs_resolve_to_names_and_codes() {
    let defs = parse_ok(
        r#"<message id="m1" name="orderPlaced"/>
        <signal id="s1" name="alarm"/>
        <signal id="s2" name="local" flowable:scope="processInstance"/>
        <error id="e1" errorCode="E42"/>
        <process id="p">
          <startEvent id="ms"><messageEventDefinition messageRef="m1"/></startEvent>
          <intermediateCatchEvent id="sc"><signalEventDefinition signalRef="s1"/></intermediateCatchEvent>
          <intermediateThrowEvent id="st"><signalEventDefinition signalRef="s2"/></intermediateThrowEvent>
          <endEvent id="ee"><errorEventDefinition errorRef="e1"/></endEvent>
          <endEvent id="raw"><errorEventDefinition errorRef="undeclared"/></endEvent>
          <receiveTask id="r" messageRef="tns:m1"/>
        </process>"#,
    );
    let p = &defs.processes[0];
    assert!(matches!(kind(p, "ms"), NodeKind::StartEvent(s)
        if matches!(&s.trigger, Some(EventDefinition::Message { message_name: Some(n), .. }) if n == "orderPlaced")));
    assert!(matches!(kind(p, "sc"), NodeKind::IntermediateCatchEvent(c)
        if matches!(&c.trigger, Some(EventDefinition::Signal { signal_name: Some(n), instance_scope: false, .. }) if n == "alarm")));
    assert!(matches!(kind(p, "st"), NodeKind::IntermediateThrowEvent(t)
        if matches!(&t.result, Some(EventDefinition::Signal { instance_scope: true, .. }))));
    assert!(matches!(kind(p, "ee"), NodeKind::EndEvent(e)
        if matches!(&e.result, Some(EventDefinition::Error { error_code: Some(c), .. }) if c == "E42")));
    assert!(matches!(kind(p, "raw"), NodeKind::EndEvent(e)
        if matches!(&e.result, Some(EventDefinition::Error { error_code: Some(c), .. }) if c == "undeclared")));
    assert!(
        matches!(kind(p, "r"), NodeKind::ReceiveTask(r) if r.message_name.as_deref() == Some("orderPlaced"))
    );
    assert_eq!(
        defs.message("m1").and_then(|m| m.name.as_deref()),
        Some("orderPlaced")
    );
}

#[test]
fn unsupported_event_definitions_and_elements_are_flagged_not_refused() {
    let p = process(
        r#"<intermediateThrowEvent id="esc"><escalationEventDefinition/></intermediateThrowEvent>
        <intermediateCatchEvent id="multi"><messageEventDefinition/><timerEventDefinition/></intermediateCatchEvent>
        <adHocSubProcess id="adhoc"><task id="inAdHoc"/></adHocSubProcess>
        <complexGateway id="cx"/>
        <transaction id="tx"/><choreographyTask id="ch"/>
        <dataObject id="data"/><textAnnotation id="note"><text>hi</text></textAnnotation>"#,
    );
    assert!(
        matches!(kind(&p, "esc"), NodeKind::IntermediateThrowEvent(t)
        if matches!(&t.result, Some(EventDefinition::Unsupported { element }) if element == "escalationEventDefinition"))
    );
    assert!(
        matches!(kind(&p, "multi"), NodeKind::IntermediateCatchEvent(c)
        if matches!(&c.trigger, Some(EventDefinition::Unsupported { element }) if element == "multiple"))
    );
    assert!(
        matches!(kind(&p, "adhoc"), NodeKind::SubProcess(s) if s.kind == SubProcessKind::AdHoc)
    );
    assert!(matches!(kind(&p, "cx"), NodeKind::ComplexGateway { .. }));
    assert!(
        matches!(kind(&p, "tx"), NodeKind::SubProcess(s) if s.kind == SubProcessKind::Transaction)
    );
    assert!(
        matches!(kind(&p, "ch"), NodeKind::Unsupported { element } if element == "choreographyTask")
    );
    assert!(p.node("data").is_none() && p.node("note").is_none());
}
