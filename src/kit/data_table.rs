//! Tables of records: columns with optional sorting through the URL, row actions, selection,
//! tree indentation and an empty state. At phone width each row becomes a card whose cells
//! show their column's name, so nothing is squeezed into one-character columns.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{common, use_locale, Text};
use crate::kit::confirm_button::ConfirmButton;
use crate::kit::list_query::{list_href, ListQuery};
use crate::system::tree_order;

type Cell<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;

/// One column: its heading, how a row shows in it, and optionally the key it sorts by.
pub struct Column<T> {
    label: Text,
    cell: Cell<T>,
    sort: Option<&'static str>,
    class: &'static str,
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        Column {
            label: self.label,
            cell: Arc::clone(&self.cell),
            sort: self.sort,
            class: self.class,
        }
    }
}

impl<T: 'static> Column<T> {
    /// A column showing `cell` of each row.
    pub fn new<V: IntoView + 'static>(
        label: Text,
        cell: impl Fn(&T) -> V + Send + Sync + 'static,
    ) -> Self {
        Column {
            label,
            cell: Arc::new(move |row| cell(row).into_any()),
            sort: None,
            class: "",
        }
    }

    /// A column of plain text.
    pub fn text(label: Text, text: impl Fn(&T) -> String + Send + Sync + 'static) -> Self {
        Column::new(label, text)
    }

    /// Sortable by `key`, the name the list's server function knows the column by.
    pub fn sort(mut self, key: &'static str) -> Self {
        self.sort = Some(key);
        self
    }

    /// A CSS class for the column's cells: `nowrap` (dates, codes), `wrap` (long lists).
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }
}

/// What the row-actions column shows for a row (edit, delete, ...).
pub type RowActions<T> = Arc<dyn Fn(&T) -> AnyView + Send + Sync>;

/// The usual row actions of a record: 编辑 (opens its dialog) and 删除 (asks once, then
/// deletes). `name` names the record to screen readers ("删除 研发部").
pub fn edit_delete<T, E, D>(name: fn(&T) -> String, on_edit: E, on_delete: D) -> RowActions<T>
where
    T: Clone + Send + Sync + 'static,
    E: Fn(&T) + Copy + Send + Sync + 'static,
    D: Fn(&T) + Copy + Send + Sync + 'static,
{
    Arc::new(move |row: &T| {
        let t = use_locale();
        let for_edit = row.clone();
        let for_delete = row.clone();
        view! {
            <button type="button" class="link-button" on:click=move |_| on_edit(&for_edit)>
                {move || common::ACT_EDIT.of(t.get())}
            </button>
            <ConfirmButton
                label=common::ACT_DELETE
                question=common::CONFIRM_DELETE
                subject=name(row)
                on_confirm=Callback::new(move |()| on_delete(&for_delete))
            />
        }
        .into_any()
    })
}

/// Selection of rows by key, for actions on several rows at once.
pub struct Selection<T> {
    /// The selected keys.
    pub selected: RwSignal<BTreeSet<String>>,
    /// A row's key.
    pub key: fn(&T) -> String,
    /// How a row is named to screen readers ("select zhangsan").
    pub name: fn(&T) -> String,
}

impl<T> Clone for Selection<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Selection<T> {}

/// A table of `rows`. `caption` names it for screen readers; with `query`, sortable
/// columns link to the list sorted by them.
#[component]
pub fn DataTable<T>(
    /// The rows, in order.
    rows: Vec<T>,
    /// The columns, left to right.
    columns: Vec<Column<T>>,
    /// Names the table.
    caption: Text,
    /// The row actions column.
    #[prop(optional)]
    actions: Option<RowActions<T>>,
    /// The list query the sort links start from.
    #[prop(optional)]
    query: Option<Memo<ListQuery>>,
    /// Indents the first column by each row's depth in a tree.
    #[prop(optional)]
    depth: Option<fn(&T) -> usize>,
    /// Checkboxes to select rows.
    #[prop(optional)]
    selection: Option<Selection<T>>,
    /// Shown instead of rows when there are none.
    #[prop(default = common::EMPTY_LIST)]
    empty: Text,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    let t = use_locale();
    let span = columns.len() + usize::from(actions.is_some()) + usize::from(selection.is_some());
    let row_keys: Vec<String> = selection
        .map(|s| rows.iter().map(s.key).collect())
        .unwrap_or_default();
    let head_select = selection.map(|s| {
        let keys = row_keys.clone();
        let all_keys = row_keys.clone();
        let all =
            move || !keys.is_empty() && s.selected.with(|set| keys.iter().all(|k| set.contains(k)));
        view! {
            <th scope="col" class="select">
                <input
                    type="checkbox"
                    aria-label=move || common::SELECT_ALL.of(t.get())
                    prop:checked=all
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        s.selected.update(|set| {
                            for k in &all_keys {
                                if on { set.insert(k.clone()); } else { set.remove(k); }
                            }
                        });
                    }
                />
            </th>
        }
    });
    let heads = columns
        .iter()
        .map(|c| {
            let label = c.label;
            let class = c.class;
            match (c.sort, query) {
                (Some(key), Some(query)) => {
                    let state = move || {
                        query.with(|q| match &q.sort {
                            Some(s) if s.key == key => Some(s.descending),
                            _ => None,
                        })
                    };
                    view! {
                        <th
                            scope="col"
                            class=class
                            aria-sort=move || match state() {
                                Some(true) => "descending",
                                Some(false) => "ascending",
                                None => "none",
                            }
                        >
                            <A href=move || list_href(&query.get().sorted_by(key)) attr:class="sort-link">
                                {move || label.of(t.get())}
                                <span class="sort-mark" aria-hidden="true">
                                    {move || match state() {
                                        Some(true) => "▼",
                                        Some(false) => "▲",
                                        None => "↕",
                                    }}
                                </span>
                            </A>
                        </th>
                    }
                        .into_any()
                }
                _ => view! { <th scope="col" class=class>{move || label.of(t.get())}</th> }.into_any(),
            }
        })
        .collect_view();
    let actions_head = actions.is_some().then(
        || view! { <th scope="col" class="actions">{move || common::COL_ACTIONS.of(t.get())}</th> },
    );
    let body = if rows.is_empty() {
        view! {
            <tr class="empty">
                <td colspan=span.to_string() class="empty-row">{move || empty.of(t.get())}</td>
            </tr>
        }
        .into_any()
    } else {
        rows.into_iter()
            .map(|row| {
                let select = selection.map(|s| {
                    let key = (s.key)(&row);
                    let name = (s.name)(&row);
                    let checked_key = key.clone();
                    view! {
                        <td class="select" role="cell">
                            <input
                                type="checkbox"
                                aria-label=move || format!("{} {}", common::SELECT.of(t.get()), name)
                                prop:checked=move || s.selected.with(|set| set.contains(&checked_key))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let key = key.clone();
                                    s.selected.update(|set| {
                                        if on { set.insert(key); } else { set.remove(&key); }
                                    });
                                }
                            />
                        </td>
                    }
                });
                let level = depth.map(|d| d(&row)).unwrap_or(0);
                let cells = columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let label = c.label;
                        let content = (c.cell)(&row);
                        let content = if i == 0 && depth.is_some() {
                            view! {
                                <span class="tree-name" style=format!("--depth: {level}")>
                                    {(level > 0).then_some(view! { <span class="tree-branch" aria-hidden="true">"└"</span> })}
                                    {content}
                                </span>
                            }
                                .into_any()
                        } else {
                            content
                        };
                        // The column's name, shown before the value when rows are cards
                        // (phone width); hidden from screen readers, which have the header.
                        view! {
                            <td class=c.class role="cell">
                                <span class="cell-label" aria-hidden="true">{move || label.of(t.get())}</span>
                                <span class="cell-value">{content}</span>
                            </td>
                        }
                    })
                    .collect_view();
                let row_actions = actions.as_ref().map(|a| {
                    let content = a(&row);
                    view! {
                        <td class="actions" role="cell">{content}</td>
                    }
                });
                view! { <tr role="row">{select}{cells}{row_actions}</tr> }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="table-wrap">
            // Explicit roles: the card layout at phone width changes the cells' display, which
            // can drop a table's semantics in some browsers.
            <table class="data-table" role="table" aria-label=move || caption.of(t.get())>
                <thead role="rowgroup">
                    <tr role="row">{head_select}{heads}{actions_head}</tr>
                </thead>
                <tbody role="rowgroup">{body}</tbody>
            </table>
        </div>
    }
}

/// A [`DataTable`] of a tree: `rows` in any order, shown each parent before its children with
/// the first cell indented by depth; a row whose parent is missing shows at the top. Columns
/// and actions see each row with its depth.
#[component]
pub fn TreeTable<T>(
    /// The nodes, in any order.
    rows: Vec<T>,
    /// A node's key.
    id: fn(&T) -> i64,
    /// The key of a node's parent; `None` at the top.
    parent: fn(&T) -> Option<i64>,
    /// The columns, left to right.
    columns: Vec<Column<(usize, T)>>,
    /// Names the table.
    caption: Text,
    /// The row actions column.
    actions: RowActions<(usize, T)>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
{
    view! {
        <DataTable
            rows=tree_order(&rows, id, parent)
            columns
            caption
            actions
            depth=|(depth, _)| *depth
        />
    }
}
