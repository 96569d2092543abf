//! Exclusive gateway: the first flow whose condition holds, in document order, else the default.

use woc_bpmn::FlowNode;

use crate::agenda::{end_activity, Operation};
use crate::error::EngineError;
use crate::instance::ExecutionId;
use crate::run::Run;

/// Chooses one outgoing flow; no choice and no default is an error naming the gateway.
pub(crate) fn execute(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &FlowNode,
) -> Result<(), EngineError> {
    let mut flows = super::true_flows(run, execution, node, true)?;
    if flows.is_empty() {
        match &node.default_flow {
            Some(default) => flows.push(run.def.flow_id(default)),
            None => {
                return Err(EngineError::model(
                    &node.id,
                    "exclusive gateway: no outgoing sequence flow condition holds and there is no default flow",
                ))
            }
        }
    }
    end_activity(run, execution);
    run.agenda.push_back(Operation::Take { execution, flows });
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::scenario::{seq, when, Scenario};

    fn body() -> String {
        [
            r#"<startEvent id="s"/><exclusiveGateway id="gw" default="fc"/><userTask id="a"/><userTask id="b"/><userTask id="c"/>"#.to_string(),
            seq("f0", "s", "gw"),
            when("fa", "gw", "a", "${x > 1}"),
            when("fb", "gw", "b", "${x > 0}"),
            seq("fc", "gw", "c"),
        ]
        .concat()
    }

    #[test]
    fn first_true_condition_in_document_order_wins() {
        assert_eq!(Scenario::start(&body(), json!({"x": 5})).open(), vec!["a"]);
        assert_eq!(Scenario::start(&body(), json!({"x": 1})).open(), vec!["b"]);
    }

    #[test]
    fn default_flow_when_nothing_holds() {
        assert_eq!(Scenario::start(&body(), json!({"x": 0})).open(), vec!["c"]);
    }

    #[test]
    fn no_flow_and_no_default_names_the_gateway() {
        let body = [
            r#"<startEvent id="s"/><exclusiveGateway id="gw"/><userTask id="a"/>"#.to_string(),
            seq("f0", "s", "gw"),
            when("fa", "gw", "a", "${x > 1}"),
        ]
        .concat();
        let err = Scenario::try_start(&body, json!({"x": 0}), Default::default())
            .err()
            .expect("fails");
        assert!(err.to_string().contains("'gw'"), "{err}");
    }
}
