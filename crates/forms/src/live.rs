//! What a form shows while someone fills it in: the values with every computed field, column
//! and total worked out, and the fields the rules hide. The browser runs this on each change;
//! it is the same computation [`Form::validate`] makes, so the total on the screen is the
//! total the server will store.

use std::collections::BTreeSet;

use serde_json::{Map, Value};
use woc_expr::Expression;

use crate::form::Form;
use crate::schema::Widget;
use crate::value;

/// A form's state for the values entered so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Live {
    /// Every value field (sub-table totals included), read into its widget's shape where it
    /// can be, computed values computed; a value that cannot be read yet stays as entered.
    pub values: Map<String, Value>,
    /// Keys of the fields and containers the rules (`visibleWhen`) hide now.
    pub hidden: BTreeSet<String>,
    /// Keys of the value fields that must be filled now (`required`, or `requiredWhen` true).
    pub required: BTreeSet<String>,
}

impl Form {
    /// The live state for `entered` (what the inputs hold now).
    pub fn live(&self, entered: &Map<String, Value>) -> Live {
        let mut values = Map::new();
        for slot in &self.slots {
            let sent = entered.get(&slot.key).unwrap_or(&Value::Null);
            let read = if slot.computed.is_some() {
                Value::Null
            } else if let Some(table) = &slot.table {
                match sent {
                    Value::Array(rows) => Value::Array(
                        rows.iter()
                            .map(|row| match row {
                                Value::Object(cells) => Value::Object(
                                    cells
                                        .iter()
                                        .map(|(k, v)| {
                                            let kind = table
                                                .columns
                                                .iter()
                                                .find(|c| &c.key == k)
                                                .map(|c| c.kind);
                                            let v = kind
                                                .and_then(|kind| value::coerce(kind, v).ok())
                                                .unwrap_or_else(|| v.clone());
                                            (k.clone(), v)
                                        })
                                        .collect(),
                                ),
                                other => other.clone(),
                            })
                            .collect(),
                    ),
                    _ => Value::Array(Vec::new()),
                }
            } else {
                value::coerce(slot.kind, sent).unwrap_or_else(|_| sent.clone())
            };
            values.insert(slot.key.clone(), read);
        }
        for key in self.totals.keys() {
            values.insert(key.clone(), Value::Null);
        }
        self.compute(&mut values);

        let mut hidden = BTreeSet::new();
        let mut dropped = false;
        for slot in &self.slots {
            let shown = slot
                .visible
                .iter()
                .all(|&id| self.exprs[id].evaluate_bool(&values).unwrap_or(true));
            if !shown {
                hidden.insert(slot.key.clone());
                // As on the server: a hidden field the user could edit loses its value.
                if !slot.field.disabled {
                    if let Some(v) = values.get_mut(&slot.key) {
                        dropped |= !v.is_null();
                        *v = Value::Null;
                    }
                }
            }
        }
        if dropped {
            self.compute(&mut values);
        }
        let required = self
            .slots
            .iter()
            .filter(|slot| {
                slot.field.required
                    || slot
                        .required_when
                        .is_some_and(|id| self.exprs[id].evaluate_bool(&values).unwrap_or(false))
            })
            .map(|slot| slot.key.clone())
            .collect();
        // Containers, static texts and dividers hold no value and are not indexed; they are
        // few, so their rules are parsed here (checked when the schema was).
        for field in self.schema().walk() {
            if field.widget.value_kind().is_some() || matches!(field.widget, Widget::SubTable(_)) {
                continue;
            }
            let Some(rule) = &field.visible_when else {
                continue;
            };
            if let Ok(rule) = Expression::parse(rule) {
                if !rule.evaluate_bool(&values).unwrap_or(true) {
                    hidden.insert(field.key.clone());
                }
            }
        }
        Live {
            values,
            hidden,
            required,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::parse;

    #[test]
    fn computes_and_hides_as_the_server_does() {
        let form = parse(
            r#"{"fields": [
              {"key": "kind", "type": "radio", "label": "K",
               "options": [{"label": "a", "value": "free"}, {"label": "b", "value": "paid"}]},
              {"key": "paidBox", "type": "group", "label": "收费", "visibleWhen": "${kind == 'paid'}",
               "fields": [{"key": "price", "type": "amount", "label": "单价"}]},
              {"key": "qty", "type": "number", "label": "数量"},
              {"key": "total", "type": "amount", "label": "总价", "computed": "${price * qty}"}
            ]}"#,
        )
        .unwrap();
        let paid = json!({"kind": "paid", "price": "2.5", "qty": "4"});
        let live = form.live(paid.as_object().unwrap());
        assert_eq!(live.values["total"], json!(10));
        assert!(live.hidden.is_empty(), "{:?}", live.hidden);
        let free = json!({"kind": "free", "price": "2.5", "qty": "4"});
        let live = form.live(free.as_object().unwrap());
        assert!(live.hidden.contains("paidBox") && live.hidden.contains("price"));
        assert_eq!(live.values["price"], json!(null));
        let clean = form
            .validate(free.as_object().unwrap(), &crate::Context::new())
            .unwrap();
        assert_eq!(clean["total"], live.values["total"]);
    }
}
