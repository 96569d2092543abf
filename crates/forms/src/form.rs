//! A checked form: the schema with its rules parsed and its value fields indexed, what
//! [`crate::check`] answers and [`Form::validate`] runs on. Build it once per schema version
//! and keep it: validating never parses an expression or a pattern again.

use std::collections::BTreeMap;

use regex_lite::Regex;
use woc_expr::Expression;

use crate::check::{SchemaProblem, SchemaProblemKind};
use crate::schema::{Choices, Field, FormSchema, ValueKind, Widget};
use crate::submission::{self, AnyOption, Lookup};
use crate::value::Expected;

/// A schema that passed [`crate::check`], ready to validate submissions.
#[derive(Debug, Clone)]
pub struct Form {
    schema: FormSchema,
    /// The value fields outside sub-tables (sub-tables included), in display order.
    pub(crate) slots: Vec<Slot>,
    /// Slot of each top-level key.
    pub(crate) index: BTreeMap<String, usize>,
    /// Keys of sub-table totals, with the sub-table's slot.
    pub(crate) totals: BTreeMap<String, usize>,
    /// Every rule and computed value, parsed.
    pub(crate) exprs: Vec<Expression>,
    /// The computations, each after what it reads.
    pub(crate) plan: Vec<Step>,
}

/// A value field as validation needs it.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub key: String,
    /// Path of the field in the schema (`fields[2].columns[0].fields[1]`).
    pub path: String,
    /// The field (a sub-table's without its columns, which are in `table`).
    pub field: Field,
    pub kind: ValueKind,
    /// Conditions that must all hold for the field to show: its own `visibleWhen` and those
    /// of the containers around it.
    pub visible: Vec<usize>,
    /// Keys of the containers around the field, outermost first (their access applies).
    pub chain: Vec<String>,
    pub required_when: Option<usize>,
    pub computed: Option<usize>,
    pub pattern: Option<Regex>,
    pub table: Option<Table>,
}

/// A sub-table's columns and limits.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub columns: Vec<Slot>,
    /// Computed columns in the order they are computed.
    pub order: Vec<usize>,
    pub min_rows: u32,
    pub max_rows: u32,
    /// Columns summed into `total_key`.
    pub totals: Vec<usize>,
    pub total_key: String,
}

/// One form-level computation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// The computed columns of every row of the sub-table in this slot.
    Rows(usize),
    /// The totals of the sub-table in this slot.
    Total(usize),
    /// The computed field in this slot.
    Computed(usize),
}

impl Form {
    pub(crate) fn new(
        schema: FormSchema,
        slots: Vec<Slot>,
        exprs: Vec<Expression>,
        plan: Vec<Step>,
    ) -> Form {
        let index = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.key.clone(), i))
            .collect();
        let totals = slots
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let table = s.table.as_ref()?;
                (!table.totals.is_empty()).then(|| (table.total_key.clone(), i))
            })
            .collect();
        Form {
            schema,
            slots,
            index,
            totals,
            exprs,
            plan,
        }
    }

    /// The schema.
    pub fn schema(&self) -> &FormSchema {
        &self.schema
    }

    /// The schema, giving up the checked form.
    pub fn into_schema(self) -> FormSchema {
        self.schema
    }

    /// The keys a cleaned submission has, in display order: every value field outside
    /// sub-tables, then the sub-tables' totals (`items_total`).
    pub fn value_keys(&self) -> Vec<&str> {
        self.slots
            .iter()
            .map(|s| s.key.as_str())
            .chain(self.totals.keys().map(String::as_str))
            .collect()
    }

    /// The lookups the form's options need from the caller ([`crate::OptionSource`]): each
    /// dictionary once, and the directory's users and departments when a picker uses them.
    pub fn lookups(&self) -> Vec<Lookup<'_>> {
        let mut out: Vec<Lookup<'_>> = Vec::new();
        let columns = self
            .slots
            .iter()
            .flat_map(|s| s.table.iter().flat_map(|t| t.columns.iter()));
        for slot in self.slots.iter().chain(columns) {
            let lookup = match (&slot.field.options, slot.kind) {
                (Some(Choices::Dictionary(name)), _) => Lookup::Dictionary(name),
                (_, ValueKind::Users { .. }) => Lookup::Users,
                (_, ValueKind::Depts { .. }) => Lookup::Departments,
                _ => continue,
            };
            if !out.contains(&lookup) {
                out.push(lookup);
            }
        }
        out
    }

    /// Each default value must pass its own field's checks (dictionaries and the directory
    /// are not asked: the schema cannot know them).
    pub(crate) fn check_defaults(&self) -> Vec<SchemaProblem> {
        let mut problems = Vec::new();
        let columns = self
            .slots
            .iter()
            .flat_map(|s| s.table.iter().flat_map(|t| t.columns.iter()));
        for slot in self.slots.iter().chain(columns) {
            let Some(default) = &slot.field.default else {
                continue;
            };
            let path = format!("{}.default", slot.path);
            if let Widget::SubTable(_) = slot.field.widget {
                if !default.is_array() {
                    problems.push(SchemaProblem {
                        path,
                        problem: SchemaProblemKind::WrongType {
                            expected: Expected::List,
                        },
                    });
                }
                continue;
            }
            if let Err(problem) = submission::check_value(slot, default, &AnyOption) {
                problems.push(SchemaProblem {
                    path,
                    problem: SchemaProblemKind::BadDefault { problem },
                });
            }
        }
        problems
    }
}
