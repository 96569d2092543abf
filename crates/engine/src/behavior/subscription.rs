//! Subscriptions: the messages, signals and conditions an execution waits for at a node, and
//! arming a node's trigger (a timer job or a subscription) from its event definition.

use woc_bpmn::EventDefinition;

use crate::error::EngineError;
use crate::event::EventKind;
use crate::instance::{ExecutionId, Subscription, SubscriptionKind};
use crate::run::Run;
use crate::timer;

/// The subscription an event definition opens: message and signal by name, a condition by
/// the node's id (the condition itself is read from the model when evaluated).
pub(crate) fn of(definition: &EventDefinition, node: &str) -> Option<(SubscriptionKind, String)> {
    match definition {
        EventDefinition::Message {
            message_name,
            message_ref,
        } => Some((
            SubscriptionKind::Message,
            message_name.clone().or_else(|| message_ref.clone())?,
        )),
        EventDefinition::Signal {
            signal_name,
            signal_ref,
            ..
        } => Some((
            SubscriptionKind::Signal,
            signal_name.clone().or_else(|| signal_ref.clone())?,
        )),
        EventDefinition::Conditional { .. } => {
            Some((SubscriptionKind::Conditional, node.to_string()))
        }
        _ => None,
    }
}

/// Opens a subscription. A new conditional subscription is evaluated once when the command's
/// agenda is idle (Camunda: a condition that already holds fires at once); `rearm` (a
/// non-interrupting event staying armed after it fired) waits for the next variable change
/// instead, or it would fire again and again on the same state.
pub(crate) fn subscribe(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &str,
    name: &str,
    kind: SubscriptionKind,
    rearm: bool,
) -> u64 {
    let id = run.next_sequence();
    run.emit(EventKind::SubscriptionCreated {
        subscription: Subscription {
            id,
            execution,
            node: node.to_string(),
            message: name.to_string(),
            kind,
        },
    });
    if kind == SubscriptionKind::Conditional && !rearm {
        run.fresh_conditions.push(id);
    }
    id
}

/// Arms `definition` of `node` for `execution`: a timer job, or a message, signal or
/// conditional subscription. Other definitions (error, none) are found when they happen.
pub(crate) fn arm(
    run: &mut Run<'_>,
    execution: ExecutionId,
    node: &str,
    definition: &EventDefinition,
) -> Result<(), EngineError> {
    if let EventDefinition::Timer(Some(t)) = definition {
        timer::schedule(run, execution, node, t)?;
    } else if let Some((kind, name)) = of(definition, node) {
        subscribe(run, execution, node, &name, kind, false);
    }
    Ok(())
}
