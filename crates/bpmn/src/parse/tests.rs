//! Parser tests on small inline documents, one concern each.

use super::parse;
use crate::error::ParseError;
use crate::model::{
    Definitions, EventDefinition, FieldValue, LoopCharacteristics, NodeKind, ProcessDefinition,
    SubProcessKind, VariableMapping,
};
use crate::timer::TimerKind;

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
fn user_task_maps_vendor_attributes_and_resource_roles() {
    let p = process(
        r#"<userTask id="a" flowable:candidateUsers="kermit, ${starter}" activiti:formKey="form1"
            flowable:dueDate="${due}" flowable:priority="50" flowable:category="c"
            flowable:skipExpression="${skip}" flowable:owner="boss">
          <potentialOwner><resourceAssignmentExpression>
            <formalExpression>user(gonzo), group(management), accounting</formalExpression>
          </resourceAssignmentExpression></potentialOwner>
          <humanPerformer><resourceAssignmentExpression>
            <formalExpression>fozzie</formalExpression>
          </resourceAssignmentExpression></humanPerformer>
        </userTask>"#,
    );
    let NodeKind::UserTask(t) = kind(&p, "a") else {
        panic!("not a user task");
    };
    assert_eq!(t.candidate_users, ["kermit", "${starter}", "gonzo"]);
    assert_eq!(t.candidate_groups, ["management", "accounting"]);
    assert_eq!(t.assignee.as_deref(), Some("fozzie"));
    assert_eq!(t.form_key.as_deref(), Some("form1"));
    assert_eq!(t.due_date.as_deref(), Some("${due}"));
    assert_eq!(t.priority.as_deref(), Some("50"));
    assert_eq!(t.category.as_deref(), Some("c"));
    assert_eq!(t.skip_expression.as_deref(), Some("${skip}"));
    assert_eq!(t.owner.as_deref(), Some("boss"));
}

#[test]
fn start_event_initiator_and_form_key_from_any_vendor() {
    let p = process(r#"<startEvent id="s" camunda:initiator="starter" flowable:formKey="f"/>"#);
    let (_, start) = p.start_events(None).next().expect("start");
    assert_eq!(start.initiator.as_deref(), Some("starter"));
    assert_eq!(start.form_key.as_deref(), Some("f"));
    assert!(start.trigger.is_none());
}

#[test]
fn service_tasks_keep_type_delegates_and_fields() {
    let p = process(
        r#"<serviceTask id="http" flowable:type="http" flowable:async="true" flowable:exclusive="false">
          <extensionElements>
            <flowable:field name="requestMethod" stringValue="GET"/>
            <flowable:field name="requestUrl"><flowable:expression><![CDATA[${url}]]></flowable:expression></flowable:field>
            <flowable:field name="body"><flowable:string> hi </flowable:string></flowable:field>
            <flowable:unknownThing foo="bar"/>
          </extensionElements>
        </serviceTask>
        <serviceTask id="ext" camunda:type="external" camunda:topic="invoices" camunda:asyncAfter="true"/>
        <serviceTask id="expr" flowable:expression="${svc.run()}" flowable:resultVariableName="r"/>"#,
    );
    let node = p.node("http").expect("node");
    assert!(node.async_before && !node.async_after && !node.exclusive);
    let NodeKind::ServiceTask(http) = &node.kind else {
        panic!("not a service task");
    };
    assert_eq!(http.task_type.as_deref(), Some("http"));
    assert_eq!(
        http.fields.get("requestMethod"),
        Some(&FieldValue::String("GET".into()))
    );
    assert_eq!(
        http.fields.get("requestUrl"),
        Some(&FieldValue::Expression("${url}".into()))
    );
    assert_eq!(
        http.fields.get("body"),
        Some(&FieldValue::String("hi".into()))
    );
    assert!(node
        .extensions
        .vendor_elements("unknownThing")
        .next()
        .is_some());
    assert_eq!(node.extensions.vendor_attribute("type"), Some("http"));
    let ext = p.node("ext").expect("node");
    assert!(ext.async_after);
    let NodeKind::ServiceTask(ext) = &ext.kind else {
        panic!("not a service task");
    };
    assert_eq!(
        (ext.task_type.as_deref(), ext.topic.as_deref()),
        (Some("external"), Some("invoices"))
    );
    let NodeKind::ServiceTask(expr) = kind(&p, "expr") else {
        panic!("not a service task");
    };
    assert_eq!(expr.expression.as_deref(), Some("${svc.run()}"));
    assert_eq!(expr.result_variable.as_deref(), Some("r"));
}

#[test]
fn call_activity_mappings_from_flowable_and_camunda() {
    let p = process(
        r##"<callActivity id="c1" calledElement="child" flowable:inheritVariables="true">
          <extensionElements>
            <flowable:in source="a" target="b"/>
            <flowable:in sourceExpression="${x + 1}" target="y"/>
            <flowable:out source="r"/>
          </extensionElements>
        </callActivity>
        <callActivity id="c2" calledElement="child" camunda:calledElementBinding="version" camunda:calledElementVersion="2">
          <extensionElements>
            <camunda:in variables="all" local="true"/>
            <camunda:in businessKey="#{execution.processBusinessKey}"/>
            <camunda:out variables="all"/>
          </extensionElements>
        </callActivity>"##,
    );
    let NodeKind::CallActivity(c1) = kind(&p, "c1") else {
        panic!("not a call activity");
    };
    assert_eq!(c1.called_element.as_deref(), Some("child"));
    assert!(c1.inherit_variables);
    assert_eq!(
        c1.inputs,
        [
            VariableMapping::Variable {
                source: "a".into(),
                target: "b".into()
            },
            VariableMapping::Expression {
                expression: "${x + 1}".into(),
                target: "y".into()
            },
        ]
    );
    assert_eq!(
        c1.outputs,
        [VariableMapping::Variable {
            source: "r".into(),
            target: "r".into()
        }]
    );
    let NodeKind::CallActivity(c2) = kind(&p, "c2") else {
        panic!("not a call activity");
    };
    assert_eq!(c2.binding.as_deref(), Some("version"));
    assert_eq!(c2.version.as_deref(), Some("2"));
    assert_eq!(c2.inputs, [VariableMapping::All { local: true }]);
    assert_eq!(c2.outputs, [VariableMapping::All { local: false }]);
    assert_eq!(
        c2.business_key.as_deref(),
        Some("#{execution.processBusinessKey}")
    );
}

#[test]
fn call_activity_expression_mapping_without_target_is_refused_with_its_line() {
    let err = parse(&doc(
        r#"<process id="p"><callActivity id="c" calledElement="x">
          <extensionElements>
            <flowable:in sourceExpression="${a}"/>
          </extensionElements></callActivity></process>"#,
    ))
    .expect_err("refused");
    assert_eq!(err.element_id(), Some("c"));
    assert_eq!(err.line(), Some(9));
}

#[test]
fn multi_instance_variants() {
    let p = process(
        r#"<userTask id="vendor">
          <multiInstanceLoopCharacteristics isSequential="true" flowable:collection="${users}"
              flowable:elementVariable="user" flowable:elementIndexVariable="i">
            <completionCondition>${nrOfCompletedInstances/nrOfInstances >= 0.6}</completionCondition>
          </multiInstanceLoopCharacteristics>
        </userTask>
        <userTask id="standard">
          <multiInstanceLoopCharacteristics>
            <loopCardinality>3</loopCardinality>
            <loopDataInputRef>assignees</loopDataInputRef>
            <inputDataItem name="assignee"/>
          </multiInstanceLoopCharacteristics>
        </userTask>
        <task id="loop"><standardLoopCharacteristics testBefore="true"/></task>"#,
    );
    let mi = |id| match &p.node(id).expect("node").loop_characteristics {
        Some(LoopCharacteristics::MultiInstance(mi)) => mi.clone(),
        other => panic!("{id}: {other:?}"),
    };
    let vendor = mi("vendor");
    assert!(vendor.is_sequential);
    assert_eq!(vendor.collection.as_deref(), Some("${users}"));
    assert_eq!(vendor.element_variable.as_deref(), Some("user"));
    assert_eq!(vendor.element_index_variable.as_deref(), Some("i"));
    assert_eq!(
        vendor.completion_condition.as_deref(),
        Some("${nrOfCompletedInstances/nrOfInstances >= 0.6}")
    );
    let standard = mi("standard");
    assert!(!standard.is_sequential);
    assert_eq!(standard.loop_cardinality.as_deref(), Some("3"));
    assert_eq!(standard.collection.as_deref(), Some("assignees"));
    assert_eq!(standard.element_variable.as_deref(), Some("assignee"));
    assert!(matches!(
        p.node("loop").and_then(|n| n.loop_characteristics.as_ref()),
        Some(LoopCharacteristics::Standard(s)) if s.test_before
    ));
}

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
        <error id="e1" errorCode="E42"/>
        <process id="p">
          <startEvent id="ms"><messageEventDefinition messageRef="m1"/></startEvent>
          <intermediateCatchEvent id="sc"><signalEventDefinition signalRef="s1"/></intermediateCatchEvent>
          <endEvent id="ee"><errorEventDefinition errorRef="e1"/></endEvent>
          <endEvent id="raw"><errorEventDefinition errorRef="undeclared"/></endEvent>
          <receiveTask id="r" messageRef="tns:m1"/>
        </process>"#,
    );
    let p = &defs.processes[0];
    assert!(matches!(kind(p, "ms"), NodeKind::StartEvent(s)
        if matches!(&s.trigger, Some(EventDefinition::Message { message_name: Some(n), .. }) if n == "orderPlaced")));
    assert!(matches!(kind(p, "sc"), NodeKind::IntermediateCatchEvent(c)
        if matches!(&c.trigger, Some(EventDefinition::Signal { signal_name: Some(n), .. }) if n == "alarm")));
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
        <transaction id="tx"/>
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
    assert!(p.node("data").is_none() && p.node("note").is_none());
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
            process: "p".into(),
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
