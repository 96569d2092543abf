//! Pure BPMN 2.0 parsing: XML text in, an immutable, validated process graph out.
//!
//! `parse` reads a `<definitions>` document (Flowable, Activiti and Camunda 7 extensions mapped
//! to one model, namespaces resolved by URI), `validate`/`validate_with` run deploy-time checks.
//! No IO, no async: the caller reads files and keeps the original XML.
//!
//! ```
//! use woc_bpmn::{parse, validate, NodeKind};
//!
//! let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
//!                           xmlns:flowable="http://flowable.org/bpmn">
//!   <process id="leave" isExecutable="true">
//!     <startEvent id="start" flowable:initiator="applicant"/>
//!     <userTask id="approve" flowable:candidateGroups="managers"/>
//!     <endEvent id="end"/>
//!     <sequenceFlow id="f1" sourceRef="start" targetRef="approve"/>
//!     <sequenceFlow id="f2" sourceRef="approve" targetRef="end"/>
//!   </process>
//! </definitions>"#;
//! let definitions = parse(xml).expect("a valid document");
//! let process = definitions.process("leave").expect("the process");
//! assert!(validate(process).is_empty());
//!
//! let start = process.none_start_event(None).expect("a none start event");
//! let next = process.outgoing(&start.id).next().expect("a flow");
//! let task = process.node(&next.target).expect("the target");
//! assert!(matches!(&task.kind, NodeKind::UserTask(t) if t.candidate_groups == ["managers"]));
//! ```

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
