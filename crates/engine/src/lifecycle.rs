//! The activity lifecycle of each execution, checked as events are emitted (after Zeebe's
//! `ProcessInstanceLifecycle`): an execution starts an activity, ends that same activity, and
//! is removed only between activities. A command that would break this fails instead of
//! committing an inconsistent history.

use std::sync::Arc;

use crate::event::EventKind;
use crate::instance::{ExecutionId, ProcessInstance};

/// Open activities per execution, and the first broken transition seen.
#[derive(Debug, Default)]
pub(crate) struct Lifecycle {
    /// (execution, node) sorted by execution: a command sees a handful of executions, for
    /// which a binary search beats hashing and needs no table per command; new executions
    /// have the highest ids, so they are appended. (At most a multi-instance's 1,000.)
    open: Vec<(ExecutionId, Arc<str>)>,
    violation: Option<String>,
}

impl Lifecycle {
    /// The lifecycle of a loaded instance: every token at a node is inside that activity
    /// (multi-instance bodies are bookkeeping and never start one).
    pub fn of(state: &ProcessInstance) -> Lifecycle {
        // In execution id order already: the executions are a BTreeMap by id.
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

    /// Marks `execution` as inside `node`; the activity it was still inside, if any.
    fn enter(&mut self, execution: ExecutionId, node: Arc<str>) -> Option<Arc<str>> {
        match self.open.binary_search_by_key(&execution, |(id, _)| *id) {
            Ok(i) => Some(std::mem::replace(&mut self.open[i].1, node)),
            Err(i) => {
                self.open.insert(i, (execution, node));
                None
            }
        }
    }

    /// Marks `execution` as between activities; the one it was inside, if any.
    fn leave(&mut self, execution: ExecutionId) -> Option<Arc<str>> {
        let i = self
            .open
            .binary_search_by_key(&execution, |(id, _)| *id)
            .ok()?;
        Some(self.open.remove(i).1)
    }

    /// Checks one event's transition.
    pub fn observe(&mut self, event: &EventKind) {
        let problem = match event {
            EventKind::ActivityStarted {
                execution, node, ..
            } => self.enter(*execution, node.clone()).map(|previous| {
                format!("execution {execution} entered '{node}' while still in '{previous}'")
            }),
            EventKind::ActivityEnded {
                execution, node, ..
            } => match self.leave(*execution) {
                Some(started) if &started == node => None,
                Some(started) => Some(format!(
                    "execution {execution} ended '{node}' while in '{started}'"
                )),
                None => Some(format!(
                    "execution {execution} ended '{node}' without entering it"
                )),
            },
            EventKind::ExecutionRemoved { execution } => self
                .leave(*execution)
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

    #[test]
    fn executions_in_any_order_are_tracked_apart() {
        let mut l = Lifecycle::default();
        for e in [started(9, "c"), started(2, "a"), started(5, "b")] {
            l.observe(&e);
        }
        for e in [ended(5, "b"), ended(9, "c"), started(5, "d"), ended(2, "a")] {
            l.observe(&e);
        }
        assert_eq!(l.violation(), None);
        assert_eq!(l.open, vec![(5, "d".into())]);
        l.observe(&started(5, "e"));
        assert!(l.violation().is_some_and(|v| v.contains("still in 'd'")));
    }
}
