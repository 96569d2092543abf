//! Pure BPMN 2.0 parsing: XML text in, an immutable, validated process graph out.
//!
//! `parse` reads a `<definitions>` document (Flowable, Activiti and Camunda 7 extensions mapped
//! to one model, namespaces resolved by URI), `validate`/`validate_with` run deploy-time checks.
//! No IO, no async: the caller reads files and keeps the original XML.

#![warn(missing_docs)]

pub mod di;
mod error;
pub mod extensions;
pub mod model;
mod parse;
pub mod timer;
mod validate;
mod xml_tree;

pub use error::{ParseError, MAX_DEPTH, MAX_INPUT_BYTES};
pub use model::*;
pub use parse::parse;
pub use timer::{Timer, TimerKind};
pub use validate::{validate, validate_with, ValidationError, ValidationKind};
