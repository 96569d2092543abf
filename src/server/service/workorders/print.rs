//! The printable page of a work order (打印): its fields, the start form's values under their
//! labels, the process history (who did what, when, with which comment) and the diagram
//! with the path taken. One self-contained HTML document in the reader's language (texts in
//! `i18n::print`): inline CSS and SVG, no external assets, A4 print rules.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use serde_json::Value;
use time::UtcOffset;
use woc_engine::{CommentKind, Event, EventKind, InstanceStatus};
use woc_store::{InstanceDetail, SqlStore};

use crate::i18n::print as text;
use crate::i18n::{Locale, Text};
use crate::server::display_time::{format_millis, now_millis};
use crate::server::service::actor::Actor;
use crate::server::service::catalog::forms;
use crate::server::service::directory::users;
use crate::server::service::error::ServiceError;
use crate::server::service::workflow::diagram::{self, escape, Highlights};
use crate::server::service::workflow::form_values;
use crate::server::service::workorders::{readable, WorkOrder};

/// One line of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryLine {
    /// When, formatted.
    pub at: String,
    /// Node name (or id).
    pub node: String,
    /// What happened.
    pub action: String,
    /// Who (nick name).
    pub who: String,
    /// Comment or detail.
    pub note: String,
}

/// Everything the page shows, resolved to display text.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The work order.
    pub order: WorkOrder,
    /// Labelled start-form values.
    pub form_values: Vec<(String, String)>,
    /// The history, oldest first.
    pub history: Vec<HistoryLine>,
    /// Inline SVG, when the model has a layout.
    pub diagram: Option<String>,
    /// Names by username.
    pub names: HashMap<String, String>,
    /// The server's zone.
    pub offset: UtcOffset,
    /// The reader's language.
    pub locale: Locale,
}

/// The printable page of work order `number`, for its starter, anyone involved in its
/// process, or an administrator.
pub async fn page(
    store: &SqlStore,
    offset: UtcOffset,
    locale: Locale,
    actor: &Actor,
    number: &str,
) -> Result<String, ServiceError> {
    let db = store.db();
    let (order, detail) = readable(store, actor, number).await?;
    let form = match (order.form_id, order.form_version) {
        (Some(id), Some(version)) => forms::load(db, id, Some(version)).await.ok(),
        _ => None,
    };
    let labels = form
        .as_ref()
        .map(|f| forms::field_labels(&f.schema_json))
        .unwrap_or_default();
    // Fields hidden from this reader are not printed for them either; a checked form's values
    // are worded as its renderer words them (an option's label, not its value).
    let mut params = order.params();
    let mut worded = None;
    if let Some(checked) = form.as_ref().and_then(forms::Form::checked) {
        let access = form_values::reader_access(store, actor, &detail, &checked).await?;
        params = access.visible_values(checked.schema(), &params);
        worded = Some(worded_values(checked.schema(), &params, locale));
    }
    let xml = store.definition_xml(&order.definition_id).await?;
    let model = woc_bpmn::parse(&xml).ok();
    let node_names: HashMap<String, String> = model
        .iter()
        .flat_map(|m| m.processes.iter())
        .flat_map(|p| p.nodes())
        .filter_map(|n| Some((n.id.clone(), n.name.clone()?)))
        .collect();
    let diagram = model
        .as_ref()
        .and_then(|m| diagram::render(m, &detail.instance.process_key, &highlights(&detail)));
    let names = users::nick_names(db, &people(&order, &detail)).await?;
    let sheet = Sheet {
        form_values: worded.unwrap_or_else(|| form_values(&params, &labels, locale)),
        history: history(&detail.history, &node_names, &names, offset, locale),
        diagram,
        names,
        offset,
        locale,
        order,
    };
    Ok(render(&sheet))
}

fn highlights(detail: &InstanceDetail) -> Highlights {
    let mut marks = Highlights {
        active: detail.active_nodes.iter().cloned().collect(),
        ..Highlights::default()
    };
    for event in &detail.history {
        match &event.kind {
            EventKind::ActivityStarted { node, .. } => {
                marks.visited.insert(node.to_string());
            }
            EventKind::FlowTaken { flow, .. } => {
                marks.taken_flows.insert(flow.to_string());
            }
            _ => {}
        }
    }
    marks
}

/// Everyone the page names.
fn people(order: &WorkOrder, detail: &InstanceDetail) -> Vec<String> {
    let mut people: BTreeSet<String> = [Some(order.created_by.clone()), order.closed_by.clone()]
        .into_iter()
        .flatten()
        .collect();
    for event in &detail.history {
        people.extend(event.actor.as_deref().map(str::to_string));
        match &event.kind {
            EventKind::TaskCreated { task } => {
                people.extend(task.assignee.clone());
                people.extend(task.candidate_users.iter().cloned());
            }
            EventKind::TaskClaimed { user: to, .. }
            | EventKind::TaskDelegated { to, .. }
            | EventKind::TaskTransferred { to, .. } => {
                people.insert(to.clone());
            }
            EventKind::TaskAssigned { assignee, .. } => people.extend(assignee.clone()),
            EventKind::CarbonCopied { users, .. } => people.extend(users.iter().cloned()),
            _ => {}
        }
    }
    people.into_iter().collect()
}

/// The start form's values: schema fields first in schema order, then any other key.
fn form_values(
    params: &serde_json::Map<String, Value>,
    labels: &[(String, String)],
    locale: Locale,
) -> Vec<(String, String)> {
    let mut values: Vec<(String, String)> = labels
        .iter()
        .filter_map(|(key, label)| Some((label.clone(), value_text(params.get(key)?, locale))))
        .collect();
    for (key, value) in params {
        if !labels.iter().any(|(k, _)| k == key) {
            values.push((key.clone(), value_text(value, locale)));
        }
    }
    values
}

/// The values of a checked form under their labels, in the schema's order: each worded as the
/// form renderer words it; a sub-table one line per row (and its totals); values of variables
/// that are not the form's after them, under their names.
fn worded_values(
    schema: &woc_forms::FormSchema,
    params: &serde_json::Map<String, Value>,
    locale: Locale,
) -> Vec<(String, String)> {
    use crate::kit::form_view::worded;
    use woc_forms::Widget;

    let mut out = Vec::new();
    let mut shown = Vec::new();
    for field in schema.walk() {
        let Some(value) = params.get(&field.key) else {
            continue;
        };
        shown.push(field.key.clone());
        let text = match &field.widget {
            Widget::SubTable(table) => {
                let rows = value.as_array().cloned().unwrap_or_default();
                let mut lines: Vec<String> = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| {
                        let cells: Vec<String> = table
                            .fields
                            .iter()
                            .map(|c| {
                                let cell = row.get(&c.key).unwrap_or(&Value::Null);
                                format!("{} {}", c.label, worded(c, cell, None, locale))
                            })
                            .collect();
                        format!("{}. {}", i + 1, cells.join(" · "))
                    })
                    .collect();
                let total_key = format!("{}{}", field.key, woc_forms::schema::TOTAL_SUFFIX);
                shown.push(total_key.clone());
                if let Some(totals) = params.get(&total_key) {
                    let sums: Vec<String> = table
                        .fields
                        .iter()
                        .filter(|c| table.total_of.contains(&c.key))
                        .filter_map(|c| {
                            let sum = totals.get(&c.key)?;
                            Some(format!("{} {}", c.label, worded(c, sum, None, locale)))
                        })
                        .collect();
                    if !sums.is_empty() {
                        lines.push(format!("{} {}", text::TOTAL.of(locale), sums.join(" · ")));
                    }
                }
                lines.join("\n")
            }
            _ if field.widget.value_kind().is_some() => worded(field, value, None, locale),
            _ => continue,
        };
        out.push((field.label.clone(), text));
    }
    for (key, value) in params {
        if !shown.contains(key) {
            out.push((key.clone(), value_text(value, locale)));
        }
    }
    out
}

fn value_text(value: &Value, locale: Locale) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => text::YES.of(locale).into(),
        Value::Bool(false) => text::NO.of(locale).into(),
        Value::Array(items) => items
            .iter()
            .map(|v| value_text(v, locale))
            .collect::<Vec<_>>()
            .join(text::LIST_SEPARATOR.of(locale)),
        other => other.to_string(),
    }
}

fn comment_label(kind: CommentKind) -> Text {
    match kind {
        CommentKind::Normal => text::C_NORMAL,
        CommentKind::Returned => text::C_RETURNED,
        CommentKind::Rejected => text::C_REJECTED,
        CommentKind::Delegated => text::C_DELEGATED,
        CommentKind::Transferred => text::C_TRANSFERRED,
        CommentKind::Canceled => text::C_CANCELED,
        CommentKind::Deleted => text::C_DELETED,
        CommentKind::CarbonCopy => text::C_CARBON_COPY,
    }
}

fn status_label(status: InstanceStatus) -> Text {
    match status {
        InstanceStatus::Running => text::PI_RUNNING,
        InstanceStatus::Completed => text::PI_COMPLETED,
        InstanceStatus::Rejected => text::PI_REJECTED,
        InstanceStatus::Canceled => text::PI_CANCELED,
        InstanceStatus::Suspended => text::PI_SUSPENDED,
        InstanceStatus::Terminated => text::PI_TERMINATED,
    }
}

/// The events a reader of a work order cares about, as table lines; the engine's internal
/// bookkeeping (executions, waits, jobs, variables) is left out.
pub fn history(
    events: &[Event],
    node_names: &HashMap<String, String>,
    names: &HashMap<String, String>,
    offset: UtcOffset,
    locale: Locale,
) -> Vec<HistoryLine> {
    let says = |t: Text| t.of(locale).to_owned();
    let separator = text::LIST_SEPARATOR.of(locale);
    let name_of = |user: &str| names.get(user).cloned().unwrap_or_else(|| user.to_owned());
    let node_of = |node: &str| {
        node_names
            .get(node)
            .cloned()
            .unwrap_or_else(|| node.to_owned())
    };
    let list = |users: &[String]| {
        users
            .iter()
            .map(|u| name_of(u))
            .collect::<Vec<_>>()
            .join(separator)
    };
    // Tasks are named by their node in later events that carry only the task id.
    let mut task_nodes: HashMap<&str, &str> = HashMap::new();
    let mut lines = Vec::new();
    for event in events {
        let who = event.actor.as_deref().map(name_of).unwrap_or_default();
        let task_node = |id: &str, task_nodes: &HashMap<&str, &str>| {
            task_nodes.get(id).map(|n| node_of(n)).unwrap_or_default()
        };
        let (node, action, who, note) = match &event.kind {
            EventKind::InstanceStarted { .. } => {
                (String::new(), says(text::EV_STARTED), who, String::new())
            }
            EventKind::ActivityEnded {
                node,
                element,
                completed: true,
                ..
            } if &**element != "userTask" => {
                (node_of(node), says(text::EV_PASSED), who, String::new())
            }
            EventKind::TaskCreated { task } => {
                task_nodes.insert(&task.id, &task.node);
                let handler = match &task.assignee {
                    Some(a) => name_of(a),
                    None => text::candidates(
                        locale,
                        &list(&task.candidate_users),
                        &task.candidate_groups.join(separator),
                    ),
                };
                (
                    node_of(&task.node),
                    says(text::EV_TASK_CREATED),
                    handler,
                    String::new(),
                )
            }
            EventKind::TaskClaimed { task_id, user } => (
                task_node(task_id, &task_nodes),
                says(text::EV_CLAIMED),
                name_of(user),
                String::new(),
            ),
            EventKind::TaskUnclaimed { task_id } => (
                task_node(task_id, &task_nodes),
                says(text::EV_UNCLAIMED),
                who,
                String::new(),
            ),
            EventKind::TaskDelegated { task_id, to, .. } => (
                task_node(task_id, &task_nodes),
                says(text::EV_DELEGATED),
                who,
                text::delegated_to(locale, &name_of(to)),
            ),
            EventKind::TaskResolved { task_id, .. } => (
                task_node(task_id, &task_nodes),
                says(text::EV_RESOLVED),
                who,
                String::new(),
            ),
            EventKind::TaskTransferred { task_id, to, .. } => (
                task_node(task_id, &task_nodes),
                says(text::EV_TRANSFERRED),
                who,
                text::transferred_to(locale, &name_of(to)),
            ),
            EventKind::TaskAssigned {
                task_id, assignee, ..
            } => (
                task_node(task_id, &task_nodes),
                says(text::EV_ASSIGNED),
                who,
                assignee.as_deref().map(name_of).unwrap_or_default(),
            ),
            EventKind::TaskCompleted { node, .. } => {
                (node_of(node), says(text::EV_COMPLETED), who, String::new())
            }
            EventKind::TaskCanceled { node, reason, .. } => (
                node_of(node),
                says(text::EV_TASK_ENDED),
                who,
                reason.clone(),
            ),
            EventKind::CommentAdded {
                node,
                kind,
                message,
                ..
            } => (
                node.as_deref().map(node_of).unwrap_or_default(),
                says(comment_label(*kind)),
                who,
                message.clone(),
            ),
            EventKind::CarbonCopied { node, users, .. } => (
                node.as_deref().map(node_of).unwrap_or_default(),
                says(text::EV_CARBON_COPY),
                who,
                list(users),
            ),
            EventKind::InstanceSuspended => {
                (String::new(), says(text::EV_SUSPENDED), who, String::new())
            }
            EventKind::InstanceActivated => {
                (String::new(), says(text::EV_ACTIVATED), who, String::new())
            }
            EventKind::InstanceEnded { status, reason } => (
                String::new(),
                text::process_ended(locale, status_label(*status).of(locale)),
                who,
                reason.clone().unwrap_or_default(),
            ),
            _ => continue,
        };
        lines.push(HistoryLine {
            at: format_millis(event.at.0, offset),
            node,
            action,
            who,
            note,
        });
    }
    lines
}

const STYLE: &str = r#"
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  font-size: 12pt; color: #111; margin: 0 auto; max-width: 210mm; padding: 10mm; }
h1 { font-size: 18pt; margin: 0 0 4mm; text-align: center; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #333; padding-bottom: 1mm; }
.meta { text-align: center; color: #444; margin-bottom: 4mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #666; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
th { background: #f0f0f0; font-weight: 600; white-space: nowrap; }
table.fields th { width: 25mm; }
table.fields td { white-space: pre-line; }
tr, .diagram { break-inside: avoid; page-break-inside: avoid; }
svg.diagram { max-width: 100%; height: auto; display: block; margin: 0 auto; }
.legend { font-size: 10pt; color: #444; }
.legend span { display: inline-block; width: 10pt; height: 10pt; border: 2px solid; margin: 0 1mm 0 3mm; vertical-align: middle; }
.empty { color: #666; }
@media print { body { padding: 0; max-width: none; } .no-print { display: none; } }
"#;

/// The whole document.
pub fn render(sheet: &Sheet) -> String {
    let order = &sheet.order;
    let locale = sheet.locale;
    let t = |text: Text| text.of(locale);
    let time = |ms: i64| format_millis(ms, sheet.offset);
    let name = |user: &str| {
        sheet
            .names
            .get(user)
            .cloned()
            .unwrap_or_else(|| user.to_owned())
    };
    let mut html = String::with_capacity(16 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{kind} {number} {title}</title><style>{STYLE}</style></head><body>\
         <h1>{title}</h1><p class=\"meta\">{number_label} {number} · {printed_label} {printed}</p>",
        lang = locale.tag(),
        kind = t(text::WORK_ORDER),
        number_label = t(text::F_NUMBER),
        printed_label = t(text::PRINTED_AT),
        number = escape(&order.workorder_number),
        title = escape(&order.title),
        printed = time(now_millis()),
    );
    let rating = order
        .rating
        .map(|r| text::stars(locale, r))
        .unwrap_or_default();
    let fields: Vec<(Text, String)> = vec![
        (text::F_NUMBER, order.workorder_number.clone()),
        (text::F_TITLE, order.title.clone()),
        (text::F_STATUS, order.status().label().of(locale).to_owned()),
        (
            text::F_APP,
            order
                .app_name
                .clone()
                .unwrap_or_else(|| order.app_id.clone()),
        ),
        (
            text::F_TYPE,
            order.synthesis_name.clone().unwrap_or_default(),
        ),
        (
            text::F_PROJECT,
            order.project_id.clone().unwrap_or_default(),
        ),
        (
            text::F_PROCESS,
            order
                .process_name
                .clone()
                .unwrap_or_else(|| order.definition_id.clone()),
        ),
        (text::F_SOURCE, order.source.clone().unwrap_or_default()),
        (
            text::F_COMPENSATION,
            order.compensation.clone().unwrap_or_default(),
        ),
        (text::F_ROOM, order.room_number.clone().unwrap_or_default()),
        (
            text::F_DESCRIPTION,
            order.description.clone().unwrap_or_default(),
        ),
        (
            text::F_ATTACHMENTS,
            order.attachment_urls.clone().unwrap_or_default(),
        ),
        (text::F_STARTED_BY, name(&order.created_by)),
        (text::F_STARTED_AT, time(order.created_at)),
        (
            text::F_CLOSED,
            match (&order.closed_by, order.closed_at) {
                (Some(by), Some(at)) => text::closed_by(locale, &name(by), &time(at)),
                _ => String::new(),
            },
        ),
        (text::F_RATING, rating),
        (
            text::F_EVALUATION,
            order.evaluation.clone().unwrap_or_default(),
        ),
    ];
    let _ = write!(
        html,
        "<h2>{}</h2><table class=\"fields\"><tbody>",
        t(text::SECTION_FIELDS)
    );
    for (label, value) in fields {
        let _ = write!(
            html,
            "<tr><th>{}</th><td>{}</td></tr>",
            t(label),
            escape(&value)
        );
    }
    let _ = write!(html, "</tbody></table><h2>{}</h2>", t(text::SECTION_FORM));
    if sheet.form_values.is_empty() {
        let _ = write!(html, "<p class=\"empty\">{}</p>", t(text::NO_FORM_VALUES));
    } else {
        html.push_str("<table class=\"fields\"><tbody>");
        for (label, value) in &sheet.form_values {
            let _ = write!(
                html,
                "<tr><th>{}</th><td>{}</td></tr>",
                escape(label),
                escape(value)
            );
        }
        html.push_str("</tbody></table>");
    }
    let _ = write!(html, "<h2>{}</h2>", t(text::SECTION_DIAGRAM));
    match &sheet.diagram {
        Some(svg) => {
            html.push_str(svg);
            let _ = write!(
                html,
                "<p class=\"legend\"><span style=\"border-color:#2e7d32\"></span>{}\
                 <span style=\"border-color:#e65100\"></span>{}</p>",
                t(text::LEGEND_PASSED),
                t(text::LEGEND_CURRENT),
            );
        }
        None => {
            let _ = write!(html, "<p class=\"empty\">{}</p>", t(text::NO_DIAGRAM));
        }
    }
    let _ = write!(
        html,
        "<h2>{}</h2><table class=\"history\"><thead><tr><th>{}</th><th>{}</th>\
         <th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        t(text::SECTION_HISTORY),
        t(text::H_TIME),
        t(text::H_NODE),
        t(text::H_ACTION),
        t(text::H_WHO),
        t(text::H_NOTE),
    );
    for line in &sheet.history {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&line.at),
            escape(&line.node),
            escape(&line.action),
            escape(&line.who),
            escape(&line.note)
        );
    }
    html.push_str("</tbody></table></body></html>");
    html
}
