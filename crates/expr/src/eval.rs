//! Evaluation of a parsed expression with JUEL's coercion rules (JSR-245 section 1.8).

use std::cmp::Ordering;

use serde_json::{Number, Value};

use super::parser::{BinaryOp, Node, NodeKind, UnaryOp};
use super::{ExprError, ExprErrorKind, VariableScope};

/// Evaluates `node`; `text` is the whole expression, quoted in errors.
pub(crate) fn eval(text: &str, node: &Node, scope: &dyn VariableScope) -> Result<Value, ExprError> {
    Evaluator { text, scope }.eval(node)
}

/// JUEL's numeric domain: `Long` or `Double`.
#[derive(Debug, Clone, Copy)]
enum Num {
    Long(i64),
    Double(f64),
}

impl Num {
    fn as_f64(self) -> f64 {
        match self {
            Num::Long(n) => n as f64,
            Num::Double(f) => f,
        }
    }
}

pub(super) struct Evaluator<'a> {
    text: &'a str,
    pub(super) scope: &'a dyn VariableScope,
}

impl Evaluator<'_> {
    fn error(&self, kind: ExprErrorKind, pos: usize, message: String) -> ExprError {
        ExprError::new(self.text, pos, kind, message)
    }

    pub(super) fn type_error(&self, pos: usize, message: String) -> ExprError {
        self.error(ExprErrorKind::Type, pos, message)
    }

    fn eval(&self, node: &Node) -> Result<Value, ExprError> {
        let pos = node.pos;
        match &node.kind {
            NodeKind::Literal(v) => Ok(v.clone()),
            NodeKind::Identifier(name) => self.identifier(name, pos),
            NodeKind::Property(base, name) => {
                let base = self.eval(base)?;
                self.property(&base, &Value::String(name.clone()), pos)
            }
            NodeKind::Index(base, index) => {
                let base = self.eval(base)?;
                let index = self.eval(index)?;
                self.property(&base, &index, pos)
            }
            NodeKind::Call {
                target,
                method,
                args,
            } => {
                let args = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                if let NodeKind::Identifier(name) = &target.kind {
                    if name == "execution" && self.scope.variable(name).is_none() {
                        return self.execution_call(method, &args, pos);
                    }
                }
                let target = self.eval(target)?;
                self.call(&target, method, &args, pos)
            }
            NodeKind::Unary(op, operand) => {
                let value = self.eval(operand)?;
                match op {
                    UnaryOp::Not => Ok(Value::Bool(!self.to_bool(&value, operand.pos)?)),
                    UnaryOp::Empty => Ok(Value::Bool(is_empty(&value))),
                    UnaryOp::Neg => match value {
                        Value::Null => Ok(Value::from(0)),
                        other => match self.to_num(&other, operand.pos)? {
                            Num::Long(n) => n
                                .checked_neg()
                                .map(Value::from)
                                .ok_or_else(|| self.overflow(pos)),
                            Num::Double(f) => self.double(-f, pos),
                        },
                    },
                }
            }
            NodeKind::Binary(op, left, right) => self.binary(*op, left, right, pos),
            NodeKind::Function { name, args } => {
                let args = args
                    .iter()
                    .map(|a| self.eval(a))
                    .collect::<Result<Vec<_>, _>>()?;
                super::functions::call(self, name, &args, pos)
            }
            NodeKind::Conditional(condition, then, otherwise) => {
                let c = self.eval(condition)?;
                if self.to_bool(&c, condition.pos)? {
                    self.eval(then)
                } else {
                    self.eval(otherwise)
                }
            }
        }
    }

    fn identifier(&self, name: &str, pos: usize) -> Result<Value, ExprError> {
        self.scope.variable(name).cloned().ok_or_else(|| {
            self.error(
                ExprErrorKind::UnknownProperty,
                pos,
                format!("Unknown property used in expression: '{name}'"),
            )
        })
    }

    /// `execution.getVariable('x')`, common in Flowable models, reads the scope.
    fn execution_call(&self, method: &str, args: &[Value], pos: usize) -> Result<Value, ExprError> {
        match (method, args) {
            ("getVariable", [Value::String(name)]) => {
                Ok(self.scope.variable(name).cloned().unwrap_or(Value::Null))
            }
            _ => Err(self.type_error(pos, format!("method 'execution.{method}' is not supported"))),
        }
    }

    /// `base.name` and `base[index]`: maps give null for a missing key, lists for an index out
    /// of range (as JUEL's Map and List resolvers do); a null base gives null.
    fn property(&self, base: &Value, key: &Value, pos: usize) -> Result<Value, ExprError> {
        match base {
            Value::Null => Ok(Value::Null),
            Value::Object(map) => Ok(map
                .get(&self.to_string(key))
                .cloned()
                .unwrap_or(Value::Null)),
            Value::Array(items) => {
                let index = match self.to_num(key, pos)? {
                    Num::Long(n) => n,
                    Num::Double(f) => f as i64,
                };
                Ok(usize::try_from(index)
                    .ok()
                    .and_then(|i| items.get(i))
                    .cloned()
                    .unwrap_or(Value::Null))
            }
            other => Err(self.type_error(
                pos,
                format!(
                    "property '{}' not found on {}",
                    self.to_string(key),
                    type_name(other)
                ),
            )),
        }
    }

    fn call(
        &self,
        target: &Value,
        method: &str,
        args: &[Value],
        pos: usize,
    ) -> Result<Value, ExprError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Null);
        let want = |n: usize| -> Result<(), ExprError> {
            if args.len() == n {
                Ok(())
            } else {
                Err(self.type_error(
                    pos,
                    format!(
                        "method '{method}' takes {n} argument(s), got {}",
                        args.len()
                    ),
                ))
            }
        };
        let result = match (target, method) {
            (Value::String(s), "contains") => {
                want(1)?;
                Value::Bool(s.contains(&self.to_string(&arg(0))))
            }
            (Value::String(s), "startsWith") => {
                want(1)?;
                Value::Bool(s.starts_with(&self.to_string(&arg(0))))
            }
            (Value::String(s), "endsWith") => {
                want(1)?;
                Value::Bool(s.ends_with(&self.to_string(&arg(0))))
            }
            (Value::String(s), "equals") => {
                want(1)?;
                Value::Bool(matches!(arg(0), Value::String(o) if &o == s))
            }
            (Value::String(s), "equalsIgnoreCase") => {
                want(1)?;
                Value::Bool(
                    matches!(arg(0), Value::String(o) if o.to_lowercase() == s.to_lowercase()),
                )
            }
            (Value::String(s), "length" | "size") => {
                want(0)?;
                Value::from(s.chars().count())
            }
            (Value::String(s), "isEmpty") => {
                want(0)?;
                Value::Bool(s.is_empty())
            }
            (Value::String(s), "trim") => {
                want(0)?;
                Value::String(s.trim().to_string())
            }
            (Value::String(s), "toUpperCase") => {
                want(0)?;
                Value::String(s.to_uppercase())
            }
            (Value::String(s), "toLowerCase") => {
                want(0)?;
                Value::String(s.to_lowercase())
            }
            (Value::Array(items), "size") => {
                want(0)?;
                Value::from(items.len())
            }
            (Value::Array(items), "isEmpty") => {
                want(0)?;
                Value::Bool(items.is_empty())
            }
            (Value::Array(items), "contains") => {
                want(1)?;
                let needle = arg(0);
                Value::Bool(items.iter().any(|i| loose_equals(i, &needle)))
            }
            (Value::Array(_), "get") => {
                want(1)?;
                self.property(target, &arg(0), pos)?
            }
            (Value::Object(map), "size") => {
                want(0)?;
                Value::from(map.len())
            }
            (Value::Object(map), "isEmpty") => {
                want(0)?;
                Value::Bool(map.is_empty())
            }
            (Value::Object(map), "containsKey") => {
                want(1)?;
                Value::Bool(map.contains_key(&self.to_string(&arg(0))))
            }
            (Value::Object(_), "get") => {
                want(1)?;
                self.property(target, &arg(0), pos)?
            }
            (Value::Null, _) => {
                return Err(self.type_error(pos, format!("cannot call '{method}' on null")))
            }
            (other, _) => {
                return Err(self.type_error(
                    pos,
                    format!("method '{method}' not found on {}", type_name(other)),
                ))
            }
        };
        Ok(result)
    }

    fn binary(
        &self,
        op: BinaryOp,
        left: &Node,
        right: &Node,
        pos: usize,
    ) -> Result<Value, ExprError> {
        // `and`/`or` short-circuit, so the right side may name variables that are not set.
        match op {
            BinaryOp::And => {
                let l = self.eval(left)?;
                if !self.to_bool(&l, left.pos)? {
                    return Ok(Value::Bool(false));
                }
                let r = self.eval(right)?;
                return Ok(Value::Bool(self.to_bool(&r, right.pos)?));
            }
            BinaryOp::Or => {
                let l = self.eval(left)?;
                if self.to_bool(&l, left.pos)? {
                    return Ok(Value::Bool(true));
                }
                let r = self.eval(right)?;
                return Ok(Value::Bool(self.to_bool(&r, right.pos)?));
            }
            _ => {}
        }
        let l = self.eval(left)?;
        let r = self.eval(right)?;
        match op {
            BinaryOp::Eq => Ok(Value::Bool(self.equals(&l, &r, pos)?)),
            BinaryOp::Ne => Ok(Value::Bool(!self.equals(&l, &r, pos)?)),
            BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge => {
                let Some(ordering) = self.compare(&l, &r, pos)? else {
                    return Ok(Value::Bool(false));
                };
                Ok(Value::Bool(match op {
                    BinaryOp::Lt => ordering == Ordering::Less,
                    BinaryOp::Gt => ordering == Ordering::Greater,
                    BinaryOp::Le => ordering != Ordering::Greater,
                    _ => ordering != Ordering::Less,
                }))
            }
            _ => self.arithmetic(op, &l, &r, pos),
        }
    }

    fn arithmetic(
        &self,
        op: BinaryOp,
        l: &Value,
        r: &Value,
        pos: usize,
    ) -> Result<Value, ExprError> {
        if l.is_null() && r.is_null() {
            return Ok(Value::from(0));
        }
        if op == BinaryOp::Div {
            // JUEL divides as Double whatever the operand types.
            let divisor = self.to_num(r, pos)?.as_f64();
            if divisor == 0.0 {
                return Err(self.error(ExprErrorKind::Arithmetic, pos, "division by zero".into()));
            }
            return self.double(self.to_num(l, pos)?.as_f64() / divisor, pos);
        }
        let double = is_floating(l) || is_floating(r);
        let (a, b) = (self.to_num(l, pos)?, self.to_num(r, pos)?);
        if double {
            let (a, b) = (a.as_f64(), b.as_f64());
            let result = match op {
                BinaryOp::Add => a + b,
                BinaryOp::Sub => a - b,
                BinaryOp::Mul => a * b,
                _ => {
                    if b == 0.0 {
                        return Err(self.error(
                            ExprErrorKind::Arithmetic,
                            pos,
                            "modulo by zero".into(),
                        ));
                    }
                    a % b
                }
            };
            return self.double(result, pos);
        }
        let (a, b) = match (a, b) {
            (Num::Long(a), Num::Long(b)) => (a, b),
            _ => (a.as_f64() as i64, b.as_f64() as i64),
        };
        let result = match op {
            BinaryOp::Add => a.checked_add(b),
            BinaryOp::Sub => a.checked_sub(b),
            BinaryOp::Mul => a.checked_mul(b),
            _ => {
                if b == 0 {
                    return Err(self.error(
                        ExprErrorKind::Arithmetic,
                        pos,
                        "modulo by zero".into(),
                    ));
                }
                a.checked_rem(b)
            }
        };
        result.map(Value::from).ok_or_else(|| self.overflow(pos))
    }

    fn overflow(&self, pos: usize) -> ExprError {
        self.error(ExprErrorKind::Arithmetic, pos, "integer overflow".into())
    }

    fn double(&self, f: f64, pos: usize) -> Result<Value, ExprError> {
        Number::from_f64(f).map(Value::Number).ok_or_else(|| {
            self.error(
                ExprErrorKind::Arithmetic,
                pos,
                "result is not a finite number".into(),
            )
        })
    }

    /// JUEL `==`: null only equals null; numbers numerically; booleans and strings by coercion.
    pub(super) fn equals(&self, l: &Value, r: &Value, pos: usize) -> Result<bool, ExprError> {
        if l == r {
            return Ok(true);
        }
        match (l, r) {
            (Value::Null, _) | (_, Value::Null) => Ok(false),
            (Value::Number(_), _) | (_, Value::Number(_)) => {
                if is_floating(l) || is_floating(r) {
                    Ok(self.to_num(l, pos)?.as_f64() == self.to_num(r, pos)?.as_f64())
                } else {
                    match (self.to_num(l, pos)?, self.to_num(r, pos)?) {
                        (Num::Long(a), Num::Long(b)) => Ok(a == b),
                        (a, b) => Ok(a.as_f64() == b.as_f64()),
                    }
                }
            }
            (Value::Bool(_), _) | (_, Value::Bool(_)) => {
                Ok(self.to_bool(l, pos)? == self.to_bool(r, pos)?)
            }
            (Value::String(_), _) | (_, Value::String(_)) => {
                Ok(self.to_string(l) == self.to_string(r))
            }
            _ => Ok(false),
        }
    }

    /// JUEL `<` and friends; `None` when either side is null (the comparison is false).
    pub(super) fn compare(
        &self,
        l: &Value,
        r: &Value,
        pos: usize,
    ) -> Result<Option<Ordering>, ExprError> {
        match (l, r) {
            (Value::Null, _) | (_, Value::Null) => Ok(None),
            (Value::Number(_), _) | (_, Value::Number(_)) => {
                match (self.to_num(l, pos)?, self.to_num(r, pos)?) {
                    (Num::Long(a), Num::Long(b)) => Ok(Some(a.cmp(&b))),
                    (a, b) => Ok(a.as_f64().partial_cmp(&b.as_f64())),
                }
            }
            (Value::String(a), Value::String(b)) => Ok(Some(a.cmp(b))),
            _ => Err(self.type_error(
                pos,
                format!("cannot compare {} with {}", type_name(l), type_name(r)),
            )),
        }
    }

    fn to_num(&self, v: &Value, pos: usize) -> Result<Num, ExprError> {
        match v {
            Value::Null => Ok(Num::Long(0)),
            Value::Number(n) => Ok(number(n)),
            Value::String(s) if s.trim().is_empty() => Ok(Num::Long(0)),
            Value::String(s) => {
                let t = s.trim();
                t.parse::<i64>()
                    .map(Num::Long)
                    .ok()
                    .or_else(|| crate::decimal(t).map(Num::Double))
                    .ok_or_else(|| self.type_error(pos, format!("cannot coerce '{s}' to a number")))
            }
            other => Err(self.type_error(
                pos,
                format!("cannot coerce {} to a number", type_name(other)),
            )),
        }
    }

    pub(crate) fn to_bool(&self, v: &Value, pos: usize) -> Result<bool, ExprError> {
        coerce_bool(v).ok_or_else(|| {
            self.type_error(pos, format!("cannot coerce {} to a boolean", type_name(v)))
        })
    }

    fn to_string(&self, v: &Value) -> String {
        coerce_string(v)
    }
}

/// JUEL boolean coercion: null and "" are false, strings compare to "true" ignoring case.
pub fn coerce_bool(v: &Value) -> Option<bool> {
    match v {
        Value::Null => Some(false),
        Value::Bool(b) => Some(*b),
        Value::String(s) => Some(s.eq_ignore_ascii_case("true")),
        _ => None,
    }
}

/// JUEL string coercion: null is "", numbers print like Java, containers as JSON.
pub fn coerce_string(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match number(n) {
            Num::Long(i) => i.to_string(),
            Num::Double(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.1}"),
            Num::Double(f) => f.to_string(),
        },
        other => crate::json_text(other),
    }
}

fn number(n: &Number) -> Num {
    match n.as_i64() {
        Some(i) => Num::Long(i),
        None => Num::Double(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// Whether JUEL would do this arithmetic in Double: a floating number or a string that looks
/// like one (`.`, `e`, `E`).
fn is_floating(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_i64().is_none(),
        Value::String(s) => s.contains(['.', 'e', 'E']),
        _ => false,
    }
}

/// JUEL `empty`: null, "", empty list and empty map.
pub(super) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Equality used by `list.contains(x)`: numbers by value, everything else structurally.
fn loose_equals(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number(x).as_f64() == number(y).as_f64(),
        _ => a == b,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}
