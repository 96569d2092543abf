//! The form schema: what a form designer saves and every renderer and validator reads.
//!
//! A [`FormSchema`] is a tree of [`Field`]s. Most fields hold one value under their `key` (an
//! input, a select, an upload...); layout containers (grid, tabs, group) hold other fields and
//! no value; a sub-table holds a list of rows, each row a map of its column fields' keys.
//!
//! The JSON is documented in `docs/form-schema.md`. Serializing derives from these types;
//! reading goes through [`crate::check`]'s reader, which refuses unknown properties and names
//! the path of every problem (`fields[2].columns[0].fields[1].key`), so
//! `serde_json::from_str::<FormSchema>` refuses exactly what [`crate::parse`] refuses.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The schema format this crate writes and reads. A schema with a newer version is refused
/// rather than read wrongly; an older one would be upgraded on reading.
pub const SCHEMA_VERSION: u32 = 1;

/// A whole form: its fields in display order, and how labels are laid out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FormSchema {
    /// Format version ([`SCHEMA_VERSION`]); not the form's own version, which the catalog keeps.
    pub version: u32,
    /// Label placement and spacing for the whole form.
    #[serde(skip_serializing_if = "FormLayout::is_default")]
    pub layout: FormLayout,
    /// The fields, top to bottom (a field narrower than 24 shares its row with the next).
    pub fields: Vec<Field>,
}

impl Default for FormSchema {
    fn default() -> Self {
        FormSchema {
            version: SCHEMA_VERSION,
            layout: FormLayout::default(),
            fields: Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for FormSchema {
    /// Reads with the checking reader and answers its first problem as the error; use
    /// [`crate::parse`] to get every problem with its path.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        crate::check::read_schema(&value).map_err(|problems| {
            let first = problems.first().map(|p| p.to_string()).unwrap_or_default();
            serde::de::Error::custom(first)
        })
    }
}

impl FormSchema {
    /// Every field of the tree, depth first in display order (containers before their
    /// children, sub-tables before their columns).
    pub fn walk(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        fn visit<'a>(fields: &'a [Field], out: &mut Vec<&'a Field>) {
            for field in fields {
                out.push(field);
                for children in field.widget.children() {
                    visit(children, out);
                }
            }
        }
        visit(&self.fields, &mut out);
        out
    }

    /// The field with `key` anywhere in the tree.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.walk().into_iter().find(|f| f.key == key)
    }
}

/// Form-wide layout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FormLayout {
    /// Where labels go: beside the input (`left`, `right`) or above it (`top`).
    #[serde(default)]
    pub label_position: LabelPosition,
    /// Label column width in CSS pixels when labels sit beside inputs.
    #[serde(default = "default_label_width")]
    pub label_width: u16,
    /// Space between grid columns in CSS pixels.
    #[serde(default = "default_gutter")]
    pub gutter: u16,
}

fn default_label_width() -> u16 {
    100
}

fn default_gutter() -> u16 {
    16
}

impl Default for FormLayout {
    fn default() -> Self {
        FormLayout {
            label_position: LabelPosition::default(),
            label_width: default_label_width(),
            gutter: default_gutter(),
        }
    }
}

impl FormLayout {
    fn is_default(&self) -> bool {
        *self == FormLayout::default()
    }
}

/// Where a field's label is drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelPosition {
    /// Beside the input, right-aligned (form-generator's default).
    #[default]
    Right,
    /// Beside the input, left-aligned.
    Left,
    /// Above the input (what phones get whatever the setting).
    Top,
}

/// One field of a form: a value input, static content, or a container of other fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Field {
    /// Stable key (`input58922`): the variable name of the value in the process and in
    /// rules; unique in the whole form, never changed once saved.
    pub key: String,
    /// What the user reads beside the input (a group's title, a tab strip's caption).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The kind of input and its own options; `"type"` in JSON.
    #[serde(flatten)]
    pub widget: Widget,
    /// Hint shown inside an empty input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Help text under the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The value a new form starts with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Whether an empty value is refused (while the field is visible).
    #[serde(skip_serializing_if = "is_false")]
    pub required: bool,
    /// Length, pattern and range rules.
    #[serde(skip_serializing_if = "Rules::is_empty")]
    pub rules: Rules,
    /// Where a choice widget's options come from: `options` (a static list) or `dict`
    /// (a dictionary kept in 系统管理).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub options: Option<Choices>,
    /// Width in grid units of 24 (24: the whole row, 12: half).
    #[serde(skip_serializing_if = "is_full_width")]
    pub width: u8,
    /// Shown but not editable by anyone (a fixed value, or one set by `default`).
    #[serde(skip_serializing_if = "is_false")]
    pub disabled: bool,
    /// JUEL condition (`${serviceType == 'paid'}`): the field shows only while it is true.
    /// A field not shown is not required and its value is dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<String>,
    /// JUEL condition: the field is required while it is true (and it is visible).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_when: Option<String>,
    /// JUEL expression (`${price * qty}`): the value is computed, read-only, and computed
    /// again on the server whatever the client sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub computed: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_full_width(w: &u8) -> bool {
    *w == FULL_WIDTH
}

/// The width of a field that takes the whole row.
pub const FULL_WIDTH: u8 = 24;

impl Field {
    /// A field with `key` and `widget` and every other property at its default.
    pub fn new(key: impl Into<String>, widget: Widget) -> Field {
        Field {
            key: key.into(),
            label: String::new(),
            widget,
            placeholder: None,
            help: None,
            default: None,
            required: false,
            rules: Rules::default(),
            options: None,
            width: FULL_WIDTH,
            disabled: false,
            visible_when: None,
            required_when: None,
            computed: None,
        }
    }

    /// Sets the label (builder style, for tests and importers).
    pub fn label(mut self, label: impl Into<String>) -> Field {
        self.label = label.into();
        self
    }

    /// Whether the field holds a value of its own under its key.
    pub fn holds_value(&self) -> bool {
        self.widget.value_kind().is_some()
    }
}

/// Length, pattern and range rules of a field. Which apply depends on the widget: lengths to
/// text (characters) and to multiple choices (items), the pattern to inputs and text areas,
/// `min`/`max` to numbers and amounts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rules {
    /// Fewest characters (text) or items (multiple choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_len: Option<u32>,
    /// Most characters (text) or items (multiple choice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_len: Option<u32>,
    /// A regular expression the text must match somewhere (anchor it with `^...$` to match
    /// the whole text, as in JavaScript). The syntax of the `regex-lite` crate, which takes
    /// JavaScript's usual forms (`\d`, `[\u4e00-\u9fa5]`, `{2,5}`), without look-around or
    /// back-references.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// What the user reads when the pattern does not match (else a generic message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern_message: Option<String>,
    /// Smallest number allowed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_opt"
    )]
    pub min: Option<f64>,
    /// Largest number allowed.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "whole_opt"
    )]
    pub max: Option<f64>,
}

impl Rules {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == Rules::default()
    }
}

/// The options of a choice widget (select, radio, checkbox, cascader).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Choices {
    /// A list kept in the schema; `"options": [{"label": "是", "value": 1}]`.
    #[serde(rename = "options")]
    Static(Vec<Choice>),
    /// The name of a dictionary kept in 系统管理, whose entries the caller checks
    /// ([`crate::OptionSource`]); `"dict": "ticket_type"`.
    #[serde(rename = "dict")]
    Dictionary(String),
}

/// One option of a choice widget.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Choice {
    /// What the user reads.
    pub label: String,
    /// What is stored: a string, a number or a boolean.
    pub value: Value,
    /// Options under this one (cascader levels: province -> city -> district).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Choice>,
}

/// A widget: the kind of a field with its own options. `"type"` in JSON, in snake_case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Widget {
    /// One line of text.
    Input,
    /// Several lines of text.
    Textarea,
    /// A number.
    #[serde(rename_all = "camelCase")]
    Number {
        /// Decimal places allowed (0: integers).
        #[serde(skip_serializing_if = "is_zero")]
        precision: u8,
        /// Unit shown after the number (`kg`, `天`).
        #[serde(skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// A sum of money with two decimal places.
    Amount {
        /// ISO 4217 code, `CNY` unless set.
        #[serde(skip_serializing_if = "is_cny")]
        currency: String,
    },
    /// A drop-down of options.
    Select {
        /// Several options may be chosen (the value is a list).
        #[serde(skip_serializing_if = "is_false")]
        multiple: bool,
        /// The user may type to filter the options.
        #[serde(skip_serializing_if = "is_false")]
        searchable: bool,
    },
    /// One option among radio buttons.
    Radio,
    /// Any number of options, as check boxes (the value is a list).
    Checkbox,
    /// On or off (a boolean).
    Switch,
    /// A date, `YYYY-MM-DD`.
    Date,
    /// Two dates, `["YYYY-MM-DD", "YYYY-MM-DD"]`, the first not after the second.
    DateRange,
    /// A time of day, `HH:MM:SS` (or `HH:MM`).
    Time,
    /// Two times of day, the first not after the second.
    TimeRange,
    /// A date and time, `YYYY-MM-DD HH:MM:SS`.
    DateTime,
    /// A path through nested options (`["gd", "sz", "ns"]`: province, city, district).
    Cascader,
    /// Stars, from 0 to `max` (halves allowed).
    Rate {
        /// Number of stars.
        max: u8,
    },
    /// A number picked on a track.
    Slider {
        /// Start of the track.
        #[serde(serialize_with = "whole")]
        min: f64,
        /// End of the track.
        #[serde(serialize_with = "whole")]
        max: f64,
        /// Distance between picks.
        #[serde(serialize_with = "whole")]
        step: f64,
    },
    /// A colour, `#RRGGBB` (or `#RGB`, `#RRGGBBAA`, `rgb(...)`, `rgba(...)`).
    Color,
    /// Pictures uploaded to the attachment store.
    ImageUpload(Upload),
    /// Files uploaded to the attachment store.
    FileUpload(Upload),
    /// A handwritten signature (an image: an attachment id or a `data:image/png` URL).
    Signature,
    /// Formatted text (HTML, sanitized by the server before it is shown).
    RichText,
    /// Users of the directory, by id.
    UserPicker {
        /// Several users may be chosen (the value is a list).
        #[serde(skip_serializing_if = "is_false")]
        multiple: bool,
    },
    /// Departments of the directory, by id.
    DeptPicker {
        /// Several departments may be chosen (the value is a list).
        #[serde(skip_serializing_if = "is_false")]
        multiple: bool,
    },
    /// Text shown in the form (instructions); holds no value.
    StaticText {
        /// The text.
        text: String,
    },
    /// A horizontal rule, with the label as its caption; holds no value.
    Divider,
    /// A row of columns, each holding fields; holds no value itself.
    Grid {
        /// The columns, left to right.
        columns: Vec<Column>,
    },
    /// Tabs, each holding fields; holds no value itself.
    Tabs {
        /// The tabs, in order.
        tabs: Vec<Tab>,
    },
    /// A titled section (the label is its title) that may start collapsed.
    Group {
        /// Starts collapsed.
        #[serde(skip_serializing_if = "is_false")]
        collapsed: bool,
        /// The fields inside.
        fields: Vec<Field>,
    },
    /// Repeating rows of other fields: the value is a list of rows, each a map of the
    /// columns' keys to their values.
    SubTable(SubTable),
}

fn is_cny(c: &str) -> bool {
    c == "CNY"
}

/// Writes a whole number without `.0`, so a schema reads as it was typed (`"min": 0`).
fn whole<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        s.serialize_i64(*x as i64)
    } else {
        s.serialize_f64(*x)
    }
}

fn whole_opt<S: serde::Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match x {
        Some(x) => whole(x, s),
        None => s.serialize_none(),
    }
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Options of an upload widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Upload {
    /// Most files in the field.
    #[serde(default = "default_max_files")]
    pub max_files: u32,
    /// Largest file in KiB.
    #[serde(default = "default_max_size_kb")]
    pub max_size_kb: u32,
    /// Accepted file name extensions (`.pdf`) or media types (`image/png`, `image/*`);
    /// empty: any (pictures: `image/*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept: Vec<String>,
}

fn default_max_files() -> u32 {
    1
}

fn default_max_size_kb() -> u32 {
    10 * 1024
}

impl Default for Upload {
    fn default() -> Self {
        Upload {
            max_files: default_max_files(),
            max_size_kb: default_max_size_kb(),
            accept: Vec::new(),
        }
    }
}

/// One column of a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Column {
    /// Width in grid units of 24.
    pub span: u8,
    /// The fields in the column, top to bottom.
    pub fields: Vec<Field>,
}

/// One tab.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tab {
    /// The tab's caption.
    pub label: String,
    /// The fields on the tab.
    pub fields: Vec<Field>,
}

/// A sub-table: its columns and row limits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubTable {
    /// The columns: value fields (no containers, no nested sub-table).
    pub fields: Vec<Field>,
    /// Fewest rows.
    #[serde(skip_serializing_if = "is_zero_u32")]
    pub min_rows: u32,
    /// Most rows (at most [`MAX_ROWS`]).
    pub max_rows: u32,
    /// Number columns summed on the server into `<key>_total` (`{"amount": 1234.5}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub total_of: Vec<String>,
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
}

/// The most rows a sub-table may allow.
pub const MAX_ROWS: u32 = 1000;

/// The suffix of the key under which a sub-table's column totals are kept: `items_total`
/// for the sub-table `items`.
pub const TOTAL_SUFFIX: &str = "_total";

/// The shape of the value a widget holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A string.
    Text,
    /// A number with at most this many decimal places.
    Number {
        /// Decimal places allowed.
        precision: u8,
    },
    /// A boolean.
    Bool,
    /// One option's value, or a list of them.
    Choice {
        /// A list of options' values.
        multiple: bool,
    },
    /// A list of option values, from the root of the option tree down.
    Path,
    /// A date.
    Date,
    /// Two dates.
    DateRange,
    /// A time of day.
    Time,
    /// Two times of day.
    TimeRange,
    /// A date and a time.
    DateTime,
    /// A colour.
    Color,
    /// A list of attachments.
    Files,
    /// A user id, or a list of them.
    Users {
        /// A list.
        multiple: bool,
    },
    /// A department id, or a list of them.
    Depts {
        /// A list.
        multiple: bool,
    },
    /// A list of rows.
    Rows,
}

impl Widget {
    /// The `type` name in JSON.
    pub fn type_name(&self) -> &'static str {
        match self {
            Widget::Input => "input",
            Widget::Textarea => "textarea",
            Widget::Number { .. } => "number",
            Widget::Amount { .. } => "amount",
            Widget::Select { .. } => "select",
            Widget::Radio => "radio",
            Widget::Checkbox => "checkbox",
            Widget::Switch => "switch",
            Widget::Date => "date",
            Widget::DateRange => "date_range",
            Widget::Time => "time",
            Widget::TimeRange => "time_range",
            Widget::DateTime => "date_time",
            Widget::Cascader => "cascader",
            Widget::Rate { .. } => "rate",
            Widget::Slider { .. } => "slider",
            Widget::Color => "color",
            Widget::ImageUpload(_) => "image_upload",
            Widget::FileUpload(_) => "file_upload",
            Widget::Signature => "signature",
            Widget::RichText => "rich_text",
            Widget::UserPicker { .. } => "user_picker",
            Widget::DeptPicker { .. } => "dept_picker",
            Widget::StaticText { .. } => "static_text",
            Widget::Divider => "divider",
            Widget::Grid { .. } => "grid",
            Widget::Tabs { .. } => "tabs",
            Widget::Group { .. } => "group",
            Widget::SubTable(_) => "sub_table",
        }
    }

    /// The shape of the value, or `None` for widgets that hold none (static text, divider,
    /// layout containers).
    pub fn value_kind(&self) -> Option<ValueKind> {
        Some(match self {
            Widget::Input | Widget::Textarea | Widget::Signature | Widget::RichText => {
                ValueKind::Text
            }
            Widget::Number { precision, .. } => ValueKind::Number {
                precision: *precision,
            },
            Widget::Amount { .. } => ValueKind::Number { precision: 2 },
            Widget::Rate { .. } | Widget::Slider { .. } => ValueKind::Number { precision: 6 },
            Widget::Select { multiple, .. } => ValueKind::Choice {
                multiple: *multiple,
            },
            Widget::Radio => ValueKind::Choice { multiple: false },
            Widget::Checkbox => ValueKind::Choice { multiple: true },
            Widget::Cascader => ValueKind::Path,
            Widget::Switch => ValueKind::Bool,
            Widget::Date => ValueKind::Date,
            Widget::DateRange => ValueKind::DateRange,
            Widget::Time => ValueKind::Time,
            Widget::TimeRange => ValueKind::TimeRange,
            Widget::DateTime => ValueKind::DateTime,
            Widget::Color => ValueKind::Color,
            Widget::ImageUpload(_) | Widget::FileUpload(_) => ValueKind::Files,
            Widget::UserPicker { multiple } => ValueKind::Users {
                multiple: *multiple,
            },
            Widget::DeptPicker { multiple } => ValueKind::Depts {
                multiple: *multiple,
            },
            Widget::SubTable(_) => ValueKind::Rows,
            Widget::StaticText { .. }
            | Widget::Divider
            | Widget::Grid { .. }
            | Widget::Tabs { .. }
            | Widget::Group { .. } => return None,
        })
    }

    /// Whether the widget chooses among options (and so needs `options` or `dict`).
    pub fn takes_options(&self) -> bool {
        matches!(
            self,
            Widget::Select { .. } | Widget::Radio | Widget::Checkbox | Widget::Cascader
        )
    }

    /// Whether the widget lays out other fields (grid, tabs, group).
    pub fn is_container(&self) -> bool {
        matches!(
            self,
            Widget::Grid { .. } | Widget::Tabs { .. } | Widget::Group { .. }
        )
    }

    /// The lists of fields directly inside this widget: a grid's columns, a tab strip's tabs,
    /// a group's or a sub-table's fields.
    pub fn children(&self) -> Vec<&[Field]> {
        match self {
            Widget::Grid { columns } => columns.iter().map(|c| c.fields.as_slice()).collect(),
            Widget::Tabs { tabs } => tabs.iter().map(|t| t.fields.as_slice()).collect(),
            Widget::Group { fields, .. } => vec![fields.as_slice()],
            Widget::SubTable(table) => vec![table.fields.as_slice()],
            _ => Vec::new(),
        }
    }

    /// Every `type` name, in the order of the documentation.
    pub const TYPE_NAMES: &'static [&'static str] = &[
        "input",
        "textarea",
        "number",
        "amount",
        "select",
        "radio",
        "checkbox",
        "switch",
        "date",
        "date_range",
        "time",
        "time_range",
        "date_time",
        "cascader",
        "rate",
        "slider",
        "color",
        "image_upload",
        "file_upload",
        "signature",
        "rich_text",
        "user_picker",
        "dept_picker",
        "static_text",
        "divider",
        "grid",
        "tabs",
        "group",
        "sub_table",
    ];
}
