//! JUEL-compatible expressions (`${amount > 1000 && dept == 'IT'}`) over JSON variables.
//!
//! Parse once with [`Expression::parse`], evaluate many times against a [`VariableScope`].
//! A text without `${`/`#{` is a literal; a single evaluation yields its value; a template
//! mixing text and evaluations yields a string, as in JUEL composite expressions.
//!
//! Its own crate, without the engine, so the BPMN engine's conditions and a form's rules
//! (show-when, required-when, computed fields) are evaluated by the same code on the server
//! and in the browser (wasm32): a rule cannot mean one thing in one place and another there.
//!
//! ```
//! use serde_json::json;
//! use woc_expr::Expression;
//!
//! let rule = Expression::parse("${amount > 1000 && dept == 'IT'}").unwrap();
//! let vars = json!({"amount": 1500, "dept": "IT"}).as_object().cloned().unwrap();
//! assert!(rule.evaluate_bool(&vars).unwrap());
//! assert_eq!(rule.identifiers(), ["amount", "dept"]);
//! ```

#![warn(missing_docs)]

mod eval;
mod functions;
mod json_text;
mod lexer;
mod parser;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde_json::Value;

pub use eval::{coerce_bool, coerce_string};
pub use json_text::{decimal, json_text, number_text};

/// Where variables come from when an expression runs.
pub trait VariableScope {
    /// The value of `name`, or `None` when no such variable exists (null is `Some(Null)`).
    fn variable(&self, name: &str) -> Option<&Value>;
}

impl VariableScope for serde_json::Map<String, Value> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl VariableScope for BTreeMap<String, Value> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

impl VariableScope for HashMap<String, Value> {
    fn variable(&self, name: &str) -> Option<&Value> {
        self.get(name)
    }
}

/// What went wrong in an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExprErrorKind {
    /// The text is not a valid expression.
    Syntax,
    /// A variable the expression names does not exist.
    UnknownProperty,
    /// A value has the wrong type for an operation.
    Type,
    /// Division by zero, overflow or a non-finite result.
    Arithmetic,
}

/// An expression error naming the expression text and the character position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (in expression `{expression}` at position {position})")]
pub struct ExprError {
    /// The whole expression text.
    pub expression: String,
    /// Character offset in `expression` where the problem was found.
    pub position: usize,
    /// Category.
    pub kind: ExprErrorKind,
    /// Human-readable explanation.
    pub message: String,
}

impl ExprError {
    fn new(text: &str, position: usize, kind: ExprErrorKind, message: String) -> Self {
        ExprError {
            expression: text.to_string(),
            position,
            kind,
            message,
        }
    }

    fn syntax(text: &str, position: usize, message: &str) -> Self {
        Self::new(text, position, ExprErrorKind::Syntax, message.to_string())
    }
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Text(String),
    Eval(parser::Node),
}

/// A parsed expression or template, ready to evaluate many times.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    text: String,
    parts: Vec<Part>,
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Expression {
    /// Parses `text`: literal text with any number of `${...}` / `#{...}` evaluations.
    pub fn parse(text: &str) -> Result<Expression, ExprError> {
        let chars: Vec<char> = text.chars().collect();
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let opens = matches!(c, '$' | '#') && chars.get(i + 1) == Some(&'{');
            if c == '\\'
                && matches!(chars.get(i + 1), Some('$' | '#'))
                && chars.get(i + 2) == Some(&'{')
            {
                // `\${` is a literal `${` in JUEL templates.
                literal.push(chars[i + 1]);
                i += 2;
                continue;
            }
            if !opens {
                literal.push(c);
                i += 1;
                continue;
            }
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            let (tokens, end) = lexer::lex(text, &chars, i + 2)?;
            parts.push(Part::Eval(parser::parse(text, &tokens)?));
            i = end;
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Expression {
            text: text.to_string(),
            parts,
        })
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the text has no `${...}` at all (a plain value such as a user id).
    pub fn is_literal(&self) -> bool {
        self.parts.iter().all(|p| matches!(p, Part::Text(_)))
    }

    /// The variables the expression reads, each once, in order of first appearance: bare
    /// names (`amount` in `${amount > 10}`, `order` in `${order.total}`), the variable a
    /// Flowable function names (`variables:get(x)`), and `execution.getVariable('x')`.
    /// Names built at run time (`variables:get(name)` with `name` a variable) cannot be known.
    /// Forms use it to refuse a rule that names a field the form does not have.
    pub fn identifiers(&self) -> Vec<String> {
        let mut out = Vec::new();
        for part in &self.parts {
            if let Part::Eval(node) = part {
                parser::collect_identifiers(node, &mut out);
            }
        }
        out
    }

    /// Evaluates to a value: a lone evaluation keeps its type, templates become strings.
    pub fn evaluate(&self, scope: &dyn VariableScope) -> Result<Value, ExprError> {
        match self.parts.as_slice() {
            [Part::Eval(node)] => eval::eval(&self.text, node, scope),
            [Part::Text(text)] => Ok(Value::String(text.clone())),
            parts => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Eval(node) => {
                            out.push_str(&coerce_string(&eval::eval(&self.text, node, scope)?))
                        }
                    }
                }
                Ok(Value::String(out))
            }
        }
    }

    /// Evaluates a condition. Booleans and the strings "true"/"false" are accepted (JUEL's
    /// boolean coercion of strings); anything else is an error, as Flowable refuses non-boolean
    /// conditions rather than guessing.
    pub fn evaluate_bool(&self, scope: &dyn VariableScope) -> Result<bool, ExprError> {
        match self.evaluate(scope)? {
            Value::Bool(b) => Ok(b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
            other => Err(ExprError::new(
                &self.text,
                0,
                ExprErrorKind::Type,
                format!(
                    "condition must be a boolean, got {}",
                    crate::json_text(&other)
                ),
            )),
        }
    }
}

/// Deploy-time syntax check, shaped for `woc_bpmn::validate_with`.
pub fn check(text: &str) -> Result<(), String> {
    Expression::parse(text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests;
