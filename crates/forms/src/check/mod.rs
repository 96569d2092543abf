//! Checking a schema: from JSON text (with size and depth limits) or from the types, to a
//! [`Form`] ready to validate submissions, or every [`SchemaProblem`] with its path.
//!
//! Checking and compiling are one pass: the expressions and patterns that are parsed to see
//! whether they are valid are the ones the form keeps, so a checked form never parses a rule
//! again while validating.

mod problem;
mod read;

pub use problem::{SchemaProblem, SchemaProblemKind};

use std::collections::{BTreeMap, BTreeSet};

use regex_lite::{Regex, RegexBuilder};
use serde_json::Value;
use woc_expr::Expression;

use crate::form::{Form, Slot, Step, Table};
use crate::schema::{
    Choice, Choices, Field, FormSchema, ValueKind, Widget, MAX_ROWS, TOTAL_SUFFIX,
};

/// Largest schema text accepted, in bytes: far above any form people fill in, far below what
/// would hurt the server.
pub const MAX_SCHEMA_BYTES: usize = 1024 * 1024;

/// Deepest nesting of containers (a grid in a tab in a group...).
pub const MAX_NESTING: usize = 8;

/// Most fields in one form, containers and sub-table columns included.
pub const MAX_FIELDS: usize = 2000;

/// Longest pattern accepted, in characters.
pub const MAX_PATTERN_CHARS: usize = 1000;

/// Compiled size limit of a pattern, in bytes.
const PATTERN_SIZE_LIMIT: usize = 256 * 1024;

/// Reads and checks a schema from JSON text: at most [`MAX_SCHEMA_BYTES`], nesting at most
/// [`MAX_NESTING`] containers. Answers the checked [`Form`] or every problem found.
pub fn parse(text: &str) -> Result<Form, Vec<SchemaProblem>> {
    check(read_text(text)?)
}

/// Reads a schema from JSON text without the semantic checks of [`check`].
pub(crate) fn read_text(text: &str) -> Result<FormSchema, Vec<SchemaProblem>> {
    let value = json_text(text)?;
    read_schema(&value)
}

/// Parses JSON text within the size limit (serde_json's own recursion limit, 128, bounds the
/// nesting of the text itself before any of it is read).
pub(crate) fn json_text(text: &str) -> Result<Value, Vec<SchemaProblem>> {
    if text.len() > MAX_SCHEMA_BYTES {
        return Err(vec![SchemaProblem {
            path: String::new(),
            problem: SchemaProblemKind::TooLarge {
                bytes: text.len(),
                max: MAX_SCHEMA_BYTES,
            },
        }]);
    }
    serde_json::from_str(text).map_err(|e| {
        vec![SchemaProblem {
            path: String::new(),
            problem: SchemaProblemKind::NotJson {
                detail: e.to_string(),
            },
        }]
    })
}

/// Reads a schema from a JSON value (structure only; [`check`] does the rest).
pub(crate) fn read_schema(value: &Value) -> Result<FormSchema, Vec<SchemaProblem>> {
    read::schema(value)
}

/// Checks a schema: keys (syntax, unique in the whole tree), which properties each widget
/// takes, options, bounds, patterns, expressions (they parse and name only the form's
/// fields), computed values (no circles) and defaults. Answers the checked [`Form`] or every
/// problem found.
pub fn check(schema: FormSchema) -> Result<Form, Vec<SchemaProblem>> {
    let mut c = Checker::default();
    c.collect_keys(&schema.fields, "fields", false);
    let mut slots = Vec::new();
    c.top_scope = c.top_keys.clone();
    c.fields(
        &schema.fields,
        "fields",
        &Vec::new(),
        &Vec::new(),
        &mut slots,
    );
    let plan = c.plan(&slots);
    if !c.problems.is_empty() {
        return Err(c.problems);
    }
    let form = Form::new(schema, slots, c.exprs, plan);
    let problems = form.check_defaults();
    if problems.is_empty() {
        Ok(form)
    } else {
        Err(problems)
    }
}

/// Whether `key` is a valid field key: `[A-Za-z_][A-Za-z0-9_]{0,63}`.
pub fn is_valid_key(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && key.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[derive(Default)]
struct Checker {
    problems: Vec<SchemaProblem>,
    /// Every key with the path of the field that has it first.
    seen: BTreeMap<String, String>,
    /// Keys of top-level values (fields outside sub-tables, and totals).
    top_keys: BTreeSet<String>,
    /// Columns of each sub-table, by the sub-table's key.
    columns: BTreeMap<String, BTreeSet<String>>,
    /// What rules outside sub-tables may name.
    top_scope: BTreeSet<String>,
    exprs: Vec<Expression>,
}

impl Checker {
    fn problem(&mut self, path: impl Into<String>, problem: SchemaProblemKind) {
        self.problems.push(SchemaProblem {
            path: path.into(),
            problem,
        });
    }

    /// First pass: keys, so rules may name fields that come after them.
    fn collect_keys(&mut self, fields: &[Field], path: &str, in_table: bool) {
        for (i, field) in fields.iter().enumerate() {
            let fp = format!("{path}[{i}]");
            let kp = format!("{fp}.key");
            if !is_valid_key(&field.key) {
                self.problem(
                    &kp,
                    SchemaProblemKind::BadKey {
                        key: field.key.clone(),
                    },
                );
            } else {
                self.claim(&field.key, &kp);
            }
            if field.holds_value() && !in_table {
                self.top_keys.insert(field.key.clone());
            }
            match &field.widget {
                Widget::SubTable(table) => {
                    self.collect_keys(&table.fields, &format!("{fp}.fields"), true);
                    let columns = table.fields.iter().map(|f| f.key.clone()).collect();
                    self.columns.insert(field.key.clone(), columns);
                    if !table.total_of.is_empty() {
                        let total = format!("{}{TOTAL_SUFFIX}", field.key);
                        self.claim(&total, &format!("{fp}.totalOf"));
                        self.top_keys.insert(total);
                    }
                }
                Widget::Grid { columns } => {
                    for (j, column) in columns.iter().enumerate() {
                        self.collect_keys(
                            &column.fields,
                            &format!("{fp}.columns[{j}].fields"),
                            in_table,
                        );
                    }
                }
                Widget::Tabs { tabs } => {
                    for (j, tab) in tabs.iter().enumerate() {
                        self.collect_keys(&tab.fields, &format!("{fp}.tabs[{j}].fields"), in_table);
                    }
                }
                Widget::Group { fields, .. } => {
                    self.collect_keys(fields, &format!("{fp}.fields"), in_table)
                }
                _ => {}
            }
        }
    }

    fn claim(&mut self, key: &str, path: &str) {
        if let Some(first) = self.seen.get(key) {
            let first = first.clone();
            self.problem(
                path,
                SchemaProblemKind::DuplicateKey {
                    key: key.to_string(),
                    first,
                },
            );
        } else {
            self.seen.insert(key.to_string(), path.to_string());
        }
    }

    /// Second pass: every other check, building the slots of value fields.
    fn fields(
        &mut self,
        fields: &[Field],
        path: &str,
        visible: &[usize],
        chain: &[String],
        slots: &mut Vec<Slot>,
    ) {
        for (i, field) in fields.iter().enumerate() {
            let fp = format!("{path}[{i}]");
            // Taken out and put back (not copied per field): `expression` needs the checker
            // mutably.
            let scope = std::mem::take(&mut self.top_scope);
            let mut own_visible = visible.to_vec();
            if let Some(rule) = &field.visible_when {
                if let Some(id) = self.expression(rule, &format!("{fp}.visibleWhen"), &scope) {
                    own_visible.push(id);
                }
            }
            self.top_scope = scope;
            self.common(field, &fp);
            if field.widget.is_container() {
                let mut inner_chain = chain.to_vec();
                inner_chain.push(field.key.clone());
                match &field.widget {
                    Widget::Grid { columns } => {
                        let total: u32 = columns.iter().map(|c| u32::from(c.span)).sum();
                        if total > 24 {
                            self.problem(
                                format!("{fp}.columns"),
                                SchemaProblemKind::ColumnsTooWide { total },
                            );
                        }
                        for (j, column) in columns.iter().enumerate() {
                            let cp = format!("{fp}.columns[{j}].fields");
                            self.fields(&column.fields, &cp, &own_visible, &inner_chain, slots);
                        }
                    }
                    Widget::Tabs { tabs } => {
                        for (j, tab) in tabs.iter().enumerate() {
                            let tp = format!("{fp}.tabs[{j}].fields");
                            self.fields(&tab.fields, &tp, &own_visible, &inner_chain, slots);
                        }
                    }
                    Widget::Group { fields, .. } => self.fields(
                        fields,
                        &format!("{fp}.fields"),
                        &own_visible,
                        &inner_chain,
                        slots,
                    ),
                    _ => {}
                }
                continue;
            }
            let Some(kind) = field.widget.value_kind() else {
                continue;
            };
            let scope = std::mem::take(&mut self.top_scope);
            let mut slot = self.slot(field, kind, &fp, &scope);
            self.top_scope = scope;
            slot.visible = own_visible;
            slot.chain = chain.to_vec();
            if let Widget::SubTable(table) = &field.widget {
                slot.table = Some(self.table(field, table, &fp));
            }
            slots.push(slot);
        }
    }

    /// Checks the properties every value field shares and makes its slot.
    fn slot(&mut self, field: &Field, kind: ValueKind, fp: &str, scope: &BTreeSet<String>) -> Slot {
        let required_when = field
            .required_when
            .as_ref()
            .and_then(|rule| self.expression(rule, &format!("{fp}.requiredWhen"), scope));
        let computed = field.computed.as_ref().and_then(|rule| {
            let path = format!("{fp}.computed");
            let id = self.expression(rule, &path, scope)?;
            if self.exprs[id].identifiers().contains(&field.key) {
                let keys = vec![field.key.clone()];
                self.problem(path, SchemaProblemKind::ComputedCycle { keys });
                return None;
            }
            Some(id)
        });
        let pattern = field
            .rules
            .pattern
            .as_ref()
            .and_then(|p| self.pattern(p, &format!("{fp}.rules.pattern")));
        Slot {
            key: field.key.clone(),
            path: fp.to_string(),
            field: without_children(field),
            kind,
            visible: Vec::new(),
            chain: Vec::new(),
            required_when,
            computed,
            pattern,
            table: None,
        }
    }

    fn table(&mut self, field: &Field, table: &crate::schema::SubTable, fp: &str) -> Table {
        if table.min_rows > table.max_rows {
            self.problem(
                format!("{fp}.minRows"),
                SchemaProblemKind::MinAboveMax {
                    min: f64::from(table.min_rows),
                    max: f64::from(table.max_rows),
                },
            );
        }
        if table.max_rows > MAX_ROWS {
            self.problem(
                format!("{fp}.maxRows"),
                SchemaProblemKind::OutOfRange {
                    value: f64::from(table.max_rows),
                    min: 0.0,
                    max: f64::from(MAX_ROWS),
                },
            );
        }
        let mut scope = self.top_scope.clone();
        scope.extend(self.columns.get(&field.key).cloned().unwrap_or_default());
        let mut columns = Vec::with_capacity(table.fields.len());
        for (j, column) in table.fields.iter().enumerate() {
            let cp = format!("{fp}.fields[{j}]");
            self.common(column, &cp);
            let kind = match column.widget.value_kind() {
                Some(ValueKind::Rows) | None => {
                    self.problem(
                        format!("{cp}.type"),
                        SchemaProblemKind::NotAColumn {
                            widget: column.widget.type_name().to_string(),
                        },
                    );
                    continue;
                }
                Some(kind) => kind,
            };
            if column.visible_when.is_some() {
                self.problem(
                    format!("{cp}.visibleWhen"),
                    SchemaProblemKind::NotApplicable {
                        property: "visibleWhen".into(),
                        widget: "sub_table column".into(),
                    },
                );
            }
            columns.push(self.slot(column, kind, &cp, &scope));
        }
        let mut totals = Vec::new();
        for (t, key) in table.total_of.iter().enumerate() {
            match columns.iter().position(|c| &c.key == key) {
                Some(index) if matches!(columns[index].kind, ValueKind::Number { .. }) => {
                    totals.push(index)
                }
                _ => self.problem(
                    format!("{fp}.totalOf[{t}]"),
                    SchemaProblemKind::NotANumberColumn { key: key.clone() },
                ),
            }
        }
        let order = self.column_order(&columns, fp);
        Table {
            columns,
            order,
            min_rows: table.min_rows,
            max_rows: table.max_rows,
            totals,
            total_key: format!("{}{TOTAL_SUFFIX}", field.key),
        }
    }

    /// The computed columns of a sub-table in an order where each comes after the columns it
    /// reads.
    fn column_order(&mut self, columns: &[Slot], fp: &str) -> Vec<usize> {
        let deps: Vec<Vec<usize>> = columns
            .iter()
            .map(|c| match c.computed {
                Some(id) => self.exprs[id]
                    .identifiers()
                    .iter()
                    .filter_map(|name| {
                        columns
                            .iter()
                            .position(|o| &o.key == name && o.computed.is_some())
                    })
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        let nodes: Vec<usize> = (0..columns.len())
            .filter(|&i| columns[i].computed.is_some())
            .collect();
        match topo_order(&nodes, |n| deps[n].clone()) {
            Ok(order) => order,
            Err(cycle) => {
                self.problem(
                    format!("{fp}.fields"),
                    SchemaProblemKind::ComputedCycle {
                        keys: cycle.iter().map(|&i| columns[i].key.clone()).collect(),
                    },
                );
                Vec::new()
            }
        }
    }

    /// The order of the form-level computations: rows of sub-tables with computed columns,
    /// their totals, computed fields; each after what it reads.
    fn plan(&mut self, slots: &[Slot]) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
        for (i, slot) in slots.iter().enumerate() {
            if let Some(table) = &slot.table {
                if !table.order.is_empty() {
                    by_key.insert(slot.key.clone(), steps.len());
                    steps.push(Step::Rows(i));
                }
                if !table.totals.is_empty() {
                    by_key.insert(table.total_key.clone(), steps.len());
                    steps.push(Step::Total(i));
                }
            }
            if slot.computed.is_some() {
                by_key.insert(slot.key.clone(), steps.len());
                steps.push(Step::Computed(i));
            }
        }
        let names = |ids: &mut dyn Iterator<Item = usize>, exprs: &[Expression]| -> Vec<String> {
            ids.flat_map(|id| exprs[id].identifiers()).collect()
        };
        let deps: Vec<Vec<usize>> = steps
            .iter()
            .map(|step| {
                let read = match *step {
                    Step::Rows(i) => {
                        let table = slots[i]
                            .table
                            .as_ref()
                            .map(|t| t.columns.as_slice())
                            .unwrap_or_default();
                        names(&mut table.iter().filter_map(|c| c.computed), &self.exprs)
                    }
                    // A total sums the rows as computed.
                    Step::Total(i) => vec![slots[i].key.clone()],
                    Step::Computed(i) => names(&mut slots[i].computed.into_iter(), &self.exprs),
                };
                let own = match *step {
                    Step::Rows(i) | Step::Computed(i) => Some(slots[i].key.as_str()),
                    Step::Total(_) => None,
                };
                read.iter()
                    .filter(|name| Some(name.as_str()) != own)
                    .filter_map(|name| by_key.get(name).copied())
                    .collect()
            })
            .collect();
        let nodes: Vec<usize> = (0..steps.len()).collect();
        match topo_order(&nodes, |n| deps[n].clone()) {
            Ok(order) => order.into_iter().map(|n| steps[n]).collect(),
            Err(cycle) => {
                let keys = cycle
                    .iter()
                    .map(|&n| match steps[n] {
                        Step::Rows(i) | Step::Computed(i) => slots[i].key.clone(),
                        Step::Total(i) => slots[i]
                            .table
                            .as_ref()
                            .map(|t| t.total_key.clone())
                            .unwrap_or_default(),
                    })
                    .collect();
                let path = match steps[cycle[0]] {
                    Step::Rows(i) | Step::Total(i) | Step::Computed(i) => slots[i].path.clone(),
                };
                self.problem(path, SchemaProblemKind::ComputedCycle { keys });
                Vec::new()
            }
        }
    }

    /// Checks what depends on the widget: which properties it takes, its options and bounds.
    fn common(&mut self, field: &Field, fp: &str) {
        let widget = field.widget.type_name();
        let not_applicable = |c: &mut Checker, property: &str| {
            c.problem(
                format!("{fp}.{property}"),
                SchemaProblemKind::NotApplicable {
                    property: property.to_string(),
                    widget: widget.to_string(),
                },
            )
        };
        let kind = field.widget.value_kind();
        if kind.is_none() {
            for (set, property) in [
                (field.required, "required"),
                (field.required_when.is_some(), "requiredWhen"),
                (field.computed.is_some(), "computed"),
                (field.default.is_some(), "default"),
                (!field.rules.is_empty(), "rules"),
            ] {
                if set {
                    not_applicable(self, property);
                }
            }
        }
        match (&field.options, field.widget.takes_options()) {
            (None, true) => {
                self.problem(format!("{fp}.options"), SchemaProblemKind::MissingOptions)
            }
            (Some(Choices::Static(_)), false) => not_applicable(self, "options"),
            (Some(Choices::Dictionary(_)), false) => not_applicable(self, "dict"),
            (Some(Choices::Static(choices)), true) => {
                let nested = matches!(field.widget, Widget::Cascader);
                self.choices(choices, &format!("{fp}.options"), nested);
            }
            (Some(Choices::Dictionary(name)), true) => {
                if name.trim().is_empty() {
                    self.problem(format!("{fp}.dict"), SchemaProblemKind::Missing);
                }
            }
            (None, false) => {}
        }
        let rules = &field.rules;
        let text = matches!(
            field.widget,
            Widget::Input | Widget::Textarea | Widget::RichText
        );
        let list = matches!(
            kind,
            Some(ValueKind::Choice { multiple: true })
                | Some(ValueKind::Users { multiple: true })
                | Some(ValueKind::Depts { multiple: true })
        );
        let numeric = matches!(field.widget, Widget::Number { .. } | Widget::Amount { .. });
        if kind.is_some() {
            for (set, property, applies) in [
                (rules.min_len.is_some(), "rules.minLen", text || list),
                (rules.max_len.is_some(), "rules.maxLen", text || list),
                (
                    rules.pattern.is_some(),
                    "rules.pattern",
                    matches!(field.widget, Widget::Input | Widget::Textarea),
                ),
                (
                    rules.pattern_message.is_some() && rules.pattern.is_none(),
                    "rules.patternMessage",
                    false,
                ),
                (rules.min.is_some(), "rules.min", numeric),
                (rules.max.is_some(), "rules.max", numeric),
            ] {
                if set && !applies {
                    not_applicable(self, property);
                }
            }
        }
        if let (Some(min), Some(max)) = (rules.min_len, rules.max_len) {
            if min > max {
                self.problem(
                    format!("{fp}.rules.minLen"),
                    SchemaProblemKind::MinAboveMax {
                        min: f64::from(min),
                        max: f64::from(max),
                    },
                );
            }
        }
        if let (Some(min), Some(max)) = (rules.min, rules.max) {
            if min > max {
                self.problem(
                    format!("{fp}.rules.min"),
                    SchemaProblemKind::MinAboveMax { min, max },
                );
            }
        }
        if let Widget::Slider { min, max, step } = field.widget {
            if min > max {
                self.problem(
                    format!("{fp}.min"),
                    SchemaProblemKind::MinAboveMax { min, max },
                );
            }
            if step <= 0.0 || step > (max - min).max(f64::MIN_POSITIVE) {
                self.problem(
                    format!("{fp}.step"),
                    SchemaProblemKind::OutOfRange {
                        value: step,
                        min: 0.0,
                        max: max - min,
                    },
                );
            }
        }
        if field.computed.is_some() && field.required {
            not_applicable(self, "required");
        }
    }

    fn choices(&mut self, choices: &[Choice], path: &str, nested: bool) {
        let mut seen: Vec<&Value> = Vec::new();
        for (i, choice) in choices.iter().enumerate() {
            let cp = format!("{path}[{i}]");
            if seen.iter().any(|v| same_option(v, &choice.value)) {
                self.problem(
                    format!("{cp}.value"),
                    SchemaProblemKind::DuplicateOption {
                        value: choice.value.clone(),
                    },
                );
            } else {
                seen.push(&choice.value);
            }
            if !choice.children.is_empty() {
                if nested {
                    self.choices(&choice.children, &format!("{cp}.children"), true);
                } else {
                    self.problem(
                        format!("{cp}.children"),
                        SchemaProblemKind::NotApplicable {
                            property: "children".into(),
                            widget: "option".into(),
                        },
                    );
                }
            }
        }
    }

    /// Parses a rule; it must be an expression (`${...}`) naming only variables in `scope`.
    fn expression(&mut self, text: &str, path: &str, scope: &BTreeSet<String>) -> Option<usize> {
        let expression = match Expression::parse(text) {
            Ok(e) => e,
            Err(e) => {
                self.problem(
                    path,
                    SchemaProblemKind::BadExpression {
                        detail: e.to_string(),
                    },
                );
                return None;
            }
        };
        if expression.is_literal() {
            self.problem(path, SchemaProblemKind::NotAnExpression);
            return None;
        }
        let mut ok = true;
        for name in expression.identifiers() {
            if !scope.contains(&name) {
                self.problem(path, SchemaProblemKind::UnknownVariable { name });
                ok = false;
            }
        }
        if !ok {
            return None;
        }
        self.exprs.push(expression);
        Some(self.exprs.len() - 1)
    }

    fn pattern(&mut self, pattern: &str, path: &str) -> Option<Regex> {
        if pattern.chars().count() > MAX_PATTERN_CHARS {
            self.problem(
                path,
                SchemaProblemKind::TooLarge {
                    bytes: pattern.len(),
                    max: MAX_PATTERN_CHARS,
                },
            );
            return None;
        }
        match RegexBuilder::new(pattern)
            .size_limit(PATTERN_SIZE_LIMIT)
            .build()
        {
            Ok(re) => Some(re),
            Err(e) => {
                self.problem(
                    path,
                    SchemaProblemKind::BadPattern {
                        detail: e.to_string(),
                    },
                );
                None
            }
        }
    }
}

/// Two option values are the same when equal, or when one is the other written as text
/// (`1` and `"1"`), as a submission may send either.
pub(crate) fn same_option(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(s), Value::Number(n)) | (Value::Number(n), Value::String(s)) => {
            crate::value::number(&Value::String(s.clone()))
                .is_some_and(|m| m.as_f64() == n.as_f64())
        }
        _ => a == b,
    }
}

/// A copy of `field` without the fields nested in it (a slot keeps its own columns).
fn without_children(field: &Field) -> Field {
    let mut copy = field.clone();
    if let Widget::SubTable(table) = &mut copy.widget {
        table.fields.clear();
    }
    copy
}

/// Orders `nodes` so each comes after its dependencies; `Err` holds a circle.
fn topo_order(
    nodes: &[usize],
    deps: impl Fn(usize) -> Vec<usize>,
) -> Result<Vec<usize>, Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let size = nodes.iter().copied().max().map_or(0, |m| m + 1);
    let mut mark = vec![Mark::New; size];
    let mut order = Vec::with_capacity(nodes.len());
    // Iterative depth-first search: a form's computed chain must not overflow the stack.
    for &start in nodes {
        if mark[start] != Mark::New {
            continue;
        }
        let mut stack: Vec<(usize, Vec<usize>)> = vec![(start, deps(start))];
        mark[start] = Mark::Active;
        while let Some((node, pending)) = stack.last_mut() {
            let node = *node;
            match pending.pop() {
                Some(next) if next < size => match mark[next] {
                    Mark::New => {
                        mark[next] = Mark::Active;
                        let d = deps(next);
                        stack.push((next, d));
                    }
                    Mark::Active => {
                        let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        return Err(stack[from..].iter().map(|(n, _)| *n).collect());
                    }
                    Mark::Done => {}
                },
                Some(_) => {}
                None => {
                    mark[node] = Mark::Done;
                    order.push(node);
                    stack.pop();
                }
            }
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests;
