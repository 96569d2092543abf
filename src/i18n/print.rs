//! 打印: the printable page of a work order (`service::workorders::print`), served by the REST
//! API in the caller's language (`Accept-Language`).

use super::{Locale, Text};

// The document.
pub const WORK_ORDER: Text = Text::new("工单", "Work order");
pub const PRINTED_AT: Text = Text::new("打印时间", "Printed");
pub const SECTION_FIELDS: Text = Text::new("工单信息", "Work order");
pub const SECTION_FORM: Text = Text::new("表单内容", "Form");
pub const SECTION_DIAGRAM: Text = Text::new("流程图", "Process diagram");
pub const SECTION_HISTORY: Text = Text::new("流转记录", "History");
pub const NO_FORM_VALUES: Text = Text::new("无表单内容", "No form values");
pub const NO_DIAGRAM: Text = Text::new(
    "流程模型没有图形信息",
    "The process model has no diagram layout",
);
pub const LEGEND_PASSED: Text = Text::new("已经过", "Passed");
pub const LEGEND_CURRENT: Text = Text::new("当前节点", "Current");

// The work order's fields.
pub const F_NUMBER: Text = Text::new("工单编号", "Number");
pub const F_TITLE: Text = Text::new("工单标题", "Title");
pub const F_STATUS: Text = Text::new("工单状态", "Status");
pub const F_APP: Text = Text::new("所属系统", "System");
pub const F_TYPE: Text = Text::new("工单类型", "Type");
pub const F_PROJECT: Text = Text::new("所属项目", "Project");
pub const F_PROCESS: Text = Text::new("流程", "Process");
pub const F_SOURCE: Text = Text::new("工单来源", "Source");
pub const F_COMPENSATION: Text = Text::new("是否有偿", "Paid");
pub const F_ROOM: Text = Text::new("房号", "Room");
pub const F_DESCRIPTION: Text = Text::new("描述", "Description");
pub const F_ATTACHMENTS: Text = Text::new("附件", "Attachments");
pub const F_STARTED_BY: Text = Text::new("发起人", "Started by");
pub const F_STARTED_AT: Text = Text::new("发起时间", "Started");
pub const F_CLOSED: Text = Text::new("关闭", "Closed");
pub const F_RATING: Text = Text::new("评价", "Rating");
pub const F_EVALUATION: Text = Text::new("评价内容", "Evaluation");

// Work-order statuses.
pub const WO_PROCESSING: Text = Text::new("处理中", "In progress");
pub const WO_COMPLETED: Text = Text::new("已完成", "Completed");
pub const WO_REJECTED: Text = Text::new("已驳回", "Rejected");
pub const WO_CANCELED: Text = Text::new("已取消", "Canceled");
pub const WO_CLOSED: Text = Text::new("已关闭", "Closed");

// Process instance statuses.
pub const PI_RUNNING: Text = Text::new("进行中", "running");
pub const PI_COMPLETED: Text = Text::new("已完成", "completed");
pub const PI_REJECTED: Text = Text::new("已驳回", "rejected");
pub const PI_CANCELED: Text = Text::new("已取消", "canceled");
pub const PI_SUSPENDED: Text = Text::new("已挂起", "suspended");
pub const PI_TERMINATED: Text = Text::new("已终止", "terminated");

// The history table.
pub const H_TIME: Text = Text::new("时间", "Time");
pub const H_NODE: Text = Text::new("节点", "Step");
pub const H_ACTION: Text = Text::new("操作", "Action");
pub const H_WHO: Text = Text::new("处理人", "By");
pub const H_NOTE: Text = Text::new("意见 / 说明", "Comment / note");

// What happened, one line of the history each.
pub const EV_STARTED: Text = Text::new("发起流程", "Process started");
pub const EV_PASSED: Text = Text::new("经过节点", "Step passed");
pub const EV_TASK_CREATED: Text = Text::new("创建任务", "Task created");
pub const EV_CLAIMED: Text = Text::new("签收", "Claimed");
pub const EV_UNCLAIMED: Text = Text::new("取消签收", "Unclaimed");
pub const EV_DELEGATED: Text = Text::new("委派", "Delegated");
pub const EV_RESOLVED: Text = Text::new("委派办结", "Delegation resolved");
pub const EV_TRANSFERRED: Text = Text::new("转办", "Transferred");
pub const EV_ASSIGNED: Text = Text::new("指派", "Assigned");
pub const EV_COMPLETED: Text = Text::new("完成任务", "Task completed");
pub const EV_TASK_ENDED: Text = Text::new("任务结束", "Task ended");
pub const EV_CARBON_COPY: Text = Text::new("抄送", "Copied to");
pub const EV_SUSPENDED: Text = Text::new("挂起", "Suspended");
pub const EV_ACTIVATED: Text = Text::new("激活", "Activated");

// Comment kinds.
pub const C_NORMAL: Text = Text::new("审批意见", "Comment");
pub const C_RETURNED: Text = Text::new("退回", "Returned");
pub const C_REJECTED: Text = Text::new("驳回", "Rejected");
pub const C_DELEGATED: Text = Text::new("委派", "Delegated");
pub const C_TRANSFERRED: Text = Text::new("转办", "Transferred");
pub const C_CANCELED: Text = Text::new("取消", "Canceled");
pub const C_DELETED: Text = Text::new("删除任务", "Task deleted");
pub const C_CARBON_COPY: Text = Text::new("抄送", "Copied to");

// Values.
pub const YES: Text = Text::new("是", "Yes");
pub const NO: Text = Text::new("否", "No");
/// Between the items of a list (names, choices).
pub const LIST_SEPARATOR: Text = Text::new("、", ", ");
pub const TOTAL: Text = Text::new("合计", "Total");

/// "The process ended (status)".
pub fn process_ended(locale: Locale, status: &str) -> String {
    match locale {
        Locale::Zh => format!("流程结束（{status}）"),
        Locale::En => format!("Process ended ({status})"),
    }
}

/// "Delegated to someone".
pub fn delegated_to(locale: Locale, who: &str) -> String {
    match locale {
        Locale::Zh => format!("委派给 {who}"),
        Locale::En => format!("Delegated to {who}"),
    }
}

/// "Transferred to someone".
pub fn transferred_to(locale: Locale, who: &str) -> String {
    match locale {
        Locale::Zh => format!("转办给 {who}"),
        Locale::En => format!("Transferred to {who}"),
    }
}

/// Who may take a task nobody is assigned to: users, then groups.
pub fn candidates(locale: Locale, users: &str, groups: &str) -> String {
    let (label, group) = match locale {
        Locale::Zh => ("候选：", "组 "),
        Locale::En => ("Candidates: ", "group "),
    };
    let mut out = format!("{label}{users}");
    if !groups.is_empty() {
        if !users.is_empty() {
            out.push_str(LIST_SEPARATOR.of(locale));
        }
        out.push_str(group);
        out.push_str(groups);
    }
    out
}

/// Who closed the work order, and when.
pub fn closed_by(locale: Locale, who: &str, at: &str) -> String {
    match locale {
        Locale::Zh => format!("{who} 于 {at}"),
        Locale::En => format!("{who} at {at}"),
    }
}

/// A rating of `rating` out of five stars.
pub fn stars(locale: Locale, rating: i64) -> String {
    let full = usize::try_from(rating.clamp(0, 5)).unwrap_or(0);
    let unit = match locale {
        Locale::Zh => " 星",
        Locale::En => {
            if rating == 1 {
                " star"
            } else {
                " stars"
            }
        }
    };
    format!(
        "{}{} {rating}{unit}",
        "★".repeat(full),
        "☆".repeat(5 - full)
    )
}
