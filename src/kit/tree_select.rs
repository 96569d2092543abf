//! Choosing a node of a tree (a department, a parent category) from a select whose options
//! are indented by depth; a node being edited cannot choose itself or its descendants.

use leptos::prelude::*;

use crate::i18n::{common, use_locale};
use crate::system::tree_order;

/// One choice: value, label, depth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeOption {
    /// The option's value (the node's id).
    pub value: String,
    /// What the option shows.
    pub label: String,
    /// Depth in the tree, 0 for roots.
    pub depth: usize,
}

/// A node's key as the tree select holds it: the number, or empty for none (the top).
pub fn key_text(key: Option<i64>) -> String {
    key.map(|k| k.to_string()).unwrap_or_default()
}

/// The nodes of `rows` in tree order, leaving out `skip` and everything under it.
pub fn tree_options<T: Clone>(
    rows: &[T],
    id: impl Fn(&T) -> i64,
    parent: impl Fn(&T) -> Option<i64>,
    label: impl Fn(&T) -> String,
    skip: Option<i64>,
) -> Vec<TreeOption> {
    let mut out = Vec::new();
    let mut skipping_below: Option<usize> = None;
    for (depth, row) in tree_order(rows, &id, &parent) {
        if let Some(d) = skipping_below {
            if depth > d {
                continue;
            }
            skipping_below = None;
        }
        if Some(id(&row)) == skip {
            skipping_below = Some(depth);
            continue;
        }
        out.push(TreeOption {
            value: id(&row).to_string(),
            label: label(&row),
            depth,
        });
    }
    out
}

/// A select of tree nodes bound to `value` (the empty string is "none").
#[component]
pub fn TreeSelect(
    /// The element id (the field's label points at it).
    id: String,
    /// The chosen node's value.
    value: RwSignal<String>,
    /// The choices, in tree order.
    #[prop(into)]
    options: Signal<Vec<TreeOption>>,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <select id=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
            <option value="">{move || common::NONE_OPTION.of(t.get())}</option>
            {move || {
                let chosen = value.get_untracked();
                options
                    .get()
                    .into_iter()
                    .map(|o| {
                        let selected = o.value == chosen;
                        view! {
                            <option value=o.value selected=selected>
                                {format!("{}{}", "　".repeat(o.depth), o.label)}
                            </option>
                        }
                    })
                    .collect_view()
            }}
        </select>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_cannot_choose_itself_or_its_descendants() {
        // 1 ─ 2 ─ 3, 1 ─ 4
        let rows = vec![(1, None), (2, Some(1)), (3, Some(2)), (4, Some(1))];
        let options = |skip| {
            tree_options(
                &rows,
                |r: &(i64, Option<i64>)| r.0,
                |r| r.1,
                |r| r.0.to_string(),
                skip,
            )
            .into_iter()
            .map(|o| (o.value, o.depth))
            .collect::<Vec<_>>()
        };
        assert_eq!(
            options(None),
            vec![
                ("1".into(), 0),
                ("2".into(), 1),
                ("3".into(), 2),
                ("4".into(), 1)
            ]
        );
        assert_eq!(options(Some(2)), vec![("1".into(), 0), ("4".into(), 1)]);
        assert!(options(Some(1)).is_empty());
    }
}
