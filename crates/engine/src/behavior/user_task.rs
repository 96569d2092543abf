//! User task: creates a task for its assignee or candidates and waits for its completion.
//!
//! Assignee and candidates may be expressions (`${initiator}`); a candidate expression may
//! yield a list or a comma-separated string. A task nobody could act on is flagged
//! `unassignable` rather than silently lost.

use serde_json::Value;
use woc_bpmn::{FlowNode, UserTask};

use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::expr::coerce_string;
use crate::instance::{ExecutionId, Task, Wait};
use crate::iso8601::{parse_date_time, Duration};
use crate::run::Run;

/// Variables that switch skip expressions on (Flowable and Activiti names).
const SKIP_ENABLED: [&str; 2] = [
    "_FLOWABLE_SKIP_EXPRESSION_ENABLED",
    "_ACTIVITI_SKIP_EXPRESSION_ENABLED",
];

/// Creates the task and waits.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
    data: &UserTask,
) -> Result<(), EngineError> {
    if let Some(skip) = &data.skip_expression {
        let enabled = SKIP_ENABLED.iter().any(|name| {
            run.scope(execution)
                .state
                .variables
                .get(*name)
                .is_some_and(|v| v == &Value::Bool(true) || v == "true")
        });
        if enabled && run.eval_bool(execution, &node.id, skip)? {
            run.agenda.push_back(Operation::Leave { execution });
            return Ok(());
        }
    }
    let mut assignee = match &data.assignee {
        Some(text) => single(run.eval(execution, &node.id, text)?),
        None => None,
    };
    let mut candidate_users = Vec::new();
    for text in &data.candidate_users {
        candidate_users.extend(list(run.eval(execution, &node.id, text)?));
    }
    let mut candidate_groups = Vec::new();
    for text in &data.candidate_groups {
        candidate_groups.extend(list(run.eval(execution, &node.id, text)?));
    }
    match run.next_assignees.as_slice() {
        [] => {}
        [one] => assignee = Some(one.clone()),
        many => {
            assignee = None;
            candidate_users = many.to_vec();
        }
    }
    // A due date is informational; one this engine cannot evaluate (Camunda's `dateTime()`)
    // leaves the task without a due date and a warning in the history instead of failing it.
    let due = match &data.due_date {
        Some(text) => match due_time(run, execution, &node.id, text) {
            Ok(due) => due,
            Err(e) => {
                run.emit(EventKind::Warning {
                    element: node.id.clone(),
                    message: format!("due date ignored: {e}"),
                });
                None
            }
        },
        None => None,
    };
    let name = match &node.name {
        Some(text) if text.contains("${") || text.contains("#{") => {
            Some(coerce_string(&run.eval(execution, &node.id, text)?))
        }
        other => other.clone(),
    };
    let priority = match &data.priority {
        Some(text) => match run.eval(execution, &node.id, text)? {
            Value::Number(n) => n.as_i64().unwrap_or(50),
            Value::String(s) => s.trim().parse().unwrap_or(50),
            _ => 50,
        },
        None => 50,
    };
    let id = crate::ids::owned_by(&run.state.id, run.next_sequence());
    let unassignable =
        assignee.is_none() && candidate_users.is_empty() && candidate_groups.is_empty();
    let task = Task {
        id: id.clone(),
        instance_id: run.state.id.clone(),
        execution,
        node: node.id.clone(),
        name,
        assignee,
        owner: data.owner.clone().filter(|o| !o.contains("${")),
        candidate_users,
        candidate_groups,
        delegation: None,
        unassignable,
        form_key: data.form_key.clone(),
        due,
        priority,
        created_at: run.now,
        touched: false,
    };
    run.emit(EventKind::TaskCreated {
        task: std::sync::Arc::new(task),
    });
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::UserTask {
            task_id: id.clone(),
        },
    });
    run.new_tasks.push(id);
    Ok(())
}

/// One user id from an expression result; null and "" mean nobody. A string result is kept
/// as it is unless it needs trimming (no copy).
fn single(value: Value) -> Option<String> {
    let text = match value {
        Value::String(text) => text,
        other => coerce_string(&other),
    };
    match text.trim() {
        "" => None,
        trimmed if trimmed.len() == text.len() => Some(text),
        trimmed => Some(trimmed.to_string()),
    }
}

/// User or group ids from an expression result: a list, or a comma-separated string.
fn list(value: Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.into_iter().filter_map(single).collect(),
        other => coerce_string(&other)
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect(),
    }
}

/// A due date: an ISO date-time, or an ISO duration from now.
fn due_time(
    run: &Run<'_>,
    execution: ExecutionId,
    element: &str,
    text: &str,
) -> Result<Option<crate::clock::Timestamp>, EngineError> {
    let value = coerce_string(&run.eval(execution, element, text)?);
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let parsed = if value.starts_with('P') {
        Duration::parse(value).map(|d| d.after(run.now))
    } else {
        parse_date_time(value)
    };
    parsed
        .map(Some)
        .map_err(|e| EngineError::model(element, format!("due date: {e}")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn one_assignee_from_any_result() {
        assert_eq!(super::single(json!("bob")), Some("bob".into()));
        assert_eq!(super::single(json!(" bob ")), Some("bob".into()));
        assert_eq!(super::single(json!("  ")), None);
        assert_eq!(super::single(json!(null)), None);
        assert_eq!(super::single(json!(42)), Some("42".into()));
    }

    use crate::scenario::{seq, Scenario};

    fn task(attrs: &str) -> String {
        [
            format!(r#"<startEvent id="s" flowable:initiator="initiator"/><userTask id="t" {attrs}/><endEvent id="e"/>"#),
            seq("f0", "s", "t"),
            seq("f1", "t", "e"),
        ]
        .concat()
    }

    #[test]
    fn assignee_expression_uses_the_initiator() {
        let s = Scenario::start(&task(r#"flowable:assignee="${initiator}""#), json!({}));
        assert_eq!(s.task("t").assignee.as_deref(), Some("starter"));
        assert!(!s.task("t").unassignable);
    }

    #[test]
    fn candidates_from_lists_and_comma_separated_strings() {
        let s = Scenario::start(
            &task(r#"flowable:candidateUsers="${users}" flowable:candidateGroups="${groups}""#),
            json!({"users": "a, b", "groups": ["g1", "g2"]}),
        );
        let t = s.task("t");
        assert_eq!(t.candidate_users, vec!["a", "b"]);
        assert_eq!(t.candidate_groups, vec!["g1", "g2"]);
    }

    #[test]
    fn nobody_to_act_is_flagged() {
        let s = Scenario::start(
            &task(r#"flowable:assignee="${nobody}""#),
            json!({"nobody": null}),
        );
        assert!(s.task("t").unassignable);
    }

    #[test]
    fn due_date_duration_and_priority() {
        let s = Scenario::start(
            &task(r#"flowable:dueDate="PT1H" flowable:priority="${p}""#),
            json!({"p": 80}),
        );
        let t = s.task("t");
        assert_eq!(t.due.map(|d| d.0), Some(3_600_000));
        assert_eq!(t.priority, 80);
    }

    #[test]
    fn skip_expression_only_when_enabled() {
        let body = task(r#"flowable:skipExpression="${skip}""#);
        let waiting = Scenario::start(&body, json!({"skip": true}));
        assert_eq!(waiting.open(), vec!["t"]);
        let skipped = Scenario::start(
            &body,
            json!({"skip": true, "_FLOWABLE_SKIP_EXPRESSION_ENABLED": true}),
        );
        assert!(skipped.open().is_empty());
    }
}
