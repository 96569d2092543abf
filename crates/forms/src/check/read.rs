//! Reading a schema from JSON, property by property, so each problem names its path
//! (`fields[2].columns[0].fields[1].precision`) and every problem is found in one pass.
//! Unknown properties are refused: a typo (`requried`) must not silently do nothing.

use serde_json::{Map, Value};

use super::{SchemaProblem, SchemaProblemKind as K, MAX_FIELDS, MAX_NESTING};
use crate::schema::{
    Choice, Choices, Column, Field, FormLayout, FormSchema, LabelPosition, Rules, SubTable, Tab,
    Upload, Widget, FULL_WIDTH, SCHEMA_VERSION,
};
use crate::value::Expected;

/// Deepest nesting of cascader options (province, city, district, street, ...).
const MAX_OPTION_DEPTH: usize = 8;

/// Properties every field may have, besides its widget's own.
const FIELD_KEYS: &[&str] = &[
    "key",
    "type",
    "label",
    "placeholder",
    "help",
    "default",
    "required",
    "rules",
    "options",
    "dict",
    "width",
    "disabled",
    "visibleWhen",
    "requiredWhen",
    "computed",
];

/// The properties of each widget beyond [`FIELD_KEYS`].
fn widget_keys(type_name: &str) -> &'static [&'static str] {
    match type_name {
        "number" => &["precision", "unit"],
        "amount" => &["currency"],
        "select" => &["multiple", "searchable"],
        "rate" => &["max"],
        "slider" => &["min", "max", "step"],
        "image_upload" | "file_upload" => &["maxFiles", "maxSizeKb", "accept"],
        "user_picker" | "dept_picker" => &["multiple"],
        "static_text" => &["text"],
        "grid" => &["columns"],
        "tabs" => &["tabs"],
        "group" => &["collapsed", "fields"],
        "sub_table" => &["fields", "minRows", "maxRows", "totalOf"],
        _ => &[],
    }
}

/// Reads a whole schema; `Err` holds every problem found.
pub(crate) fn schema(v: &Value) -> Result<FormSchema, Vec<SchemaProblem>> {
    let mut r = Reader {
        problems: Vec::new(),
        fields: 0,
    };
    let schema = r.schema(v);
    match schema {
        Some(s) if r.problems.is_empty() => Ok(s),
        _ => Err(r.problems),
    }
}

struct Reader {
    problems: Vec<SchemaProblem>,
    fields: usize,
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Reader {
    fn problem(&mut self, path: impl Into<String>, kind: K) {
        self.problems.push(SchemaProblem {
            path: path.into(),
            problem: kind,
        });
    }

    fn wrong<T>(&mut self, path: &str, expected: Expected) -> Option<T> {
        self.problem(path, K::WrongType { expected });
        None
    }

    fn object<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            _ => self.wrong(path, Expected::Object),
        }
    }

    fn array<'v>(&mut self, v: &'v Value, path: &str) -> Option<&'v Vec<Value>> {
        match v {
            Value::Array(a) => Some(a),
            _ => self.wrong(path, Expected::List),
        }
    }

    fn text(&mut self, v: &Value, path: &str) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            _ => self.wrong(path, Expected::Text),
        }
    }

    fn boolean(&mut self, v: &Value, path: &str) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(*b),
            _ => self.wrong(path, Expected::Boolean),
        }
    }

    fn number(&mut self, v: &Value, path: &str) -> Option<f64> {
        match v.as_f64() {
            Some(f) => Some(f),
            None => self.wrong(path, Expected::Number),
        }
    }

    /// A whole number in `min..=max`.
    fn int(&mut self, v: &Value, path: &str, min: i64, max: i64) -> Option<i64> {
        let Some(n) = v.as_i64() else {
            return self.wrong(path, Expected::Integer);
        };
        if n < min || n > max {
            self.problem(
                path,
                K::OutOfRange {
                    value: n as f64,
                    min: min as f64,
                    max: max as f64,
                },
            );
            return None;
        }
        Some(n)
    }

    /// Refuses properties of `obj` outside `allowed` and reports missing `required` ones.
    fn known(
        &mut self,
        obj: &Map<String, Value>,
        path: &str,
        allowed: &[&[&str]],
        required: &[&str],
    ) {
        for key in obj.keys() {
            if !allowed.iter().any(|set| set.contains(&key.as_str())) {
                self.problem(at(path, key), K::UnknownProperty { name: key.clone() });
            }
        }
        for key in required {
            if !obj.contains_key(*key) {
                self.problem(at(path, key), K::Missing);
            }
        }
    }

    fn schema(&mut self, v: &Value) -> Option<FormSchema> {
        let obj = self.object(v, "")?;
        self.known(obj, "", &[&["version", "layout", "fields"]], &["fields"]);
        let mut schema = FormSchema::default();
        if let Some(version) = obj.get("version") {
            let version = self.int(version, "version", 1, i64::from(u32::MAX))? as u32;
            if version > SCHEMA_VERSION {
                self.problem(
                    "version",
                    K::UnsupportedVersion {
                        version,
                        newest: SCHEMA_VERSION,
                    },
                );
            }
            schema.version = version;
        }
        if let Some(layout) = obj.get("layout") {
            schema.layout = self.layout(layout, "layout").unwrap_or_default();
        }
        schema.fields = self.fields(obj.get("fields")?, "fields", 0);
        Some(schema)
    }

    fn layout(&mut self, v: &Value, path: &str) -> Option<FormLayout> {
        let obj = self.object(v, path)?;
        self.known(
            obj,
            path,
            &[&["labelPosition", "labelWidth", "gutter"]],
            &[],
        );
        let mut layout = FormLayout::default();
        if let Some(p) = obj.get("labelPosition") {
            let p_path = at(path, "labelPosition");
            layout.label_position = match p.as_str() {
                Some("left") => LabelPosition::Left,
                Some("right") => LabelPosition::Right,
                Some("top") => LabelPosition::Top,
                _ => {
                    self.problem(
                        p_path,
                        K::NotOneOf {
                            allowed: vec!["left".into(), "right".into(), "top".into()],
                        },
                    );
                    LabelPosition::Right
                }
            };
        }
        if let Some(w) = obj.get("labelWidth") {
            layout.label_width = self.int(w, &at(path, "labelWidth"), 0, 1000)? as u16;
        }
        if let Some(g) = obj.get("gutter") {
            layout.gutter = self.int(g, &at(path, "gutter"), 0, 100)? as u16;
        }
        Some(layout)
    }

    /// A list of fields at `path`, `depth` containers deep; fields that cannot be read are
    /// left out (their problems are recorded).
    fn fields(&mut self, v: &Value, path: &str, depth: usize) -> Vec<Field> {
        let Some(items) = self.array(v, path) else {
            return Vec::new();
        };
        if depth > MAX_NESTING {
            self.problem(path, K::TooDeep { max: MAX_NESTING });
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            self.fields += 1;
            if self.fields > MAX_FIELDS {
                self.problem(format!("{path}[{i}]"), K::TooManyFields { max: MAX_FIELDS });
                break;
            }
            if let Some(field) = self.field(item, &format!("{path}[{i}]"), depth) {
                out.push(field);
            }
        }
        out
    }

    fn field(&mut self, v: &Value, path: &str, depth: usize) -> Option<Field> {
        let obj = self.object(v, path)?;
        let type_path = at(path, "type");
        let Some(type_value) = obj.get("type") else {
            self.problem(type_path, K::Missing);
            return None;
        };
        let type_name = self.text(type_value, &type_path)?;
        if !Widget::TYPE_NAMES.contains(&type_name.as_str()) {
            self.problem(type_path, K::UnknownWidget { name: type_name });
            return None;
        }
        self.known(obj, path, &[FIELD_KEYS, widget_keys(&type_name)], &["key"]);
        let widget = self.widget(&type_name, obj, path, depth);
        let key = match obj.get("key") {
            Some(k) => self.text(k, &at(path, "key")),
            None => None,
        };
        let mut field = Field::new(key.unwrap_or_default(), widget?);
        for (name, value) in obj {
            let p = at(path, name);
            match name.as_str() {
                "label" => field.label = self.text(value, &p).unwrap_or_default(),
                "placeholder" => field.placeholder = self.text(value, &p),
                "help" => field.help = self.text(value, &p),
                "default" => field.default = Some(value.clone()),
                "required" => field.required = self.boolean(value, &p).unwrap_or_default(),
                "rules" => field.rules = self.rules(value, &p).unwrap_or_default(),
                "options" => {
                    let choices = self.choices(value, &p, 0);
                    field.options = Some(Choices::Static(choices));
                }
                "dict" => {
                    if obj.contains_key("options") {
                        self.problem(p, K::OptionsAndDict);
                    } else if let Some(name) = self.text(value, &p) {
                        field.options = Some(Choices::Dictionary(name));
                    }
                }
                "width" => {
                    field.width = self
                        .int(value, &p, 1, i64::from(FULL_WIDTH))
                        .map_or(FULL_WIDTH, |w| w as u8)
                }
                "disabled" => field.disabled = self.boolean(value, &p).unwrap_or_default(),
                "visibleWhen" => field.visible_when = self.text(value, &p),
                "requiredWhen" => field.required_when = self.text(value, &p),
                "computed" => field.computed = self.text(value, &p),
                _ => {}
            }
        }
        Some(field)
    }

    fn widget(
        &mut self,
        type_name: &str,
        obj: &Map<String, Value>,
        path: &str,
        depth: usize,
    ) -> Option<Widget> {
        let prop = |name: &str| obj.get(name);
        let p = |name: &str| at(path, name);
        let flag = |r: &mut Reader, name: &str| match prop(name) {
            Some(v) => r.boolean(v, &p(name)).unwrap_or_default(),
            None => false,
        };
        Some(match type_name {
            "input" => Widget::Input,
            "textarea" => Widget::Textarea,
            "number" => Widget::Number {
                precision: match prop("precision") {
                    Some(v) => self.int(v, &p("precision"), 0, 10)? as u8,
                    None => 0,
                },
                unit: match prop("unit") {
                    Some(v) => Some(self.text(v, &p("unit"))?),
                    None => None,
                },
            },
            "amount" => Widget::Amount {
                currency: match prop("currency") {
                    Some(v) => {
                        let c = self.text(v, &p("currency"))?;
                        if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
                            return self.wrong(&p("currency"), Expected::Currency);
                        }
                        c
                    }
                    None => "CNY".to_string(),
                },
            },
            "select" => Widget::Select {
                multiple: flag(self, "multiple"),
                searchable: flag(self, "searchable"),
            },
            "radio" => Widget::Radio,
            "checkbox" => Widget::Checkbox,
            "switch" => Widget::Switch,
            "date" => Widget::Date,
            "date_range" => Widget::DateRange,
            "time" => Widget::Time,
            "time_range" => Widget::TimeRange,
            "date_time" => Widget::DateTime,
            "cascader" => Widget::Cascader,
            "rate" => Widget::Rate {
                max: match prop("max") {
                    Some(v) => self.int(v, &p("max"), 1, 10)? as u8,
                    None => 5,
                },
            },
            "slider" => {
                let get = |r: &mut Reader, name: &str, default: f64| match prop(name) {
                    Some(v) => r.number(v, &p(name)),
                    None => Some(default),
                };
                let (min, max, step) = (
                    get(self, "min", 0.0),
                    get(self, "max", 100.0),
                    get(self, "step", 1.0),
                );
                Widget::Slider {
                    min: min?,
                    max: max?,
                    step: step?,
                }
            }
            "color" => Widget::Color,
            "image_upload" => Widget::ImageUpload(self.upload(obj, path)?),
            "file_upload" => Widget::FileUpload(self.upload(obj, path)?),
            "signature" => Widget::Signature,
            "rich_text" => Widget::RichText,
            "user_picker" => Widget::UserPicker {
                multiple: flag(self, "multiple"),
            },
            "dept_picker" => Widget::DeptPicker {
                multiple: flag(self, "multiple"),
            },
            "static_text" => Widget::StaticText {
                text: match prop("text") {
                    Some(v) => self.text(v, &p("text"))?,
                    None => String::new(),
                },
            },
            "divider" => Widget::Divider,
            "grid" => {
                let Some(columns) = prop("columns") else {
                    self.problem(p("columns"), K::Missing);
                    return None;
                };
                let columns_path = p("columns");
                let items = self.array(columns, &columns_path)?;
                let mut out = Vec::with_capacity(items.len());
                for (i, column) in items.iter().enumerate() {
                    let cp = format!("{columns_path}[{i}]");
                    let Some(c) = self.object(column, &cp) else {
                        continue;
                    };
                    self.known(c, &cp, &[&["span", "fields"]], &["span", "fields"]);
                    let span = match c.get("span") {
                        Some(s) => self.int(s, &at(&cp, "span"), 1, 24).unwrap_or(24) as u8,
                        None => 24,
                    };
                    let fields = match c.get("fields") {
                        Some(f) => self.fields(f, &at(&cp, "fields"), depth + 1),
                        None => Vec::new(),
                    };
                    out.push(Column { span, fields });
                }
                Widget::Grid { columns: out }
            }
            "tabs" => {
                let Some(tabs) = prop("tabs") else {
                    self.problem(p("tabs"), K::Missing);
                    return None;
                };
                let tabs_path = p("tabs");
                let items = self.array(tabs, &tabs_path)?;
                let mut out = Vec::with_capacity(items.len());
                for (i, tab) in items.iter().enumerate() {
                    let tp = format!("{tabs_path}[{i}]");
                    let Some(t) = self.object(tab, &tp) else {
                        continue;
                    };
                    self.known(t, &tp, &[&["label", "fields"]], &["label", "fields"]);
                    let label = match t.get("label") {
                        Some(l) => self.text(l, &at(&tp, "label")).unwrap_or_default(),
                        None => String::new(),
                    };
                    let fields = match t.get("fields") {
                        Some(f) => self.fields(f, &at(&tp, "fields"), depth + 1),
                        None => Vec::new(),
                    };
                    out.push(Tab { label, fields });
                }
                Widget::Tabs { tabs: out }
            }
            "group" => Widget::Group {
                collapsed: flag(self, "collapsed"),
                fields: match prop("fields") {
                    Some(f) => self.fields(f, &p("fields"), depth + 1),
                    None => {
                        self.problem(p("fields"), K::Missing);
                        return None;
                    }
                },
            },
            "sub_table" => {
                let fields = match prop("fields") {
                    Some(f) => self.fields(f, &p("fields"), depth + 1),
                    None => {
                        self.problem(p("fields"), K::Missing);
                        return None;
                    }
                };
                let rows = |r: &mut Reader, name: &str, default: u32| match prop(name) {
                    Some(v) => r.int(v, &p(name), 0, i64::from(u32::MAX)).map(|n| n as u32),
                    None => Some(default),
                };
                let min_rows = rows(self, "minRows", 0);
                let max_rows = rows(self, "maxRows", 100);
                let total_of = match prop("totalOf") {
                    Some(v) => {
                        let tp = p("totalOf");
                        let items = self.array(v, &tp)?;
                        let mut keys = Vec::with_capacity(items.len());
                        for (i, k) in items.iter().enumerate() {
                            keys.push(self.text(k, &format!("{tp}[{i}]"))?);
                        }
                        keys
                    }
                    None => Vec::new(),
                };
                Widget::SubTable(SubTable {
                    fields,
                    min_rows: min_rows?,
                    max_rows: max_rows?,
                    total_of,
                })
            }
            _ => return None,
        })
    }

    fn upload(&mut self, obj: &Map<String, Value>, path: &str) -> Option<Upload> {
        let mut upload = Upload::default();
        if let Some(v) = obj.get("maxFiles") {
            upload.max_files = self.int(v, &at(path, "maxFiles"), 1, 100)? as u32;
        }
        if let Some(v) = obj.get("maxSizeKb") {
            upload.max_size_kb = self.int(v, &at(path, "maxSizeKb"), 1, 10 * 1024 * 1024)? as u32;
        }
        if let Some(v) = obj.get("accept") {
            let ap = at(path, "accept");
            let items = self.array(v, &ap)?;
            for (i, item) in items.iter().enumerate() {
                upload.accept.push(self.text(item, &format!("{ap}[{i}]"))?);
            }
        }
        Some(upload)
    }

    fn rules(&mut self, v: &Value, path: &str) -> Option<Rules> {
        let obj = self.object(v, path)?;
        self.known(
            obj,
            path,
            &[&[
                "minLen",
                "maxLen",
                "pattern",
                "patternMessage",
                "min",
                "max",
            ]],
            &[],
        );
        let mut rules = Rules::default();
        for (name, value) in obj {
            let p = at(path, name);
            match name.as_str() {
                "minLen" => {
                    rules.min_len = self
                        .int(value, &p, 0, i64::from(u32::MAX))
                        .map(|n| n as u32)
                }
                "maxLen" => {
                    rules.max_len = self
                        .int(value, &p, 0, i64::from(u32::MAX))
                        .map(|n| n as u32)
                }
                "pattern" => rules.pattern = self.text(value, &p),
                "patternMessage" => rules.pattern_message = self.text(value, &p),
                "min" => rules.min = self.number(value, &p),
                "max" => rules.max = self.number(value, &p),
                _ => {}
            }
        }
        Some(rules)
    }

    fn choices(&mut self, v: &Value, path: &str, depth: usize) -> Vec<Choice> {
        let Some(items) = self.array(v, path) else {
            return Vec::new();
        };
        if depth >= MAX_OPTION_DEPTH {
            self.problem(
                path,
                K::TooDeep {
                    max: MAX_OPTION_DEPTH,
                },
            );
            return Vec::new();
        }
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let ip = format!("{path}[{i}]");
            let Some(obj) = self.object(item, &ip) else {
                continue;
            };
            self.known(
                obj,
                &ip,
                &[&["label", "value", "children"]],
                &["label", "value"],
            );
            let label = match obj.get("label") {
                Some(l) => self.text(l, &at(&ip, "label")).unwrap_or_default(),
                None => String::new(),
            };
            let value = match obj.get("value") {
                Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => v.clone(),
                Some(_) => {
                    self.wrong::<()>(&at(&ip, "value"), Expected::Scalar);
                    Value::Null
                }
                None => Value::Null,
            };
            let children = match obj.get("children") {
                Some(c) => self.choices(c, &at(&ip, "children"), depth + 1),
                None => Vec::new(),
            };
            out.push(Choice {
                label,
                value,
                children,
            });
        }
        out
    }
}
