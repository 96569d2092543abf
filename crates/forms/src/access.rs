//! What the assignee of one process node may do with each field: edit it, read it, or not
//! see it at all. Kept with the process version, per user task.
//!
//! A container's access applies to everything inside it, and the most restrictive access on
//! the way down wins (a read-only group makes its fields read-only even if they are listed as
//! editable). A sub-table's columns follow their sub-table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::check::{SchemaProblem, SchemaProblemKind};
use crate::schema::{Column, Field, FormSchema, Tab, Widget};

/// What the current node's assignee may do with one field.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Shown and editable (every field not listed).
    #[default]
    Editable,
    /// Shown, not editable: a submission keeps the previous value and refuses a change.
    ReadOnly,
    /// Neither shown nor sent to the browser; a submission keeps the previous value and
    /// refuses a change.
    Hidden,
}

/// Access per field key for one node: `{"amount": "read_only", "cost": "hidden"}`; keys not
/// listed are editable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FieldAccess {
    fields: BTreeMap<String, Access>,
}

impl FieldAccess {
    /// Everything editable.
    pub fn new() -> FieldAccess {
        FieldAccess::default()
    }

    /// Sets the access of `key` (builder style).
    pub fn with(mut self, key: impl Into<String>, access: Access) -> FieldAccess {
        self.set(key, access);
        self
    }

    /// Sets the access of `key`; `Editable` removes the entry.
    pub fn set(&mut self, key: impl Into<String>, access: Access) {
        let key = key.into();
        if access == Access::Editable {
            self.fields.remove(&key);
        } else {
            self.fields.insert(key, access);
        }
    }

    /// The access listed for `key` itself (not counting its containers).
    pub fn get(&self, key: &str) -> Access {
        self.fields.get(key).copied().unwrap_or_default()
    }

    /// Whether every field is editable.
    pub fn is_all_editable(&self) -> bool {
        self.fields.is_empty()
    }

    /// The entries that are not editable, by key.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Access)> {
        self.fields.iter().map(|(k, a)| (k.as_str(), *a))
    }

    /// The access of a field inside the containers `chain` (outermost first): the most
    /// restrictive of theirs and its own.
    pub fn effective(&self, chain: &[String], key: &str) -> Access {
        if self.fields.is_empty() {
            return Access::Editable;
        }
        chain
            .iter()
            .map(|c| self.get(c))
            .chain(std::iter::once(self.get(key)))
            .max()
            .unwrap_or_default()
    }

    /// Checks the entries against the form: each must name a field of it, and not a
    /// sub-table's column (columns follow their sub-table). Problems are at the entry's key.
    pub fn check(&self, schema: &FormSchema) -> Vec<SchemaProblem> {
        let mut columns = Vec::new();
        for field in schema.walk() {
            if let Widget::SubTable(table) = &field.widget {
                columns.extend(table.fields.iter().map(|c| c.key.as_str()));
            }
        }
        let all = schema.walk();
        self.fields
            .keys()
            .filter_map(|key| {
                let problem = if columns.contains(&key.as_str()) {
                    SchemaProblemKind::NotApplicable {
                        property: "access".into(),
                        widget: "sub_table column".into(),
                    }
                } else if all.iter().any(|f| &f.key == key) {
                    return None;
                } else {
                    SchemaProblemKind::UnknownField { key: key.clone() }
                };
                Some(SchemaProblem {
                    path: key.clone(),
                    problem,
                })
            })
            .collect()
    }

    /// The schema as the node's assignee may see it: hidden fields (and everything inside a
    /// hidden container) removed.
    pub fn visible_schema(&self, schema: &FormSchema) -> FormSchema {
        let mut out = schema.clone();
        out.fields = self.strip_fields(&schema.fields);
        out
    }

    /// The values the node's assignee may see: values of hidden fields (and of every field
    /// inside a hidden container, and a hidden sub-table's totals) removed.
    pub fn visible_values(
        &self,
        schema: &FormSchema,
        values: &Map<String, Value>,
    ) -> Map<String, Value> {
        if self.fields.is_empty() {
            return values.clone();
        }
        let mut hidden = Vec::new();
        self.hidden_keys(&schema.fields, false, &mut hidden);
        values
            .iter()
            .filter(|(k, _)| !hidden.contains(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    fn hidden_keys(&self, fields: &[Field], inside_hidden: bool, out: &mut Vec<String>) {
        for field in fields {
            let hidden = inside_hidden || self.get(&field.key) == Access::Hidden;
            if hidden {
                out.push(field.key.clone());
                if matches!(field.widget, Widget::SubTable(_)) {
                    out.push(format!("{}{}", field.key, crate::schema::TOTAL_SUFFIX));
                }
            }
            if field.widget.is_container() {
                for children in field.widget.children() {
                    self.hidden_keys(children, hidden, out);
                }
            }
        }
    }

    fn strip_fields(&self, fields: &[Field]) -> Vec<Field> {
        fields
            .iter()
            .filter(|f| self.get(&f.key) != Access::Hidden)
            .map(|f| {
                let mut f = f.clone();
                match &mut f.widget {
                    Widget::Grid { columns } => {
                        *columns = columns
                            .iter()
                            .map(|c| Column {
                                span: c.span,
                                fields: self.strip_fields(&c.fields),
                            })
                            .collect();
                    }
                    Widget::Tabs { tabs } => {
                        *tabs = tabs
                            .iter()
                            .map(|t| Tab {
                                label: t.label.clone(),
                                fields: self.strip_fields(&t.fields),
                            })
                            .collect();
                    }
                    Widget::Group { fields, .. } => *fields = self.strip_fields(fields),
                    _ => {}
                }
                f
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn schema() -> FormSchema {
        serde_json::from_value(json!({
            "fields": [
                {"key": "title", "type": "input"},
                {"key": "cost", "type": "amount"},
                {"key": "box", "type": "group", "fields": [
                    {"key": "inner", "type": "input"},
                    {"key": "lines", "type": "sub_table", "maxRows": 5, "totalOf": ["qty"], "fields": [
                        {"key": "qty", "type": "number"}
                    ]}
                ]}
            ]
        }))
        .unwrap()
    }

    #[test]
    fn hidden_fields_leave_the_schema_and_the_values() {
        let access = FieldAccess::new()
            .with("cost", Access::Hidden)
            .with("box", Access::Hidden);
        let visible = access.visible_schema(&schema());
        let keys: Vec<_> = visible.walk().iter().map(|f| f.key.clone()).collect();
        assert_eq!(keys, ["title"]);
        let values =
            json!({"title": "t", "cost": 5, "inner": "i", "lines": [], "lines_total": {"qty": 0}});
        let seen = access.visible_values(&schema(), values.as_object().unwrap());
        assert_eq!(Value::Object(seen), json!({"title": "t"}));
    }

    #[test]
    fn entries_must_name_fields_of_the_form() {
        let access = FieldAccess::new()
            .with("cost", Access::Hidden)
            .with("qty", Access::ReadOnly)
            .with("gone", Access::Hidden);
        let problems = access.check(&schema());
        let found: Vec<_> = problems
            .iter()
            .map(|p| (p.path.as_str(), &p.problem))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "gone",
                    &SchemaProblemKind::UnknownField { key: "gone".into() }
                ),
                (
                    "qty",
                    &SchemaProblemKind::NotApplicable {
                        property: "access".into(),
                        widget: "sub_table column".into()
                    }
                ),
            ]
        );
    }

    #[test]
    fn the_most_restrictive_access_on_the_way_down_wins() {
        let access = FieldAccess::new()
            .with("box", Access::ReadOnly)
            .with("inner", Access::Editable);
        assert_eq!(access.effective(&["box".into()], "inner"), Access::ReadOnly);
        assert_eq!(access.effective(&[], "title"), Access::Editable);
        let json = serde_json::to_value(&access).unwrap();
        assert_eq!(json, json!({"box": "read_only"}));
        assert_eq!(serde_json::from_value::<FieldAccess>(json).unwrap(), access);
    }
}
