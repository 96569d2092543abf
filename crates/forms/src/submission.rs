//! Validating a submission against a checked [`Form`]: the same code on the server (which
//! trusts nothing the browser did) and in the browser (which shows the same messages before
//! sending).
//!
//! The order, and why:
//! 1. Keys the form does not have are refused.
//! 2. Fields the node may not edit (read-only, hidden, disabled) keep their previous value; a
//!    submission that sends another value for one is refused.
//! 3. Editable values are read into their widget's shape (`"12"` -> `12` for a number).
//! 4. Computed fields, computed sub-table columns and sub-table totals are computed, whatever
//!    the client sent: sub-table rows, then totals, then fields, each after what it reads.
//! 5. `visibleWhen` is evaluated on those values; an editable field that is not shown loses its
//!    value (null), is not required, and a value of the wrong type it held is not reported;
//!    the computations run again without it.
//! 6. Every shown, editable field is checked: required / `requiredWhen`, lengths, pattern,
//!    range, options, rows, files. Every bad field is reported, not just the first.
//!
//! A rule whose evaluation fails (a type error in the expression) counts as shown for
//! `visibleWhen` and as not required for `requiredWhen`; a computed value that fails is null.

use serde::Serialize;
use serde_json::{Map, Value};
use woc_expr::{coerce_string, VariableScope};

use crate::access::{Access, FieldAccess};
use crate::check::same_option;
use crate::form::{Form, Slot, Step, Table};
use crate::schema::{Choice, Choices, ValueKind, Widget};
use crate::value::{self, as_f64, fits_precision, is_empty, rounded, Expected};

/// One bad field of a submission.
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{path}: {}", problem.message(crate::Lang::En))]
pub struct FieldError {
    /// The field: its key (`input1`), or a sub-table cell (`table1[3].qty`, rows from 0).
    pub path: String,
    /// What is wrong.
    pub problem: FieldProblem,
}

/// What is wrong with a submitted value, with the bound it broke. Worded by
/// [`FieldProblem::message`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldProblem {
    /// The form has no such field.
    Unknown,
    /// The value has the wrong shape for the widget.
    WrongType {
        /// What it should be.
        expected: Expected,
    },
    /// A required field is empty.
    Required,
    /// Fewer characters than allowed.
    TooShort {
        /// Fewest characters.
        min: u32,
    },
    /// More characters than allowed.
    TooLong {
        /// Most characters.
        max: u32,
    },
    /// Fewer items chosen than allowed.
    TooFewItems {
        /// Fewest items.
        min: u32,
    },
    /// More items chosen than allowed.
    TooManyItems {
        /// Most items.
        max: u32,
    },
    /// The text does not match the field's pattern.
    PatternMismatch {
        /// The schema's own message for it, shown instead of the generic one.
        message: Option<String>,
    },
    /// A number below the minimum.
    BelowMin {
        /// The minimum.
        min: f64,
    },
    /// A number above the maximum.
    AboveMax {
        /// The maximum.
        max: f64,
    },
    /// More decimal places than the field has.
    TooPrecise {
        /// Decimal places allowed.
        precision: u8,
    },
    /// A number between the slider's (or rating's) steps.
    OffStep {
        /// The step.
        step: f64,
    },
    /// A value that is not one of the options.
    NotAnOption {
        /// The value sent.
        value: Value,
    },
    /// Fewer sub-table rows than allowed.
    TooFewRows {
        /// Fewest rows.
        min: u32,
    },
    /// More sub-table rows than allowed.
    TooManyRows {
        /// Most rows.
        max: u32,
    },
    /// More files than allowed.
    TooManyFiles {
        /// Most files.
        max: u32,
    },
    /// A file larger than allowed.
    FileTooLarge {
        /// Largest size in KiB.
        max_kb: u32,
    },
    /// A file of a type the field does not accept.
    FileTypeRefused {
        /// What it accepts.
        accept: Vec<String>,
    },
    /// A value for a field this node may not change (read-only, hidden, disabled, computed
    /// by a rule is not this: computed values are silently recomputed).
    NotEditable,
}

/// Where the options of a dictionary, the directory's users and its departments come from:
/// the caller's lookups, kept outside this pure crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup<'a> {
    /// A dictionary of 系统管理, by name (`"dict": "ticket_type"`).
    Dictionary(&'a str),
    /// The directory's users, by id (user pickers).
    Users,
    /// The directory's departments, by id (department pickers).
    Departments,
}

/// The caller's answer to "is this value one of the options?" for options the schema does
/// not list itself. The server answers from the database (load what [`Form::lookups`] names
/// before validating); the browser from what it loaded, or [`AnyOption`].
pub trait OptionSource {
    /// Whether `value` is an entry of `lookup` (for a cascader on a dictionary, `value` is
    /// the whole path).
    fn contains(&self, lookup: Lookup<'_>, value: &Value) -> bool;
}

/// Accepts every value: for checks that cannot reach the lookups.
#[derive(Debug, Clone, Copy, Default)]
pub struct AnyOption;

impl OptionSource for AnyOption {
    fn contains(&self, _: Lookup<'_>, _: &Value) -> bool {
        true
    }
}

/// Who is submitting: the node's field access, the values saved before (kept for the fields
/// the node may not change) and the lookups for dictionaries and the directory.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    access: Option<&'a FieldAccess>,
    previous: Option<&'a Map<String, Value>>,
    options: &'a dyn OptionSource,
}

impl Default for Context<'_> {
    fn default() -> Self {
        Context::new()
    }
}

impl<'a> Context<'a> {
    /// Everything editable, nothing saved before, every dictionary entry accepted: starting a
    /// work order, or a browser without lookups.
    pub fn new() -> Context<'a> {
        Context {
            access: None,
            previous: None,
            options: &AnyOption,
        }
    }

    /// The node's field access.
    pub fn access(mut self, access: &'a FieldAccess) -> Context<'a> {
        self.access = Some(access);
        self
    }

    /// The values saved before this submission.
    pub fn previous(mut self, previous: &'a Map<String, Value>) -> Context<'a> {
        self.previous = Some(previous);
        self
    }

    /// The lookups for dictionaries, users and departments.
    pub fn options(mut self, options: &'a dyn OptionSource) -> Context<'a> {
        self.options = options;
        self
    }

    fn access_of(&self, slot: &Slot) -> Access {
        self.access
            .map_or(Access::Editable, |a| a.effective(&slot.chain, &slot.key))
    }

    fn previous_value(&self, key: &str) -> Option<&Value> {
        self.previous.and_then(|p| p.get(key))
    }
}

/// Variables of a sub-table row's rules: the row's cells, then the form's values.
struct RowScope<'a> {
    row: &'a Map<String, Value>,
    form: &'a Map<String, Value>,
}

impl VariableScope for RowScope<'_> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.row.get(name).or_else(|| self.form.get(name))
    }
}

impl Form {
    /// Validates `submitted` for the node described by `context`. Answers the cleaned values
    /// (every value field of the form, null when empty; computed values and totals computed
    /// here; values the node may not change taken from before) or every bad field.
    pub fn validate(
        &self,
        submitted: &Map<String, Value>,
        context: &Context<'_>,
    ) -> Result<Map<String, Value>, Vec<FieldError>> {
        let mut errors = Vec::new();
        for key in submitted.keys() {
            if !self.index.contains_key(key) && !self.totals.contains_key(key) {
                errors.push(FieldError {
                    path: key.clone(),
                    problem: FieldProblem::Unknown,
                });
            }
        }
        let mut values = Map::new();
        // Whether each slot is checked: editable, read without a type error, not computed.
        let mut checked = vec![false; self.slots.len()];
        // Type errors, reported only for fields that turn out to be shown (a field hidden by
        // a rule is dropped, whatever it held); each slot's are a range of the list.
        let mut read_errors = Vec::new();
        let mut read_errors_of = vec![0..0; self.slots.len()];
        for (i, slot) in self.slots.iter().enumerate() {
            let sent = submitted.get(&slot.key);
            if slot.computed.is_some() {
                values.insert(slot.key.clone(), Value::Null);
                continue;
            }
            if context.access_of(slot) != Access::Editable || slot.field.disabled {
                let kept = context
                    .previous_value(&slot.key)
                    .or(if slot.field.disabled {
                        slot.field.default.as_ref()
                    } else {
                        None
                    })
                    .cloned()
                    .unwrap_or(Value::Null);
                if sent.is_some_and(|s| !same_value(s, &kept)) {
                    errors.push(FieldError {
                        path: slot.key.clone(),
                        problem: FieldProblem::NotEditable,
                    });
                }
                values.insert(slot.key.clone(), kept);
                continue;
            }
            let before = read_errors.len();
            let read = match &slot.table {
                Some(table) => read_rows(slot, table, sent, &mut read_errors),
                None => {
                    value::coerce(slot.kind, sent.unwrap_or(&Value::Null)).map_err(|expected| {
                        read_errors.push(FieldError {
                            path: slot.key.clone(),
                            problem: FieldProblem::WrongType { expected },
                        })
                    })
                }
            };
            read_errors_of[i] = before..read_errors.len();
            checked[i] = read.is_ok();
            values.insert(slot.key.clone(), read.unwrap_or(Value::Null));
        }
        for key in self.totals.keys() {
            values.insert(key.clone(), Value::Null);
        }
        self.compute(&mut values);

        let mut shown_cache: Vec<Option<bool>> = vec![None; self.exprs.len()];
        let mut dropped = false;
        for (i, slot) in self.slots.iter().enumerate() {
            let shown = slot.visible.iter().all(|&id| {
                *shown_cache[id]
                    .get_or_insert_with(|| self.exprs[id].evaluate_bool(&values).unwrap_or(true))
            });
            if !shown && context.access_of(slot) == Access::Editable && !slot.field.disabled {
                checked[i] = false;
                read_errors_of[i] = 0..0;
                if let Some(v) = values.get_mut(&slot.key) {
                    dropped |= !v.is_null();
                    *v = Value::Null;
                }
            }
        }
        if dropped {
            self.compute(&mut values);
        }
        for range in &read_errors_of {
            errors.extend_from_slice(&read_errors[range.clone()]);
        }

        for (i, slot) in self.slots.iter().enumerate() {
            if !checked[i] {
                continue;
            }
            let value = values.get(&slot.key).unwrap_or(&Value::Null);
            let required = slot.field.required || self.holds(slot.required_when, &values);
            if let Some(table) = &slot.table {
                self.check_rows(slot, table, value, required, &values, context, &mut errors);
                continue;
            }
            let result = if is_empty(value) {
                if required {
                    Err(FieldProblem::Required)
                } else {
                    Ok(None)
                }
            } else {
                check_read(slot, value, context.options)
            };
            match result {
                Err(problem) => errors.push(FieldError {
                    path: slot.key.clone(),
                    problem,
                }),
                Ok(Some(canonical)) => {
                    values.insert(slot.key.clone(), canonical);
                }
                Ok(None) => {}
            }
        }
        if errors.is_empty() {
            return Ok(values);
        }
        // In the form's order (type errors were found in an earlier pass than the rules),
        // keys the form does not have last.
        errors.sort_by_key(|e| {
            let key = e.path.split(['[', '.']).next().unwrap_or_default();
            self.index.get(key).copied().unwrap_or(usize::MAX)
        });
        Err(errors)
    }

    /// Whether the optional condition `id` holds on `scope` (an absent or failing one: no).
    fn holds(&self, id: Option<usize>, scope: &dyn VariableScope) -> bool {
        id.is_some_and(|id| self.exprs[id].evaluate_bool(scope).unwrap_or(false))
    }

    /// Runs the computations in plan order.
    pub(crate) fn compute(&self, values: &mut Map<String, Value>) {
        for step in &self.plan {
            match *step {
                Step::Rows(i) => {
                    let slot = &self.slots[i];
                    let Some(table) = &slot.table else { continue };
                    let Some(Value::Array(mut rows)) = values.remove(&slot.key) else {
                        continue;
                    };
                    for row in &mut rows {
                        let Value::Object(row) = row else { continue };
                        for &c in &table.order {
                            let column = &table.columns[c];
                            let Some(id) = column.computed else { continue };
                            let result = self.exprs[id].evaluate(&RowScope { row, form: values });
                            let result =
                                result.map_or(Value::Null, |v| computed_value(column.kind, &v));
                            row.insert(column.key.clone(), result);
                        }
                    }
                    values.insert(slot.key.clone(), Value::Array(rows));
                }
                Step::Total(i) => {
                    let slot = &self.slots[i];
                    let Some(table) = &slot.table else { continue };
                    let rows = values.get(&slot.key).and_then(Value::as_array);
                    let mut totals = Map::new();
                    for &c in &table.totals {
                        let column = &table.columns[c];
                        let sum: f64 = rows
                            .into_iter()
                            .flatten()
                            .filter_map(|row| row.get(&column.key).and_then(Value::as_f64))
                            .sum();
                        let precision = match column.kind {
                            ValueKind::Number { precision } => precision,
                            _ => 0,
                        };
                        totals.insert(column.key.clone(), rounded(sum, precision));
                    }
                    values.insert(table.total_key.clone(), Value::Object(totals));
                }
                Step::Computed(i) => {
                    let slot = &self.slots[i];
                    let Some(id) = slot.computed else { continue };
                    let result = self.exprs[id]
                        .evaluate(values)
                        .map_or(Value::Null, |v| computed_value(slot.kind, &v));
                    values.insert(slot.key.clone(), result);
                }
            }
        }
    }

    /// Row count and every cell of a sub-table.
    #[allow(clippy::too_many_arguments)]
    fn check_rows(
        &self,
        slot: &Slot,
        table: &Table,
        value: &Value,
        required: bool,
        values: &Map<String, Value>,
        context: &Context<'_>,
        errors: &mut Vec<FieldError>,
    ) {
        let rows = value.as_array().map_or(&[][..], Vec::as_slice);
        let count = rows.len() as u32;
        let problem = if rows.is_empty() && required {
            Some(FieldProblem::Required)
        } else if count < table.min_rows {
            Some(FieldProblem::TooFewRows {
                min: table.min_rows,
            })
        } else if count > table.max_rows {
            Some(FieldProblem::TooManyRows {
                max: table.max_rows,
            })
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(FieldError {
                path: slot.key.clone(),
                problem,
            });
            if count > table.max_rows {
                // Rows past the limit are not looked at: the work stays bounded.
                return;
            }
        }
        for (r, row) in rows.iter().enumerate() {
            let Value::Object(row) = row else { continue };
            let scope = RowScope { row, form: values };
            for column in &table.columns {
                if column.computed.is_some() {
                    continue;
                }
                let cell = row.get(&column.key).unwrap_or(&Value::Null);
                let required = column.field.required || self.holds(column.required_when, &scope);
                let result = if is_empty(cell) {
                    required.then_some(FieldProblem::Required)
                } else {
                    check_read(column, cell, context.options).err()
                };
                if let Some(problem) = result {
                    let path = format!("{}[{r}].{}", slot.key, column.key);
                    // A cell of the wrong type was reported when read (and left null).
                    if !errors.iter().any(|e| e.path == path) {
                        errors.push(FieldError { path, problem });
                    }
                }
            }
        }
    }
}

/// Reads a sub-table's rows: a list of objects with only the columns' keys, each cell in its
/// column's shape; computed cells are left null for the computation.
fn read_rows(
    slot: &Slot,
    table: &Table,
    sent: Option<&Value>,
    errors: &mut Vec<FieldError>,
) -> Result<Value, ()> {
    let rows = match sent {
        None | Some(Value::Null) => return Ok(Value::Array(Vec::new())),
        Some(Value::Array(rows)) => rows,
        Some(_) => {
            errors.push(FieldError {
                path: slot.key.clone(),
                problem: FieldProblem::WrongType {
                    expected: Expected::List,
                },
            });
            return Err(());
        }
    };
    // Past the limit only the count is reported (by the row check); reading stops there.
    let limit = rows.len().min(table.max_rows as usize + 1);
    let mut out = Vec::with_capacity(limit);
    for (r, row) in rows.iter().take(limit).enumerate() {
        let Value::Object(row) = row else {
            errors.push(FieldError {
                path: format!("{}[{r}]", slot.key),
                problem: FieldProblem::WrongType {
                    expected: Expected::Object,
                },
            });
            continue;
        };
        for key in row.keys() {
            if !table.columns.iter().any(|c| &c.key == key) {
                errors.push(FieldError {
                    path: format!("{}[{r}].{key}", slot.key),
                    problem: FieldProblem::Unknown,
                });
            }
        }
        let mut clean = Map::new();
        for column in &table.columns {
            let cell = if column.computed.is_some() {
                Value::Null
            } else {
                match value::coerce(column.kind, row.get(&column.key).unwrap_or(&Value::Null)) {
                    Ok(v) => v,
                    Err(expected) => {
                        errors.push(FieldError {
                            path: format!("{}[{r}].{}", slot.key, column.key),
                            problem: FieldProblem::WrongType { expected },
                        });
                        Value::Null
                    }
                }
            };
            clean.insert(column.key.clone(), cell);
        }
        out.push(Value::Object(clean));
    }
    if rows.len() > limit {
        out.extend(std::iter::repeat_n(
            Value::Object(Map::new()),
            rows.len() - limit,
        ));
    }
    // Cells with type errors are reported and left null; the rows still count for the limits.
    Ok(Value::Array(out))
}

/// Whether a submitted value is the value kept (null and absent are the same; numbers by
/// value, so `5` and `5.0` match).
fn same_value(sent: &Value, kept: &Value) -> bool {
    match (sent, kept) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(k, x)| b.get(k).is_some_and(|y| same_value(x, y)))
        }
        _ => sent == kept,
    }
}

/// A computed result in the field's shape: numbers rounded to the field's precision, text
/// as JUEL writes it; anything that does not fit is null.
fn computed_value(kind: ValueKind, result: &Value) -> Value {
    match kind {
        ValueKind::Number { precision } => {
            value::number(result).map_or(Value::Null, |n| rounded(as_f64(&n), precision))
        }
        ValueKind::Text => match result {
            Value::Null => Value::Null,
            other => Value::String(coerce_string(other)),
        },
        _ => value::coerce(kind, result).unwrap_or(Value::Null),
    }
}

/// Reads `value` into the slot's shape and checks it (defaults in the schema). Answers the
/// value to keep.
pub(crate) fn check_value(
    slot: &Slot,
    value: &Value,
    options: &dyn OptionSource,
) -> Result<Value, FieldProblem> {
    let value =
        value::coerce(slot.kind, value).map_err(|expected| FieldProblem::WrongType { expected })?;
    if is_empty(&value) {
        return Ok(value);
    }
    Ok(check_read(slot, &value, options)?.unwrap_or(value))
}

/// Checks a non-empty value already in its widget's shape against the field's rules and
/// options. Answers the value to keep when it differs from `value` (an option's own value
/// for `"1"` sent for `1`).
fn check_read(
    slot: &Slot,
    value: &Value,
    options: &dyn OptionSource,
) -> Result<Option<Value>, FieldProblem> {
    let field = &slot.field;
    let rules = &field.rules;
    match (slot.kind, value) {
        (ValueKind::Text, Value::String(text)) => {
            let chars = text.chars().count() as u64;
            if let Some(min) = rules.min_len.filter(|&m| chars < u64::from(m)) {
                return Err(FieldProblem::TooShort { min });
            }
            if let Some(max) = rules.max_len.filter(|&m| chars > u64::from(m)) {
                return Err(FieldProblem::TooLong { max });
            }
            if let Some(pattern) = &slot.pattern {
                if !pattern.is_match(text) {
                    return Err(FieldProblem::PatternMismatch {
                        message: rules.pattern_message.clone(),
                    });
                }
            }
            Ok(None)
        }
        (ValueKind::Number { precision }, Value::Number(n)) => {
            let x = as_f64(n);
            match field.widget {
                Widget::Rate { max } => {
                    if x < 0.0 {
                        return Err(FieldProblem::BelowMin { min: 0.0 });
                    }
                    if x > f64::from(max) {
                        return Err(FieldProblem::AboveMax {
                            max: f64::from(max),
                        });
                    }
                    if !fits_precision(x * 2.0, 0) {
                        return Err(FieldProblem::OffStep { step: 0.5 });
                    }
                }
                Widget::Slider { min, max, step } => {
                    if x < min {
                        return Err(FieldProblem::BelowMin { min });
                    }
                    if x > max {
                        return Err(FieldProblem::AboveMax { max });
                    }
                    if !fits_precision((x - min) / step, 0) {
                        return Err(FieldProblem::OffStep { step });
                    }
                }
                _ => {
                    if !fits_precision(x, precision) {
                        return Err(FieldProblem::TooPrecise { precision });
                    }
                    if let Some(min) = rules.min.filter(|&m| x < m) {
                        return Err(FieldProblem::BelowMin { min });
                    }
                    if let Some(max) = rules.max.filter(|&m| x > m) {
                        return Err(FieldProblem::AboveMax { max });
                    }
                }
            }
            Ok(None)
        }
        (ValueKind::Choice { multiple: false }, _) => {
            choose(field.options.as_ref(), value, options).map(|c| changed(c, value))
        }
        (ValueKind::Choice { multiple: true }, Value::Array(items)) => {
            count(items.len(), rules.min_len, rules.max_len)?;
            items
                .iter()
                .map(|item| choose(field.options.as_ref(), item, options))
                .collect::<Result<Vec<_>, _>>()
                .map(|c| changed(Value::Array(c), value))
        }
        (ValueKind::Path, Value::Array(path)) => match &field.options {
            Some(Choices::Static(choices)) => walk_path(choices, path)
                .map(|c| changed(c, value))
                .ok_or_else(|| FieldProblem::NotAnOption {
                    value: value.clone(),
                }),
            Some(Choices::Dictionary(name)) => {
                if options.contains(Lookup::Dictionary(name), value) {
                    Ok(None)
                } else {
                    Err(FieldProblem::NotAnOption {
                        value: value.clone(),
                    })
                }
            }
            None => Ok(None),
        },
        (ValueKind::Users { multiple } | ValueKind::Depts { multiple }, _) => {
            let lookup = if matches!(slot.kind, ValueKind::Users { .. }) {
                Lookup::Users
            } else {
                Lookup::Departments
            };
            let ids = match value {
                Value::Array(items) if multiple => {
                    count(items.len(), rules.min_len, rules.max_len)?;
                    items.as_slice()
                }
                single => std::slice::from_ref(single),
            };
            if let Some(unknown) = ids.iter().find(|id| !options.contains(lookup, id)) {
                return Err(FieldProblem::NotAnOption {
                    value: unknown.clone(),
                });
            }
            Ok(None)
        }
        (ValueKind::Files, Value::Array(files)) => {
            let upload = match &field.widget {
                Widget::ImageUpload(u) | Widget::FileUpload(u) => u,
                _ => return Ok(None),
            };
            if files.len() > upload.max_files as usize {
                return Err(FieldProblem::TooManyFiles {
                    max: upload.max_files,
                });
            }
            let images = matches!(field.widget, Widget::ImageUpload(_));
            for file in files {
                let facts = value::file_facts(file);
                if facts
                    .size
                    .is_some_and(|s| s > u64::from(upload.max_size_kb) * 1024)
                {
                    return Err(FieldProblem::FileTooLarge {
                        max_kb: upload.max_size_kb,
                    });
                }
                if !accepts(&upload.accept, images, facts.name, facts.content_type) {
                    let accept = if upload.accept.is_empty() {
                        vec!["image/*".to_string()]
                    } else {
                        upload.accept.clone()
                    };
                    return Err(FieldProblem::FileTypeRefused { accept });
                }
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// `canonical` when it differs from `sent`.
fn changed(canonical: Value, sent: &Value) -> Option<Value> {
    (canonical != *sent).then_some(canonical)
}

fn count(n: usize, min: Option<u32>, max: Option<u32>) -> Result<(), FieldProblem> {
    if let Some(min) = min.filter(|&m| n < m as usize) {
        return Err(FieldProblem::TooFewItems { min });
    }
    if let Some(max) = max.filter(|&m| n > m as usize) {
        return Err(FieldProblem::TooManyItems { max });
    }
    Ok(())
}

/// One option's value for `value`, from the static list or the dictionary.
fn choose(
    choices: Option<&Choices>,
    value: &Value,
    options: &dyn OptionSource,
) -> Result<Value, FieldProblem> {
    let found = match choices {
        Some(Choices::Static(list)) => list
            .iter()
            .find(|c| same_option(&c.value, value))
            .map(|c| c.value.clone()),
        Some(Choices::Dictionary(name)) => options
            .contains(Lookup::Dictionary(name), value)
            .then(|| value.clone()),
        None => Some(value.clone()),
    };
    found.ok_or_else(|| FieldProblem::NotAnOption {
        value: value.clone(),
    })
}

/// The options' own values along `path` from the root of the tree, if every step exists.
fn walk_path(mut level: &[Choice], path: &[Value]) -> Option<Value> {
    let mut out = Vec::with_capacity(path.len());
    for step in path {
        let choice = level.iter().find(|c| same_option(&c.value, step))?;
        out.push(choice.value.clone());
        level = &choice.children;
    }
    Some(Value::Array(out))
}

/// Whether a file's name or media type matches `accept` (`.pdf`, `image/png`, `image/*`);
/// pictures accept `image/*` (and the usual picture extensions) when nothing is listed.
fn accepts(
    accept: &[String],
    images: bool,
    name: Option<&str>,
    content_type: Option<&str>,
) -> bool {
    const PICTURES: &[&str] = &[
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".svg", "image/*",
    ];
    let list: Vec<&str> = if accept.is_empty() {
        if !images {
            return true;
        }
        PICTURES.to_vec()
    } else {
        accept.iter().map(String::as_str).collect()
    };
    let name = name.map(str::to_ascii_lowercase);
    let content_type = content_type.map(str::to_ascii_lowercase);
    if content_type.is_none() && name.as_deref().is_none_or(|n| !n.contains('.')) {
        // A bare attachment id says nothing about its type: the attachment store checks it.
        return true;
    }
    list.iter().any(|a| {
        let a = a.trim().to_ascii_lowercase();
        if a.starts_with('.') {
            name.as_deref().is_some_and(|n| n.ends_with(&a))
        } else if let Some(major) = a.strip_suffix("/*") {
            content_type
                .as_deref()
                .is_some_and(|t| t.split('/').next() == Some(major))
        } else {
            content_type.as_deref() == Some(a.as_str())
        }
    })
}

#[cfg(test)]
mod tests;
