//! Inclusive gateway (Flowable semantics): a join fires once no other token of its scope can
//! still reach it; a fork takes every flow whose condition holds, else the default flow.

use woc_bpmn::FlowNode;

use super::parallel_gateway::{merge, waiting_siblings};
use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Wait};
use crate::reachability::can_reach;
use crate::run::Run;

/// Joins when possible, then forks.
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
        if !can_fire(run, execution, &node.id) {
            return Ok(());
        }
        let waiting = waiting_siblings(run, execution, &node.id);
        merge(run, execution, &waiting);
    }
    fork(run, execution, node)
}

fn fork(run: &mut Run<'_>, execution: ExecutionId, node: &FlowNode) -> Result<(), EngineError> {
    let mut flows = super::true_flows(run, execution, node, false)?;
    if flows.is_empty() {
        match &node.default_flow {
            Some(default) => flows.push(run.def.flow_id(default)),
            None if node.outgoing.is_empty() => {}
            None => {
                return Err(EngineError::model(
                    &node.id,
                    "inclusive gateway: no outgoing sequence flow condition holds and there is no default flow",
                ))
            }
        }
    }
    end_activity(run, execution);
    if flows.is_empty() {
        run.agenda.push_back(Operation::End { execution });
    } else {
        run.agenda.push_back(Operation::Take { execution, flows });
    }
    Ok(())
}

/// Whether no other token of the scope (except those waiting here) can still arrive.
fn can_fire(run: &Run<'_>, execution: ExecutionId, node: &str) -> bool {
    let parent = run.state.executions.get(&execution).and_then(|e| e.parent);
    !run.state.executions.values().any(|e| {
        e.id != execution
            && e.parent == parent
            && !(e.node.as_deref() == Some(node) && e.wait == Some(Wait::Join))
            && e.node
                .as_deref()
                .is_some_and(|from| can_reach(&run.def.process, from, node))
    })
}

/// Fires one waiting inclusive join whose other tokens can no longer arrive (after tokens
/// ended or moved elsewhere); returns whether one fired.
pub(crate) fn fire_ready_join(run: &mut Run<'_>) -> Result<bool, EngineError> {
    let candidates: Vec<(ExecutionId, std::sync::Arc<str>)> = run
        .state
        .executions
        .values()
        .filter(|e| e.wait == Some(Wait::Join))
        .filter_map(|e| Some((e.id, e.node.clone()?)))
        .collect();
    for (execution, node_id) in candidates {
        let node = run.node(&node_id)?;
        if !matches!(node.kind, woc_bpmn::NodeKind::InclusiveGateway) {
            continue;
        }
        if !run.state.executions.contains_key(&execution) || !can_fire(run, execution, &node_id) {
            continue;
        }
        let waiting = waiting_siblings(run, execution, &node_id);
        merge(run, execution, &waiting);
        fork(run, execution, node)?;
        return Ok(true);
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::scenario::{seq, when, Scenario};

    #[test]
    fn join_fires_once_the_last_possible_token_goes_elsewhere() {
        // b may route around the join; when it does, the waiting token from a must go on.
        let body = [
            r#"<startEvent id="s"/><parallelGateway id="fork"/><userTask id="a"/><userTask id="b"/>
               <exclusiveGateway id="route"/><inclusiveGateway id="join"/><userTask id="after"/><endEvent id="e"/><endEvent id="away"/>"#.to_string(),
            seq("f0", "s", "fork"),
            seq("fa", "fork", "a"),
            seq("fb", "fork", "b"),
            seq("ja", "a", "join"),
            seq("fr", "b", "route"),
            when("rj", "route", "join", "${toJoin}"),
            when("ra", "route", "away", "${!toJoin}"),
            seq("j1", "join", "after"),
            seq("j2", "after", "e"),
        ]
        .concat();
        let mut s = Scenario::start(&body, json!({}));
        s.complete("a", json!({}));
        assert_eq!(s.open(), vec!["b"], "b could still arrive");
        s.complete("b", json!({"toJoin": false}));
        assert_eq!(s.open(), vec!["after"]);
    }
}
