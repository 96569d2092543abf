//! Texts every screen uses: the product name, actions, list and pager words.

use super::{Locale, Text};

pub const APP_NAME: Text = Text::new("统一工单中心", "Unified Work Order Center");
pub const APP_SHORT: Text = Text::new("工单中心", "Work Orders");
pub const LOADING: Text = Text::new("加载中…", "Loading…");
pub const COL_STATUS: Text = Text::new("状态", "Status");
pub const COL_CREATED: Text = Text::new("创建时间", "Created");
pub const STATUS_ENABLED: Text = Text::new("启用", "Enabled");
pub const STATUS_DISABLED: Text = Text::new("停用", "Disabled");
pub const PREV_PAGE: Text = Text::new("上一页", "Previous");
pub const NEXT_PAGE: Text = Text::new("下一页", "Next");
pub const PAGINATION: Text = Text::new("分页", "Pagination");
pub const EMPTY_LIST: Text = Text::new("暂无数据", "Nothing here yet");
pub const ACT_NEW: Text = Text::new("新建", "New");
pub const ACT_EDIT: Text = Text::new("编辑", "Edit");
pub const ACT_DELETE: Text = Text::new("删除", "Delete");
pub const ACT_SAVE: Text = Text::new("保存", "Save");
pub const ACT_SAVING: Text = Text::new("正在保存…", "Saving…");
pub const ACT_CANCEL: Text = Text::new("取消", "Cancel");
pub const ACT_CLOSE: Text = Text::new("关闭", "Close");
pub const ACT_CONFIRM: Text = Text::new("确定", "Confirm");
pub const ACT_ENABLE: Text = Text::new("启用", "Enable");
pub const ACT_DISABLE: Text = Text::new("停用", "Disable");
pub const ACT_RENAME: Text = Text::new("重命名", "Rename");
pub const ACT_COPY: Text = Text::new("复制", "Copy");
pub const ACT_COPIED: Text = Text::new("已复制", "Copied");
pub const CONFIRM_DELETE: Text = Text::new("确定删除？", "Delete for good?");
pub const CONFIRM_DISABLE: Text = Text::new("确定停用？", "Disable this account?");
pub const COL_ACTIONS: Text = Text::new("操作", "Actions");
pub const COL_NAME: Text = Text::new("名称", "Name");
pub const FIELD_NAME: Text = Text::new("名称", "Name");
pub const NONE_OPTION: Text = Text::new("（无）", "(none)");
pub const REQUIRED_MARK: Text = Text::new("必填", "required");
pub const FIELD_DESCRIPTION: Text = Text::new("描述", "Description");
pub const COL_DESCRIPTION: Text = Text::new("描述", "Description");

/// "共 N 条 · 第 p / P 页".
pub fn pager(locale: Locale, total: u64, page: u32, pages: u32) -> String {
    match locale {
        Locale::Zh => format!("共 {total} 条 · 第 {page} / {pages} 页"),
        Locale::En => format!("{total} in all · page {page} of {pages}"),
    }
}

pub const FIRST_PAGE: Text = Text::new("第一页", "First page");
pub const LAST_PAGE: Text = Text::new("最后一页", "Last page");
pub const PAGE_SIZE: Text = Text::new("每页", "Per page");
pub const SELECT: Text = Text::new("选择", "Select");
pub const SELECT_ALL: Text = Text::new("全选本页", "Select all on this page");
pub const SEARCH: Text = Text::new("查询", "Search");
pub const RESET: Text = Text::new("重置", "Reset");
pub const FILTERS: Text = Text::new("筛选", "Filters");
pub const ALL_OPTION: Text = Text::new("全部", "All");
pub const KEYWORD: Text = Text::new("关键字", "Keyword");

/// "已选 N 项".
pub fn selected_count(locale: Locale, n: usize) -> String {
    match locale {
        Locale::Zh => format!("已选 {n} 项"),
        Locale::En => format!("{n} selected"),
    }
}
