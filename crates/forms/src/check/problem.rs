//! What a schema check finds wrong: each problem with the path of the property it is about.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::submission::FieldProblem;
use crate::value::Expected;

/// One problem in a schema, at the path of the property in the JSON
/// (`fields[3].options[1].value`, `fields[2].columns[0].fields[1].key`; empty: the root).
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("{path}: {}", problem.message(crate::Lang::En))]
pub struct SchemaProblem {
    /// Where: the path of the property in the schema's (or the imported document's) JSON.
    pub path: String,
    /// What.
    pub problem: SchemaProblemKind,
}

/// What is wrong in a schema. Worded by [`SchemaProblemKind::message`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum SchemaProblemKind {
    /// The text is not JSON.
    NotJson {
        /// The parser's explanation, with line and column.
        detail: String,
    },
    /// The text is larger than [`MAX_SCHEMA_BYTES`].
    TooLarge {
        /// Its size in bytes.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// Nested deeper than allowed.
    TooDeep {
        /// The deepest nesting allowed.
        max: usize,
    },
    /// More fields than [`MAX_FIELDS`].
    TooManyFields {
        /// The limit.
        max: usize,
    },
    /// A schema format newer than this program reads.
    UnsupportedVersion {
        /// The schema's version.
        version: u32,
        /// The newest version read.
        newest: u32,
    },
    /// A property with the wrong JSON type.
    WrongType {
        /// What it should be.
        expected: Expected,
    },
    /// A required property is missing.
    Missing,
    /// A property this place does not have (often a typo).
    UnknownProperty {
        /// Its name.
        name: String,
    },
    /// A `type` that is no widget.
    UnknownWidget {
        /// The type given.
        name: String,
    },
    /// A text that is none of the allowed words.
    NotOneOf {
        /// The words allowed.
        allowed: Vec<String>,
    },
    /// A number outside its range.
    OutOfRange {
        /// The number given.
        value: f64,
        /// Smallest allowed.
        min: f64,
        /// Largest allowed.
        max: f64,
    },
    /// A lower bound above its upper bound (`minLen` > `maxLen`, `min` > `max`, rows).
    MinAboveMax {
        /// The lower bound.
        min: f64,
        /// The upper bound.
        max: f64,
    },
    /// A key that is not a letter or `_` followed by up to 63 letters, digits or `_`.
    BadKey {
        /// The key given.
        key: String,
    },
    /// A key used by another field (or by a sub-table's totals).
    DuplicateKey {
        /// The key.
        key: String,
        /// The path of the field that has it first.
        first: String,
    },
    /// A property this widget does not take (`pattern` on a number, `required` on a grid).
    NotApplicable {
        /// The property.
        property: String,
        /// The widget's type.
        widget: String,
    },
    /// A choice widget without `options` or `dict`.
    MissingOptions,
    /// Both `options` and `dict`.
    OptionsAndDict,
    /// Two options with the same value.
    DuplicateOption {
        /// The value.
        value: Value,
    },
    /// A rule or computed value that does not parse.
    BadExpression {
        /// The parser's explanation.
        detail: String,
    },
    /// A rule written without `${...}`: it would be a constant text, never true or false.
    NotAnExpression,
    /// A per-node access entry naming a key that is no field of the form.
    UnknownField {
        /// The key.
        key: String,
    },
    /// A rule naming a variable that is no field of the form.
    UnknownVariable {
        /// The name.
        name: String,
    },
    /// Computed values that depend on each other in a circle.
    ComputedCycle {
        /// The keys in the circle.
        keys: Vec<String>,
    },
    /// A pattern that is not a valid regular expression (or too large).
    BadPattern {
        /// The regex parser's explanation.
        detail: String,
    },
    /// Grid columns wider than the row together.
    ColumnsTooWide {
        /// The sum of their spans.
        total: u32,
    },
    /// A sub-table column that is a container or another sub-table.
    NotAColumn {
        /// The widget's type.
        widget: String,
    },
    /// `totalOf` naming something that is not one of the sub-table's number columns.
    NotANumberColumn {
        /// The key given.
        key: String,
    },
    /// A default value the field itself would refuse.
    BadDefault {
        /// Why.
        problem: FieldProblem,
    },
    /// Something in an imported document that has no equivalent in the schema.
    CannotImport {
        /// What it is (a tag, a property and its value).
        what: String,
    },
}

impl fmt::Display for SchemaProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(crate::Lang::En))
    }
}
