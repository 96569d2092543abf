use serde_json::json;

use super::*;
use crate::{parse, FieldAccess};

fn form(fields: Value) -> Form {
    parse(&json!({ "fields": fields }).to_string()).expect("a valid schema")
}

fn ok(form: &Form, sent: Value) -> Value {
    Value::Object(
        form.validate(sent.as_object().unwrap(), &Context::new())
            .unwrap_or_else(|e| panic!("{e:?}")),
    )
}

fn bad(form: &Form, sent: Value) -> Vec<(String, FieldProblem)> {
    bad_with(form, sent, &Context::new())
}

fn bad_with(form: &Form, sent: Value, context: &Context<'_>) -> Vec<(String, FieldProblem)> {
    form.validate(sent.as_object().unwrap(), context)
        .expect_err("the submission should be refused")
        .into_iter()
        .map(|e| (e.path, e.problem))
        .collect()
}

fn e(path: &str, problem: FieldProblem) -> (String, FieldProblem) {
    (path.to_string(), problem)
}

#[test]
fn three_bad_fields_are_reported_together_in_form_order() {
    let f = form(json!([
        {"key": "phone", "type": "input", "required": true,
         "rules": {"pattern": "^1\\d{10}$", "patternMessage": "手机号格式错误"}},
        {"key": "level", "type": "select", "options": [{"label": "高", "value": "high"}]},
        {"key": "count", "type": "number"},
        {"key": "note", "type": "textarea", "required": true}
    ]));
    let errors = bad(
        &f,
        json!({"phone": "12345", "level": "low", "count": "many", "note": "ok"}),
    );
    assert_eq!(
        errors,
        [
            e(
                "phone",
                FieldProblem::PatternMismatch {
                    message: Some("手机号格式错误".into())
                }
            ),
            e(
                "level",
                FieldProblem::NotAnOption {
                    value: json!("low")
                }
            ),
            e(
                "count",
                FieldProblem::WrongType {
                    expected: Expected::Number
                }
            ),
        ]
    );
}

#[test]
fn unknown_keys_are_refused() {
    let f = form(json!([{"key": "a", "type": "input"}]));
    assert_eq!(
        bad(&f, json!({"a": "x", "b": 1})),
        [e("b", FieldProblem::Unknown)]
    );
}

#[test]
fn values_are_read_into_their_shapes_and_every_field_is_in_the_result() {
    let f = form(json!([
        {"key": "n", "type": "number", "precision": 1},
        {"key": "on", "type": "switch"},
        {"key": "when", "type": "time"},
        {"key": "pick", "type": "radio", "options": [{"label": "一", "value": 1}, {"label": "二", "value": 2}]},
        {"key": "many", "type": "checkbox", "options": [{"label": "甲", "value": "a"}, {"label": "乙", "value": "b"}]},
        {"key": "empty", "type": "input"}
    ]));
    assert_eq!(
        ok(
            &f,
            json!({"n": "2.5", "on": "true", "when": "08:30", "pick": "2", "many": ["b"]})
        ),
        json!({"n": 2.5, "on": true, "when": "08:30:00", "pick": 2, "many": ["b"], "empty": null})
    );
}

#[test]
fn wrong_types_and_bounds() {
    let f = form(json!([
        {"key": "n", "type": "number", "precision": 2, "rules": {"min": 0, "max": 100}},
        {"key": "t", "type": "input", "rules": {"minLen": 2, "maxLen": 4}},
        {"key": "d", "type": "date"},
        {"key": "r", "type": "date_range"},
        {"key": "stars", "type": "rate", "max": 5},
        {"key": "s", "type": "slider", "min": 0, "max": 10, "step": 2},
        {"key": "c", "type": "checkbox", "rules": {"maxLen": 1},
         "options": [{"label": "甲", "value": "a"}, {"label": "乙", "value": "b"}]}
    ]));
    assert_eq!(
        bad(
            &f,
            json!({"n": 1.234, "t": "x", "d": "2023-02-30", "r": ["2024-02-01", "2024-01-01"],
            "stars": 6, "s": 3, "c": ["a", "b"]})
        ),
        [
            e("n", FieldProblem::TooPrecise { precision: 2 }),
            e("t", FieldProblem::TooShort { min: 2 }),
            e(
                "d",
                FieldProblem::WrongType {
                    expected: Expected::Date
                }
            ),
            e(
                "r",
                FieldProblem::WrongType {
                    expected: Expected::DateRange
                }
            ),
            e("stars", FieldProblem::AboveMax { max: 5.0 }),
            e("s", FieldProblem::OffStep { step: 2.0 }),
            e("c", FieldProblem::TooManyItems { max: 1 }),
        ]
    );
    assert_eq!(
        bad(&f, json!({"n": -1, "t": "hello"})),
        [
            e("n", FieldProblem::BelowMin { min: 0.0 }),
            e("t", FieldProblem::TooLong { max: 4 }),
        ]
    );
}

#[test]
fn hidden_by_a_rule_means_not_required_and_dropped() {
    let f = form(json!([
        {"key": "serviceType", "type": "radio", "required": true,
         "options": [{"label": "免费", "value": "free"}, {"label": "收费", "value": "paid"}]},
        {"key": "paid", "type": "group", "visibleWhen": "${serviceType == 'paid'}", "fields": [
            {"key": "price", "type": "amount", "required": true}
        ]},
        {"key": "reason", "type": "input", "requiredWhen": "${price > 1000}"}
    ]));
    assert_eq!(
        ok(&f, json!({"serviceType": "free", "price": 50})),
        json!({"serviceType": "free", "price": null, "reason": null})
    );
    assert_eq!(
        bad(&f, json!({"serviceType": "paid"})),
        [e("price", FieldProblem::Required)]
    );
    assert_eq!(
        bad(&f, json!({"serviceType": "paid", "price": 2000})),
        [e("reason", FieldProblem::Required)]
    );
    assert_eq!(
        bad(&f, json!({})),
        [e("serviceType", FieldProblem::Required)]
    );
}

#[test]
fn computed_values_and_totals_are_never_taken_from_the_client() {
    let f = form(json!([
        {"key": "lines", "type": "sub_table", "minRows": 1, "maxRows": 3, "totalOf": ["amount"], "fields": [
            {"key": "price", "type": "amount", "required": true},
            {"key": "qty", "type": "number", "required": true},
            {"key": "amount", "type": "amount", "computed": "${price * qty}"}
        ]},
        {"key": "discount", "type": "number", "precision": 2},
        {"key": "due", "type": "amount", "computed": "${lines_total.amount * (1 - discount)}"},
        {"key": "big", "type": "input", "visibleWhen": "${due > 100}", "required": true}
    ]));
    let clean = ok(
        &f,
        json!({
            "lines": [{"price": "0.1", "qty": 3, "amount": 999}, {"price": 10, "qty": 1}],
            "lines_total": {"amount": 1},
            "discount": 0.5,
            "due": 0
        }),
    );
    assert_eq!(
        clean,
        json!({
            "lines": [{"price": 0.1, "qty": 3, "amount": 0.3}, {"price": 10, "qty": 1, "amount": 10}],
            "lines_total": {"amount": 10.3},
            "discount": 0.5,
            "due": 5.15,
            "big": null
        })
    );
    // A computed value can make another field show (and so be required).
    assert_eq!(
        bad(
            &f,
            json!({"lines": [{"price": 300, "qty": 1}], "discount": 0})
        ),
        [e("big", FieldProblem::Required)]
    );
}

#[test]
fn sub_table_rows_cells_and_limits() {
    let f = form(json!([
        {"key": "table1", "type": "sub_table", "maxRows": 2, "fields": [
            {"key": "name", "type": "input", "required": true},
            {"key": "qty", "type": "number", "rules": {"min": 1}}
        ]}
    ]));
    assert_eq!(
        bad(
            &f,
            json!({"table1": [{"name": "a", "qty": 0}, {"qty": "x", "extra": 1}]})
        ),
        [
            e("table1[1].extra", FieldProblem::Unknown),
            e(
                "table1[1].qty",
                FieldProblem::WrongType {
                    expected: Expected::Number
                }
            ),
            e("table1[0].qty", FieldProblem::BelowMin { min: 1.0 }),
            e("table1[1].name", FieldProblem::Required),
        ]
    );
    let rows: Vec<Value> = (0..5).map(|i| json!({"name": format!("r{i}")})).collect();
    assert_eq!(
        bad(&f, json!({ "table1": rows })),
        [e("table1", FieldProblem::TooManyRows { max: 2 })]
    );
    assert_eq!(
        bad(&f, json!({"table1": {"name": "a"}})),
        [e(
            "table1",
            FieldProblem::WrongType {
                expected: Expected::List
            }
        )]
    );
}

#[test]
fn read_only_and_hidden_fields_keep_their_previous_values() {
    let f = form(json!([
        {"key": "title", "type": "input", "required": true},
        {"key": "cost", "type": "amount"},
        {"key": "approval", "type": "group", "fields": [{"key": "comment", "type": "textarea"}]},
        {"key": "fixed", "type": "input", "disabled": true, "default": "A"}
    ]));
    let access = FieldAccess::new()
        .with("title", Access::ReadOnly)
        .with("cost", Access::Hidden);
    let previous = json!({"title": "Printer broken", "cost": 120, "comment": "old"});
    let previous = previous.as_object().unwrap();
    let context = Context::new().access(&access).previous(previous);
    // Not sending them, or sending them unchanged, is fine.
    let clean = f
        .validate(
            json!({"title": "Printer broken", "comment": "new"})
                .as_object()
                .unwrap(),
            &context,
        )
        .unwrap();
    assert_eq!(
        Value::Object(clean),
        json!({"title": "Printer broken", "cost": 120, "comment": "new", "fixed": "A"})
    );
    assert_eq!(
        bad_with(
            &f,
            json!({"title": "Changed", "cost": 1, "fixed": "B"}),
            &context
        ),
        [
            e("title", FieldProblem::NotEditable),
            e("cost", FieldProblem::NotEditable),
            e("fixed", FieldProblem::NotEditable),
        ]
    );
    // A read-only container makes its fields read-only.
    let access = FieldAccess::new().with("approval", Access::ReadOnly);
    let context = Context::new().access(&access).previous(previous);
    assert_eq!(
        bad_with(&f, json!({"title": "t", "comment": "new"}), &context),
        [e("comment", FieldProblem::NotEditable)]
    );
}

#[test]
fn dictionaries_and_the_directory_are_the_callers_to_answer() {
    struct Known;
    impl OptionSource for Known {
        fn contains(&self, lookup: Lookup<'_>, value: &Value) -> bool {
            match lookup {
                Lookup::Dictionary("ticket_type") => value == &json!("hw"),
                Lookup::Users => value == &json!("alice"),
                _ => false,
            }
        }
    }
    let f = form(json!([
        {"key": "kind", "type": "select", "dict": "ticket_type"},
        {"key": "owner", "type": "user_picker"},
        {"key": "team", "type": "dept_picker", "multiple": true}
    ]));
    assert_eq!(
        f.lookups(),
        [
            Lookup::Dictionary("ticket_type"),
            Lookup::Users,
            Lookup::Departments
        ]
    );
    let context = Context::new().options(&Known);
    assert_eq!(
        bad_with(
            &f,
            json!({"kind": "sw", "owner": "alice", "team": [3]}),
            &context
        ),
        [
            e("kind", FieldProblem::NotAnOption { value: json!("sw") }),
            e("team", FieldProblem::NotAnOption { value: json!(3) }),
        ]
    );
}

#[test]
fn cascader_paths_follow_the_option_tree() {
    let f = form(json!([{"key": "region", "type": "cascader", "options": [
        {"label": "广东", "value": "gd", "children": [{"label": "深圳", "value": "sz"}]}
    ]}]));
    assert_eq!(
        ok(&f, json!({"region": ["gd", "sz"]}))["region"],
        json!(["gd", "sz"])
    );
    assert_eq!(
        bad(&f, json!({"region": ["gd", "gz"]})),
        [e(
            "region",
            FieldProblem::NotAnOption {
                value: json!(["gd", "gz"])
            }
        )]
    );
}

#[test]
fn uploads_count_size_and_type() {
    let f = form(json!([
        {"key": "pics", "type": "image_upload", "maxFiles": 2, "maxSizeKb": 1024},
        {"key": "docs", "type": "file_upload", "accept": [".pdf"]}
    ]));
    let pic = |name: &str, size: u64| json!({"id": "a1", "name": name, "size": size});
    assert_eq!(
        ok(&f, json!({"pics": [pic("a.png", 10)], "docs": "att-7"}))["docs"],
        json!(["att-7"])
    );
    assert_eq!(
        bad(
            &f,
            json!({"pics": [pic("a.png", 10), pic("b.png", 10), pic("c.png", 10)]})
        ),
        [e("pics", FieldProblem::TooManyFiles { max: 2 })]
    );
    assert_eq!(
        bad(
            &f,
            json!({"pics": [pic("a.png", 2 * 1024 * 1024)], "docs": [{"id": "x", "name": "a.exe"}]})
        ),
        [
            e("pics", FieldProblem::FileTooLarge { max_kb: 1024 }),
            e(
                "docs",
                FieldProblem::FileTypeRefused {
                    accept: vec![".pdf".into()]
                }
            ),
        ]
    );
    assert_eq!(
        bad(&f, json!({"pics": [pic("a.txt", 1)]})),
        [e(
            "pics",
            FieldProblem::FileTypeRefused {
                accept: vec!["image/*".into()]
            }
        )]
    );
}

#[test]
fn a_field_hidden_by_a_rule_is_dropped_whatever_it_held() {
    let f = form(json!([
        {"key": "kind", "type": "radio", "options": [{"label": "A", "value": "a"}, {"label": "B", "value": "b"}]},
        {"key": "count", "type": "number", "visibleWhen": "${kind == 'b'}"},
        {"key": "lines", "type": "sub_table", "visibleWhen": "${kind == 'b'}", "fields": [
            {"key": "qty", "type": "number", "required": true}
        ]}
    ]));
    assert_eq!(
        ok(
            &f,
            json!({"kind": "a", "count": "many", "lines": [{"qty": "x"}]})
        ),
        json!({"kind": "a", "count": null, "lines": null})
    );
    // Shown, a cell of the wrong type is reported once (not also as missing).
    assert_eq!(
        bad(&f, json!({"kind": "b", "lines": [{"qty": "x"}]})),
        [e(
            "lines[0].qty",
            FieldProblem::WrongType {
                expected: Expected::Number
            }
        )]
    );
}
