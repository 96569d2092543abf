//! Parser tests on small inline documents, one concern each.

mod activities;
mod events;

use super::parse;
use crate::error::ParseError;
use crate::model::{Definitions, NodeKind, ProcessDefinition, SubProcessKind};

const HEAD: &str = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:flowable="http://flowable.org/bpmn"
    xmlns:activiti="http://activiti.org/bpmn"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    targetNamespace="test">"#;

fn doc(body: &str) -> String {
    format!("{HEAD}\n{body}\n</definitions>")
}

fn parse_ok(body: &str) -> Definitions {
    parse(&doc(body)).unwrap_or_else(|e| panic!("does not parse: {e}"))
}

fn process(body: &str) -> ProcessDefinition {
    let mut defs = parse_ok(&format!(
        r#"<process id="p" isExecutable="true">{body}</process>"#
    ));
    defs.processes.remove(0)
}

fn kind<'a>(p: &'a ProcessDefinition, id: &str) -> &'a NodeKind {
    &p.node(id).unwrap_or_else(|| panic!("no node {id}")).kind
}

#[test]
fn camunda_prefix_bound_to_activiti_uri_still_maps_user_task_data() {
    let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:camunda="http://activiti.org/bpmn" xmlns:cam="http://camunda.org/schema/1.0/bpmn">
      <process id="p">
        <userTask id="a" camunda:assignee="kermit" cam:candidateGroups="management"/>
      </process></definitions>"#;
    let defs = parse(xml).expect("parses");
    let NodeKind::UserTask(task) = kind(&defs.processes[0], "a") else {
        panic!("not a user task");
    };
    assert_eq!(task.assignee.as_deref(), Some("kermit"));
    assert_eq!(task.candidate_groups, ["management"]);
}

#[test]
fn a_prefix_that_looks_like_a_vendor_but_is_not_is_ignored() {
    let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
        xmlns:flowable="urn:something-else">
      <process id="p"><userTask id="a" flowable:assignee="kermit"/></process></definitions>"#;
    let defs = parse(xml).expect("parses");
    let NodeKind::UserTask(task) = kind(&defs.processes[0], "a") else {
        panic!("not a user task");
    };
    assert_eq!(task.assignee, None);
}

#[test]
fn cdata_condition_is_kept_verbatim_and_trimmed() {
    let p = process(
        r#"<startEvent id="s"/><exclusiveGateway id="g"/><endEvent id="e"/>
        <sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
        <sequenceFlow id="f1" sourceRef="g" targetRef="e">
          <conditionExpression xsi:type="tFormalExpression"><![CDATA[
            ${amount > 1000 && dept == 'IT'}
          ]]></conditionExpression>
        </sequenceFlow>"#,
    );
    assert_eq!(
        p.flow("f1").and_then(|f| f.condition.as_deref()),
        Some("${amount > 1000 && dept == 'IT'}")
    );
}

#[test]
fn escaped_condition_is_unescaped() {
    let p = process(
        r#"<sequenceFlow id="f" sourceRef="a" targetRef="b">
          <conditionExpression>${a &lt; 3 &amp;&amp; b}</conditionExpression></sequenceFlow>"#,
    );
    assert_eq!(
        p.flow("f").and_then(|f| f.condition.as_deref()),
        Some("${a < 3 && b}")
    );
}

#[test]
fn graph_is_resolved_with_default_flow() {
    let p = process(
        r#"<startEvent id="s"/>
        <exclusiveGateway id="g" default="f2"/>
        <userTask id="t1"/><userTask id="t2"/>
        <sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
        <sequenceFlow id="f1" sourceRef="g" targetRef="t1"><conditionExpression>${x}</conditionExpression></sequenceFlow>
        <sequenceFlow id="f2" sourceRef="g" targetRef="t2"/>"#,
    );
    let g = p.node("g").expect("gateway");
    assert_eq!(g.default_flow.as_deref(), Some("f2"));
    assert_eq!(g.incoming, ["f0"]);
    assert_eq!(g.outgoing, ["f1", "f2"]);
    let targets: Vec<&str> = p.outgoing("g").map(|f| f.target.as_str()).collect();
    assert_eq!(targets, ["t1", "t2"]);
    assert_eq!(p.none_start_event(None).map(|n| n.id.as_str()), Some("s"));
}

#[test]
fn flows_without_id_get_unique_generated_ids() {
    let p = process(
        r#"<startEvent id="s"/><parallelGateway id="g"/>
        <sequenceFlow sourceRef="s" targetRef="g"/><sequenceFlow sourceRef="s" targetRef="g"/>"#,
    );
    assert_eq!(
        p.node("g").expect("g").incoming,
        ["sequenceFlow@1", "sequenceFlow@2"]
    );
}

#[test]
fn sub_processes_form_nested_scopes() {
    let p = process(
        r#"<startEvent id="s"/>
        <subProcess id="sub">
          <startEvent id="subStart"/><userTask id="inner"/>
          <sequenceFlow id="fi" sourceRef="subStart" targetRef="inner"/>
          <subProcess id="evt" triggeredByEvent="true">
            <startEvent id="evtStart" isInterrupting="false">
              <messageEventDefinition messageRef="m"/>
            </startEvent>
          </subProcess>
        </subProcess>
        <boundaryEvent id="b" attachedToRef="sub"><errorEventDefinition/></boundaryEvent>
        <sequenceFlow id="f" sourceRef="s" targetRef="sub"/>"#,
    );
    let root_ids: Vec<&str> = p.children(None).map(|n| n.id.as_str()).collect();
    assert_eq!(root_ids, ["s", "sub", "b"]);
    let sub_ids: Vec<&str> = p.children(Some("sub")).map(|n| n.id.as_str()).collect();
    assert_eq!(sub_ids, ["subStart", "inner", "evt"]);
    assert_eq!(
        p.node("inner").and_then(|n| n.parent.as_deref()),
        Some("sub")
    );
    assert_eq!(p.flow("fi").and_then(|f| f.parent.as_deref()), Some("sub"));
    assert_eq!(
        p.none_start_event(Some("sub")).map(|n| n.id.as_str()),
        Some("subStart")
    );
    let events: Vec<&str> = p
        .event_sub_processes(Some("sub"))
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(events, ["evt"]);
    let (start, data) = p.start_events(Some("evt")).next().expect("event start");
    assert_eq!(start.id, "evtStart");
    assert!(!data.interrupting);
    let boundary: Vec<&str> = p.boundary_events("sub").map(|n| n.id.as_str()).collect();
    assert_eq!(boundary, ["b"]);
    assert!(
        matches!(kind(&p, "sub"), NodeKind::SubProcess(s) if s.kind == SubProcessKind::Embedded)
    );
    // Parents are listed before their children.
    let order: Vec<&str> = p.nodes().map(|n| n.id.as_str()).collect();
    let pos = |id| order.iter().position(|x| *x == id).expect("listed");
    assert!(pos("sub") < pos("inner") && pos("sub") < pos("evt") && pos("evt") < pos("evtStart"));
}

#[test]
fn lines_are_recorded_for_nodes_and_flows() {
    let p = process(
        "\n<startEvent id=\"s\"/>\n\n<sequenceFlow id=\"f\" sourceRef=\"s\" targetRef=\"s\"/>",
    );
    // HEAD spans 6 lines, the process tag is on line 7.
    assert_eq!(p.line(), 7);
    assert_eq!(p.node("s").map(|n| n.line), Some(8));
    assert_eq!(p.flow("f").map(|f| f.line), Some(10));
}

#[test]
fn missing_absent_and_duplicate_ids_are_refused_with_lines() {
    assert_eq!(
        parse(&doc("<process>\n</process>")),
        Err(ParseError::MissingId {
            line: 7,
            element: "process".into()
        })
    );
    assert_eq!(
        parse(&doc("<process id=\"p\">\n<userTask/></process>")),
        Err(ParseError::MissingId {
            line: 8,
            element: "userTask".into()
        })
    );
    let err = parse(&doc(
        "<process id=\"p\">\n<task id=\"a\"/>\n<task id=\"a\"/></process>",
    ))
    .expect_err("duplicate");
    assert_eq!(
        err,
        ParseError::DuplicateId {
            line: 9,
            id: "a".into(),
            scope: "process 'p'".into(),
            first_line: 8
        }
    );
    let err = parse(&doc(
        "<process id=\"p\">\n<sequenceFlow id=\"f\" targetRef=\"a\"/></process>",
    ))
    .expect_err("no source");
    assert_eq!((err.line(), err.element_id()), (Some(8), Some("f")));
    let err = parse(&doc(
        "<process id=\"p\">\n<boundaryEvent id=\"b\"/></process>",
    ))
    .expect_err("unattached");
    assert_eq!((err.line(), err.element_id()), (Some(8), Some("b")));
}

#[test]
fn two_processes_with_one_id_are_refused() {
    let err = parse(&doc("<process id=\"p\"/>\n<process id=\"p\"/>")).expect_err("duplicate");
    assert_eq!(
        err,
        ParseError::DuplicateId {
            line: 8,
            id: "p".into(),
            scope: "the definitions".into(),
            first_line: 7
        }
    );
}

#[test]
fn non_bpmn_root_is_refused() {
    let err = parse("<definitions xmlns=\"urn:other\"/>").expect_err("not bpmn");
    assert!(
        matches!(err, ParseError::NotBpmn { line: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn descriptive_file_parses_without_executable_process() {
    let defs = parse_ok(
        r#"<collaboration id="c">
          <participant id="pool" name="Customer" processRef="p"/>
          <participant id="blackBox" name="Bank"/>
          <messageFlow id="mf" sourceRef="t" targetRef="blackBox"/>
        </collaboration>
        <process id="p" isExecutable="false">
          <laneSet id="ls"><lane id="l1" name="Clerk"><flowNodeRef>t</flowNodeRef>
            <childLaneSet id="cls"><lane id="l2"><flowNodeRef>t</flowNodeRef></lane></childLaneSet>
          </lane></laneSet>
          <task id="t"/>
        </process>"#,
    );
    assert!(!defs.has_executable_process());
    let collaboration = &defs.collaborations[0];
    assert_eq!(
        collaboration.participants[0].process_ref.as_deref(),
        Some("p")
    );
    assert_eq!(collaboration.participants[1].process_ref, None);
    assert_eq!(
        collaboration.message_flows[0].target.as_deref(),
        Some("blackBox")
    );
    let p = &defs.processes[0];
    assert_eq!(p.lanes().len(), 2);
    assert_eq!(p.lane_of("t").map(|l| l.id.as_str()), Some("l2"));
    assert_eq!(p.lanes()[1].parent_lane.as_deref(), Some("l1"));
}

#[test]
fn missing_is_executable_means_executable_as_in_flowable() {
    let defs = parse_ok(r#"<process id="p"/>"#);
    assert!(defs.has_executable_process());
}

#[test]
fn diagram_shapes_and_edges() {
    let defs = parse_ok(
        r#"<process id="p"><task id="t"/></process>
        <bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
            xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
            xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d">
          <bpmndi:BPMNPlane bpmnElement="p">
            <bpmndi:BPMNShape id="t_di" bpmnElement="t" isExpanded="true">
              <dc:Bounds x="10" y="20.5" width="100" height="80"/>
            </bpmndi:BPMNShape>
            <bpmndi:BPMNShape id="bad" bpmnElement="t"><dc:Bounds x="oops" y="1" width="1" height="1"/></bpmndi:BPMNShape>
            <bpmndi:BPMNEdge id="e" bpmnElement="f">
              <di:waypoint x="1" y="2"/><di:waypoint x="3" y="4"/>
            </bpmndi:BPMNEdge>
          </bpmndi:BPMNPlane>
        </bpmndi:BPMNDiagram>"#,
    );
    let diagram = &defs.diagrams[0];
    assert_eq!(diagram.plane_element.as_deref(), Some("p"));
    let shape = &diagram.shapes[0];
    assert_eq!(shape.bpmn_element.as_deref(), Some("t"));
    assert_eq!(shape.is_expanded, Some(true));
    let bounds = shape.bounds.expect("bounds");
    assert_eq!(
        (bounds.x, bounds.y, bounds.width, bounds.height),
        (10.0, 20.5, 100.0, 80.0)
    );
    assert_eq!(diagram.shapes[1].bounds, None);
    assert_eq!(diagram.edges[0].waypoints.len(), 2);
}
