//! One test per validation rule, each on a model that breaks exactly that rule.

use super::{validate, validate_with, ValidationKind};
use crate::model::ProcessDefinition;
use crate::parse;

/// Parses a process body; the process tag is on line 2.
fn process(body: &str) -> ProcessDefinition {
    let xml = format!(
        "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n<process id=\"p\">{body}</process></definitions>"
    );
    let mut defs = parse(&xml).unwrap_or_else(|e| panic!("does not parse: {e}"));
    defs.processes.remove(0)
}

/// The (kind, element id) pairs reported for a body.
fn problems(body: &str) -> Vec<(ValidationKind, String)> {
    validate(&process(body))
        .into_iter()
        .map(|e| (e.kind, e.element_id.unwrap_or_default()))
        .collect()
}

fn has(body: &str, kind: ValidationKind, id: &str) -> bool {
    let found = problems(body);
    let hit = found.iter().any(|(k, i)| *k == kind && i == id);
    assert!(hit, "expected {kind:?} on '{id}', got {found:?}");
    hit
}

const LINEAR: &str = r#"<startEvent id="s"/><userTask id="t"/><endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>"#;

#[test]
fn a_correct_model_has_no_problems() {
    assert_eq!(problems(LINEAR), []);
    let full = r#"<startEvent id="s"/>
        <exclusiveGateway id="g" default="fd"/>
        <subProcess id="sub">
          <startEvent id="ss"/><endEvent id="se"/>
          <sequenceFlow id="sf" sourceRef="ss" targetRef="se"/>
          <subProcess id="evt" triggeredByEvent="true">
            <startEvent id="es"><errorEventDefinition/></startEvent><endEvent id="ee"/>
            <sequenceFlow id="ef" sourceRef="es" targetRef="ee"/>
          </subProcess>
        </subProcess>
        <boundaryEvent id="b" attachedToRef="sub"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>
        <endEvent id="e"/><endEvent id="e2"><terminateEventDefinition/></endEvent>
        <sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
        <sequenceFlow id="fc" sourceRef="g" targetRef="sub"><conditionExpression>${x}</conditionExpression></sequenceFlow>
        <sequenceFlow id="fd" sourceRef="g" targetRef="e"/>
        <sequenceFlow id="f3" sourceRef="sub" targetRef="e"/>
        <sequenceFlow id="fb" sourceRef="b" targetRef="e2"/>"#;
    assert_eq!(problems(full), []);
}

#[test]
fn flows_to_missing_nodes() {
    let body = format!(r#"{LINEAR}<sequenceFlow id="bad" sourceRef="t" targetRef="ghost"/>"#);
    assert!(has(&body, ValidationKind::DanglingFlow, "bad"));
}

#[test]
fn flows_across_sub_process_boundaries() {
    let body = r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><endEvent id="inner"/>
        <sequenceFlow id="sf" sourceRef="ss" targetRef="inner"/></subProcess>
        <sequenceFlow id="cross" sourceRef="s" targetRef="inner"/>"#;
    assert!(has(body, ValidationKind::CrossScope, "cross"));
}

#[test]
fn nodes_unreachable_from_any_start() {
    let body = format!(
        r#"{LINEAR}<userTask id="island"/><endEvent id="islandEnd"/>
        <sequenceFlow id="fi" sourceRef="island" targetRef="islandEnd"/>"#
    );
    assert!(has(&body, ValidationKind::Unreachable, "island"));
    assert!(has(&body, ValidationKind::Unreachable, "islandEnd"));
    assert!(!problems(&body).iter().any(|(_, id)| id == "t"));
}

#[test]
fn boundary_events_and_event_sub_processes_are_entry_points() {
    let body = format!(
        r#"{LINEAR}
        <boundaryEvent id="b" attachedToRef="t"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></boundaryEvent>
        <userTask id="escalated"/><endEvent id="e2"/>
        <sequenceFlow id="fb" sourceRef="b" targetRef="escalated"/>
        <sequenceFlow id="fe" sourceRef="escalated" targetRef="e2"/>
        <subProcess id="evt" triggeredByEvent="true">
          <startEvent id="es"><signalEventDefinition signalRef="x"/></startEvent><userTask id="handler"/>
          <sequenceFlow id="eh" sourceRef="es" targetRef="handler"/>
        </subProcess>"#
    );
    assert_eq!(problems(&body), []);
}

#[test]
fn unreachable_inside_a_reached_sub_process() {
    let body = r#"<startEvent id="s"/><subProcess id="sub"><startEvent id="ss"/><endEvent id="se"/>
        <userTask id="lost"/><sequenceFlow id="sf" sourceRef="ss" targetRef="se"/></subProcess>
        <sequenceFlow id="f" sourceRef="s" targetRef="sub"/>"#;
    assert!(has(body, ValidationKind::Unreachable, "lost"));
}

#[test]
fn gateways_without_outgoing_flows() {
    for gateway in ["exclusiveGateway", "inclusiveGateway", "parallelGateway"] {
        let body = format!(
            r#"<startEvent id="s"/><{gateway} id="g"/><sequenceFlow id="f" sourceRef="s" targetRef="g"/>"#
        );
        assert!(has(&body, ValidationKind::GatewayWithoutOutgoing, "g"));
    }
}

#[test]
fn default_flow_that_is_not_outgoing() {
    let body = r#"<startEvent id="s"/><exclusiveGateway id="g" default="f0"/><endEvent id="e"/>
        <sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
        <sequenceFlow id="f1" sourceRef="g" targetRef="e"/>"#;
    assert!(has(body, ValidationKind::DefaultFlowNotOutgoing, "g"));
}

#[test]
fn boundary_event_on_missing_or_non_activity() {
    let missing = format!(
        r#"{LINEAR}<boundaryEvent id="b" attachedToRef="ghost"><errorEventDefinition/></boundaryEvent>"#
    );
    assert!(has(&missing, ValidationKind::InvalidAttachment, "b"));
    let on_event = format!(
        r#"{LINEAR}<boundaryEvent id="b" attachedToRef="e"><errorEventDefinition/></boundaryEvent>"#
    );
    assert!(has(&on_event, ValidationKind::InvalidAttachment, "b"));
}

#[test]
fn process_id_that_is_not_a_key() {
    let xml = "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"my process\"><startEvent id=\"s\"/></process></definitions>";
    let defs = parse(xml).expect("parses");
    let found = validate(&defs.processes[0]);
    assert!(
        found
            .iter()
            .any(|e| e.kind == ValidationKind::InvalidProcessId),
        "{found:?}"
    );
}

#[test]
fn missing_start_events() {
    assert!(has(
        r#"<userTask id="t"/>"#,
        ValidationKind::MissingStartEvent,
        "p"
    ));
    let empty_sub = r#"<startEvent id="s"/><subProcess id="sub"/><sequenceFlow id="f" sourceRef="s" targetRef="sub"/>"#;
    assert!(has(empty_sub, ValidationKind::MissingStartEvent, "sub"));
    let plain_event_sub = format!(
        r#"{LINEAR}<subProcess id="evt" triggeredByEvent="true"><startEvent id="es"/></subProcess>"#
    );
    assert!(has(
        &plain_event_sub,
        ValidationKind::MissingStartEvent,
        "evt"
    ));
}

#[test]
fn wrong_connections() {
    let body = format!(r#"{LINEAR}<sequenceFlow id="back" sourceRef="e" targetRef="s"/>"#);
    assert!(has(&body, ValidationKind::InvalidConnection, "s"));
    assert!(has(&body, ValidationKind::InvalidConnection, "e"));
    let gateway = r#"<startEvent id="s"/><eventBasedGateway id="g"/><userTask id="t"/>
        <sequenceFlow id="f" sourceRef="s" targetRef="g"/><sequenceFlow id="bad" sourceRef="g" targetRef="t"/>"#;
    assert!(has(gateway, ValidationKind::InvalidConnection, "bad"));
}

#[test]
fn unsupported_elements_and_event_definitions() {
    let body = format!(
        r#"{LINEAR}
        <intermediateThrowEvent id="esc"><escalationEventDefinition/></intermediateThrowEvent>
        <complexGateway id="cx"/><adHocSubProcess id="adhoc"/>
        <task id="loop"><standardLoopCharacteristics/></task>
        <intermediateThrowEvent id="timerThrow"><timerEventDefinition/></intermediateThrowEvent>"#
    );
    for id in ["esc", "cx", "adhoc", "loop", "timerThrow"] {
        assert!(has(&body, ValidationKind::Unsupported, id));
    }
}

#[test]
fn error_start_event_only_in_event_sub_process() {
    let body = r#"<startEvent id="s"><errorEventDefinition/></startEvent>"#;
    assert!(has(body, ValidationKind::Unsupported, "s"));
}

#[test]
fn missing_details() {
    let body = format!(
        r#"{LINEAR}
        <intermediateCatchEvent id="noTimer"><timerEventDefinition/></intermediateCatchEvent>
        <intermediateCatchEvent id="noMessage"><messageEventDefinition/></intermediateCatchEvent>
        <intermediateCatchEvent id="nothing"/>
        <callActivity id="noCall"/>
        <userTask id="noLoop"><multiInstanceLoopCharacteristics/></userTask>"#
    );
    for id in ["noTimer", "noMessage", "nothing", "noCall", "noLoop"] {
        assert!(has(&body, ValidationKind::MissingDetail, id));
    }
}

#[test]
fn expressions_are_checked_with_the_given_checker() {
    let p = process(
        r#"<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="e"/>
        <userTask id="t"><multiInstanceLoopCharacteristics><loopCardinality>2</loopCardinality>
          <completionCondition>${broken</completionCondition></multiInstanceLoopCharacteristics></userTask>
        <boundaryEvent id="b" attachedToRef="t"><conditionalEventDefinition><condition>${also broken</condition></conditionalEventDefinition></boundaryEvent>
        <sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
        <sequenceFlow id="ok" sourceRef="g" targetRef="t"><conditionExpression>${fine}</conditionExpression></sequenceFlow>
        <sequenceFlow id="bad" sourceRef="g" targetRef="e"><conditionExpression>${oops</conditionExpression></sequenceFlow>
        <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>"#,
    );
    assert_eq!(validate(&p), []);
    let checker = |expr: &str| {
        if expr.ends_with('}') {
            Ok(())
        } else {
            Err("missing '}'".to_string())
        }
    };
    let found = validate_with(&p, &checker);
    let ids: Vec<&str> = found
        .iter()
        .filter(|e| e.kind == ValidationKind::InvalidExpression)
        .filter_map(|e| e.element_id.as_deref())
        .collect();
    assert_eq!(ids, ["t", "b", "bad"]);
    assert!(found.iter().all(|e| e.message.contains("missing '}'")));
}

#[test]
fn errors_carry_line_and_display_it() {
    let found = validate(&process(
        "\n<startEvent id=\"s\"/>\n<parallelGateway id=\"g\"/><sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"g\"/>",
    ));
    let error = found.first().expect("one error");
    assert_eq!(error.line, 4);
    assert_eq!(
        error.to_string(),
        "line 4: 'g': parallelGateway has no outgoing sequence flow"
    );
}
