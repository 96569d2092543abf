//! Form schemas for work orders: one set of types for a form's fields, layout and rules,
//! compiled for the server and for the browser (wasm32), so both validate a submission with
//! the same code and show the same messages.
//!
//! - [`schema`]: the types ([`FormSchema`], [`Field`], [`Widget`]), serialized as the JSON
//!   documented in `docs/form-schema.md`.
//! - [`check`]: reading a schema from JSON text with limits, and checking it ([`parse`],
//!   [`check()`]) into a [`Form`], or every [`SchemaProblem`] with its path.
//! - [`submission`]: [`Form::validate`] — the cleaned values of a submission, or every bad
//!   field ([`FieldError`]).
//! - [`Form::live`]: the computed values and the fields the rules hide, while filling in.
//! - [`access`]: what one process node's assignee may do with each field ([`FieldAccess`]).
//! - [`messages`]: every problem worded in Chinese and English ([`Lang`]).
//! - [`import`]: form-generator (RuoYi) and form-create JSON converted to the schema.
//! - [`edit`]: a form designer's tree edits (insert, move, copy, new fields) the checker accepts.
//!
//! ```
//! use serde_json::json;
//! use woc_forms::{parse, Context, FieldProblem, Lang};
//!
//! let form = parse(r#"{"fields": [
//!   {"key": "serviceType", "type": "radio", "label": "服务类型", "required": true,
//!    "options": [{"label": "免费", "value": "free"}, {"label": "收费", "value": "paid"}]},
//!   {"key": "price", "type": "amount", "label": "单价", "visibleWhen": "${serviceType == 'paid'}",
//!    "required": true},
//!   {"key": "qty", "type": "number", "label": "数量", "rules": {"min": 1}},
//!   {"key": "total", "type": "amount", "label": "总价", "computed": "${price * qty}"}
//! ]}"#).unwrap();
//!
//! let sent = json!({"serviceType": "paid", "price": "12.50", "qty": 2, "total": 1});
//! let clean = form.validate(sent.as_object().unwrap(), &Context::new()).unwrap();
//! assert_eq!(clean["total"], json!(25)); // computed here, not taken from the client
//!
//! let sent = json!({"serviceType": "paid", "qty": 0});
//! let errors = form.validate(sent.as_object().unwrap(), &Context::new()).unwrap_err();
//! assert_eq!(errors.len(), 2);
//! assert_eq!((errors[0].path.as_str(), &errors[0].problem), ("price", &FieldProblem::Required));
//! assert_eq!(errors[1].problem.message(Lang::Zh), "不能小于 1");
//! ```

#![warn(missing_docs)]

pub mod access;
pub mod check;
pub mod edit;
mod form;
pub mod import;
mod live;
pub mod messages;
pub mod schema;
pub mod submission;
mod value;

pub use access::{Access, FieldAccess};
pub use check::{check, is_valid_key, parse, SchemaProblem, SchemaProblemKind};
pub use form::Form;
pub use live::Live;
pub use messages::Lang;
pub use schema::{
    Choice, Choices, Column, Field, FormLayout, FormSchema, LabelPosition, Rules, SubTable, Tab,
    Upload, ValueKind, Widget, SCHEMA_VERSION,
};
pub use submission::{AnyOption, Context, FieldError, FieldProblem, Lookup, OptionSource};
pub use value::{is_empty, Expected};
/// JSON text and numbers written the same on the server and in the browser.
pub use woc_expr::{decimal, json_text, number_text};
