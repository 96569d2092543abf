//! The schema's JSON: a complete example reads and checks, and serializing then reading again
//! gives the same schema (also for generated schemas).

use proptest::prelude::*;
use serde_json::{json, Value};
use woc_forms::{parse, Choice, Choices, Column, Field, FormSchema, Rules, SubTable, Widget};

const COMPLETE: &str = include_str!("fixtures/complete.json");

#[test]
fn the_complete_example_checks_and_round_trips() {
    let form = parse(COMPLETE).unwrap_or_else(|p| panic!("{p:#?}"));
    let schema = form.schema();
    // Every widget type is in the example, so the documentation's example covers them all.
    let mut types: Vec<_> = schema.walk().iter().map(|f| f.widget.type_name()).collect();
    types.sort_unstable();
    types.dedup();
    let mut all = Widget::TYPE_NAMES.to_vec();
    all.sort_unstable();
    assert_eq!(types, all);

    let text = serde_json::to_string_pretty(schema).unwrap();
    let again = parse(&text).unwrap();
    assert_eq!(again.schema(), schema);
    // Serializing writes what the example says (defaults left out).
    let original: Value = serde_json::from_str(COMPLETE).unwrap();
    assert_eq!(serde_json::to_value(schema).unwrap(), original);
}

#[test]
fn the_complete_example_validates_a_submission() {
    let form = parse(COMPLETE).unwrap();
    let sent = json!({
        "title": "打印机卡纸", "serviceType": "paid", "price": "1200", "qty": 1,
        "channels": ["sms"], "region": ["44", "4403"],
        "items": [{"itemName": "硒鼓", "itemPrice": 2600, "itemQty": 2}]
    });
    let errors = form
        .validate(sent.as_object().unwrap(), &Default::default())
        .unwrap_err();
    let paths: Vec<_> = errors.iter().map(|e| e.path.as_str()).collect();
    // The invoice is required above 1000, the signature shows above 5000.
    assert_eq!(paths, ["invoice", "sign"]);
}

fn key() -> impl Strategy<Value = String> {
    "[a-z][a-zA-Z0-9_]{0,10}"
}

fn leaf() -> impl Strategy<Value = Widget> {
    prop_oneof![
        Just(Widget::Input),
        Just(Widget::Textarea),
        (0u8..=4, proptest::option::of("[a-z]{1,3}"))
            .prop_map(|(precision, unit)| Widget::Number { precision, unit }),
        Just(Widget::Amount {
            currency: "USD".into()
        }),
        (any::<bool>(), any::<bool>()).prop_map(|(multiple, searchable)| Widget::Select {
            multiple,
            searchable
        }),
        Just(Widget::Date),
        Just(Widget::Switch),
        (1u8..=10).prop_map(|max| Widget::Rate { max }),
        any::<bool>().prop_map(|multiple| Widget::UserPicker { multiple }),
        ".{0,20}".prop_map(|text| Widget::StaticText { text }),
    ]
}

prop_compose! {
    fn field()(key in key(), label in ".{0,12}", widget in leaf(), width in 1u8..=24,
               required in any::<bool>(), help in proptest::option::of(".{0,12}"),
               max_len in proptest::option::of(0u32..100)) -> Field {
        let mut f = Field::new(key, widget);
        f.label = label;
        f.width = width;
        f.help = help;
        let holds = f.holds_value();
        f.required = required && holds;
        if matches!(f.widget, Widget::Input) {
            f.rules = Rules { max_len, ..Rules::default() };
        }
        if f.widget.takes_options() {
            f.options = Some(Choices::Static(vec![
                Choice { label: "一".into(), value: json!(1), children: vec![] },
                Choice { label: "二".into(), value: json!("2"), children: vec![] },
            ]));
        }
        f
    }
}

/// Fields with unique keys, some wrapped in a grid, a group or a sub-table.
fn schema() -> impl Strategy<Value = FormSchema> {
    (proptest::collection::vec(field(), 0..12), 0usize..4).prop_map(|(fields, wrap)| {
        let mut seen = std::collections::BTreeSet::new();
        let mut fields: Vec<Field> = fields
            .into_iter()
            .filter(|f| seen.insert(f.key.clone()))
            .collect();
        let inner: Vec<Field> = fields.drain(fields.len() / 2..).collect();
        let container = match wrap {
            0 => Widget::Grid {
                columns: vec![Column {
                    span: 24,
                    fields: inner,
                }],
            },
            1 => Widget::Group {
                collapsed: true,
                fields: inner,
            },
            2 => Widget::SubTable(SubTable {
                fields: inner.into_iter().filter(|f| f.holds_value()).collect(),
                min_rows: 0,
                max_rows: 10,
                total_of: vec![],
            }),
            _ => Widget::Tabs { tabs: vec![] },
        };
        // Generated keys never start with an upper-case letter, so this one is unique.
        fields.push(Field::new("Wrapper", container));
        FormSchema {
            fields,
            ..FormSchema::default()
        }
    })
}

proptest! {
    #[test]
    fn serialize_then_parse_gives_the_same_schema(schema in schema()) {
        let text = serde_json::to_string(&schema).unwrap();
        let form = parse(&text).map_err(|p| TestCaseError::fail(format!("{p:?}\n{text}")))?;
        prop_assert_eq!(form.schema(), &schema);
    }

    #[test]
    fn any_submission_is_answered_without_panicking(
        schema in schema(),
        values in proptest::collection::btree_map(key(), prop_oneof![
            Just(Value::Null), any::<bool>().prop_map(Value::from), any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::from), Just(json!([1, "a", null])), Just(json!([{"a": 1}]))
        ], 0..10),
    ) {
        let form = parse(&serde_json::to_string(&schema).unwrap()).unwrap();
        let sent: serde_json::Map<String, Value> = values.into_iter().collect();
        match form.validate(&sent, &Default::default()) {
            Ok(clean) => {
                let keys: Vec<_> = clean.keys().map(String::as_str).collect();
                let mut expected = form.value_keys();
                expected.sort_unstable();
                prop_assert_eq!(keys, expected);
            }
            Err(errors) => prop_assert!(!errors.is_empty()),
        }
    }
}
