//! The activity lifecycle of each execution, checked as events are emitted (after Zeebe's
//! `ProcessInstanceLifecycle`): an execution starts an activity, ends that same activity, and
//! is removed only between activities. A command that would break this fails instead of
//! committing an inconsistent history.

use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;

use crate::event::EventKind;
use crate::instance::{ExecutionId, ProcessInstance};

/// Open activities per execution, and the first broken transition seen.
#[derive(Debug, Default)]
pub(crate) struct Lifecycle {
    open: HashMap<ExecutionId, Arc<str>>,
    violation: Option<String>,
}

impl Lifecycle {
    /// The lifecycle of a loaded instance: every token at a node is inside that activity
    /// (multi-instance bodies are bookkeeping and never start one).
    pub fn of(state: &ProcessInstance) -> Lifecycle {
        let open = state
            .executions
            .values()
            .filter(|e| e.multi_instance.is_none())
            .filter_map(|e| Some((e.id, e.node.clone()?)))
            .collect();
        Lifecycle {
            open,
            violation: None,
        }
    }

    /// Checks one event's transition.
    pub fn observe(&mut self, event: &EventKind) {
        let problem = match event {
            EventKind::ActivityStarted {
                execution, node, ..
            } => self.open.insert(*execution, node.clone()).map(|previous| {
                format!("execution {execution} entered '{node}' while still in '{previous}'")
            }),
            EventKind::ActivityEnded {
                execution, node, ..
            } => match self.open.remove(execution) {
                Some(started) if &started == node => None,
                Some(started) => Some(format!(
                    "execution {execution} ended '{node}' while in '{started}'"
                )),
                None => Some(format!(
                    "execution {execution} ended '{node}' without entering it"
                )),
            },
            EventKind::ExecutionRemoved { execution } => self
                .open
                .remove(execution)
                .map(|node| format!("execution {execution} was removed while in '{node}'")),
            _ => None,
        };
        if self.violation.is_none() {
            self.violation = problem;
        }
    }

    /// The first broken transition, if any.
    pub fn violation(&self) -> Option<&str> {
        self.violation.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn started(execution: ExecutionId, node: &str) -> EventKind {
        EventKind::ActivityStarted {
            execution,
            node: node.into(),
            element: "userTask".into(),
            via: None,
        }
    }

    fn ended(execution: ExecutionId, node: &str) -> EventKind {
        EventKind::ActivityEnded {
            execution,
            node: node.into(),
            element: "userTask".into(),
            completed: true,
        }
    }

    #[test]
    fn accepts_start_end_remove() {
        let mut l = Lifecycle::default();
        for e in [
            started(1, "a"),
            ended(1, "a"),
            started(1, "b"),
            ended(1, "b"),
        ] {
            l.observe(&e);
        }
        l.observe(&EventKind::ExecutionRemoved { execution: 1 });
        assert_eq!(l.violation(), None);
    }

    #[test]
    fn refuses_double_ends_and_removal_inside_an_activity() {
        let mut l = Lifecycle::default();
        l.observe(&started(1, "a"));
        l.observe(&ended(1, "a"));
        l.observe(&ended(1, "a"));
        assert!(l
            .violation()
            .is_some_and(|v| v.contains("without entering")));
        let mut l = Lifecycle::default();
        l.observe(&started(2, "a"));
        l.observe(&EventKind::ExecutionRemoved { execution: 2 });
        assert!(l.violation().is_some());
    }
}
