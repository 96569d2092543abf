//! RuoYi / form-generator JSON: `{"fields": [...], "labelPosition", "labelWidth", "gutter",
//! "formRef", ...}`, each field `{"__config__": {"label", "tag", "tagIcon", "required",
//! "span", "layout", "children", "regList", "defaultValue"}, "__vModel__", "__slot__":
//! {"options"}, "placeholder", ...}`; rows are `layout: "rowFormItem"` with children.

use serde_json::{Map, Value};

use super::{js_pattern, loose_number, loose_text, truthy, Converted, Importer};
use crate::check::SchemaProblemKind;
use crate::schema::{
    Choices, Column, Field, FormSchema, LabelPosition, Upload, Widget, FULL_WIDTH,
};

pub(crate) fn convert(doc: &Value) -> Converted {
    let mut imp = Importer::new();
    let mut schema = FormSchema::default();
    if let Some(p) = doc.get("labelPosition").and_then(Value::as_str) {
        schema.layout.label_position = match p {
            "left" => LabelPosition::Left,
            "top" => LabelPosition::Top,
            _ => LabelPosition::Right,
        };
    }
    if let Some(w) = loose_number(doc.get("labelWidth")) {
        schema.layout.label_width = w.clamp(0.0, 1000.0) as u16;
    }
    if let Some(g) = loose_number(doc.get("gutter")) {
        schema.layout.gutter = g.clamp(0.0, 100.0) as u16;
    }
    match doc.get("fields").and_then(Value::as_array) {
        Some(items) => schema.fields = fields(&mut imp, items, "fields", "fields", 0),
        None => imp.problem("fields", SchemaProblemKind::Missing),
    }
    Converted {
        schema,
        problems: imp.problems,
        origins: imp.origins,
    }
}

fn fields(imp: &mut Importer, items: &[Value], src: &str, new: &str, depth: usize) -> Vec<Field> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
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
        let np = format!("{new}[{}]", out.len());
        if let Some(field) = field(imp, item, &sp, &np, depth) {
            imp.origins.push((np, sp));
            out.push(field);
        }
    }
    out
}

fn field(imp: &mut Importer, item: &Value, sp: &str, np: &str, depth: usize) -> Option<Field> {
    let empty = Map::new();
    let config = item
        .get("__config__")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let cp = |name: &str| format!("{sp}.__config__.{name}");
    let get = |name: &str| config.get(name);
    let tag = get("tag").and_then(Value::as_str).unwrap_or_default();
    let icon = get("tagIcon").and_then(Value::as_str).unwrap_or_default();
    let span = loose_number(get("span")).map_or(FULL_WIDTH, |s| s.clamp(1.0, 24.0) as u8);

    if get("layout").and_then(Value::as_str) == Some("rowFormItem") {
        let key = get("componentName")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| loose_number(get("formId")).map(|id| format!("row{id}")))
            .unwrap_or_else(|| format!("row{}", np.len()));
        let children = get("children")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut inner = fields(
            imp,
            children,
            &cp("children"),
            &format!("{np}.columns[0].fields"),
            depth + 1,
        );
        let total: u32 = inner.iter().map(|f| u32::from(f.width)).sum();
        // One column per child when they fit the row, as form-generator lays them out;
        // otherwise one column in which they wrap.
        let columns = if total <= 24 && !inner.is_empty() {
            let count = inner.len();
            let moved = imp
                .origins
                .split_off(imp.origins.len() - count.min(imp.origins.len()));
            let mut columns = Vec::with_capacity(count);
            for (j, (mut f, (_, source))) in inner.drain(..).zip(moved).enumerate() {
                imp.origins
                    .push((format!("{np}.columns[{j}].fields[0]"), source));
                let span = f.width;
                f.width = FULL_WIDTH;
                columns.push(Column {
                    span,
                    fields: vec![f],
                });
            }
            columns
        } else {
            vec![Column {
                span: 24,
                fields: inner,
            }]
        };
        let mut grid = Field::new(key, Widget::Grid { columns });
        grid.width = span;
        return Some(grid);
    }

    let attr = |name: &str| item.get(name);
    let widget = match (tag, icon) {
        ("el-input", "password") | (_, "password") => {
            imp.refuse(cp("tagIcon"), "password input");
            return None;
        }
        ("el-input", "textarea") => Widget::Textarea,
        ("el-input", _) if attr("type").and_then(Value::as_str) == Some("textarea") => {
            Widget::Textarea
        }
        ("el-input", _) => Widget::Input,
        ("el-input-number", _) => Widget::Number {
            precision: loose_number(attr("precision")).map_or(0, |p| p.clamp(0.0, 10.0) as u8),
            unit: None,
        },
        ("tinymce", _) | (_, "rich-text") => Widget::RichText,
        ("el-select", _) => Widget::Select {
            multiple: truthy(attr("multiple")),
            searchable: truthy(attr("filterable")),
        },
        ("el-cascader", _) => {
            let multiple = attr("props")
                .and_then(|p| p.get("props"))
                .and_then(|p| p.get("multiple"));
            if truthy(multiple) {
                imp.refuse(
                    format!("{sp}.props.props.multiple"),
                    "cascader with several paths",
                );
                return None;
            }
            Widget::Cascader
        }
        ("el-radio-group", _) => Widget::Radio,
        ("el-checkbox-group", _) => Widget::Checkbox,
        ("el-switch", _) => Widget::Switch,
        ("el-slider", _) => {
            if truthy(attr("range")) {
                imp.refuse(format!("{sp}.range"), "slider with a range");
                return None;
            }
            Widget::Slider {
                min: loose_number(attr("min")).unwrap_or(0.0),
                max: loose_number(attr("max")).unwrap_or(100.0),
                step: loose_number(attr("step")).unwrap_or(1.0),
            }
        }
        ("el-time-picker", _) if icon == "time-range" || truthy(attr("is-range")) => {
            Widget::TimeRange
        }
        ("el-time-picker", _) => Widget::Time,
        ("el-date-picker", _) => match attr("type").and_then(Value::as_str).unwrap_or("date") {
            "date" => Widget::Date,
            "daterange" => Widget::DateRange,
            "datetime" => Widget::DateTime,
            other => {
                imp.refuse(
                    format!("{sp}.type"),
                    format!("date picker of type \"{other}\""),
                );
                return None;
            }
        },
        ("el-rate", _) => Widget::Rate {
            max: loose_number(attr("max")).map_or(5, |m| m.clamp(1.0, 10.0) as u8),
        },
        ("el-color-picker", _) => Widget::Color,
        ("el-upload", _) => {
            let list_type = attr("list-type").and_then(Value::as_str).unwrap_or("text");
            let accept: Vec<String> = attr("accept")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect();
            let unit = match get("sizeUnit").and_then(Value::as_str).unwrap_or("MB") {
                "KB" => 1.0,
                "GB" => 1024.0 * 1024.0,
                _ => 1024.0,
            };
            let upload = Upload {
                max_files: loose_number(attr("limit"))
                    .map(|l| l.clamp(1.0, 100.0) as u32)
                    .unwrap_or(if truthy(attr("multiple")) { 10 } else { 1 }),
                max_size_kb: loose_number(get("fileSize")).map_or(10 * 1024, |s| {
                    (s * unit).clamp(1.0, 10.0 * 1024.0 * 1024.0) as u32
                }),
                accept,
            };
            let pictures = list_type.starts_with("picture")
                || icon.contains("picture")
                || (!upload.accept.is_empty()
                    && upload.accept.iter().all(|a| a.starts_with("image/")));
            if pictures {
                Widget::ImageUpload(upload)
            } else {
                Widget::FileUpload(upload)
            }
        }
        ("el-button", _) => {
            imp.refuse(cp("tag"), "button");
            return None;
        }
        ("el-table", _) => {
            imp.refuse(cp("tag"), "table (use a sub-table)");
            return None;
        }
        (other, _) => {
            imp.problem(
                cp("tag"),
                SchemaProblemKind::UnknownWidget {
                    name: other.to_string(),
                },
            );
            return None;
        }
    };

    let Some(key) = item.get("__vModel__").and_then(Value::as_str) else {
        imp.problem(format!("{sp}.__vModel__"), SchemaProblemKind::Missing);
        return None;
    };
    let mut f = Field::new(key, widget);
    f.label = get("label").map(loose_text).unwrap_or_default();
    f.width = span;
    f.required = truthy(get("required"));
    f.disabled = truthy(attr("disabled")) || truthy(attr("readonly"));
    f.placeholder = attr("placeholder")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
        .map(str::to_string);
    if let Some(default) = get("defaultValue").filter(|d| !d.is_null()) {
        let empty_list = default.as_array().is_some_and(Vec::is_empty);
        if !empty_list {
            f.default = Some(default.clone());
        }
    }
    // Lengths, ranges and patterns.
    match f.widget {
        Widget::Input | Widget::Textarea => {
            f.rules.max_len = loose_number(attr("maxlength")).map(|m| m.max(0.0) as u32);
        }
        Widget::Number { .. } => {
            f.rules.min = loose_number(attr("min"));
            f.rules.max = loose_number(attr("max"));
        }
        Widget::Checkbox => {
            f.rules.min_len = loose_number(attr("min"))
                .filter(|&m| m > 0.0)
                .map(|m| m as u32);
            f.rules.max_len = loose_number(attr("max"))
                .filter(|&m| m > 0.0)
                .map(|m| m as u32);
        }
        _ => {}
    }
    if let Some(list) = get("regList").and_then(Value::as_array) {
        for (r, rule) in list.iter().enumerate() {
            let rp = cp(&format!("regList[{r}]"));
            let Some(pattern) = rule
                .get("pattern")
                .and_then(Value::as_str)
                .and_then(js_pattern)
            else {
                imp.refuse(
                    format!("{rp}.pattern"),
                    "a pattern that is no regular expression literal",
                );
                continue;
            };
            if r > 0 {
                imp.refuse(rp, "a second pattern (one pattern per field)");
                continue;
            }
            if !matches!(f.widget, Widget::Input | Widget::Textarea) {
                imp.refuse(rp, format!("a pattern on a {}", f.widget.type_name()));
                continue;
            }
            f.rules.pattern = Some(pattern);
            f.rules.pattern_message = rule
                .get("message")
                .and_then(Value::as_str)
                .map(str::to_string);
        }
    }
    if f.widget.takes_options() {
        let from_slot = item.get("__slot__").and_then(|s| s.get("options"));
        let listed = from_slot.or_else(|| attr("options"));
        match listed {
            Some(options) if options.as_array().is_some_and(|o| !o.is_empty()) => {
                let path = if from_slot.is_some() {
                    format!("{sp}.__slot__.options")
                } else {
                    format!("{sp}.options")
                };
                f.options = Some(Choices::Static(imp.options(options, &path, 0)));
            }
            // A region cascader (`cascaderarea…`) takes the region dictionary.
            _ if matches!(f.widget, Widget::Cascader)
                && (icon.contains("area") || key.contains("area")) =>
            {
                f.options = Some(Choices::Dictionary("region".into()));
            }
            _ if get("dataType").and_then(Value::as_str) == Some("dynamic") => {
                imp.refuse(cp("url"), "options loaded from a URL (use a dictionary)");
                return None;
            }
            _ => f.options = Some(Choices::Static(Vec::new())),
        }
    }
    Some(f)
}
