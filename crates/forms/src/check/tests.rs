use serde_json::{json, Value};

use super::*;
use crate::submission::FieldProblem;

fn problems(schema: Value) -> Vec<SchemaProblem> {
    parse(&schema.to_string()).expect_err("the schema should be refused")
}

fn one(schema: Value) -> (String, SchemaProblemKind) {
    let mut all = problems(schema);
    assert_eq!(all.len(), 1, "{all:?}");
    let p = all.remove(0);
    (p.path, p.problem)
}

#[test]
fn a_plain_schema_passes() {
    let form = parse(
        &json!({"version": 1, "fields": [
            {"key": "title", "type": "input", "label": "标题", "required": true},
            {"key": "row", "type": "grid", "columns": [
                {"span": 12, "fields": [{"key": "a", "type": "number", "precision": 2}]},
                {"span": 12, "fields": [{"key": "b", "type": "date"}]}
            ]}
        ]})
        .to_string(),
    )
    .unwrap();
    assert_eq!(form.value_keys(), ["title", "a", "b"]);
}

#[test]
fn an_unknown_widget_names_its_type() {
    let (path, problem) = one(json!({"fields": [
        {"key": "a", "type": "input"},
        {"key": "b", "type": "el-input"}
    ]}));
    assert_eq!(path, "fields[1].type");
    assert_eq!(
        problem,
        SchemaProblemKind::UnknownWidget {
            name: "el-input".into()
        }
    );
}

#[test]
fn a_typo_in_a_property_is_refused_not_ignored() {
    let (path, problem) = one(json!({"fields": [{"key": "a", "type": "input", "requried": true}]}));
    assert_eq!(path, "fields[0].requried");
    assert_eq!(
        problem,
        SchemaProblemKind::UnknownProperty {
            name: "requried".into()
        }
    );
    let (path, _) =
        one(json!({"fields": [{"key": "a", "type": "input", "rules": {"maxLength": 3}}]}));
    assert_eq!(path, "fields[0].rules.maxLength");
}

#[test]
fn a_duplicate_key_deep_in_containers_names_both_places() {
    let (path, problem) = one(json!({"fields": [
        {"key": "name", "type": "input"},
        {"key": "tabs1", "type": "tabs", "tabs": [{"label": "一", "fields": []}]},
        {"key": "row", "type": "grid", "columns": [
            {"span": 24, "fields": [
                {"key": "ok", "type": "input"},
                {"key": "name", "type": "textarea"}
            ]}
        ]}
    ]}));
    assert_eq!(path, "fields[2].columns[0].fields[1].key");
    assert_eq!(
        problem,
        SchemaProblemKind::DuplicateKey {
            key: "name".into(),
            first: "fields[0].key".into()
        }
    );
}

#[test]
fn keys_inside_sub_tables_are_unique_in_the_whole_form_too() {
    let (path, _) = one(json!({"fields": [
        {"key": "qty", "type": "number"},
        {"key": "lines", "type": "sub_table", "fields": [{"key": "qty", "type": "number"}]}
    ]}));
    assert_eq!(path, "fields[1].fields[0].key");
}

#[test]
fn key_syntax() {
    assert!(is_valid_key("input58922") && is_valid_key("_x") && is_valid_key(&"a".repeat(64)));
    assert!(
        !is_valid_key("") && !is_valid_key("9a") && !is_valid_key("a-b") && !is_valid_key("名字")
    );
    assert!(!is_valid_key(&"a".repeat(65)));
    let (path, problem) = one(json!({"fields": [{"key": "a b", "type": "input"}]}));
    assert_eq!(
        (path.as_str(), problem),
        (
            "fields[0].key",
            SchemaProblemKind::BadKey { key: "a b".into() }
        )
    );
}

#[test]
fn a_rule_that_does_not_parse_or_names_no_field() {
    let (path, problem) = one(json!({"fields": [
        {"key": "a", "type": "input", "visibleWhen": "${b ==}"},
        {"key": "b", "type": "input"}
    ]}));
    assert_eq!(path, "fields[0].visibleWhen");
    assert!(
        matches!(problem, SchemaProblemKind::BadExpression { .. }),
        "{problem:?}"
    );

    let (path, problem) = one(json!({"fields": [
        {"key": "a", "type": "input", "requiredWhen": "${serviceTyp == 'paid'}"},
        {"key": "serviceType", "type": "input"}
    ]}));
    assert_eq!(path, "fields[0].requiredWhen");
    assert_eq!(
        problem,
        SchemaProblemKind::UnknownVariable {
            name: "serviceTyp".into()
        }
    );

    let (_, problem) =
        one(json!({"fields": [{"key": "a", "type": "input", "visibleWhen": "a == 1"}]}));
    assert_eq!(problem, SchemaProblemKind::NotAnExpression);
}

#[test]
fn a_schema_over_the_size_limit_is_refused_before_reading() {
    let big = format!(
        r#"{{"fields": [], "pad": "{}"}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let all = parse(&big).unwrap_err();
    assert_eq!(all.len(), 1);
    assert!(matches!(
        all[0].problem,
        SchemaProblemKind::TooLarge {
            max: MAX_SCHEMA_BYTES,
            ..
        }
    ));
}

#[test]
fn not_json_and_nesting_limits() {
    let all = parse("{\"fields\": [").unwrap_err();
    assert!(matches!(all[0].problem, SchemaProblemKind::NotJson { .. }));

    let mut inner = json!([{"key": "leaf", "type": "input"}]);
    for depth in 0..=MAX_NESTING {
        inner = json!([{"key": format!("g{depth}"), "type": "group", "fields": inner}]);
    }
    let all = problems(json!({ "fields": inner }));
    assert!(
        all.iter()
            .any(|p| matches!(p.problem, SchemaProblemKind::TooDeep { .. })),
        "{all:?}"
    );
    // A JSON text nested past serde_json's own limit is refused as not JSON, without overflow.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(parse(&deep).is_err());
}

#[test]
fn option_values_are_unique_per_level_and_scalars() {
    let (path, problem) = one(
        json!({"fields": [{"key": "s", "type": "select", "options": [
            {"label": "一", "value": 1}, {"label": "壹", "value": "1"}
        ]}]}),
    );
    assert_eq!(path, "fields[0].options[1].value");
    assert_eq!(
        problem,
        SchemaProblemKind::DuplicateOption { value: json!("1") }
    );

    let (path, _) = one(
        json!({"fields": [{"key": "c", "type": "cascader", "options": [
            {"label": "广东", "value": "gd", "children": [
                {"label": "深圳", "value": "sz"}, {"label": "深圳市", "value": "sz"}
            ]}
        ]}]}),
    );
    assert_eq!(path, "fields[0].options[0].children[1].value");

    let (path, _) = one(json!({"fields": [{"key": "s", "type": "radio", "options": [
        {"label": "x", "value": {"a": 1}}
    ]}]}));
    assert_eq!(path, "fields[0].options[0].value");
}

#[test]
fn options_belong_to_choice_widgets() {
    let (path, problem) = one(json!({"fields": [{"key": "s", "type": "select"}]}));
    assert_eq!(
        (path.as_str(), problem),
        ("fields[0].options", SchemaProblemKind::MissingOptions)
    );
    let (path, _) = one(json!({"fields": [{"key": "s", "type": "input", "dict": "x"}]}));
    assert_eq!(path, "fields[0].dict");
    let (path, problem) =
        one(json!({"fields": [{"key": "s", "type": "select", "dict": "x", "options": []}]}));
    assert_eq!(
        (path.as_str(), problem),
        ("fields[0].dict", SchemaProblemKind::OptionsAndDict)
    );
}

#[test]
fn bounds_and_widths() {
    let (path, problem) =
        one(json!({"fields": [{"key": "n", "type": "number", "rules": {"min": 10, "max": 1}}]}));
    assert_eq!(path, "fields[0].rules.min");
    assert_eq!(
        problem,
        SchemaProblemKind::MinAboveMax {
            min: 10.0,
            max: 1.0
        }
    );
    let (path, problem) = one(json!({"fields": [{"key": "n", "type": "input", "width": 30}]}));
    assert_eq!(path, "fields[0].width");
    assert_eq!(
        problem,
        SchemaProblemKind::OutOfRange {
            value: 30.0,
            min: 1.0,
            max: 24.0
        }
    );
    let (path, _) = one(json!({"fields": [{"key": "g", "type": "grid", "columns": [
        {"span": 16, "fields": []}, {"span": 16, "fields": []}
    ]}]}));
    assert_eq!(path, "fields[0].columns");
    let (path, _) =
        one(json!({"fields": [{"key": "n", "type": "number", "rules": {"pattern": "^1"}}]}));
    assert_eq!(path, "fields[0].rules.pattern");
}

#[test]
fn sub_table_limits_and_totals() {
    let all = problems(
        json!({"fields": [{"key": "t", "type": "sub_table", "minRows": 3000, "maxRows": 2000,
        "totalOf": ["name", "nope"],
        "fields": [
            {"key": "name", "type": "input"},
            {"key": "inner", "type": "group", "fields": []}
        ]}]}),
    );
    let paths: Vec<_> = all.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fields[0].minRows",
            "fields[0].maxRows",
            "fields[0].fields[1].type",
            "fields[0].totalOf[0]",
            "fields[0].totalOf[1]"
        ],
        "{all:?}"
    );
    // The totals' key is taken.
    let (path, _) = one(json!({"fields": [
        {"key": "t", "type": "sub_table", "totalOf": ["q"], "fields": [{"key": "q", "type": "number"}]},
        {"key": "t_total", "type": "input"}
    ]}));
    assert_eq!(path, "fields[1].key");
}

#[test]
fn a_bad_pattern_is_refused_with_the_parser_reason() {
    let (path, problem) =
        one(json!({"fields": [{"key": "p", "type": "input", "rules": {"pattern": "^(ab"}}]}));
    assert_eq!(path, "fields[0].rules.pattern");
    assert!(matches!(problem, SchemaProblemKind::BadPattern { .. }));
    // JavaScript's usual forms work.
    parse(
        &json!({"fields": [{"key": "p", "type": "input",
        "rules": {"pattern": "^[\\u4e00-\\u9fa5]{2,5}$|^1(3|4|5|7|8|9)\\d{9}$"}}]})
        .to_string(),
    )
    .unwrap();
}

#[test]
fn computed_values_may_not_go_round_in_circles() {
    let (path, problem) = one(json!({"fields": [
        {"key": "a", "type": "number", "computed": "${b + 1}"},
        {"key": "b", "type": "number", "computed": "${a + 1}"}
    ]}));
    assert!(path.starts_with("fields["), "{path}");
    assert!(
        matches!(problem, SchemaProblemKind::ComputedCycle { ref keys } if keys.len() == 2),
        "{problem:?}"
    );
    let (path, _) =
        one(json!({"fields": [{"key": "a", "type": "number", "computed": "${a + 1}"}]}));
    assert_eq!(path, "fields[0].computed");
}

#[test]
fn defaults_must_pass_their_own_field() {
    let (path, problem) = one(
        json!({"fields": [{"key": "s", "type": "select", "default": 3,
        "options": [{"label": "一", "value": 1}]}]}),
    );
    assert_eq!(path, "fields[0].default");
    assert_eq!(
        problem,
        SchemaProblemKind::BadDefault {
            problem: FieldProblem::NotAnOption { value: json!(3) }
        }
    );
}

#[test]
fn properties_a_widget_does_not_take() {
    let (path, problem) =
        one(json!({"fields": [{"key": "g", "type": "group", "required": true, "fields": []}]}));
    assert_eq!(path, "fields[0].required");
    assert_eq!(
        problem,
        SchemaProblemKind::NotApplicable {
            property: "required".into(),
            widget: "group".into()
        }
    );
    // `precision` is a number's, not an input's: unknown there.
    let (path, _) = one(json!({"fields": [{"key": "i", "type": "input", "precision": 2}]}));
    assert_eq!(path, "fields[0].precision");
}

#[test]
fn every_problem_is_reported_at_once() {
    let all = problems(json!({"fields": [
        {"key": "a", "type": "input", "width": 0},
        {"key": "a", "type": "number", "rules": {"min": 3, "max": 1}},
        {"key": "c", "type": "select", "visibleWhen": "${nope}"}
    ]}));
    let paths: Vec<_> = all.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["fields[0].width"],
        "the reader stops before the checks when it refuses something"
    );
    let all = problems(json!({"fields": [
        {"key": "a", "type": "input"},
        {"key": "a", "type": "number", "rules": {"min": 3, "max": 1}},
        {"key": "c", "type": "select", "visibleWhen": "${nope}"}
    ]}));
    let paths: Vec<_> = all.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fields[1].key",
            "fields[1].rules.min",
            "fields[2].visibleWhen",
            "fields[2].options"
        ]
    );
}

#[test]
fn a_newer_format_is_refused() {
    let (path, problem) = one(json!({"version": 2, "fields": []}));
    assert_eq!(path, "version");
    assert_eq!(
        problem,
        SchemaProblemKind::UnsupportedVersion {
            version: 2,
            newest: 1
        }
    );
}

#[test]
fn serde_reads_with_the_same_checks() {
    let err =
        serde_json::from_value::<FormSchema>(json!({"fields": [{"key": "a", "type": "nope"}]}))
            .unwrap_err();
    assert!(err.to_string().contains("fields[0].type"), "{err}");
}
