//! Parser tests for tasks, call activities and loop characteristics.

use super::{doc, kind, process};
use crate::model::{FieldValue, LoopCharacteristics, NodeKind, VariableMapping};
use crate::parse;

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
fn user_task_form_properties_from_flowable_and_activiti() {
    let p = process(
        r#"<userTask id="a"><extensionElements>
            <flowable:formProperty id="amount" writable="false"/>
            <activiti:formProperty id="cost" readable="false" writable="FALSE"/>
            <flowable:formProperty id="reason" required="true"/>
            <flowable:formProperty name="no id"/>
          </extensionElements></userTask>"#,
    );
    let NodeKind::UserTask(t) = kind(&p, "a") else {
        panic!("not a user task");
    };
    let props: Vec<_> = t
        .form_properties
        .iter()
        .map(|p| (p.id.as_str(), p.readable, p.writable, p.required))
        .collect();
    assert_eq!(
        props,
        [
            ("amount", true, false, false),
            ("cost", false, false, false),
            ("reason", true, true, true)
        ]
    );
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
