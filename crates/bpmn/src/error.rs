//! Errors of `parse()`: the document cannot be turned into a model at all.
//!
//! Deploy-time problems of a model that did parse are `ValidationError`s (see `validate`).

use thiserror::Error;

/// Largest accepted input, in bytes; larger documents are refused before reading.
pub const MAX_INPUT_BYTES: usize = 10 * 1024 * 1024;

/// Deepest accepted element nesting; deeper documents are refused while reading.
pub const MAX_DEPTH: usize = 64;

/// Why a document could not be parsed into a `Definitions` model.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    /// The input exceeds `MAX_INPUT_BYTES`.
    #[error("document is {size} bytes; the limit is {limit} bytes")]
    TooLarge {
        /// Size of the input in bytes.
        size: usize,
        /// The limit that was exceeded.
        limit: usize,
    },
    /// A `<!DOCTYPE ...>` (DTD, possibly with entity declarations) was found.
    #[error("line {line}: DOCTYPE/DTD declarations are not allowed in BPMN documents (no DTDs, no entity declarations)")]
    Doctype {
        /// Line of the declaration.
        line: u32,
    },
    /// A reference to an entity other than the five predefined XML entities.
    #[error("line {line}: entity reference &{name}; is not allowed (only &lt; &gt; &amp; &apos; &quot; and character references)")]
    Entity {
        /// Line of the reference.
        line: u32,
        /// Name of the entity.
        name: String,
    },
    /// Elements are nested deeper than `MAX_DEPTH`.
    #[error("line {line}: elements are nested deeper than {limit} levels")]
    TooDeep {
        /// Line of the first element beyond the limit.
        line: u32,
        /// The depth limit.
        limit: usize,
    },
    /// The input is not well-formed XML.
    #[error("line {line}: malformed XML: {message}")]
    Malformed {
        /// Line where the reader stopped.
        line: u32,
        /// What the XML reader reported.
        message: String,
    },
    /// The root element is not BPMN 2.0 `definitions`.
    #[error("line {line}: not a BPMN 2.0 document: root element is {found}")]
    NotBpmn {
        /// Line of the root element.
        line: u32,
        /// Namespace and name of the root element found.
        found: String,
    },
    /// An element that must have an `id` has none.
    #[error("line {line}: <{element}> has no id")]
    MissingId {
        /// Line of the element.
        line: u32,
        /// Local name of the element.
        element: String,
    },
    /// Two elements of one process (or two processes) share an id, so references would be
    /// ambiguous.
    #[error("line {line}: id '{id}' is used twice in {scope} (first at line {first_line})")]
    DuplicateId {
        /// Line of the second occurrence.
        line: u32,
        /// The duplicated id.
        id: String,
        /// Where both occur: `process 'p'` or `the definitions`.
        scope: String,
        /// Line of the first occurrence.
        first_line: u32,
    },
    /// An element lacks data without which it cannot be modelled (e.g. a flow without target).
    #[error("line {line}: <{element} id=\"{id}\">: {message}")]
    Invalid {
        /// Line of the element.
        line: u32,
        /// Local name of the element.
        element: String,
        /// Id of the element.
        id: String,
        /// What is wrong.
        message: String,
    },
}

impl ParseError {
    /// The 1-based source line the error refers to, if it refers to one.
    pub fn line(&self) -> Option<u32> {
        match self {
            ParseError::TooLarge { .. } => None,
            ParseError::Doctype { line }
            | ParseError::Entity { line, .. }
            | ParseError::TooDeep { line, .. }
            | ParseError::Malformed { line, .. }
            | ParseError::NotBpmn { line, .. }
            | ParseError::MissingId { line, .. }
            | ParseError::DuplicateId { line, .. }
            | ParseError::Invalid { line, .. } => Some(*line),
        }
    }

    /// The id of the offending element, when the error is about one identified element.
    pub fn element_id(&self) -> Option<&str> {
        match self {
            ParseError::DuplicateId { id, .. } | ParseError::Invalid { id, .. } => Some(id),
            _ => None,
        }
    }
}
