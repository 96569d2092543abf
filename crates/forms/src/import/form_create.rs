//! form-create JSON: a list of rules `{"type", "field", "title", "value", "props", "options",
//! "validate": [{"required", "pattern", "message"}], "col": {"span"}, "children"}`, or the
//! designer's export `{"rule": [...], "option": {...}}`. Layout: `el-row`/`fcRow` with
//! `el-col`/`col` children, `el-tabs` with `el-tab-pane`, `el-card` as a group.

use serde_json::{Map, Value};

use super::{js_pattern, loose_number, loose_text, truthy, Converted, Importer};
use crate::check::SchemaProblemKind;
use crate::schema::{Choices, Column, Field, FormSchema, Tab, Upload, Widget, FULL_WIDTH};

pub(crate) fn convert(doc: &Value) -> Converted {
    let mut imp = Importer::new();
    let mut schema = FormSchema::default();
    let (rules, src) = match doc {
        Value::Array(rules) => (Some(rules), String::new()),
        other => (
            other.get("rule").and_then(Value::as_array),
            "rule".to_string(),
        ),
    };
    match rules {
        Some(rules) => schema.fields = fields(&mut imp, rules, &src, "fields", 0),
        None => imp.problem("rule", SchemaProblemKind::Missing),
    }
    Converted {
        schema,
        problems: imp.problems,
        origins: imp.origins,
    }
}

fn fields(imp: &mut Importer, rules: &[Value], src: &str, new: &str, depth: usize) -> Vec<Field> {
    let mut out = Vec::with_capacity(rules.len());
    for (i, rule) in rules.iter().enumerate() {
        let sp = format!("{src}[{i}]");
        if depth > crate::check::MAX_NESTING {
            imp.problem(
                sp,
                SchemaProblemKind::TooDeep {
                    max: crate::check::MAX_NESTING,
                },
            );
            break;
        }
        // Plain text children of layout elements carry no field.
        if rule.is_string() {
            continue;
        }
        let np = format!("{new}[{}]", out.len());
        if let Some(field) = field(imp, rule, &sp, &np, depth) {
            imp.origins.push((np, sp));
            out.push(field);
        }
    }
    out
}

fn children(rule: &Value) -> &[Value] {
    rule.get("children")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// A layout element's key: its `name` or `field`, else one made from where it is.
fn layout_key(rule: &Value, np: &str) -> String {
    rule.get("name")
        .or_else(|| rule.get("field"))
        .and_then(Value::as_str)
        .filter(|k| crate::check::is_valid_key(k))
        .map(str::to_string)
        .unwrap_or_else(|| {
            let digits: String = np.chars().filter(char::is_ascii_digit).collect();
            format!("layout{digits}")
        })
}

fn field(imp: &mut Importer, rule: &Value, sp: &str, np: &str, depth: usize) -> Option<Field> {
    let empty = Map::new();
    let props = rule
        .get("props")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let prop = |name: &str| props.get(name);
    let pp = |name: &str| format!("{sp}.props.{name}");
    let Some(type_name) = rule.get("type").and_then(Value::as_str) else {
        imp.problem(format!("{sp}.type"), SchemaProblemKind::Missing);
        return None;
    };
    for refused in ["control", "effect", "update"] {
        if rule.get(refused).is_some_and(|v| !v.is_null()) {
            imp.refuse(
                format!("{sp}.{refused}"),
                format!(
                    "{refused} (scripts and linkage: write visibleWhen / requiredWhen instead)"
                ),
            );
            return None;
        }
    }
    if truthy(rule.get("hidden")) {
        imp.refuse(
            format!("{sp}.hidden"),
            "a hidden field (use per-node field access)",
        );
        return None;
    }
    let width = rule
        .get("col")
        .and_then(|c| loose_number(c.get("span")))
        .map_or(FULL_WIDTH, |s| s.clamp(1.0, 24.0) as u8);

    // Layout elements.
    let layout = match type_name {
        "el-row" | "fcRow" | "row" | "ElRow" => {
            let mut columns = Vec::new();
            for (j, col) in children(rule).iter().enumerate() {
                let cp = format!("{sp}.children[{j}]");
                let span = col
                    .get("props")
                    .and_then(|p| loose_number(p.get("span")))
                    .map_or(24, |s| s.clamp(1.0, 24.0) as u8);
                let inner_new = format!("{np}.columns[{}].fields", columns.len());
                let inner = fields(
                    imp,
                    children(col),
                    &format!("{cp}.children"),
                    &inner_new,
                    depth + 1,
                );
                columns.push(Column {
                    span,
                    fields: inner,
                });
            }
            Some(Widget::Grid { columns })
        }
        "el-tabs" | "elTabs" | "ElTabs" => {
            let mut tabs = Vec::new();
            for (j, pane) in children(rule).iter().enumerate() {
                let tp = format!("{sp}.children[{j}]");
                let label = pane
                    .get("props")
                    .and_then(|p| p.get("label"))
                    .map(loose_text)
                    .unwrap_or_default();
                let inner_new = format!("{np}.tabs[{}].fields", tabs.len());
                let inner = fields(
                    imp,
                    children(pane),
                    &format!("{tp}.children"),
                    &inner_new,
                    depth + 1,
                );
                tabs.push(Tab {
                    label,
                    fields: inner,
                });
            }
            Some(Widget::Tabs { tabs })
        }
        "el-card" | "elCard" | "ElCard" => {
            let inner = fields(
                imp,
                children(rule),
                &format!("{sp}.children"),
                &format!("{np}.fields"),
                depth + 1,
            );
            Some(Widget::Group {
                collapsed: false,
                fields: inner,
            })
        }
        "el-divider" | "elDivider" | "ElDivider" => Some(Widget::Divider),
        "span" | "div" | "html" | "text" | "p" => Some(Widget::StaticText {
            text: children(rule)
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(""),
        }),
        _ => None,
    };
    if let Some(widget) = layout {
        let mut f = Field::new(layout_key(rule, np), widget);
        f.width = width;
        f.label = match type_name {
            "el-card" | "elCard" | "ElCard" => prop("header").map(loose_text).unwrap_or_default(),
            "el-divider" | "elDivider" | "ElDivider" => children(rule)
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(""),
            _ => rule.get("title").map(loose_text).unwrap_or_default(),
        };
        return Some(f);
    }

    let widget = match type_name {
        "input" => match prop("type").and_then(Value::as_str) {
            Some("textarea") => Widget::Textarea,
            Some("password") => {
                imp.refuse(pp("type"), "password input");
                return None;
            }
            _ => Widget::Input,
        },
        "inputNumber" | "InputNumber" | "input-number" => Widget::Number {
            precision: loose_number(prop("precision")).map_or(0, |p| p.clamp(0.0, 10.0) as u8),
            unit: None,
        },
        "select" => Widget::Select {
            multiple: truthy(prop("multiple")),
            searchable: truthy(prop("filterable")),
        },
        "radio" => Widget::Radio,
        "checkbox" => Widget::Checkbox,
        "switch" => Widget::Switch,
        "datePicker" | "DatePicker" => match prop("type").and_then(Value::as_str).unwrap_or("date")
        {
            "date" => Widget::Date,
            "daterange" => Widget::DateRange,
            "datetime" => Widget::DateTime,
            other => {
                imp.refuse(pp("type"), format!("date picker of type \"{other}\""));
                return None;
            }
        },
        "timePicker" | "TimePicker" if truthy(prop("isRange")) || truthy(prop("is-range")) => {
            Widget::TimeRange
        }
        "timePicker" | "TimePicker" => Widget::Time,
        "cascader" => {
            if truthy(prop("props").and_then(|p| p.get("multiple"))) {
                imp.refuse(pp("props.multiple"), "cascader with several paths");
                return None;
            }
            Widget::Cascader
        }
        "rate" => Widget::Rate {
            max: loose_number(prop("max")).map_or(5, |m| m.clamp(1.0, 10.0) as u8),
        },
        "slider" => {
            if truthy(prop("range")) {
                imp.refuse(pp("range"), "slider with a range");
                return None;
            }
            Widget::Slider {
                min: loose_number(prop("min")).unwrap_or(0.0),
                max: loose_number(prop("max")).unwrap_or(100.0),
                step: loose_number(prop("step")).unwrap_or(1.0),
            }
        }
        "colorPicker" | "ColorPicker" => Widget::Color,
        "upload" => {
            let accept: Vec<String> = prop("accept")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let upload = Upload {
                max_files: loose_number(prop("limit"))
                    .map(|l| l.clamp(1.0, 100.0) as u32)
                    .unwrap_or(if truthy(prop("multiple")) { 10 } else { 1 }),
                max_size_kb: Upload::default().max_size_kb,
                accept,
            };
            let list_type = prop("listType").and_then(Value::as_str).unwrap_or_default();
            let upload_type = prop("uploadType")
                .and_then(Value::as_str)
                .unwrap_or_default();
            if upload_type == "image" || list_type.starts_with("picture") || list_type == "image" {
                Widget::ImageUpload(upload)
            } else {
                Widget::FileUpload(upload)
            }
        }
        "editor" | "fc-editor" | "fcEditor" => Widget::RichText,
        other => {
            imp.problem(
                format!("{sp}.type"),
                SchemaProblemKind::UnknownWidget {
                    name: other.to_string(),
                },
            );
            return None;
        }
    };
    let Some(key) = rule.get("field").and_then(Value::as_str) else {
        imp.problem(format!("{sp}.field"), SchemaProblemKind::Missing);
        return None;
    };
    let mut f = Field::new(key, widget);
    f.label = rule.get("title").map(loose_text).unwrap_or_default();
    f.width = width;
    f.help = rule
        .get("info")
        .and_then(Value::as_str)
        .filter(|i| !i.is_empty())
        .map(str::to_string);
    f.placeholder = prop("placeholder")
        .and_then(Value::as_str)
        .map(str::to_string);
    f.disabled = truthy(prop("disabled")) || truthy(prop("readonly"));
    f.required = truthy(rule.get("$required"));
    if let Some(v) = rule
        .get("value")
        .filter(|v| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
    {
        f.default = Some(v.clone());
    }
    match f.widget {
        Widget::Input | Widget::Textarea => {
            f.rules.max_len = loose_number(prop("maxlength")).map(|m| m.max(0.0) as u32);
        }
        Widget::Number { .. } => {
            f.rules.min = loose_number(prop("min"));
            f.rules.max = loose_number(prop("max"));
        }
        _ => {}
    }
    if let Some(list) = rule.get("validate").and_then(Value::as_array) {
        for (r, v) in list.iter().enumerate() {
            let vp = format!("{sp}.validate[{r}]");
            f.required |= truthy(v.get("required"));
            if let Some(p) = v.get("pattern") {
                let Some(pattern) = p.as_str().and_then(js_pattern) else {
                    imp.refuse(
                        format!("{vp}.pattern"),
                        "a pattern that is no regular expression",
                    );
                    continue;
                };
                if f.rules.pattern.is_some()
                    || !matches!(f.widget, Widget::Input | Widget::Textarea)
                {
                    imp.refuse(vp, "a second pattern, or a pattern on a field without text");
                    continue;
                }
                f.rules.pattern = Some(pattern);
                f.rules.pattern_message =
                    v.get("message").and_then(Value::as_str).map(str::to_string);
            }
            if v.get("validator").is_some() {
                imp.refuse(format!("{vp}.validator"), "a validator function");
            }
        }
    }
    if f.widget.takes_options() {
        let (options, path) = match (rule.get("options"), prop("options")) {
            (Some(o), _) => (Some(o), format!("{sp}.options")),
            (None, Some(o)) => (Some(o), pp("options")),
            (None, None) => (None, String::new()),
        };
        f.options = Some(Choices::Static(match options {
            Some(o) => imp.options(o, &path, 0),
            None => Vec::new(),
        }));
    }
    Some(f)
}
