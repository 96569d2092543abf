//! Interface language: Chinese by default, English on request.
//!
//! The texts are a struct per language rather than string keys, so a missing translation is
//! a compile error instead of a blank label. The choice lives in a cookie so the server renders
//! the page in the language the browser will hydrate with.

use leptos::prelude::*;

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "woc_lang";

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// Parses a cookie value; anything unknown falls back to Chinese.
    pub fn from_tag(tag: &str) -> Self {
        match tag.trim() {
            "en" | "en-US" | "en-GB" => Locale::En,
            _ => Locale::Zh,
        }
    }

    /// The value stored in the cookie and put in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The other language, for the one-click switch.
    pub fn other(self) -> Self {
        match self {
            Locale::Zh => Locale::En,
            Locale::En => Locale::Zh,
        }
    }

    /// All texts of this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::Zh => &ZH,
            Locale::En => &EN,
        }
    }

    /// Finds the language in a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .map(|(_, value)| Locale::from_tag(value))
            .unwrap_or_default()
    }
}

/// Every text the interface shows, in one language.
pub struct Texts {
    pub app_name: &'static str,
    pub app_short: &'static str,
    pub nav_home: &'static str,
    pub nav_api_docs: &'static str,
    pub api_docs_title: &'static str,
    pub api_docs_intro: &'static str,
    pub api_docs_raw: &'static str,
    pub api_docs_loading: &'static str,
    pub api_docs_failed: &'static str,
    pub nav_system: &'static str,
    pub nav_users: &'static str,
    pub nav_main: &'static str,
    pub menu: &'static str,
    pub skip_to_content: &'static str,
    pub user_menu: &'static str,
    pub logout: &'static str,
    pub role_admin: &'static str,
    pub role_user: &'static str,
    pub switch_language: &'static str,
    pub other_language_name: &'static str,
    pub login_title: &'static str,
    pub login_subtitle: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub login_button: &'static str,
    pub logging_in: &'static str,
    pub err_invalid_credentials: &'static str,
    /// Sign-in refused after too many failed attempts.
    pub err_too_many_attempts: &'static str,
    pub err_account_disabled: &'static str,
    pub err_unauthenticated: &'static str,
    pub err_forbidden: &'static str,
    pub err_internal: &'static str,
    pub err_transport: &'static str,
    /// The server could not read the request (an outdated page sending old arguments).
    pub err_bad_request: &'static str,
    pub err_title: &'static str,
    pub login_again: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
    /// Heading of the page a user may not open.
    pub forbidden_title: &'static str,
    /// What to do about it.
    pub forbidden_body: &'static str,
    pub loading: &'static str,
    pub home_title: &'static str,
    pub home_welcome: &'static str,
    pub home_account: &'static str,
    pub home_system: &'static str,
    pub home_version: &'static str,
    pub home_database: &'static str,
    pub home_users_count: &'static str,
    pub home_started: &'static str,
    pub users_title: &'static str,
    pub users_intro: &'static str,
    pub col_username: &'static str,
    pub col_nick_name: &'static str,
    pub col_role: &'static str,
    pub col_status: &'static str,
    pub col_created: &'static str,
    pub status_enabled: &'static str,
    pub status_disabled: &'static str,
    pub prev_page: &'static str,
    pub next_page: &'static str,
    pub pagination: &'static str,
    pub pager: fn(total: i64, page: u32, pages: u32) -> String,
    pub empty_list: &'static str,
    pub nav_depts: &'static str,
    pub nav_groups: &'static str,
    pub nav_apps: &'static str,
    pub nav_services: &'static str,
    pub nav_categories: &'static str,
    pub nav_synthesis: &'static str,
    pub act_new: &'static str,
    pub act_edit: &'static str,
    pub act_delete: &'static str,
    pub act_save: &'static str,
    pub act_saving: &'static str,
    pub act_cancel: &'static str,
    pub act_close: &'static str,
    pub act_confirm: &'static str,
    pub act_enable: &'static str,
    pub act_disable: &'static str,
    pub act_rename: &'static str,
    pub act_copy: &'static str,
    pub act_copied: &'static str,
    pub confirm_delete: &'static str,
    pub confirm_disable: &'static str,
    pub col_actions: &'static str,
    pub col_name: &'static str,
    pub field_name: &'static str,
    pub none_option: &'static str,
    pub required_mark: &'static str,
    pub err_invalid: &'static str,
    pub err_not_found: &'static str,
    pub err_conflict: &'static str,
    pub prob_blank: &'static str,
    pub prob_bad_chars: &'static str,
    pub prob_password_short: &'static str,
    pub prob_password_long: &'static str,
    pub prob_taken: &'static str,
    pub prob_missing: &'static str,
    pub prob_cycle: &'static str,
    pub users_new: &'static str,
    pub users_edit: &'static str,
    pub username_hint: &'static str,
    pub password_hint: &'static str,
    pub password_keep_hint: &'static str,
    pub field_dept: &'static str,
    pub field_groups: &'static str,
    pub col_dept: &'static str,
    pub col_groups: &'static str,
    pub no_groups_yet: &'static str,
    pub depts_title: &'static str,
    pub depts_intro: &'static str,
    pub depts_new: &'static str,
    pub depts_edit: &'static str,
    pub field_parent_dept: &'static str,
    pub field_leader: &'static str,
    pub col_leader: &'static str,
    pub groups_title: &'static str,
    pub groups_intro: &'static str,
    pub groups_new: &'static str,
    pub groups_edit: &'static str,
    pub field_key: &'static str,
    pub key_hint: &'static str,
    pub field_members: &'static str,
    pub col_key: &'static str,
    pub col_members: &'static str,
    pub apps_title: &'static str,
    pub apps_intro: &'static str,
    pub apps_register: &'static str,
    pub services_title: &'static str,
    pub services_intro: &'static str,
    pub services_register: &'static str,
    pub col_client_id: &'static str,
    pub secret_title: &'static str,
    pub secret_warning: &'static str,
    pub secret_label: &'static str,
    pub secret_saved: &'static str,
    pub categories_title: &'static str,
    pub categories_intro: &'static str,
    pub categories_new: &'static str,
    pub categories_edit: &'static str,
    pub field_code: &'static str,
    pub col_code: &'static str,
    pub synthesis_title: &'static str,
    pub synthesis_intro: &'static str,
    pub synthesis_new: &'static str,
    pub synthesis_edit: &'static str,
    pub field_parent_node: &'static str,
    pub field_description: &'static str,
    pub col_description: &'static str,
    pub list_limit_note: &'static str,
    pub prob_too_long: fn(max: usize) -> String,
}

/// Simplified Chinese.
pub static ZH: Texts = Texts {
    app_name: "统一工单中心",
    app_short: "工单中心",
    nav_home: "工作台",
    nav_api_docs: "接口文档",
    api_docs_title: "接口文档",
    api_docs_intro: "外部系统通过 REST 接口驱动工单中心。应用调用需带请求头 requestType: app、appID、secretKey、accessToken 和 Authorization；服务调用带 requestType: service、serverID、secretKey、accessToken。",
    api_docs_raw: "OpenAPI 文档（JSON）",
    api_docs_loading: "正在加载接口文档…",
    api_docs_failed: "接口文档查看器未能加载，请直接阅读 JSON 文档。",
    nav_system: "系统管理",
    nav_users: "用户管理",
    nav_main: "主导航",
    menu: "菜单",
    skip_to_content: "跳到主要内容",
    user_menu: "用户菜单",
    logout: "退出登录",
    role_admin: "管理员",
    role_user: "普通用户",
    switch_language: "切换语言",
    other_language_name: "English",
    login_title: "登录",
    login_subtitle: "使用系统账号登录统一工单中心",
    username: "用户名",
    password: "密码",
    login_button: "登录",
    logging_in: "正在登录…",
    err_invalid_credentials: "用户名或密码错误",
    err_too_many_attempts: "登录失败次数过多，请稍后再试（至多 5 分钟）",
    err_account_disabled: "该账号已停用，请联系管理员",
    err_unauthenticated: "登录已失效，请重新登录",
    err_forbidden: "您没有权限访问此内容",
    err_internal: "服务器出错，请稍后重试",
    err_transport: "无法连接服务器，请检查网络后重试",
    err_bad_request: "请求无法识别，请刷新页面后重试",
    err_title: "出错了",
    login_again: "重新登录",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    back_home: "返回工作台",
    forbidden_title: "没有访问权限",
    forbidden_body: "此页面仅对管理员开放。如需使用，请联系系统管理员为您开通权限。",
    loading: "加载中…",
    home_title: "工作台",
    home_welcome: "您好，",
    home_account: "我的账号",
    home_system: "系统状态",
    home_version: "版本",
    home_database: "数据库",
    home_users_count: "用户数",
    home_started: "服务启动于",
    users_title: "用户管理",
    users_intro: "系统中的全部账号。",
    col_username: "用户名",
    col_nick_name: "姓名",
    col_role: "角色",
    col_status: "状态",
    col_created: "创建时间",
    status_enabled: "启用",
    status_disabled: "停用",
    prev_page: "上一页",
    next_page: "下一页",
    pagination: "分页",
    pager: |total, page, pages| format!("共 {total} 条 · 第 {page} / {pages} 页"),
    empty_list: "暂无数据",
    nav_depts: "部门管理",
    nav_groups: "用户组",
    nav_apps: "应用管理",
    nav_services: "服务管理",
    nav_categories: "工单分类",
    nav_synthesis: "综合分类",
    act_new: "新建",
    act_edit: "编辑",
    act_delete: "删除",
    act_save: "保存",
    act_saving: "正在保存…",
    act_cancel: "取消",
    act_close: "关闭",
    act_confirm: "确定",
    act_enable: "启用",
    act_disable: "停用",
    act_rename: "重命名",
    act_copy: "复制",
    act_copied: "已复制",
    confirm_delete: "确定删除？",
    confirm_disable: "确定停用？",
    col_actions: "操作",
    col_name: "名称",
    field_name: "名称",
    none_option: "（无）",
    required_mark: "必填",
    err_invalid: "请修改标出的内容后重试",
    err_not_found: "该记录已不存在（可能已被他人删除）",
    err_conflict: "该记录仍在使用中，无法执行此操作",
    prob_blank: "不能为空",
    prob_bad_chars: "含有不允许的字符",
    prob_password_short: "密码至少 8 个字符",
    prob_password_long: "密码最多 128 个字符",
    prob_taken: "已被使用，请换一个",
    prob_missing: "所选记录不存在",
    prob_cycle: "不能选择自己或自己的下级",
    users_new: "新建用户",
    users_edit: "编辑用户",
    username_hint: "字母、数字及 _ . - @，创建后不可修改",
    password_hint: "至少 8 个字符",
    password_keep_hint: "留空则不修改密码",
    field_dept: "部门",
    field_groups: "用户组",
    col_dept: "部门",
    col_groups: "用户组",
    no_groups_yet: "还没有用户组",
    depts_title: "部门管理",
    depts_intro: "组织架构与部门负责人；流程可按部门负责人分派任务。",
    depts_new: "新建部门",
    depts_edit: "编辑部门",
    field_parent_dept: "上级部门",
    field_leader: "负责人",
    col_leader: "负责人",
    groups_title: "用户组",
    groups_intro: "流程中的候选组（candidateGroups）按标识引用用户组。",
    groups_new: "新建用户组",
    groups_edit: "编辑用户组",
    field_key: "标识",
    key_hint: "字母、数字、_ 和 -",
    field_members: "成员",
    col_key: "标识",
    col_members: "成员",
    apps_title: "应用管理",
    apps_intro: "调用开放接口的前端应用，凭 appID 和密钥访问。",
    apps_register: "注册应用",
    services_title: "服务管理",
    services_intro: "调用开放接口的后端服务，凭 serverID 和密钥访问。",
    services_register: "注册服务",
    col_client_id: "ID",
    secret_title: "请立即保存密钥",
    secret_warning:
        "密钥只显示这一次，关闭后无法再次查看。请复制并妥善保存；如果遗失，只能删除后重新注册。",
    secret_label: "密钥",
    secret_saved: "我已保存密钥",
    categories_title: "工单分类",
    categories_intro: "流程定义按编码归入分类。",
    categories_new: "新建分类",
    categories_edit: "编辑分类",
    field_code: "编码",
    col_code: "编码",
    synthesis_title: "综合分类",
    synthesis_intro: "对接系统浏览的工单分类树。",
    synthesis_new: "新建综合分类",
    synthesis_edit: "编辑综合分类",
    field_parent_node: "上级分类",
    field_description: "描述",
    col_description: "描述",
    list_limit_note: "仅显示前 100 条。",
    prob_too_long: |max| format!("最多 {max} 个字符"),
};

/// English.
pub static EN: Texts = Texts {
    app_name: "Unified Work Order Center",
    app_short: "Work Orders",
    nav_home: "Home",
    nav_api_docs: "API reference",
    api_docs_title: "API reference",
    api_docs_intro: "External systems drive the work order center over this REST API. Apps send the headers requestType: app, appID, secretKey, accessToken and Authorization; services send requestType: service, serverID, secretKey, accessToken.",
    api_docs_raw: "OpenAPI document (JSON)",
    api_docs_loading: "Loading the API reference…",
    api_docs_failed: "The API viewer could not be loaded; read the JSON document instead.",
    nav_system: "System",
    nav_users: "Users",
    nav_main: "Main navigation",
    menu: "Menu",
    skip_to_content: "Skip to main content",
    user_menu: "User menu",
    logout: "Log out",
    role_admin: "Administrator",
    role_user: "User",
    switch_language: "Switch language",
    other_language_name: "中文",
    login_title: "Sign in",
    login_subtitle: "Sign in to the Unified Work Order Center",
    username: "Username",
    password: "Password",
    login_button: "Sign in",
    logging_in: "Signing in…",
    err_invalid_credentials: "Wrong username or password",
    err_too_many_attempts: "Too many failed sign-ins; try again later (at most 5 minutes)",
    err_account_disabled: "This account is disabled; ask an administrator",
    err_unauthenticated: "Your session has ended; please sign in again",
    err_forbidden: "You do not have permission to see this",
    err_internal: "Something went wrong on the server; please try again",
    err_transport: "Cannot reach the server; check the network and try again",
    err_bad_request: "The server could not read this request; reload the page and try again",
    err_title: "Something went wrong",
    login_again: "Sign in again",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has been removed.",
    back_home: "Back to Home",
    forbidden_title: "No access",
    forbidden_body: "This page is for administrators. Ask your system administrator if you need it.",
    loading: "Loading…",
    home_title: "Home",
    home_welcome: "Hello, ",
    home_account: "My account",
    home_system: "System status",
    home_version: "Version",
    home_database: "Database",
    home_users_count: "Users",
    home_started: "Server started",
    users_title: "Users",
    users_intro: "Every account in the system.",
    col_username: "Username",
    col_nick_name: "Name",
    col_role: "Role",
    col_status: "Status",
    col_created: "Created",
    status_enabled: "Enabled",
    status_disabled: "Disabled",
    prev_page: "Previous",
    next_page: "Next",
    pagination: "Pagination",
    pager: |total, page, pages| format!("{total} in all · page {page} of {pages}"),
    empty_list: "Nothing here yet",
    nav_depts: "Departments",
    nav_groups: "Groups",
    nav_apps: "Applications",
    nav_services: "Services",
    nav_categories: "Categories",
    nav_synthesis: "Composite categories",
    act_new: "New",
    act_edit: "Edit",
    act_delete: "Delete",
    act_save: "Save",
    act_saving: "Saving…",
    act_cancel: "Cancel",
    act_close: "Close",
    act_confirm: "Confirm",
    act_enable: "Enable",
    act_disable: "Disable",
    act_rename: "Rename",
    act_copy: "Copy",
    act_copied: "Copied",
    confirm_delete: "Delete for good?",
    confirm_disable: "Disable this account?",
    col_actions: "Actions",
    col_name: "Name",
    field_name: "Name",
    none_option: "(none)",
    required_mark: "required",
    err_invalid: "Please correct the marked fields and try again",
    err_not_found: "This record no longer exists (someone may have removed it)",
    err_conflict: "This record is still in use, so this cannot be done",
    prob_blank: "Required",
    prob_bad_chars: "Contains characters that are not allowed",
    prob_password_short: "A password needs at least 8 characters",
    prob_password_long: "A password has at most 128 characters",
    prob_taken: "Already taken; choose another",
    prob_missing: "The chosen record does not exist",
    prob_cycle: "Cannot be itself or one of its descendants",
    users_new: "New user",
    users_edit: "Edit user",
    username_hint: "Letters, digits and _ . - @; cannot be changed later",
    password_hint: "At least 8 characters",
    password_keep_hint: "Leave empty to keep the current password",
    field_dept: "Department",
    field_groups: "Groups",
    col_dept: "Department",
    col_groups: "Groups",
    no_groups_yet: "No groups yet",
    depts_title: "Departments",
    depts_intro: "The organisation and its leaders; processes can assign tasks to a department's leader.",
    depts_new: "New department",
    depts_edit: "Edit department",
    field_parent_dept: "Parent department",
    field_leader: "Leader",
    col_leader: "Leader",
    groups_title: "Groups",
    groups_intro: "Processes name groups by key in candidateGroups.",
    groups_new: "New group",
    groups_edit: "Edit group",
    field_key: "Key",
    key_hint: "Letters, digits, _ and -",
    field_members: "Members",
    col_key: "Key",
    col_members: "Members",
    apps_title: "Applications",
    apps_intro: "Front-end applications that call the API with an appID and a secret.",
    apps_register: "Register application",
    services_title: "Services",
    services_intro: "Back-end services that call the API with a serverID and a secret.",
    services_register: "Register service",
    col_client_id: "ID",
    secret_title: "Save the secret now",
    secret_warning: "The secret is shown this once and cannot be seen again after closing. Copy it and keep it safe; if it is lost, delete the registration and register again.",
    secret_label: "Secret",
    secret_saved: "I have saved the secret",
    categories_title: "Categories",
    categories_intro: "Process definitions are filed under a category's code.",
    categories_new: "New category",
    categories_edit: "Edit category",
    field_code: "Code",
    col_code: "Code",
    synthesis_title: "Composite categories",
    synthesis_intro: "The tree of work-order categories that integrated systems browse.",
    synthesis_new: "New composite category",
    synthesis_edit: "Edit composite category",
    field_parent_node: "Parent category",
    field_description: "Description",
    col_description: "Description",
    list_limit_note: "Only the first 100 are shown.",
    prob_too_long: |max| format!("At most {max} characters"),
};

/// The current language as a signal, provided once by the app.
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<RwSignal<Locale>>()
}

/// The current texts, tracked: re-renders when the language changes.
pub fn use_texts() -> Signal<&'static Texts> {
    let locale = use_locale();
    Signal::derive(move || locale.get().texts())
}

/// The language the request asked for (server) or the page was rendered in (browser).
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Locale::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
            .map(|c| Locale::from_cookie_header(&c))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// Remembers the language in the browser for later page loads (a year).
pub fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let cookie = format!(
                "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                locale.tag()
            );
            let _ = doc.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Locale::from_cookie_header(""), Locale::Zh);
        assert_eq!(Locale::from_cookie_header("other=1"), Locale::Zh);
        assert_eq!(Locale::from_tag("fr"), Locale::Zh);
    }

    #[test]
    fn cookie_selects_english() {
        assert_eq!(
            Locale::from_cookie_header("a=b; woc_lang=en; c=d"),
            Locale::En
        );
        assert_eq!(Locale::from_tag(Locale::En.tag()), Locale::En);
        assert_eq!(Locale::from_tag(Locale::Zh.tag()), Locale::Zh);
    }

    #[test]
    fn switch_goes_both_ways() {
        assert_eq!(Locale::Zh.other(), Locale::En);
        assert_eq!(Locale::En.other().texts().app_name, ZH.app_name);
    }
}
