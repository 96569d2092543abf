//! Diagram interchange: where shapes and edges are drawn.
//!
//! Layout never affects execution, so malformed numbers drop a bound or waypoint instead of
//! failing the whole document.

use crate::extensions::{parse_bool, BPMN_DI_NS, DC_NS, DD_DI_NS};
use crate::xml_tree::Element;

/// A `<BPMNDiagram>` with its plane's shapes and edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// Diagram id.
    pub id: Option<String>,
    /// Diagram name.
    pub name: Option<String>,
    /// The element (process or collaboration) the plane shows.
    pub plane_element: Option<String>,
    /// Shapes in document order.
    pub shapes: Vec<Shape>,
    /// Edges in document order.
    pub edges: Vec<Edge>,
}

/// A `<BPMNShape>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Shape id.
    pub id: Option<String>,
    /// Id of the model element drawn.
    pub bpmn_element: Option<String>,
    /// Position and size, when given and numeric.
    pub bounds: Option<Bounds>,
    /// `isExpanded` for sub-processes and pools.
    pub is_expanded: Option<bool>,
    /// `isHorizontal` for pools and lanes.
    pub is_horizontal: Option<bool>,
    /// 1-based source line.
    pub line: u32,
}

/// A `<BPMNEdge>`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Edge id.
    pub id: Option<String>,
    /// Id of the model element drawn (usually a sequence or message flow).
    pub bpmn_element: Option<String>,
    /// Waypoints in order.
    pub waypoints: Vec<Point>,
    /// 1-based source line.
    pub line: u32,
}

/// A rectangle in diagram coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// A point in diagram coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// Reads one `<BPMNDiagram>`.
pub(crate) fn parse_diagram(diagram: &Element) -> Diagram {
    let plane = diagram.child(BPMN_DI_NS, "BPMNPlane");
    let mut shapes = Vec::new();
    let mut edges = Vec::new();
    for el in plane.iter().flat_map(|p| p.children.iter()) {
        if el.is(BPMN_DI_NS, "BPMNShape") {
            shapes.push(Shape {
                id: text_attr(el, "id"),
                bpmn_element: text_attr(el, "bpmnElement"),
                bounds: el.child(DC_NS, "Bounds").and_then(bounds),
                is_expanded: el.attr("isExpanded").and_then(parse_bool),
                is_horizontal: el.attr("isHorizontal").and_then(parse_bool),
                line: el.line,
            });
        } else if el.is(BPMN_DI_NS, "BPMNEdge") {
            edges.push(Edge {
                id: text_attr(el, "id"),
                bpmn_element: text_attr(el, "bpmnElement"),
                waypoints: el
                    .children_named(DD_DI_NS, "waypoint")
                    .filter_map(|w| {
                        Some(Point {
                            x: number(w, "x")?,
                            y: number(w, "y")?,
                        })
                    })
                    .collect(),
                line: el.line,
            });
        }
    }
    Diagram {
        id: text_attr(diagram, "id"),
        name: text_attr(diagram, "name"),
        plane_element: plane.and_then(|p| text_attr(p, "bpmnElement")),
        shapes,
        edges,
    }
}

fn bounds(el: &Element) -> Option<Bounds> {
    Some(Bounds {
        x: number(el, "x")?,
        y: number(el, "y")?,
        width: number(el, "width")?,
        height: number(el, "height")?,
    })
}

fn number(el: &Element, name: &str) -> Option<f64> {
    el.attr(name)?
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

fn text_attr(el: &Element, name: &str) -> Option<String> {
    el.attr(name).map(str::to_string)
}
