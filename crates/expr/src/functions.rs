//! Flowable's variable functions (`variables:get(x)`, `variables:equals(x, 'a')`, ...), so
//! conditions written for Flowable 6.4+ run unchanged. The first argument names a variable.

use std::cmp::Ordering;

use serde_json::Value;

use super::eval::{coerce_string, is_empty, Evaluator};
use super::ExprError;

/// Function names with their Flowable aliases.
const KNOWN: &[&str] = &[
    "get",
    "getOrDefault",
    "exists",
    "isEmpty",
    "empty",
    "isNotEmpty",
    "notEmpty",
    "equals",
    "eq",
    "notEquals",
    "ne",
    "contains",
    "containsAny",
    "lowerThan",
    "lt",
    "lowerThanOrEquals",
    "lte",
    "greaterThan",
    "gt",
    "greaterThanOrEquals",
    "gte",
];

/// Whether `variables:<name>` exists.
pub(super) fn is_known(name: &str) -> bool {
    KNOWN.contains(&name)
}

/// Calls `variables:<name>` with evaluated arguments.
pub(super) fn call(
    ev: &Evaluator<'_>,
    name: &str,
    args: &[Value],
    pos: usize,
) -> Result<Value, ExprError> {
    let Some(variable) = args.first().map(coerce_string) else {
        return Err(ev.type_error(pos, format!("variables:{name} needs a variable name")));
    };
    let value = ev.scope.variable(&variable).cloned();
    let current = value.clone().unwrap_or(Value::Null);
    let arg = |i: usize| -> Result<&Value, ExprError> {
        args.get(i).ok_or_else(|| {
            ev.type_error(pos, format!("variables:{name} needs {} argument(s)", i + 1))
        })
    };
    let order = |wanted: &[Ordering]| -> Result<Value, ExprError> {
        let ordering = ev.compare(&current, arg(1)?, pos)?;
        Ok(Value::Bool(ordering.is_some_and(|o| wanted.contains(&o))))
    };
    let contains = |needle: &Value| -> Result<bool, ExprError> {
        Ok(match &current {
            Value::Array(items) => {
                let mut found = false;
                for item in items {
                    found |= ev.equals(item, needle, pos)?;
                }
                found
            }
            Value::String(s) => s.contains(&coerce_string(needle)),
            _ => false,
        })
    };
    Ok(match name {
        "get" => current,
        "getOrDefault" => value.filter(|v| !v.is_null()).map_or(arg(1).cloned(), Ok)?,
        "exists" => Value::Bool(value.is_some()),
        "isEmpty" | "empty" => Value::Bool(is_empty(&current)),
        "isNotEmpty" | "notEmpty" => Value::Bool(!is_empty(&current)),
        "equals" | "eq" => Value::Bool(ev.equals(&current, arg(1)?, pos)?),
        "notEquals" | "ne" => Value::Bool(!ev.equals(&current, arg(1)?, pos)?),
        "contains" => {
            let mut all = args.len() > 1;
            for needle in &args[1..] {
                all &= contains(needle)?;
            }
            Value::Bool(all)
        }
        "containsAny" => {
            let mut any = false;
            for needle in &args[1..] {
                any |= contains(needle)?;
            }
            Value::Bool(any)
        }
        "lowerThan" | "lt" => order(&[Ordering::Less])?,
        "lowerThanOrEquals" | "lte" => order(&[Ordering::Less, Ordering::Equal])?,
        "greaterThan" | "gt" => order(&[Ordering::Greater])?,
        "greaterThanOrEquals" | "gte" => order(&[Ordering::Greater, Ordering::Equal])?,
        other => return Err(ev.type_error(pos, format!("unknown function 'variables:{other}'"))),
    })
}
