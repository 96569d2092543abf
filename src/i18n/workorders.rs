//! 工单大厅: the start page (发起) and what it shows once a work order is filed.

use super::Text;

pub const NAV_HALL: Text = Text::new("工单大厅", "Work orders");
pub const NAV_START: Text = Text::new("发起工单", "Start");
pub const START_TITLE: Text = Text::new("发起工单", "Start a work order");
pub const START_INTRO: Text = Text::new(
    "选择一个流程，填写表单后提交；表单按该流程版本绑定的表单版本显示。",
    "Choose a process, fill in its form and submit; the form is the version this process version is bound to.",
);
pub const SEARCH_LABEL: Text = Text::new("按流程名称查找", "Find by process name");
pub const SEARCH: Text = Text::new("查找", "Find");
pub const NO_PROCESSES: Text = Text::new(
    "没有可发起的流程。管理员导入并发布流程后会显示在这里。",
    "No process can be started. Processes appear here once an administrator deploys them.",
);
pub const UNCATEGORISED: Text = Text::new("未分类", "Uncategorised");
pub const VERSION: Text = Text::new("版本", "Version");
pub const FORM: Text = Text::new("表单", "Form");
pub const NO_FORM: Text = Text::new("无表单", "No form");
pub const START_ACTION: Text = Text::new("发起", "Start");
pub const BACK_TO_LIST: Text = Text::new("返回流程列表", "Back to the processes");
pub const BASICS: Text = Text::new("基本信息", "Basics");
pub const FIELD_TITLE: Text = Text::new("标题", "Title");
pub const FIELD_APP: Text = Text::new("所属应用", "Application");
pub const NO_APPS: Text = Text::new(
    "还没有应用：工单须归属一个应用，请管理员先在「应用管理」中登记。",
    "No application yet: a work order belongs to one; ask an administrator to register it under Applications.",
);
pub const FORM_VERSION: Text = Text::new("表单版本", "Form version");
pub const SUBMIT: Text = Text::new("提交", "Submit");
pub const SUBMITTING: Text = Text::new("提交中…", "Submitting…");
pub const CANCEL: Text = Text::new("取消", "Cancel");
pub const STARTED_TITLE: Text = Text::new("工单已提交", "Work order filed");
pub const NUMBER: Text = Text::new("工单号", "Number");
pub const PROCESS: Text = Text::new("流程", "Process");
pub const STATUS: Text = Text::new("状态", "Status");
pub const CREATED: Text = Text::new("提交时间", "Filed");
pub const PRINT: Text = Text::new("打印", "Print");
pub const START_ANOTHER: Text = Text::new("再发起一个", "Start another");
pub const VALUES: Text = Text::new("表单内容", "Form values");
