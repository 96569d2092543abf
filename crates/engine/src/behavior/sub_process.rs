//! Embedded sub-process: its own scope of tokens, started at its none start event (an event
//! sub-process at its event start, see `event_sub_process`); it completes when no token is
//! left inside (see `agenda::scope_maybe_done`).

use std::sync::Arc;

use woc_bpmn::FlowNode;

use super::event_sub_process;
use crate::agenda::Operation;
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;

/// Opens the scope, arms its event sub-processes and starts a token at the sub-process's
/// none start event; an event sub-process, whose event already happened, starts at its event
/// start event and passes it.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    let process = &run.def.process;
    let (start, operation): (_, fn(ExecutionId, Arc<str>) -> Operation) = if node
        .kind
        .is_event_sub_process()
    {
        let start = process
            .start_events(Some(&node.id))
            .map(|(n, _)| n)
            .next()
            .ok_or_else(|| EngineError::model(&node.id, "event sub-process has no start event"))?;
        (start, |execution, node| Operation::PassThrough {
            execution,
            node,
            via: None,
        })
    } else {
        let start = process
            .none_start_event(Some(&node.id))
            .ok_or_else(|| EngineError::model(&node.id, "sub-process has no none start event"))?;
        (start, |execution, node| Operation::Enter {
            execution,
            node,
            via: None,
        })
    };
    run.emit(EventKind::WaitStarted {
        execution,
        wait: Wait::SubProcess,
    });
    event_sub_process::arm(run, execution, Some(&node.id))?;
    let token = run.create_execution(execution, None, false);
    run.agenda
        .push_back(operation(token, run.def.node_id(&start.id)));
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, Scenario};

    #[test]
    fn nested_scopes_complete_inside_out() {
        let body = [
            r#"<startEvent id="s"/>
               <subProcess id="outer"><startEvent id="os"/>
                 <subProcess id="inner"><startEvent id="is"/><userTask id="t"/><endEvent id="ie"/>"#
                .to_string(),
            seq("i1", "is", "t"),
            seq("i2", "t", "ie"),
            r#"</subProcess><endEvent id="oe"/>"#.to_string(),
            seq("o1", "os", "inner"),
            seq("o2", "inner", "oe"),
            r#"</subProcess><userTask id="after"/><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "outer"),
            seq("f1", "outer", "after"),
            seq("f2", "after", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.open(), vec!["t"]);
        assert_eq!(s.state.executions.len(), 4, "root, outer, inner, token");
        s.complete("t", json!({}));
        assert_eq!(s.open(), vec!["after"]);
        s.complete("after", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }
}
