use serde_json::json;

use super::*;
use crate::{Context, FieldProblem, Widget};

const FORM_GENERATOR: &str = include_str!("../../tests/fixtures/form_generator.json");
const FORM_CREATE: &str = include_str!("../../tests/fixtures/form_create.json");

fn types(form: &Form) -> Vec<(String, &'static str)> {
    form.schema()
        .walk()
        .iter()
        .map(|f| (f.key.clone(), f.widget.type_name()))
        .collect()
}

#[test]
fn form_generator_output_converts_with_its_keys_rules_and_rows() {
    let form = import(FORM_GENERATOR).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(
        types(&form),
        [
            ("input58922".to_string(), "input"),
            ("textarea79127".into(), "textarea"),
            ("row103".into(), "grid"),
            ("radio11234".into(), "radio"),
            ("number55120".into(), "number"),
            ("cascaderarea53999".into(), "cascader"),
            ("daterange29917".into(), "date_range"),
            ("timerange70409".into(), "time_range"),
            ("pictureupload96832".into(), "image_upload"),
            ("input64189".into(), "input"),
        ]
    );
    let phone = form.schema().field("input58922").unwrap();
    assert!(phone.required);
    assert_eq!(phone.width, 12);
    assert_eq!(
        phone.rules.pattern.as_deref(),
        Some("^1(3|4|5|7|8|9)\\d{9}$")
    );
    assert_eq!(phone.rules.max_len, Some(11));
    let Widget::Grid { columns } = &form.schema().field("row103").unwrap().widget else {
        panic!("a grid");
    };
    assert_eq!(columns.iter().map(|c| c.span).collect::<Vec<_>>(), [12, 12]);
    let Widget::ImageUpload(upload) = &form.schema().field("pictureupload96832").unwrap().widget
    else {
        panic!("pictures");
    };
    assert_eq!((upload.max_files, upload.max_size_kb), (10, 2048));

    // The seed's start request, as sent by the old designer's form, validates.
    let sent = json!({
        "cascaderarea53999": "", "input58922": "13800138000", "daterange29917": null,
        "timerange70409": null, "textarea79127": "", "pictureupload96832": null, "input64189": "",
        "radio11234": 1, "number55120": 2
    });
    form.validate(sent.as_object().unwrap(), &Context::new())
        .unwrap();
    let sent = json!({"input58922": "123", "radio11234": 1, "number55120": 100});
    let errors = form
        .validate(sent.as_object().unwrap(), &Context::new())
        .unwrap_err();
    assert_eq!(
        errors
            .iter()
            .map(|e| (e.path.as_str(), &e.problem))
            .collect::<Vec<_>>(),
        [
            (
                "input58922",
                &FieldProblem::PatternMismatch {
                    message: Some("手机号格式错误".into())
                }
            ),
            ("number55120", &FieldProblem::AboveMax { max: 99.0 }),
        ]
    );
}

#[test]
fn form_generator_parts_without_an_equivalent_are_refused_at_their_source_path() {
    let doc = json!({"fields": [
        {"__config__": {"label": "单行", "tag": "el-input", "tagIcon": "input", "layout": "colFormItem"},
         "__vModel__": "a"},
        {"__config__": {"label": "按钮", "tag": "el-button", "tagIcon": "button", "layout": "colFormItem"}},
        {"__config__": {"label": "自定义", "tag": "my-widget", "layout": "colFormItem"}, "__vModel__": "b"},
        {"__config__": {"label": "密码", "tag": "el-input", "tagIcon": "password", "layout": "colFormItem"},
         "__vModel__": "c"},
        {"__config__": {"label": "级联", "tag": "el-cascader", "tagIcon": "cascader", "layout": "colFormItem",
         "dataType": "dynamic", "url": "https://example.invalid/list"}, "options": [], "__vModel__": "d"}
    ], "formRef": "elForm"});
    let problems = import(&doc.to_string()).unwrap_err();
    let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fields[1].__config__.tag",
            "fields[2].__config__.tag",
            "fields[3].__config__.tagIcon",
            "fields[4].__config__.url"
        ]
    );
    assert_eq!(
        problems[1].problem,
        SchemaProblemKind::UnknownWidget {
            name: "my-widget".into()
        }
    );
}

#[test]
fn check_problems_after_conversion_name_the_source() {
    let doc = json!({"fields": [
        {"__config__": {"label": "一", "tag": "el-input", "tagIcon": "input", "layout": "colFormItem"},
         "__vModel__": "same"},
        {"__config__": {"layout": "rowFormItem", "tagIcon": "row", "componentName": "row1", "children": [
            {"__config__": {"label": "二", "tag": "el-input", "tagIcon": "input", "layout": "colFormItem",
             "span": 12, "regList": [{"pattern": "/^(a/", "message": "x"}]}, "__vModel__": "same"}
        ]}}
    ], "formRef": "elForm"});
    let problems = from_form_generator(&doc.to_string()).unwrap_err();
    let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "fields[1].__config__.children[0].__vModel__",
            "fields[1].__config__.children[0].__config__.regList[0].pattern"
        ]
    );
}

#[test]
fn form_create_rules_convert() {
    let form = import(FORM_CREATE).unwrap_or_else(|p| panic!("{p:#?}"));
    let t = types(&form);
    assert_eq!(t.len(), 13, "{t:?}");
    assert_eq!(t[0], ("goodsName".into(), "input"));
    assert_eq!(t[4].1, "grid");
    assert_eq!(t[5], ("buyDate".into(), "date"));
    assert_eq!(t[7].1, "divider");
    assert_eq!(t[11], ("photos".into(), "image_upload"));
    let name = form.schema().field("goodsName").unwrap();
    assert!(name.required && name.width == 12 && name.rules.max_len == Some(30));
    assert_eq!(name.help.as_deref(), Some("与发票一致"));
    let price = form.schema().field("price").unwrap();
    assert_eq!(
        price.widget,
        Widget::Number {
            precision: 2,
            unit: None
        }
    );
    let sent = json!({"goodsName": "打印纸", "category": ["office"], "contact": "138"});
    let errors = form
        .validate(sent.as_object().unwrap(), &Context::new())
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].problem.message(crate::Lang::Zh),
        "手机号格式不正确"
    );
}

#[test]
fn form_create_refusals() {
    let doc = json!([
        {"type": "input", "field": "a", "title": "A"},
        {"type": "fancyPicker", "field": "b", "title": "B"},
        {"type": "select", "field": "c", "title": "C", "effect": {"fetch": "/api/options"}},
        {"type": "input", "title": "no field"},
        {"type": "input", "field": "d", "control": [{"value": 1, "rule": ["a"]}]}
    ]);
    let problems = from_form_create(&doc.to_string()).unwrap_err();
    let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        ["[1].type", "[2].effect", "[3].field", "[4].control"]
    );
}

#[test]
fn javascript_patterns() {
    assert_eq!(js_pattern("/^1\\d{10}$/").as_deref(), Some("^1\\d{10}$"));
    assert_eq!(js_pattern("/^abc$/gi").as_deref(), Some("(?i)^abc$"));
    assert_eq!(js_pattern("^plain$").as_deref(), Some("^plain$"));
    assert_eq!(js_pattern("/x/q"), None);
    assert_eq!(js_pattern(""), None);
}

#[test]
fn formats_are_detected_by_shape() {
    assert_eq!(detect(&json!([])), Format::FormCreate);
    assert_eq!(detect(&json!({"rule": []})), Format::FormCreate);
    assert_eq!(
        detect(&json!({"fields": [{"__config__": {}}]})),
        Format::FormGenerator
    );
    assert_eq!(
        detect(&json!({"fields": [{"key": "a", "type": "input"}]})),
        Format::Schema
    );
}
