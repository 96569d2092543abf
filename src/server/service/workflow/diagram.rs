//! A process diagram as inline SVG, drawn on the server from the BPMN DI the model keeps
//! (shapes with bounds, edges with waypoints), so a printed work order shows its path
//! without a browser-side modeler. Visited nodes and taken flows are green, nodes holding
//! a token now are orange.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use woc_bpmn::di::{Bounds, Diagram};
use woc_bpmn::{Definitions, NodeKind};

/// What to mark on the diagram.
#[derive(Debug, Clone, Default)]
pub struct Highlights {
    /// Nodes a token passed through.
    pub visited: HashSet<String>,
    /// Nodes holding a token now.
    pub active: HashSet<String>,
    /// Sequence flows a token took.
    pub taken_flows: HashSet<String>,
}

/// How a shape is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Figure {
    Event {
        end: bool,
    },
    Gateway(&'static str),
    Activity,
    /// Pools, lanes, annotations and other containers: an outline only.
    Frame,
}

fn figure(kind: &NodeKind) -> Figure {
    match kind {
        NodeKind::EndEvent(_) => Figure::Event { end: true },
        NodeKind::StartEvent(_)
        | NodeKind::IntermediateCatchEvent(_)
        | NodeKind::IntermediateThrowEvent(_)
        | NodeKind::BoundaryEvent(_) => Figure::Event { end: false },
        NodeKind::ExclusiveGateway => Figure::Gateway("×"),
        NodeKind::ParallelGateway => Figure::Gateway("+"),
        NodeKind::InclusiveGateway => Figure::Gateway("○"),
        NodeKind::EventBasedGateway(_) => Figure::Gateway("◇"),
        NodeKind::ComplexGateway { .. } => Figure::Gateway("*"),
        kind if kind.is_activity() => Figure::Activity,
        _ => Figure::Frame,
    }
}

/// Escapes text for XML and HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The diagram of process `process_key` in `definitions`, or `None` when the model has no
/// layout for it (models written by hand often have none).
pub fn render(
    definitions: &Definitions,
    process_key: &str,
    highlights: &Highlights,
) -> Option<String> {
    let diagram = pick_diagram(definitions, process_key)?;
    let mut figures: HashMap<&str, (Figure, Option<&str>)> = HashMap::new();
    for process in &definitions.processes {
        for node in process.nodes() {
            figures.insert(&node.id, (figure(&node.kind), node.name.as_deref()));
        }
    }
    for lane in definitions.processes.iter().flat_map(|p| p.lanes()) {
        figures.insert(&lane.id, (Figure::Frame, lane.name.as_deref()));
    }
    for participant in definitions
        .collaborations
        .iter()
        .flat_map(|c| &c.participants)
    {
        figures.insert(
            &participant.id,
            (Figure::Frame, participant.name.as_deref()),
        );
    }
    let (min_x, min_y, max_x, max_y) = extent(diagram)?;
    let (x0, y0) = (min_x - 20.0, min_y - 20.0);
    let (width, height) = (max_x - min_x + 40.0, max_y - min_y + 40.0);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="img" aria-label="流程图" viewBox="{x0:.0} {y0:.0} {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" font-family="sans-serif" font-size="12"><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker><marker id="arrow-taken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#2e7d32"/></marker></defs>"##
    );
    // Containers first, so the nodes inside them are drawn on top.
    let shapes = diagram.shapes.iter().filter_map(|shape| {
        let id = shape.bpmn_element.as_deref()?;
        let (figure, name) = figures.get(id).copied().unwrap_or((Figure::Frame, None));
        Some((id, figure, name, shape.bounds?))
    });
    let (frames, nodes): (Vec<_>, Vec<_>) = shapes.partition(|s| s.1 == Figure::Frame);
    for (_, _, name, bounds) in &frames {
        frame(&mut svg, *name, bounds);
    }
    for edge in &diagram.edges {
        if edge.waypoints.len() < 2 {
            continue;
        }
        let taken = edge
            .bpmn_element
            .as_deref()
            .is_some_and(|id| highlights.taken_flows.contains(id));
        let points = edge
            .waypoints
            .iter()
            .map(|p| format!("{:.1},{:.1}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ");
        let (stroke, marker, class) = if taken {
            ("#2e7d32", "arrow-taken", "flow taken")
        } else {
            ("#555", "arrow", "flow")
        };
        let _ = write!(
            svg,
            r#"<polyline class="{class}" points="{points}" fill="none" stroke="{stroke}" stroke-width="{}" marker-end="url(#{marker})"/>"#,
            if taken { 2 } else { 1 }
        );
    }
    for (id, figure, name, bounds) in &nodes {
        let state = if highlights.active.contains(*id) {
            State::Active
        } else if highlights.visited.contains(*id) {
            State::Visited
        } else {
            State::Untouched
        };
        node(&mut svg, id, *figure, *name, bounds, state);
    }
    svg.push_str("</svg>");
    Some(svg)
}

/// The diagram of the process: the one whose plane shows it, else one whose plane shows a
/// collaboration with a pool for it, else the first with shapes.
fn pick_diagram<'d>(definitions: &'d Definitions, process_key: &str) -> Option<&'d Diagram> {
    let pools: HashSet<&str> = definitions
        .collaborations
        .iter()
        .filter(|c| {
            c.participants
                .iter()
                .any(|p| p.process_ref.as_deref() == Some(process_key))
        })
        .map(|c| c.id.as_str())
        .collect();
    let with_shapes = || definitions.diagrams.iter().filter(|d| !d.shapes.is_empty());
    with_shapes()
        .find(|d| d.plane_element.as_deref() == Some(process_key))
        .or_else(|| {
            with_shapes().find(|d| {
                d.plane_element
                    .as_deref()
                    .is_some_and(|p| pools.contains(p))
            })
        })
        .or_else(|| with_shapes().next())
}

fn extent(diagram: &Diagram) -> Option<(f64, f64, f64, f64)> {
    let corners = diagram
        .shapes
        .iter()
        .filter_map(|s| s.bounds)
        .flat_map(|b| [(b.x, b.y), (b.x + b.width, b.y + b.height)])
        .chain(
            diagram
                .edges
                .iter()
                .flat_map(|e| e.waypoints.iter().map(|p| (p.x, p.y))),
        );
    corners.fold(None, |acc, (x, y)| {
        Some(match acc {
            None => (x, y, x, y),
            Some((a, b, c, d)) => (a.min(x), b.min(y), c.max(x), d.max(y)),
        })
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Untouched,
    Visited,
    Active,
}

fn frame(svg: &mut String, name: Option<&str>, b: &Bounds) {
    let _ = write!(
        svg,
        r##"<rect class="frame" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="none" stroke="#999"/>"##,
        b.x, b.y, b.width, b.height
    );
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" fill="#555">{}</text>"##,
            b.x + 6.0,
            b.y + 16.0,
            escape(name)
        );
    }
}

fn node(svg: &mut String, id: &str, figure: Figure, name: Option<&str>, b: &Bounds, state: State) {
    let (stroke, fill, width, class) = match state {
        State::Active => ("#e65100", "#fff3e0", 3.0, "node active"),
        State::Visited => ("#2e7d32", "#e8f5e9", 2.0, "node visited"),
        State::Untouched => ("#333", "#fff", 1.0, "node"),
    };
    let (cx, cy) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    let _ = write!(svg, r#"<g class="{class}" data-element="{}">"#, escape(id));
    match figure {
        Figure::Event { end } => {
            let r = b.width.min(b.height) / 2.0;
            let _ = write!(
                svg,
                r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{fill}" stroke="{stroke}" stroke-width="{}"/>"#,
                if end { width + 2.0 } else { width }
            );
            label_below(svg, name, cx, b.y + b.height + 14.0);
        }
        Figure::Gateway(mark) => {
            let _ = write!(
                svg,
                r#"<polygon points="{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/><text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="18" fill="{stroke}">{mark}</text>"#,
                b.y,
                b.x + b.width,
                b.y + b.height,
                b.x,
                cy + 6.0
            );
            label_below(svg, name, cx, b.y + b.height + 14.0);
        }
        Figure::Activity | Figure::Frame => {
            let _ = write!(
                svg,
                r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="10" fill="{fill}" stroke="{stroke}" stroke-width="{width}"/>"#,
                b.x, b.y, b.width, b.height
            );
            let lines = wrap(name.unwrap_or_default(), b.width - 8.0);
            let max_lines = ((b.height - 4.0) / 14.0).floor().max(1.0) as usize;
            let shown: Vec<&String> = lines.iter().take(max_lines).collect();
            let top = cy - (shown.len() as f64 - 1.0) * 7.0 + 4.0;
            for (i, line) in shown.iter().enumerate() {
                let _ = write!(
                    svg,
                    r##"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" fill="#111">{}</text>"##,
                    top + i as f64 * 14.0,
                    escape(line)
                );
            }
        }
    }
    svg.push_str("</g>");
}

fn label_below(svg: &mut String, name: Option<&str>, x: f64, y: f64) {
    if let Some(name) = name.filter(|n| !n.is_empty()) {
        let _ = write!(
            svg,
            r##"<text x="{x:.1}" y="{y:.1}" text-anchor="middle" fill="#111">{}</text>"##,
            escape(name)
        );
    }
}

/// Greedy line breaking by estimated width: 12 px per wide (CJK) character, 7 per narrow.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = if c.is_ascii() { 7.0 } else { 12.0 };
        if used + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
  xmlns:di="http://www.omg.org/spec/DD/20100524/DI" targetNamespace="t">
  <process id="p" isExecutable="true">
    <startEvent id="s"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <userTask id="t" name="审核 &lt;A&gt;"/>
    <sequenceFlow id="f2" sourceRef="t" targetRef="e"/>
    <endEvent id="e"/>
  </process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="pl" bpmnElement="p">
    <bpmndi:BPMNShape id="s_di" bpmnElement="s"><dc:Bounds x="100" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="t_di" bpmnElement="t"><dc:Bounds x="200" y="78" width="100" height="80"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="e_di" bpmnElement="e"><dc:Bounds x="360" y="100" width="36" height="36"/></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="118"/><di:waypoint x="200" y="118"/></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="118"/><di:waypoint x="360" y="118"/></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</definitions>"#;

    #[test]
    fn draws_shapes_edges_and_marks() {
        let definitions = woc_bpmn::parse(MODEL).unwrap();
        let highlights = Highlights {
            visited: ["s".to_string()].into(),
            active: ["t".to_string()].into(),
            taken_flows: ["f1".to_string()].into(),
        };
        let svg = render(&definitions, "p", &highlights).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(
            svg.contains(r#"class="node active" data-element="t""#),
            "{svg}"
        );
        assert!(
            svg.contains(r#"class="node visited" data-element="s""#),
            "{svg}"
        );
        assert!(svg.contains(r#"class="node" data-element="e""#), "{svg}");
        assert_eq!(svg.matches("flow taken").count(), 1, "{svg}");
        assert!(svg.contains("审核 &lt;A&gt;"), "{svg}");
        assert!(svg.contains("<circle"), "{svg}");
    }

    #[test]
    fn no_layout_no_diagram() {
        let bare = MODEL
            .split("<bpmndi:BPMNDiagram")
            .next()
            .unwrap()
            .to_owned()
            + "</definitions>";
        let definitions = woc_bpmn::parse(&bare).unwrap();
        assert!(render(&definitions, "p", &Highlights::default()).is_none());
    }

    #[test]
    fn long_names_wrap() {
        assert_eq!(wrap("一二三四五", 30.0), ["一二", "三四", "五"]);
        assert_eq!(wrap("abc", 100.0), ["abc"]);
    }
}
