//! Undo and redo for the designer: whole schemas before each change (a 200-field schema is a
//! few tens of kilobytes; cloning one takes microseconds), so undoing is never a computed
//! inverse that could be wrong. Typing in one property of one field is one step, not one
//! step per key.

use woc_forms::FormSchema;

/// How many steps are kept; older ones are forgotten.
const LIMIT: usize = 200;

/// The schemas before (undo) and after (redo) the current one.
#[derive(Debug, Default)]
pub struct History {
    past: Vec<FormSchema>,
    future: Vec<FormSchema>,
    /// What the last change was (`field key + property`), so typing on merges into it.
    last: Option<String>,
}

impl History {
    /// Records that `before` was replaced. A change with the same `merge` tag as the one
    /// before it (the next keystroke in the same property) joins that step.
    pub fn record(&mut self, before: FormSchema, merge: Option<String>) {
        self.future.clear();
        if merge.is_some() && merge == self.last {
            return;
        }
        self.last = merge;
        self.past.push(before);
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
    }

    /// The schema to go back to, given the current one (kept for redo).
    pub fn undo(&mut self, current: FormSchema) -> Option<FormSchema> {
        let previous = self.past.pop()?;
        self.future.push(current);
        self.last = None;
        Some(previous)
    }

    /// The schema to go forward to, given the current one (kept for undo).
    pub fn redo(&mut self, current: FormSchema) -> Option<FormSchema> {
        let next = self.future.pop()?;
        self.past.push(current);
        self.last = None;
        Some(next)
    }

    /// Whether there is something to undo.
    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    /// Whether there is something to redo.
    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// Ends the current merge, so the next change is a step of its own (focus left a
    /// property, another field was chosen).
    pub fn seal(&mut self) {
        self.last = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use woc_forms::{Field, Widget};

    fn with(labels: &[&str]) -> FormSchema {
        let mut schema = FormSchema::default();
        for (i, label) in labels.iter().enumerate() {
            schema
                .fields
                .push(Field::new(format!("f{i}"), Widget::Input).label(*label));
        }
        schema
    }

    #[test]
    fn typing_in_one_property_is_one_step_and_redo_is_lost_after_a_new_change() {
        let mut history = History::default();
        history.record(with(&[]), None);
        history.record(with(&["a"]), Some("f0:label".into()));
        history.record(with(&["ab"]), Some("f0:label".into()));
        assert!(history.can_undo());
        let back = history.undo(with(&["abc"])).unwrap();
        assert_eq!(back, with(&["a"]), "the whole typing is undone at once");
        let back = history.undo(back).unwrap();
        assert_eq!(back, with(&[]));
        assert!(!history.can_undo());
        let forward = history.redo(back).unwrap();
        assert_eq!(forward, with(&["a"]));
        assert!(history.can_redo());
        history.record(forward, None);
        assert!(
            !history.can_redo(),
            "a new change drops what could be redone"
        );
    }

    #[test]
    fn a_sealed_step_does_not_merge_and_the_oldest_steps_are_forgotten() {
        let mut history = History::default();
        history.record(with(&["a"]), Some("f0:label".into()));
        history.seal();
        history.record(with(&["b"]), Some("f0:label".into()));
        assert_eq!(history.undo(with(&["c"])), Some(with(&["b"])));
        assert_eq!(history.undo(with(&["b"])), Some(with(&["a"])));
        let mut long = History::default();
        for i in 0..(LIMIT + 10) {
            long.record(with(&[&i.to_string()]), None);
        }
        let mut steps = 0;
        let mut current = with(&[]);
        while let Some(previous) = long.undo(current.clone()) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, LIMIT);
        assert_eq!(current, with(&["10"]));
    }
}
