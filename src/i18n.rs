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
    pub err_account_disabled: &'static str,
    pub err_unauthenticated: &'static str,
    pub err_forbidden: &'static str,
    pub err_internal: &'static str,
    pub err_transport: &'static str,
    pub err_title: &'static str,
    pub login_again: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub back_home: &'static str,
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
}

/// Simplified Chinese.
pub static ZH: Texts = Texts {
    app_name: "统一工单中心",
    app_short: "工单中心",
    nav_home: "工作台",
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
    err_account_disabled: "该账号已停用，请联系管理员",
    err_unauthenticated: "登录已失效，请重新登录",
    err_forbidden: "您没有权限访问此内容",
    err_internal: "服务器出错，请稍后重试",
    err_transport: "无法连接服务器，请检查网络后重试",
    err_title: "出错了",
    login_again: "重新登录",
    not_found_title: "页面不存在",
    not_found_body: "您访问的页面不存在或已被移除。",
    back_home: "返回工作台",
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
};

/// English.
pub static EN: Texts = Texts {
    app_name: "Unified Work Order Center",
    app_short: "Work Orders",
    nav_home: "Home",
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
    err_account_disabled: "This account is disabled; ask an administrator",
    err_unauthenticated: "Your session has ended; please sign in again",
    err_forbidden: "You do not have permission to see this",
    err_internal: "Something went wrong on the server; please try again",
    err_transport: "Cannot reach the server; check the network and try again",
    err_title: "Something went wrong",
    login_again: "Sign in again",
    not_found_title: "Page not found",
    not_found_body: "The page you asked for does not exist or has been removed.",
    back_home: "Back to Home",
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
