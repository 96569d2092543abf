//! Vendor extensions: Flowable, Activiti and Camunda 7 attributes and elements mapped alike.
//!
//! The three engines share one lineage, so the same local name means the same thing in each
//! namespace. Lookups go by namespace URI, never by prefix: files in the wild bind the prefix
//! `camunda` to the Activiti URI.

use crate::xml_tree::Element;

/// BPMN 2.0 semantic model namespace.
pub const BPMN_MODEL_NS: &str = "http://www.omg.org/spec/BPMN/20100524/MODEL";
/// BPMN 2.0 diagram interchange namespace.
pub const BPMN_DI_NS: &str = "http://www.omg.org/spec/BPMN/20100524/DI";
/// OMG diagram definition "DC" namespace (bounds, fonts).
pub const DC_NS: &str = "http://www.omg.org/spec/DD/20100524/DC";
/// OMG diagram definition "DI" namespace (waypoints).
pub const DD_DI_NS: &str = "http://www.omg.org/spec/DD/20100524/DI";
/// Flowable extension namespace.
pub const FLOWABLE_NS: &str = "http://flowable.org/bpmn";
/// Activiti extension namespace (also used by older Camunda files).
pub const ACTIVITI_NS: &str = "http://activiti.org/bpmn";
/// Camunda 7 extension namespace.
pub const CAMUNDA_NS: &str = "http://camunda.org/schema/1.0/bpmn";

/// The vendor namespaces whose extensions are understood, in lookup order.
const VENDOR_NAMESPACES: [&str; 3] = [FLOWABLE_NS, CAMUNDA_NS, ACTIVITI_NS];

/// Extension data kept raw, so the engine can look at vendor details the model does not type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extensions {
    /// Every attribute outside the BPMN namespace and outside "no namespace".
    pub attributes: Vec<ExtensionAttribute>,
    /// Every direct child of `<extensionElements>`.
    pub elements: Vec<ExtensionElement>,
}

/// One namespaced attribute on a BPMN element.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionAttribute {
    /// Namespace URI.
    pub namespace: String,
    /// Local name.
    pub name: String,
    /// Value.
    pub value: String,
}

/// One element inside `<extensionElements>`, with its attributes, text and child elements.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtensionElement {
    /// Namespace URI, empty when the element has none.
    pub namespace: String,
    /// Local name.
    pub name: String,
    /// Attributes as (local name, value).
    pub attributes: Vec<(String, String)>,
    /// Trimmed text content, if any.
    pub text: Option<String>,
    /// Child elements (e.g. `camunda:inputParameter` inside `camunda:inputOutput`).
    pub children: Vec<ExtensionElement>,
    /// 1-based source line.
    pub line: u32,
}

impl Extensions {
    /// Value of a vendor attribute by local name, from any understood vendor namespace.
    pub fn vendor_attribute(&self, name: &str) -> Option<&str> {
        VENDOR_NAMESPACES.iter().find_map(|ns| {
            self.attributes
                .iter()
                .find(|a| a.namespace == *ns && a.name == name)
                .map(|a| a.value.as_str())
        })
    }

    /// Extension elements with this local name from any understood vendor namespace.
    pub fn vendor_elements<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a ExtensionElement> + 'a {
        self.elements
            .iter()
            .filter(move |e| e.name == name && VENDOR_NAMESPACES.contains(&e.namespace.as_str()))
    }
}

impl ExtensionElement {
    /// Value of one of this element's attributes.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Collects the raw extensions of a BPMN element.
pub(crate) fn collect(el: &Element) -> Extensions {
    let attributes = el
        .attrs
        .iter()
        .filter_map(|a| match a.ns.as_deref() {
            Some(ns) if ns != BPMN_MODEL_NS => Some(ExtensionAttribute {
                namespace: ns.to_string(),
                name: a.name.clone(),
                value: a.value.clone(),
            }),
            _ => None,
        })
        .collect();
    let elements = el
        .children_named(BPMN_MODEL_NS, "extensionElements")
        .flat_map(|ext| ext.children.iter())
        .map(extension_element)
        .collect();
    Extensions {
        attributes,
        elements,
    }
}

/// Copies an element subtree; nesting is bounded by the reader's depth limit.
fn extension_element(el: &Element) -> ExtensionElement {
    ExtensionElement {
        namespace: el.ns.clone().unwrap_or_default(),
        name: el.name.clone(),
        attributes: el
            .attrs
            .iter()
            .map(|a| (a.name.clone(), a.value.clone()))
            .collect(),
        text: el.trimmed_text(),
        children: el.children.iter().map(extension_element).collect(),
        line: el.line,
    }
}

/// A vendor attribute of `el` by local name, from any understood vendor namespace.
pub(crate) fn vendor_attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    VENDOR_NAMESPACES.iter().find_map(|ns| el.attr_ns(ns, name))
}

/// Like `vendor_attr`, trimmed and with empty values treated as absent (modelers write `""`).
pub(crate) fn vendor_text(el: &Element, name: &str) -> Option<String> {
    non_empty(vendor_attr(el, name))
}

/// A vendor flag; `true`/`false` in any case, anything else counts as absent.
pub(crate) fn vendor_flag(el: &Element, name: &str) -> Option<bool> {
    vendor_attr(el, name).and_then(parse_bool)
}

/// Vendor elements inside `el`'s `<extensionElements>` with this local name, in document order.
pub(crate) fn vendor_children<'a>(
    el: &'a Element,
    name: &'a str,
) -> impl Iterator<Item = &'a Element> + 'a {
    el.children_named(BPMN_MODEL_NS, "extensionElements")
        .flat_map(|ext| ext.children.iter())
        .filter(move |c| {
            c.name == name
                && c.ns
                    .as_deref()
                    .is_some_and(|ns| VENDOR_NAMESPACES.contains(&ns))
        })
}

/// Trimmed value, `None` when absent or blank.
pub(crate) fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// XML Schema boolean.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    match value.trim() {
        v if v.eq_ignore_ascii_case("true") || v == "1" => Some(true),
        v if v.eq_ignore_ascii_case("false") || v == "0" => Some(false),
        _ => None,
    }
}

/// Splits a comma-separated list such as `kermit, ${boss}, ${svc.users(a, b)}`.
///
/// Commas inside `${...}`/`#{...}` expressions, parentheses or quotes do not split, because
/// candidate lists routinely contain method-call expressions.
pub fn split_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for c in value.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') if depth > 0 => quote = Some(c),
            (None, '{' | '(' | '[') => depth += 1,
            (None, '}' | ')' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                push_item(&mut items, &current);
                current.clear();
                continue;
            }
            (None, _) => {}
        }
        current.push(c);
    }
    push_item(&mut items, &current);
    items
}

fn push_item(items: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() {
        items.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collect_keeps_vendor_attributes_and_nested_extension_elements() {
        let el = crate::xml_tree::read(
            r#"<serviceTask xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:c="http://camunda.org/schema/1.0/bpmn" xmlns:x="urn:tool"
                id="t" name="n" c:asyncBefore="true" x:color="red">
              <extensionElements>
                <c:inputOutput>
                  <c:inputParameter name="url">https://example.org</c:inputParameter>
                </c:inputOutput>
              </extensionElements>
            </serviceTask>"#,
        )
        .expect("parses");
        let ext = collect(&el);
        let attrs: Vec<(&str, &str)> = ext
            .attributes
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(attrs, [("asyncBefore", "true"), ("color", "red")]);
        assert_eq!(ext.vendor_attribute("asyncBefore"), Some("true"));
        assert_eq!(ext.vendor_attribute("color"), None);
        let io = ext
            .vendor_elements("inputOutput")
            .next()
            .expect("inputOutput");
        let param = io.children.first().expect("inputParameter");
        assert_eq!(param.attribute("name"), Some("url"));
        assert_eq!(param.text.as_deref(), Some("https://example.org"));
    }

    #[test]
    fn split_list_keeps_expressions_whole() {
        assert_eq!(
            split_list(" kermit , ${svc.users(a, b)},#{x[1,2]}, ,gonzo"),
            vec!["kermit", "${svc.users(a, b)}", "#{x[1,2]}", "gonzo"]
        );
    }

    #[test]
    fn split_list_ignores_commas_in_quoted_expression_strings() {
        assert_eq!(
            split_list("${s.split('a,b')}, management"),
            vec!["${s.split('a,b')}", "management"]
        );
    }

    #[test]
    fn split_list_of_blank_is_empty() {
        assert!(split_list("  ").is_empty());
    }

    #[test]
    fn parse_bool_accepts_schema_booleans_only() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("0"), Some(false));
        assert_eq!(parse_bool("yes"), None);
    }
}
