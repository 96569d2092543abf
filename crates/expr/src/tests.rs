use serde_json::{json, Map, Value};

use super::*;

fn vars(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn run(text: &str, scope: Value) -> Result<Value, ExprError> {
    Expression::parse(text)?.evaluate(&vars(scope))
}

fn ok(text: &str, scope: Value) -> Value {
    run(text, scope).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn literals_and_templates() {
    assert_eq!(ok("${1}", json!({})), json!(1));
    assert_eq!(ok("${1.5}", json!({})), json!(1.5));
    assert_eq!(ok("${'a'}", json!({})), json!("a"));
    assert_eq!(ok("#{\"b\"}", json!({})), json!("b"));
    assert_eq!(ok("${null}", json!({})), Value::Null);
    assert_eq!(ok("plain", json!({})), json!("plain"));
    assert_eq!(
        ok("Hello ${name}!", json!({"name": "Ann"})),
        json!("Hello Ann!")
    );
    assert_eq!(ok("${a}${b}", json!({"a": 1, "b": 2.0})), json!("12.0"));
    assert_eq!(ok("\\${x}", json!({})), json!("${x}"));
}

#[test]
fn logic_with_words_and_symbols() {
    let s = json!({"amount": 1500, "dept": "IT", "ok": true});
    assert_eq!(
        ok("${amount > 1000 && dept == 'IT'}", s.clone()),
        json!(true)
    );
    assert_eq!(
        ok("${amount gt 2000 or dept eq 'IT'}", s.clone()),
        json!(true)
    );
    assert_eq!(ok("${not ok}", s.clone()), json!(false));
    assert_eq!(ok("${!ok || false}", s.clone()), json!(false));
    assert_eq!(
        ok("${amount le 1500 and amount ge 1500}", s.clone()),
        json!(true)
    );
    assert_eq!(ok("${amount lt 1500}", s.clone()), json!(false));
    assert_eq!(ok("${dept ne 'HR'}", s), json!(true));
}

#[test]
fn short_circuit_skips_unknown_variables() {
    assert_eq!(ok("${false && missing}", json!({})), json!(false));
    assert_eq!(ok("${true or missing}", json!({})), json!(true));
}

#[test]
fn arithmetic_follows_juel() {
    let s = json!({"nrOfCompletedInstances": 2, "nrOfInstances": 4});
    assert_eq!(
        ok("${nrOfCompletedInstances/nrOfInstances >= 0.5}", s.clone()),
        json!(true)
    );
    assert_eq!(ok("${nrOfCompletedInstances/nrOfInstances}", s), json!(0.5));
    assert_eq!(ok("${7 div 2}", json!({})), json!(3.5));
    assert_eq!(ok("${7 % 3}", json!({})), json!(1));
    assert_eq!(ok("${7 mod 3}", json!({})), json!(1));
    assert_eq!(ok("${2 + 3 * 4}", json!({})), json!(14));
    assert_eq!(ok("${(2 + 3) * 4}", json!({})), json!(20));
    assert_eq!(ok("${-x + 1}", json!({"x": 3})), json!(-2));
    assert_eq!(ok("${'2' + 3}", json!({})), json!(5));
    assert_eq!(ok("${1.5 + 1}", json!({})), json!(2.5));
    assert!(run("${1 / 0}", json!({})).is_err());
    assert!(run("${'a' + 1}", json!({})).is_err());
}

#[test]
fn coercion_in_comparisons() {
    assert_eq!(ok("${x == null}", json!({"x": null})), json!(true));
    assert_eq!(ok("${null == null}", json!({})), json!(true));
    assert_eq!(ok("${x == 0}", json!({"x": null})), json!(false));
    assert_eq!(ok("${x == '5'}", json!({"x": 5})), json!(true));
    assert_eq!(ok("${x == 5}", json!({"x": 5.0})), json!(true));
    assert_eq!(ok("${x > '10'}", json!({"x": 9})), json!(false));
    assert_eq!(ok("${'abc' < 'abd'}", json!({})), json!(true));
    assert_eq!(ok("${ok == 'true'}", json!({"ok": true})), json!(true));
    assert_eq!(ok("${x < 1}", json!({"x": null})), json!(false));
}

#[test]
fn empty_operator() {
    for (v, expected) in [
        (json!(null), true),
        (json!(""), true),
        (json!([]), true),
        (json!({}), true),
        (json!("a"), false),
        (json!([1]), false),
        (json!(0), false),
    ] {
        assert_eq!(ok("${empty v}", json!({ "v": v })), json!(expected));
    }
    assert_eq!(ok("${not empty v}", json!({"v": "x"})), json!(true));
}

#[test]
fn ternary_and_properties() {
    let s = json!({"form": {"room": "A1", "tags": ["x", "y"]}, "n": 3});
    assert_eq!(ok("${form.room}", s.clone()), json!("A1"));
    assert_eq!(ok("${form['room']}", s.clone()), json!("A1"));
    assert_eq!(ok("${form.tags[1]}", s.clone()), json!("y"));
    assert_eq!(ok("${form.tags[9]}", s.clone()), Value::Null);
    assert_eq!(ok("${form.missing}", s.clone()), Value::Null);
    assert_eq!(ok("${n > 2 ? 'big' : 'small'}", s.clone()), json!("big"));
    assert_eq!(
        ok("${n > 5 ? 'big' : n > 1 ? 'mid' : 'small'}", s),
        json!("mid")
    );
}

#[test]
fn string_and_collection_methods() {
    let s = json!({"s": "hello world", "l": [1, 2], "m": {"k": 1}});
    assert_eq!(ok("${s.contains('lo w')}", s.clone()), json!(true));
    assert_eq!(ok("${s.startsWith('he')}", s.clone()), json!(true));
    assert_eq!(ok("${s.endsWith('x')}", s.clone()), json!(false));
    assert_eq!(ok("${s.length()}", s.clone()), json!(11));
    assert_eq!(ok("${s.equals('hello world')}", s.clone()), json!(true));
    assert_eq!(
        ok("${l.size() == 2 && l.contains(2)}", s.clone()),
        json!(true)
    );
    assert_eq!(ok("${m.containsKey('k')}", s.clone()), json!(true));
    assert_eq!(ok("${execution.getVariable('s')}", s), json!("hello world"));
}

#[test]
fn unknown_variable_is_an_error_naming_the_expression() {
    let err = run("${amount > 5}", json!({})).expect_err("unknown");
    assert_eq!(err.kind, ExprErrorKind::UnknownProperty);
    assert_eq!(err.expression, "${amount > 5}");
    assert_eq!(err.position, 2);
    assert!(err
        .to_string()
        .contains("Unknown property used in expression"));
}

#[test]
fn syntax_errors_carry_positions() {
    let err = Expression::parse("${a + }").expect_err("syntax");
    assert_eq!(err.kind, ExprErrorKind::Syntax);
    assert_eq!(err.position, 6);
    assert!(Expression::parse("${a").is_err());
    assert!(Expression::parse("${fn:len(a)}").is_err());
    assert!(Expression::parse("${'open}").is_err());
    assert!(check("${a == 1}").is_ok());
    assert!(check("${a ==}").is_err());
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let text = format!("${{{}1{}}}", "(".repeat(500), ")".repeat(500));
    assert!(Expression::parse(&text).is_err());
    let text = format!("${{{}true}}", "!".repeat(500));
    assert!(Expression::parse(&text).is_err());
    let text = format!("${{1{}}}", "+1".repeat(100_000));
    assert!(Expression::parse(&text).is_err());
    let text = format!("${{a{}}}", ".b".repeat(100_000));
    assert!(Expression::parse(&text).is_err());
}

#[test]
fn conditions_must_be_boolean() {
    let e = Expression::parse("${x}").expect("parses");
    assert!(e.evaluate_bool(&vars(json!({"x": true}))).expect("bool"));
    assert!(!e.evaluate_bool(&vars(json!({"x": "false"}))).expect("bool"));
    assert!(e.evaluate_bool(&vars(json!({"x": 1}))).is_err());
}

#[test]
fn flowable_variable_functions() {
    let s = json!({"amount": 1500, "dept": "IT", "tags": ["a", "b"], "none": null});
    assert_eq!(ok("${variables:get(dept)}", s.clone()), json!("IT"));
    assert_eq!(ok("${variables:get('dept')}", s.clone()), json!("IT"));
    assert_eq!(
        ok("${variables:getOrDefault(missing, 7)}", s.clone()),
        json!(7)
    );
    assert_eq!(ok("${variables:exists(missing)}", s.clone()), json!(false));
    assert_eq!(ok("${vars:isEmpty(none)}", s.clone()), json!(true));
    assert_eq!(ok("${var:notEmpty(tags)}", s.clone()), json!(true));
    assert_eq!(
        ok("${variables:equals(dept, 'IT')}", s.clone()),
        json!(true)
    );
    assert_eq!(ok("${variables:ne(dept, 'HR')}", s.clone()), json!(true));
    assert_eq!(
        ok("${variables:contains(tags, 'a', 'b')}", s.clone()),
        json!(true)
    );
    assert_eq!(
        ok("${variables:containsAny(tags, 'x', 'b')}", s.clone()),
        json!(true)
    );
    assert_eq!(
        ok(
            "${variables:gt(amount, 1000) && variables:lte(amount, 1500)}",
            s.clone()
        ),
        json!(true)
    );
    assert_eq!(ok("${variables:lt(missing, 5)}", s.clone()), json!(false));
    assert_eq!(
        ok("${amount > 1 ? variables:get(dept) : 'none'}", s),
        json!("IT")
    );
    assert!(Expression::parse("${other:get(x)}").is_err());
    assert!(Expression::parse("${variables:nope(x)}").is_err());
}

#[test]
fn identifiers_lists_the_variables_read_once_in_order() {
    let ids = |text: &str| Expression::parse(text).unwrap().identifiers();
    assert_eq!(ids("${amount > 1000 && dept == 'IT'}"), ["amount", "dept"]);
    assert_eq!(ids("${a + a * b}"), ["a", "b"]);
    assert_eq!(ids("${order.total > limit[0]}"), ["order", "limit"]);
    assert_eq!(ids("${ok ? x : y}"), ["ok", "x", "y"]);
    assert_eq!(ids("${variables:get(price) * qty}"), ["price", "qty"]);
    assert_eq!(ids("${execution.getVariable('x') == 1}"), ["x"]);
    assert_eq!(ids("${name.startsWith(prefix)}"), ["name", "prefix"]);
    assert_eq!(ids("Hello ${first} ${last}"), ["first", "last"]);
    assert!(ids("${1 + 2 == 3 && true}").is_empty());
    assert!(ids("plain").is_empty());
}
