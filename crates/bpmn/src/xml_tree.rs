//! Reads XML into a small owned element tree with namespace URIs resolved and source lines kept.
//!
//! This is the only place that touches raw XML, so the safety rules live here: size and depth
//! limits, no DTD, no entities beyond the predefined five. Building a tree first (instead of
//! mapping events straight to the model) keeps the BPMN mapping code free of reader state.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::attributes::AttrError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use quick_xml::XmlVersion;

use crate::error::{ParseError, MAX_DEPTH, MAX_INPUT_BYTES};

/// One XML element with its namespace resolved to a URI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    /// Namespace URI, `None` when the element is in no namespace.
    pub ns: Option<String>,
    /// Local name (without prefix).
    pub name: String,
    /// Attributes except namespace declarations.
    pub attrs: Vec<Attr>,
    /// Child elements in document order.
    pub children: Vec<Element>,
    /// Concatenated text and CDATA directly inside this element.
    pub text: String,
    /// 1-based line of the start tag.
    pub line: u32,
}

/// One attribute with its namespace resolved to a URI.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attr {
    /// Namespace URI; unprefixed attributes are in no namespace.
    pub ns: Option<String>,
    /// Local name.
    pub name: String,
    /// Value with entities and character references replaced.
    pub value: String,
}

impl Element {
    /// Whether this element is `name` in namespace `ns`.
    pub fn is(&self, ns: &str, name: &str) -> bool {
        self.name == name && self.ns.as_deref() == Some(ns)
    }

    /// Value of the attribute without namespace called `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.ns.is_none() && a.name == name)
            .map(|a| a.value.as_str())
    }

    /// Value of attribute `name` in namespace `ns`.
    pub fn attr_ns(&self, ns: &str, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.name == name && a.ns.as_deref() == Some(ns))
            .map(|a| a.value.as_str())
    }

    /// Child elements `name` in namespace `ns`.
    pub fn children_named<'a>(
        &'a self,
        ns: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(ns, name))
    }

    /// First child element `name` in namespace `ns`.
    pub fn child(&self, ns: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(ns, name))
    }

    /// Text content trimmed; `None` when only whitespace.
    pub fn trimmed_text(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

/// Maps byte offsets to 1-based line numbers.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, offset: u64) -> u32 {
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        u32::try_from(line).unwrap_or(u32::MAX)
    }
}

/// Parses `xml` into its root element, enforcing the limits in `crate::error`.
pub(crate) fn read(xml: &str) -> Result<Element, ParseError> {
    if xml.len() > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            size: xml.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    // quick-xml skips a byte order mark without counting it in positions; strip it here so
    // that positions and the line index agree.
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let lines = LineIndex::new(xml);
    let mut reader = NsReader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        // Text is never trimmed, so the position before an event is where its markup begins.
        let line = lines.line_of(reader.buffer_position());
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, event)) => (resolved_uri(ns), event),
            Err(e) => {
                return Err(ParseError::Malformed {
                    line: lines.line_of(reader.error_position()),
                    message: e.to_string(),
                })
            }
        };
        match event {
            Event::Start(_) | Event::Empty(_) if stack.len() >= MAX_DEPTH => {
                return Err(ParseError::TooDeep {
                    line,
                    limit: MAX_DEPTH,
                });
            }
            Event::Start(start) => {
                let el = new_element(&reader, ns, &start, line)?;
                stack.push(el);
            }
            Event::Empty(start) => {
                let el = new_element(&reader, ns, &start, line)?;
                attach(&mut stack, &mut root, el, line)?;
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| ParseError::Malformed {
                    line,
                    message: "end tag without start tag".into(),
                })?;
                attach(&mut stack, &mut root, el, line)?;
            }
            Event::Text(text) => push_text(&mut stack, &text.xml10_content(), line)?,
            Event::CData(data) => push_text(&mut stack, &data.xml10_content(), line)?,
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => resolve_predefined_entity(&reference)
                        .ok_or_else(|| ParseError::Entity {
                            line,
                            name: reference.to_string(),
                        })?
                        .to_string(),
                    Err(e) => {
                        return Err(ParseError::Malformed {
                            line,
                            message: e.to_string(),
                        })
                    }
                };
                push_text(&mut stack, &resolved, line)?;
            }
            Event::DocType(_) => return Err(ParseError::Doctype { line }),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(ParseError::Malformed {
            line: open.line,
            message: format!("element <{}> is never closed", open.name),
        });
    }
    root.ok_or(ParseError::Malformed {
        line: 1,
        message: "document has no root element".into(),
    })
}

fn resolved_uri(ns: ResolveResult<'_>) -> Result<Option<String>, String> {
    match ns {
        ResolveResult::Bound(uri) => Ok(Some(uri.0.to_string())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

fn new_element(
    reader: &NsReader<&[u8]>,
    ns: Result<Option<String>, String>,
    start: &BytesStart<'_>,
    line: u32,
) -> Result<Element, ParseError> {
    let ns = ns.map_err(|prefix| ParseError::Malformed {
        line,
        message: format!(
            "namespace prefix '{prefix}' of <{}> is not declared",
            start.name().0
        ),
    })?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| attr_error(&e, line))?;
        if attr.key.as_namespace_binding().is_some() {
            continue;
        }
        let (attr_ns, local) = reader.resolver().resolve_attribute(attr.key);
        // An undeclared attribute prefix only loses that attribute's namespace; tools emit
        // such attributes in vendor extensions and they never carry BPMN semantics.
        let attr_ns = match attr_ns {
            ResolveResult::Bound(uri) => Some(uri.0.to_string()),
            ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
        };
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| value_error(e, line))?;
        attrs.push(Attr {
            ns: attr_ns,
            name: local.as_ref().to_string(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        ns,
        name: start.local_name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        line,
    })
}

fn attr_error(e: &AttrError, line: u32) -> ParseError {
    ParseError::Malformed {
        line,
        message: e.to_string(),
    }
}

fn value_error(e: quick_xml::Error, line: u32) -> ParseError {
    match e {
        quick_xml::Error::Escape(quick_xml::escape::EscapeError::UnrecognizedEntity(_, name)) => {
            ParseError::Entity { line, name }
        }
        other => ParseError::Malformed {
            line,
            message: other.to_string(),
        },
    }
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    el: Element,
    line: u32,
) -> Result<(), ParseError> {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(el);
        return Ok(());
    }
    if root.is_some() {
        return Err(ParseError::Malformed {
            line,
            message: "more than one root element".into(),
        });
    }
    *root = Some(el);
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str, line: u32) -> Result<(), ParseError> {
    match stack.last_mut() {
        Some(top) => {
            top.text.push_str(text);
            Ok(())
        }
        None if text.trim().is_empty() => Ok(()),
        None => Err(ParseError::Malformed {
            line,
            message: "text outside the root element".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_by_uri_not_prefix() {
        let root = read(r#"<a xmlns:x="urn:one"><x:b x:k="v" k="plain"/></a>"#).expect("parses");
        let b = &root.children[0];
        assert!(b.is("urn:one", "b"));
        assert_eq!(b.attr_ns("urn:one", "k"), Some("v"));
        assert_eq!(b.attr("k"), Some("plain"));
    }

    #[test]
    fn keeps_cdata_and_resolves_predefined_and_character_references() {
        let root = read("<a>x &lt; y &#65;<![CDATA[ && z < 1 ]]></a>").expect("parses");
        assert_eq!(root.text, "x < y A && z < 1 ");
    }

    #[test]
    fn refuses_doctype() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY e \"boom\">]>\n<a/>";
        assert_eq!(read(xml), Err(ParseError::Doctype { line: 2 }));
    }

    #[test]
    fn refuses_undeclared_entities_in_text_and_attributes() {
        assert!(matches!(
            read("<a>\n&xxe;</a>"),
            Err(ParseError::Entity { line: 2, ref name }) if name == "xxe"
        ));
        assert!(matches!(
            read("<a\n b=\"&xxe;\"/>"),
            Err(ParseError::Entity { ref name, .. }) if name == "xxe"
        ));
    }

    #[test]
    fn refuses_oversized_input_before_reading() {
        let xml = format!("<a>{}</a>", " ".repeat(MAX_INPUT_BYTES));
        assert!(matches!(read(&xml), Err(ParseError::TooLarge { .. })));
    }

    #[test]
    fn accepts_the_depth_limit_and_refuses_one_more() {
        let nest = |depth: usize| "<a>".repeat(depth) + &"</a>".repeat(depth);
        assert!(read(&nest(MAX_DEPTH)).is_ok());
        assert_eq!(
            read(&nest(MAX_DEPTH + 1)),
            Err(ParseError::TooDeep {
                line: 1,
                limit: MAX_DEPTH
            })
        );
    }

    #[test]
    fn records_the_line_of_each_start_tag() {
        let root = read("<a>\n  <b/>\n\n  <c\n    d=\"1\">\n  </c>\n</a>").expect("parses");
        assert_eq!(root.line, 1);
        assert_eq!(root.children[0].line, 2);
        assert_eq!(root.children[1].line, 4);
    }

    #[test]
    fn reports_malformed_xml_with_its_line() {
        let err = read("<a>\n<b>\n</a>").expect_err("mismatched tags");
        assert!(
            matches!(err, ParseError::Malformed { line: 3, .. }),
            "{err:?}"
        );
        let err = read("<a>\n<b>").expect_err("unclosed");
        assert!(matches!(err, ParseError::Malformed { .. }), "{err:?}");
    }

    #[test]
    fn refuses_undeclared_element_prefixes() {
        let err = read("<a>\n<q:b/></a>").expect_err("undeclared prefix");
        assert!(
            matches!(err, ParseError::Malformed { line: 2, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn accepts_a_byte_order_mark() {
        let root = read("\u{feff}<?xml version=\"1.0\"?>\n<a/>").expect("parses");
        assert_eq!((root.name.as_str(), root.line), ("a", 2));
    }
}
