//! Parallel gateway: a join waits for one token per incoming flow in its scope, a fork sends a
//! token down every outgoing flow (conditions are ignored, as BPMN says).

use woc_bpmn::FlowNode;

use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::run::Run;

/// Joins, then forks.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    if node.incoming.len() > 1 {
        run.emit(EventKind::WaitStarted {
            execution,
            wait: Wait::Join,
        });
        let waiting = waiting_siblings(run, execution, &node.id);
        if waiting.len() + 1 < node.incoming.len() {
            return Ok(());
        }
        merge(run, execution, &waiting[..node.incoming.len() - 1]);
    }
    end_activity(run, execution);
    let flows: Vec<_> = node.outgoing.iter().map(|f| run.def.flow_id(f)).collect();
    if flows.is_empty() {
        run.agenda.push_back(Operation::End { execution });
    } else {
        run.agenda.push_back(Operation::Take { execution, flows });
    }
    Ok(())
}

/// Other tokens of the same scope waiting at this join, oldest first.
pub(crate) fn waiting_siblings(
    run: &Run<'_>,
    execution: ExecutionId,
    node: &str,
) -> Vec<ExecutionId> {
    let parent = run.state.executions.get(&execution).and_then(|e| e.parent);
    run.state
        .executions
        .values()
        .filter(|e| {
            e.id != execution
                && e.parent == parent
                && e.node.as_deref() == Some(node)
                && e.wait == Some(Wait::Join)
        })
        .map(|e| e.id)
        .collect()
}

/// Ends the joined tokens; `execution` carries on alone.
pub(crate) fn merge(run: &mut Run<'_>, execution: ExecutionId, joined: &[ExecutionId]) {
    for &other in joined {
        end_activity(run, other);
        run.emit(EventKind::ExecutionRemoved { execution: other });
    }
    run.emit(EventKind::WaitEnded { execution });
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::instance::InstanceStatus;
    use crate::scenario::{seq, when, Scenario};

    #[test]
    fn join_waits_for_every_branch_and_fork_ignores_conditions() {
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/><userTask id="c"/>
               <parallelGateway id="join"/><endEvent id="e"/>"#.to_string(),
            seq("f0", "s", "fork"),
            seq("fa", "fork", "a"),
            seq("fb", "fork", "b"),
            when("fc", "fork", "c", "${false}"),
            seq("ja", "a", "join"),
            seq("jb", "b", "join"),
            seq("jc", "c", "join"),
            seq("je", "join", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        assert_eq!(s.open(), vec!["a", "b", "c"]);
        s.complete("a", json!({}));
        s.complete("c", json!({}));
        assert_eq!(s.status(), InstanceStatus::Running);
        assert_eq!(
            s.state
                .executions
                .values()
                .filter(|e| e.wait == Some(crate::instance::Wait::Join))
                .count(),
            2
        );
        s.complete("b", json!({}));
        assert_eq!(s.status(), InstanceStatus::Completed);
    }
}
