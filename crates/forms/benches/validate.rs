//! Server-side validation of a large submission (issue 15 asks p99 under 1 ms): a form of 200
//! fields of every common kind, with rules between them, and a sub-table of 5 columns with a
//! computed column and a total, submitted with 50 rows. Prints one JSON line:
//! `{"bench":"forms_validate","fields":200,"rows":50,"iterations":10000,"p50_us":..,"p99_us":..,...}`.
//!
//! `cargo bench -p woc-forms` (release); `-- --iterations N` for another count.

use std::hint::black_box;
use std::time::Instant;

use serde_json::{json, Map, Value};
use woc_forms::{parse, Context};

const FIELDS: usize = 200;
const ROWS: usize = 50;

/// The schema: 199 fields cycling through ten kinds (every tenth with a show-when rule, every
/// seventh required), and the sub-table.
fn schema() -> Value {
    let mut fields = Vec::with_capacity(FIELDS);
    let eight: Vec<Value> = (1..=8)
        .map(|v| json!({"label": format!("选项{v}"), "value": v}))
        .collect();
    let four: Vec<Value> = ["a", "b", "c", "d"]
        .iter()
        .map(|v| json!({"label": v, "value": v}))
        .collect();
    for i in 0..FIELDS - 1 {
        let key = format!("f{i}");
        let mut field = match i % 10 {
            0 => {
                json!({"type": "input", "rules": {"maxLen": 50, "pattern": "^[A-Za-z0-9\\u4e00-\\u9fa5 ]+$"}})
            }
            1 => json!({"type": "textarea", "rules": {"maxLen": 500}}),
            2 => json!({"type": "number", "precision": 2, "rules": {"min": 0, "max": 100000}}),
            3 => json!({"type": "select", "options": eight}),
            4 => json!({"type": "checkbox", "options": four}),
            5 => json!({"type": "date"}),
            6 => json!({"type": "switch"}),
            7 => json!({"type": "date_range"}),
            8 => json!({"type": "amount"}),
            _ => {
                json!({"type": "radio", "options": [{"label": "是", "value": "y"}, {"label": "否", "value": "n"}]})
            }
        };
        let obj = field.as_object_mut().unwrap();
        obj.insert("key".into(), json!(key));
        obj.insert("label".into(), json!(format!("字段 {i}")));
        if i % 7 == 0 {
            obj.insert("required".into(), json!(true));
        }
        if i % 10 == 1 && i > 10 {
            // Shown while a switch earlier in the form is on.
            obj.insert(
                "visibleWhen".into(),
                json!(format!("${{f{} == true}}", i - 5)),
            );
        }
        fields.push(field);
    }
    fields.push(json!({
        "key": "lines", "type": "sub_table", "label": "明细", "minRows": 1, "maxRows": 100,
        "totalOf": ["amount"],
        "fields": [
            {"key": "item", "type": "input", "required": true, "rules": {"maxLen": 40}},
            {"key": "kind", "type": "select", "options": [{"label": "硬件", "value": "hw"}, {"label": "软件", "value": "sw"}]},
            {"key": "price", "type": "amount", "required": true, "rules": {"min": 0}},
            {"key": "qty", "type": "number", "required": true, "rules": {"min": 1}},
            {"key": "amount", "type": "amount", "computed": "${price * qty}"}
        ]
    }));
    json!({ "fields": fields })
}

/// A full, valid submission.
fn submission() -> Map<String, Value> {
    let mut values = Map::new();
    for i in 0..FIELDS - 1 {
        let v = match i % 10 {
            0 => json!(format!("Value {i} 工单")),
            1 => json!("一段较长的说明文字，".repeat(5)),
            2 => json!(1234.5),
            3 => json!(i % 8 + 1),
            4 => json!(["a", "c"]),
            5 => json!("2026-12-07"),
            6 => json!(true),
            7 => json!(["2026-12-01", "2026-12-31"]),
            8 => json!("99.90"),
            _ => json!("y"),
        };
        values.insert(format!("f{i}"), v);
    }
    let rows: Vec<Value> = (0..ROWS)
        .map(|r| json!({"item": format!("物料 {r}"), "kind": "hw", "price": 12.5, "qty": r + 1}))
        .collect();
    values.insert("lines".into(), Value::Array(rows));
    values
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let iterations = args
        .iter()
        .position(|a| a == "--iterations")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000usize);
    let form = parse(&schema().to_string()).expect("the bench schema is valid");
    let sent = submission();
    let context = Context::new();
    let clean = form
        .validate(&sent, &context)
        .expect("the bench submission is valid");
    assert_eq!(clean["lines_total"]["amount"], json!(15937.5));

    for _ in 0..iterations / 10 {
        black_box(form.validate(black_box(&sent), &context).is_ok());
    }
    let mut samples = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        let result = form.validate(black_box(&sent), &context);
        samples.push(start.elapsed());
        black_box(result.is_ok());
    }
    samples.sort_unstable();
    let pct = |p: f64| {
        let i = ((samples.len() as f64 * p).ceil() as usize).clamp(1, samples.len()) - 1;
        samples[i].as_secs_f64() * 1e6
    };
    println!(
        "{{\"bench\":\"forms_validate\",\"fields\":{FIELDS},\"rows\":{ROWS},\"columns\":5,\"iterations\":{iterations},\"p50_us\":{:.1},\"p90_us\":{:.1},\"p99_us\":{:.1},\"max_us\":{:.1}}}",
        pct(0.50),
        pct(0.90),
        pct(0.99),
        pct(1.0)
    );
}
