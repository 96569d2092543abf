//! The wording of every problem in Chinese and English, here and nowhere else, so the browser
//! and the server (which both run this crate) show the same sentence for the same problem.
//! Paths are not part of the message: a form shows it beside the field, the REST API names
//! the field next to it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::check::SchemaProblemKind;
use crate::submission::FieldProblem;
use crate::value::Expected;

/// The language of a message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// 简体中文 (the default: the product's users read Chinese first).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    fn pick(self, zh: String, en: String) -> String {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A number as people write it: `5`, `2.5`.
fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => woc_expr::json_text(other),
    }
}

impl Expected {
    /// What was expected, as a noun phrase.
    pub fn message(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Expected::Object => ("对象", "an object"),
            Expected::List => ("列表", "a list"),
            Expected::Text => ("文本", "text"),
            Expected::Integer => ("整数", "a whole number"),
            Expected::Number => ("数字", "a number"),
            Expected::Boolean => ("是或否", "true or false"),
            Expected::Scalar => ("文本、数字或是否", "text, a number or true/false"),
            Expected::Date => ("日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)"),
            Expected::Time => ("时间（HH:MM:SS）", "a time (HH:MM:SS)"),
            Expected::DateTime => (
                "日期时间（YYYY-MM-DD HH:MM:SS）",
                "a date and time (YYYY-MM-DD HH:MM:SS)",
            ),
            Expected::DateRange => (
                "开始不晚于结束的两个日期",
                "two dates, the first not after the second",
            ),
            Expected::TimeRange => (
                "开始不晚于结束的两个时间",
                "two times, the first not after the second",
            ),
            Expected::Color => ("颜色（如 #409EFF）", "a colour (such as #409EFF)"),
            Expected::FileRef => ("已上传的附件", "uploaded attachments"),
            Expected::Id => ("有效的编号", "a valid id"),
            Expected::Currency => (
                "三位大写货币代码（如 CNY）",
                "a three-letter currency code (such as CNY)",
            ),
            Expected::Key => (
                "字母或下划线开头、最多 64 个字母、数字或下划线",
                "a letter or _ followed by up to 63 letters, digits or _",
            ),
        };
        lang.pick(zh.to_string(), en.to_string())
    }
}

impl FieldProblem {
    /// The message shown beside the field.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            FieldProblem::Unknown => lang.pick(
                "表单中没有此字段".into(),
                "The form has no such field".into(),
            ),
            FieldProblem::WrongType { expected } => lang.pick(
                format!("应为{}", expected.message(Lang::Zh)),
                format!("Must be {}", expected.message(Lang::En)),
            ),
            FieldProblem::Required => lang.pick("必填".into(), "Required".into()),
            FieldProblem::TooShort { min } => lang.pick(
                format!("至少 {min} 个字符"),
                format!("At least {min} characters"),
            ),
            FieldProblem::TooLong { max } => lang.pick(
                format!("最多 {max} 个字符"),
                format!("At most {max} characters"),
            ),
            FieldProblem::TooFewItems { min } => lang.pick(
                format!("至少选择 {min} 项"),
                format!("Choose at least {min}"),
            ),
            FieldProblem::TooManyItems { max } => lang.pick(
                format!("最多选择 {max} 项"),
                format!("Choose at most {max}"),
            ),
            // The form designer's own message, in whatever language it was written.
            FieldProblem::PatternMismatch { message: Some(m) } if !m.trim().is_empty() => m.clone(),
            FieldProblem::PatternMismatch { .. } => {
                lang.pick("格式不正确".into(), "Not in the expected format".into())
            }
            FieldProblem::BelowMin { min } => lang.pick(
                format!("不能小于 {}", num(*min)),
                format!("Must be at least {}", num(*min)),
            ),
            FieldProblem::AboveMax { max } => lang.pick(
                format!("不能大于 {}", num(*max)),
                format!("Must be at most {}", num(*max)),
            ),
            FieldProblem::TooPrecise { precision: 0 } => {
                lang.pick("应为整数".into(), "Must be a whole number".into())
            }
            FieldProblem::TooPrecise { precision } => lang.pick(
                format!("最多 {precision} 位小数"),
                format!("At most {precision} decimal places"),
            ),
            FieldProblem::OffStep { step } => lang.pick(
                format!("应为 {} 的整数倍", num(*step)),
                format!("Must be in steps of {}", num(*step)),
            ),
            FieldProblem::NotAnOption { value } => lang.pick(
                format!("“{}”不是可选项", shown(value)),
                format!("\"{}\" is not one of the options", shown(value)),
            ),
            FieldProblem::TooFewRows { min } => {
                lang.pick(format!("至少 {min} 行"), format!("At least {min} rows"))
            }
            FieldProblem::TooManyRows { max } => {
                lang.pick(format!("最多 {max} 行"), format!("At most {max} rows"))
            }
            FieldProblem::TooManyFiles { max } => {
                lang.pick(format!("最多 {max} 个文件"), format!("At most {max} files"))
            }
            FieldProblem::FileTooLarge { max_kb } => {
                let size = if max_kb % 1024 == 0 {
                    format!("{} MB", max_kb / 1024)
                } else {
                    format!("{max_kb} KB")
                };
                lang.pick(
                    format!("单个文件不能超过 {size}"),
                    format!("Each file must be at most {size}"),
                )
            }
            FieldProblem::FileTypeRefused { accept } => lang.pick(
                format!("只接受 {}", accept.join("、")),
                format!("Only {} accepted", accept.join(", ")),
            ),
            FieldProblem::NotEditable => lang.pick(
                "此处不能修改该字段".into(),
                "This field cannot be changed here".into(),
            ),
        }
    }
}

impl SchemaProblemKind {
    /// The message for the form designer (or the importer).
    pub fn message(&self, lang: Lang) -> String {
        use SchemaProblemKind as K;
        match self {
            K::NotJson { detail } => lang.pick(
                format!("不是有效的 JSON：{detail}"),
                format!("Not valid JSON: {detail}"),
            ),
            K::TooLarge { bytes, max } => lang.pick(
                format!("过大（{bytes}，上限 {max}）"),
                format!("Too large ({bytes}, at most {max})"),
            ),
            K::TooDeep { max } => lang.pick(
                format!("嵌套超过 {max} 层"),
                format!("Nested more than {max} levels deep"),
            ),
            K::TooManyFields { max } => lang.pick(
                format!("字段超过 {max} 个"),
                format!("More than {max} fields"),
            ),
            K::UnsupportedVersion { version, newest } => lang.pick(
                format!("表单格式版本 {version} 过新（支持到 {newest}）"),
                format!("Schema format version {version} is newer than {newest}, the newest this program reads"),
            ),
            K::WrongType { expected } => lang.pick(
                format!("应为{}", expected.message(Lang::Zh)),
                format!("Must be {}", expected.message(Lang::En)),
            ),
            K::Missing => lang.pick("缺少此项".into(), "Missing".into()),
            K::UnknownProperty { name } => lang.pick(
                format!("未知属性“{name}”"),
                format!("Unknown property \"{name}\""),
            ),
            K::UnknownWidget { name } => lang.pick(
                format!("未知组件类型“{name}”"),
                format!("Unknown widget type \"{name}\""),
            ),
            K::NotOneOf { allowed } => lang.pick(
                format!("应为 {} 之一", allowed.join("、")),
                format!("Must be one of {}", allowed.join(", ")),
            ),
            K::OutOfRange { value, min, max } => lang.pick(
                format!("{} 超出范围 {}–{}", num(*value), num(*min), num(*max)),
                format!("{} is outside {}–{}", num(*value), num(*min), num(*max)),
            ),
            K::MinAboveMax { min, max } => lang.pick(
                format!("下限 {} 大于上限 {}", num(*min), num(*max)),
                format!("The lower bound {} is above the upper bound {}", num(*min), num(*max)),
            ),
            K::BadKey { key } => lang.pick(
                format!("字段标识“{key}”无效：应为{}", Expected::Key.message(Lang::Zh)),
                format!("Field key \"{key}\" is invalid: must be {}", Expected::Key.message(Lang::En)),
            ),
            K::DuplicateKey { key, first } => lang.pick(
                format!("字段标识“{key}”重复（已用于 {first}）"),
                format!("Field key \"{key}\" is already used (at {first})"),
            ),
            K::NotApplicable { property, widget } => lang.pick(
                format!("{widget} 组件没有“{property}”属性"),
                format!("A {widget} does not take \"{property}\""),
            ),
            K::MissingOptions => lang.pick(
                "需要选项（options）或字典（dict）".into(),
                "Needs options or a dictionary (dict)".into(),
            ),
            K::OptionsAndDict => lang.pick(
                "选项（options）与字典（dict）只能选一个".into(),
                "Options and a dictionary (dict) cannot both be set".into(),
            ),
            K::DuplicateOption { value } => lang.pick(
                format!("选项值“{}”重复", shown(value)),
                format!("Option value \"{}\" is used twice", shown(value)),
            ),
            K::BadExpression { detail } => lang.pick(
                format!("表达式无法解析：{detail}"),
                format!("The expression does not parse: {detail}"),
            ),
            K::NotAnExpression => lang.pick(
                "规则应写成表达式，如 ${type == 'paid'}".into(),
                "A rule must be an expression, such as ${type == 'paid'}".into(),
            ),
            K::UnknownField { key } => lang.pick(
                format!("表单中没有字段“{key}”"),
                format!("The form has no field \"{key}\""),
            ),
            K::UnknownVariable { name } => lang.pick(
                format!("表达式引用了不存在的字段“{name}”"),
                format!("The expression names \"{name}\", which is no field of the form"),
            ),
            K::ComputedCycle { keys } => lang.pick(
                format!("计算字段循环依赖：{}", keys.join(" → ")),
                format!("Computed values depend on each other in a circle: {}", keys.join(" → ")),
            ),
            K::BadPattern { detail } => lang.pick(
                format!("正则表达式无效：{detail}"),
                format!("Invalid pattern: {detail}"),
            ),
            K::ColumnsTooWide { total } => lang.pick(
                format!("各列宽度之和 {total} 超过 24"),
                format!("The columns' spans add up to {total}, more than 24"),
            ),
            K::NotAColumn { widget } => lang.pick(
                format!("子表单的列不能是 {widget}"),
                format!("A sub-table column cannot be a {widget}"),
            ),
            K::NotANumberColumn { key } => lang.pick(
                format!("合计列“{key}”不是本子表单的数字列"),
                format!("\"{key}\" is not a number column of this sub-table"),
            ),
            K::BadDefault { problem } => lang.pick(
                format!("默认值无效：{}", problem.message(Lang::Zh)),
                format!("Invalid default: {}", problem.message(Lang::En)),
            ),
            K::CannotImport { what } => lang.pick(
                format!("无法导入：{what}"),
                format!("Cannot be imported: {what}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn both_languages_carry_the_bound() {
        let p = FieldProblem::TooLong { max: 11 };
        assert_eq!(p.message(Lang::Zh), "最多 11 个字符");
        assert_eq!(p.message(Lang::En), "At most 11 characters");
        let p = FieldProblem::BelowMin { min: 2.5 };
        assert_eq!(p.message(Lang::En), "Must be at least 2.5");
        let p = FieldProblem::NotAnOption { value: json!(3) };
        assert_eq!(p.message(Lang::Zh), "“3”不是可选项");
        let p = FieldProblem::FileTooLarge { max_kb: 2048 };
        assert_eq!(p.message(Lang::En), "Each file must be at most 2 MB");
    }

    #[test]
    fn a_pattern_speaks_with_its_own_message() {
        let own = FieldProblem::PatternMismatch {
            message: Some("手机号格式错误".into()),
        };
        assert_eq!(own.message(Lang::En), "手机号格式错误");
        let generic = FieldProblem::PatternMismatch { message: None };
        assert_eq!(generic.message(Lang::Zh), "格式不正确");
    }

    #[test]
    fn schema_problems_are_worded() {
        let p = SchemaProblemKind::DuplicateKey {
            key: "input1".into(),
            first: "fields[0].key".into(),
        };
        assert_eq!(
            p.message(Lang::En),
            "Field key \"input1\" is already used (at fields[0].key)"
        );
        assert!(SchemaProblemKind::UnknownWidget { name: "x".into() }
            .message(Lang::Zh)
            .contains("未知组件类型"));
    }
}
