//! Maps task elements, call activities and loop characteristics.

use std::collections::BTreeMap;

use crate::error::ParseError;
use crate::extensions::{
    non_empty, parse_bool, split_list, vendor_attr, vendor_children, vendor_flag, vendor_text,
    BPMN_MODEL_NS,
};
use crate::model::{
    CallActivity, FieldValue, FormProperty, LoopCharacteristics, MultiInstance, ReceiveTask,
    ScriptTask, ServiceTask, StandardLoop, UserTask, VariableMapping,
};
use crate::xml_tree::Element;

/// `<userTask>` data from vendor attributes and BPMN `humanPerformer`/`potentialOwner`.
pub(super) fn user_task(el: &Element) -> UserTask {
    let mut task = UserTask {
        assignee: vendor_text(el, "assignee"),
        owner: vendor_text(el, "owner"),
        candidate_users: vendor_attr(el, "candidateUsers")
            .map(split_list)
            .unwrap_or_default(),
        candidate_groups: vendor_attr(el, "candidateGroups")
            .map(split_list)
            .unwrap_or_default(),
        form_key: vendor_text(el, "formKey"),
        due_date: vendor_text(el, "dueDate"),
        priority: vendor_text(el, "priority"),
        category: vendor_text(el, "category"),
        skip_expression: vendor_text(el, "skipExpression"),
        form_properties: form_properties(el),
    };
    for role in &el.children {
        let is_human = role.is(BPMN_MODEL_NS, "humanPerformer");
        if !is_human && !role.is(BPMN_MODEL_NS, "potentialOwner") {
            continue;
        }
        let Some(expression) = role
            .child(BPMN_MODEL_NS, "resourceAssignmentExpression")
            .and_then(|r| r.child(BPMN_MODEL_NS, "formalExpression"))
            .and_then(Element::trimmed_text)
        else {
            continue;
        };
        for item in split_list(&expression) {
            if let Some(user) = wrapped(&item, "user(") {
                task.candidate_users.push(user);
            } else if let Some(group) = wrapped(&item, "group(") {
                task.candidate_groups.push(group);
            } else if is_human {
                // A plain human performer is the assignee, as in Flowable and Activiti.
                task.assignee.get_or_insert(item);
            } else {
                // A plain potential owner is a group, as in Flowable and Activiti.
                task.candidate_groups.push(item);
            }
        }
    }
    task
}

/// The inner text of `user(x)`/`group(x)`.
fn wrapped(item: &str, prefix: &str) -> Option<String> {
    let inner = item.strip_prefix(prefix)?.strip_suffix(')')?.trim();
    (!inner.is_empty()).then(|| inner.to_string())
}

/// Implementation data of `<serviceTask>`, `<sendTask>`, `<businessRuleTask>`.
pub(super) fn service_task(el: &Element) -> ServiceTask {
    ServiceTask {
        task_type: vendor_text(el, "type"),
        class: vendor_text(el, "class"),
        expression: vendor_text(el, "expression"),
        delegate_expression: vendor_text(el, "delegateExpression"),
        result_variable: vendor_text(el, "resultVariable")
            .or_else(|| vendor_text(el, "resultVariableName")),
        topic: vendor_text(el, "topic"),
        decision_ref: vendor_text(el, "decisionRef"),
        implementation: non_empty(el.attr("implementation")),
        fields: fields(el),
    }
}

/// `flowable:formProperty` entries; one without an `id` names no field and is skipped.
fn form_properties(el: &Element) -> Vec<FormProperty> {
    let flag = |p: &Element, name: &str, default: bool| {
        p.attr(name).and_then(parse_bool).unwrap_or(default)
    };
    vendor_children(el, "formProperty")
        .filter_map(|p| {
            Some(FormProperty {
                id: non_empty(p.attr("id"))?,
                readable: flag(p, "readable", true),
                writable: flag(p, "writable", true),
                required: flag(p, "required", false),
            })
        })
        .collect()
}

/// `flowable:field`/`camunda:field` injections by name.
fn fields(el: &Element) -> BTreeMap<String, FieldValue> {
    vendor_children(el, "field")
        .filter_map(|field| {
            let name = non_empty(field.attr("name"))?;
            let value = if let Some(v) = field.attr("stringValue") {
                FieldValue::String(v.to_string())
            } else if let Some(v) = field.attr("expression") {
                FieldValue::Expression(v.trim().to_string())
            } else if let Some(v) = field.children.iter().find(|c| c.name == "string") {
                FieldValue::String(v.text.trim().to_string())
            } else if let Some(v) = field.children.iter().find(|c| c.name == "expression") {
                FieldValue::Expression(v.text.trim().to_string())
            } else {
                FieldValue::String(String::new())
            };
            Some((name, value))
        })
        .collect()
}

/// `<receiveTask>` data; the message name is resolved later against `<message>` declarations.
pub(super) fn receive_task(el: &Element) -> ReceiveTask {
    ReceiveTask {
        message_ref: non_empty(el.attr("messageRef")),
        message_name: None,
    }
}

/// `<scriptTask>` data.
pub(super) fn script_task(el: &Element) -> ScriptTask {
    ScriptTask {
        format: non_empty(el.attr("scriptFormat")),
        script: el
            .child(BPMN_MODEL_NS, "script")
            .and_then(Element::trimmed_text),
        result_variable: vendor_text(el, "resultVariable"),
        auto_store_variables: vendor_flag(el, "autoStoreVariables").unwrap_or(false),
    }
}

/// `<callActivity>` data with its `<in>`/`<out>` mappings.
pub(super) fn call_activity(el: &Element, id: &str) -> Result<CallActivity, ParseError> {
    let mut call = CallActivity {
        called_element: non_empty(el.attr("calledElement")),
        binding: vendor_text(el, "calledElementBinding")
            .or_else(|| vendor_text(el, "calledElementType")),
        version: vendor_text(el, "calledElementVersion"),
        version_tag: vendor_text(el, "calledElementVersionTag"),
        tenant_id: vendor_text(el, "calledElementTenantId"),
        business_key: vendor_text(el, "businessKey"),
        inherit_business_key: vendor_flag(el, "inheritBusinessKey").unwrap_or(false),
        inherit_variables: vendor_flag(el, "inheritVariables").unwrap_or(false),
        inputs: Vec::new(),
        outputs: Vec::new(),
    };
    for mapping in vendor_children(el, "in") {
        // Camunda passes the business key as a special `<camunda:in businessKey=...>`.
        if let Some(key) = non_empty(mapping.attr("businessKey")) {
            call.business_key = Some(key);
        } else {
            call.inputs.push(variable_mapping(mapping, id)?);
        }
    }
    for mapping in vendor_children(el, "out") {
        call.outputs.push(variable_mapping(mapping, id)?);
    }
    Ok(call)
}

fn variable_mapping(el: &Element, id: &str) -> Result<VariableMapping, ParseError> {
    let local = el.attr("local").and_then(parse_bool).unwrap_or(false);
    if el.attr("variables").is_some_and(|v| v.trim() == "all") {
        return Ok(VariableMapping::All { local });
    }
    let target = non_empty(el.attr("target"));
    if let Some(source) = non_empty(el.attr("source")) {
        return Ok(VariableMapping::Variable {
            target: target.unwrap_or_else(|| source.clone()),
            source,
        });
    }
    match (non_empty(el.attr("sourceExpression")), target) {
        (Some(expression), Some(target)) => Ok(VariableMapping::Expression { expression, target }),
        _ => Err(ParseError::Invalid {
            line: el.line,
            element: "callActivity".into(),
            id: id.to_string(),
            message: format!(
                "<{}> mapping needs source+target, sourceExpression+target or variables=\"all\"",
                el.name
            ),
        }),
    }
}

/// Multi-instance or standard loop characteristics of an activity.
pub(super) fn loop_characteristics(el: &Element) -> Option<LoopCharacteristics> {
    if let Some(mi) = el.child(BPMN_MODEL_NS, "multiInstanceLoopCharacteristics") {
        let text = |name: &str| {
            mi.child(BPMN_MODEL_NS, name)
                .and_then(Element::trimmed_text)
        };
        return Some(LoopCharacteristics::MultiInstance(MultiInstance {
            is_sequential: mi
                .attr("isSequential")
                .and_then(parse_bool)
                .unwrap_or(false),
            loop_cardinality: text("loopCardinality"),
            collection: vendor_text(mi, "collection").or_else(|| text("loopDataInputRef")),
            element_variable: vendor_text(mi, "elementVariable").or_else(|| {
                mi.child(BPMN_MODEL_NS, "inputDataItem")
                    .and_then(|item| non_empty(item.attr("name").or(item.attr("id"))))
            }),
            element_index_variable: vendor_text(mi, "elementIndexVariable"),
            completion_condition: text("completionCondition"),
            line: mi.line,
        }));
    }
    el.child(BPMN_MODEL_NS, "standardLoopCharacteristics")
        .map(|sl| {
            LoopCharacteristics::Standard(StandardLoop {
                loop_condition: sl
                    .child(BPMN_MODEL_NS, "loopCondition")
                    .and_then(Element::trimmed_text),
                test_before: sl.attr("testBefore").and_then(parse_bool).unwrap_or(false),
                loop_maximum: non_empty(sl.attr("loopMaximum")),
                line: sl.line,
            })
        })
}
