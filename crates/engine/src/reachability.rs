//! Which nodes a token could still reach from a node: used by inclusive joins (can another
//! token still arrive?) and by returns (is the target on the path to this task?).

use std::collections::{HashSet, VecDeque};

use woc_bpmn::{NodeKind, ProcessDefinition};

/// Every node reachable from `from` by following flows (not counting `from` itself unless a
/// loop leads back to it). Sub-processes are entered at their start events and left by their
/// end events; boundary events count as reachable from their activity.
pub fn reachable_from(process: &ProcessDefinition, from: &str) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([from.to_string()]);
    while let Some(id) = queue.pop_front() {
        let Some(node) = process.node(&id) else {
            continue;
        };
        let mut next: Vec<String> = node
            .outgoing
            .iter()
            .filter_map(|f| process.flow(f))
            .map(|f| f.target.clone())
            .collect();
        next.extend(node.boundary_events.iter().cloned());
        if let NodeKind::SubProcess(sub) = &node.kind {
            next.extend(sub.scope.start_events.iter().cloned());
        }
        if matches!(node.kind, NodeKind::EndEvent(_))
            || (node.outgoing.is_empty() && !node.kind.is_gateway())
        {
            // Leaving the enclosing sub-process continues after it.
            if let Some(parent) = node.parent.as_deref().and_then(|p| process.node(p)) {
                next.extend(
                    parent
                        .outgoing
                        .iter()
                        .filter_map(|f| process.flow(f))
                        .map(|f| f.target.clone()),
                );
            }
        }
        for n in next {
            if seen.insert(n.clone()) {
                queue.push_back(n);
            }
        }
    }
    seen
}

/// Whether `to` is reachable from `from`.
pub fn can_reach(process: &ProcessDefinition, from: &str, to: &str) -> bool {
    reachable_from(process, from).contains(to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_flows_into_and_out_of_sub_processes() {
        let xml = r#"<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" isExecutable="true">
            <startEvent id="s"/><userTask id="a"/>
            <subProcess id="sub"><startEvent id="ss"/><userTask id="inner"/><endEvent id="se"/>
              <sequenceFlow id="i1" sourceRef="ss" targetRef="inner"/><sequenceFlow id="i2" sourceRef="inner" targetRef="se"/></subProcess>
            <userTask id="b"/><endEvent id="e"/>
            <sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="a" targetRef="sub"/>
            <sequenceFlow id="f3" sourceRef="sub" targetRef="b"/><sequenceFlow id="f4" sourceRef="b" targetRef="e"/>
            </process></definitions>"#;
        let defs = woc_bpmn::parse(xml).expect("parses");
        let p = &defs.processes[0];
        assert!(can_reach(p, "a", "inner"));
        assert!(can_reach(p, "inner", "b"));
        assert!(!can_reach(p, "b", "a"));
        assert!(!can_reach(p, "inner", "a"));
    }
}
