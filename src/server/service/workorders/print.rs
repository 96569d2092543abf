//! The printable page of a work order (打印): its fields, the start form's values under their
//! labels, the process history (who did what, when, with which comment) and the diagram
//! with the path taken. One self-contained HTML document in Chinese: inline CSS and SVG, no
//! external assets, A4 print rules.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write;

use serde_json::Value;
use time::UtcOffset;
use woc_engine::{CommentKind, Event, EventKind, InstanceStatus};
use woc_store::{InstanceDetail, SqlStore};

use crate::server::display_time::{format_millis, now_millis};
use crate::server::service::actor::Actor;
use crate::server::service::catalog::forms;
use crate::server::service::directory::users;
use crate::server::service::error::ServiceError;
use crate::server::service::workflow::diagram::{self, escape, Highlights};
use crate::server::service::workflow::instances;
use crate::server::service::workorders::{get, WorkOrder};

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
}

/// The printable page of work order `number`, for its starter, anyone involved in its
/// process, or an administrator.
pub async fn page(
    store: &SqlStore,
    offset: UtcOffset,
    actor: &Actor,
    number: &str,
) -> Result<String, ServiceError> {
    let db = store.db();
    let order = get(db, number).await?;
    let detail = if order.created_by == actor.username() {
        store.instance_detail(&order.instance_id).await?
    } else {
        instances::detail(store, actor, &order.instance_id).await?
    };
    let labels = match (order.form_id, order.form_version) {
        (Some(id), Some(version)) => match forms::get(db, id, Some(version)).await {
            Ok(form) => forms::field_labels(&form.schema_json),
            Err(_) => Vec::new(),
        },
        _ => Vec::new(),
    };
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
        form_values: form_values(&order, &labels),
        history: history(&detail.history, &node_names, &names, offset),
        diagram,
        names,
        offset,
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
fn form_values(order: &WorkOrder, labels: &[(String, String)]) -> Vec<(String, String)> {
    let params = order.params();
    let mut values: Vec<(String, String)> = labels
        .iter()
        .filter_map(|(key, label)| Some((label.clone(), value_text(params.get(key)?))))
        .collect();
    for (key, value) in &params {
        if !labels.iter().any(|(k, _)| k == key) {
            values.push((key.clone(), value_text(value)));
        }
    }
    values
}

fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "是".into(),
        Value::Bool(false) => "否".into(),
        Value::Array(items) => items.iter().map(value_text).collect::<Vec<_>>().join("、"),
        other => other.to_string(),
    }
}

fn comment_label(kind: CommentKind) -> &'static str {
    match kind {
        CommentKind::Normal => "审批意见",
        CommentKind::Returned => "退回",
        CommentKind::Rejected => "驳回",
        CommentKind::Delegated => "委派",
        CommentKind::Transferred => "转办",
        CommentKind::Canceled => "取消",
        CommentKind::Deleted => "删除任务",
        CommentKind::CarbonCopy => "抄送",
    }
}

fn status_label(status: InstanceStatus) -> &'static str {
    match status {
        InstanceStatus::Running => "进行中",
        InstanceStatus::Completed => "已完成",
        InstanceStatus::Rejected => "已驳回",
        InstanceStatus::Canceled => "已取消",
        InstanceStatus::Suspended => "已挂起",
        InstanceStatus::Terminated => "已终止",
    }
}

/// The events a reader of a work order cares about, as table lines; the engine's internal
/// bookkeeping (executions, waits, jobs, variables) is left out.
pub fn history(
    events: &[Event],
    node_names: &HashMap<String, String>,
    names: &HashMap<String, String>,
    offset: UtcOffset,
) -> Vec<HistoryLine> {
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
            .join("、")
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
                (String::new(), "发起流程".into(), who, String::new())
            }
            EventKind::ActivityEnded {
                node,
                element,
                completed: true,
                ..
            } if &**element != "userTask" => (node_of(node), "经过节点".into(), who, String::new()),
            EventKind::TaskCreated { task } => {
                task_nodes.insert(&task.id, &task.node);
                let handler = match &task.assignee {
                    Some(a) => name_of(a),
                    None => {
                        let mut c = list(&task.candidate_users);
                        if !task.candidate_groups.is_empty() {
                            if !c.is_empty() {
                                c.push('、');
                            }
                            c.push_str(&format!("组 {}", task.candidate_groups.join("、")));
                        }
                        format!("候选：{c}")
                    }
                };
                (
                    node_of(&task.node),
                    "创建任务".into(),
                    handler,
                    String::new(),
                )
            }
            EventKind::TaskClaimed { task_id, user } => (
                task_node(task_id, &task_nodes),
                "签收".into(),
                name_of(user),
                String::new(),
            ),
            EventKind::TaskUnclaimed { task_id } => (
                task_node(task_id, &task_nodes),
                "取消签收".into(),
                who,
                String::new(),
            ),
            EventKind::TaskDelegated { task_id, to, .. } => (
                task_node(task_id, &task_nodes),
                "委派".into(),
                who,
                format!("委派给 {}", name_of(to)),
            ),
            EventKind::TaskResolved { task_id, .. } => (
                task_node(task_id, &task_nodes),
                "委派办结".into(),
                who,
                String::new(),
            ),
            EventKind::TaskTransferred { task_id, to, .. } => (
                task_node(task_id, &task_nodes),
                "转办".into(),
                who,
                format!("转办给 {}", name_of(to)),
            ),
            EventKind::TaskAssigned {
                task_id, assignee, ..
            } => (
                task_node(task_id, &task_nodes),
                "指派".into(),
                who,
                assignee.as_deref().map(name_of).unwrap_or_default(),
            ),
            EventKind::TaskCompleted { node, .. } => {
                (node_of(node), "完成任务".into(), who, String::new())
            }
            EventKind::TaskCanceled { node, reason, .. } => {
                (node_of(node), "任务结束".into(), who, reason.clone())
            }
            EventKind::CommentAdded {
                node,
                kind,
                message,
                ..
            } => (
                node.as_deref().map(node_of).unwrap_or_default(),
                comment_label(*kind).into(),
                who,
                message.clone(),
            ),
            EventKind::CarbonCopied { node, users, .. } => (
                node.as_deref().map(node_of).unwrap_or_default(),
                "抄送".into(),
                who,
                list(users),
            ),
            EventKind::InstanceSuspended => (String::new(), "挂起".into(), who, String::new()),
            EventKind::InstanceActivated => (String::new(), "激活".into(), who, String::new()),
            EventKind::InstanceEnded { status, reason } => (
                String::new(),
                format!("流程结束（{}）", status_label(*status)),
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
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>工单 {number} {title}</title><style>{STYLE}</style></head><body>\
         <h1>{title}</h1><p class=\"meta\">工单编号 {number} · 打印时间 {printed}</p>",
        number = escape(&order.workorder_number),
        title = escape(&order.title),
        printed = time(now_millis()),
    );
    let rating = order
        .rating
        .map(|r| {
            let stars = usize::try_from(r.clamp(0, 5)).unwrap_or(0);
            format!("{}{} {r} 星", "★".repeat(stars), "☆".repeat(5 - stars))
        })
        .unwrap_or_default();
    let fields: Vec<(&str, String)> = vec![
        ("工单编号", order.workorder_number.clone()),
        ("工单标题", order.title.clone()),
        ("工单状态", order.status().label().to_owned()),
        (
            "所属系统",
            order
                .app_name
                .clone()
                .unwrap_or_else(|| order.app_id.clone()),
        ),
        ("工单类型", order.synthesis_name.clone().unwrap_or_default()),
        ("所属项目", order.project_id.clone().unwrap_or_default()),
        (
            "流程",
            order
                .process_name
                .clone()
                .unwrap_or_else(|| order.definition_id.clone()),
        ),
        ("工单来源", order.source.clone().unwrap_or_default()),
        ("是否有偿", order.compensation.clone().unwrap_or_default()),
        ("房号", order.room_number.clone().unwrap_or_default()),
        ("描述", order.description.clone().unwrap_or_default()),
        ("附件", order.attachment_urls.clone().unwrap_or_default()),
        ("发起人", name(&order.created_by)),
        ("发起时间", time(order.created_at)),
        (
            "关闭",
            match (&order.closed_by, order.closed_at) {
                (Some(by), Some(at)) => format!("{} 于 {}", name(by), time(at)),
                _ => String::new(),
            },
        ),
        ("评价", rating),
        ("评价内容", order.evaluation.clone().unwrap_or_default()),
    ];
    html.push_str("<h2>工单信息</h2><table class=\"fields\"><tbody>");
    for (label, value) in fields {
        let _ = write!(html, "<tr><th>{label}</th><td>{}</td></tr>", escape(&value));
    }
    html.push_str("</tbody></table><h2>表单内容</h2>");
    if sheet.form_values.is_empty() {
        html.push_str("<p class=\"empty\">无表单内容</p>");
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
    html.push_str("<h2>流程图</h2>");
    match &sheet.diagram {
        Some(svg) => {
            html.push_str(svg);
            html.push_str(
                "<p class=\"legend\"><span style=\"border-color:#2e7d32\"></span>已经过\
                 <span style=\"border-color:#e65100\"></span>当前节点</p>",
            );
        }
        None => html.push_str("<p class=\"empty\">流程模型没有图形信息</p>"),
    }
    html.push_str(
        "<h2>流转记录</h2><table class=\"history\"><thead><tr><th>时间</th><th>节点</th>\
         <th>操作</th><th>处理人</th><th>意见 / 说明</th></tr></thead><tbody>",
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
