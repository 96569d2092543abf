//! The frame around the screens: navigation, user menu, language switch, 403 and 404.

use super::Text;

pub const NAV_HOME: Text = Text::new("工作台", "Home");
pub const NAV_API_DOCS: Text = Text::new("接口文档", "API reference");
pub const NAV_SYSTEM: Text = Text::new("系统管理", "System");
pub const NAV_USERS: Text = Text::new("用户管理", "Users");
pub const NAV_MAIN: Text = Text::new("主导航", "Main navigation");
pub const MENU: Text = Text::new("菜单", "Menu");
pub const SKIP_TO_CONTENT: Text = Text::new("跳到主要内容", "Skip to main content");
pub const USER_MENU: Text = Text::new("用户菜单", "User menu");
pub const LOGOUT: Text = Text::new("退出登录", "Log out");
pub const ROLE_ADMIN: Text = Text::new("管理员", "Administrator");
pub const ROLE_USER: Text = Text::new("普通用户", "User");
pub const SWITCH_LANGUAGE: Text = Text::new("切换语言", "Switch language");
pub const OTHER_LANGUAGE_NAME: Text = Text::new("English", "中文");
pub const NOT_FOUND_TITLE: Text = Text::new("页面不存在", "Page not found");
pub const NOT_FOUND_BODY: Text = Text::new(
    "您访问的页面不存在或已被移除。",
    "The page you asked for does not exist or has been removed.",
);
pub const BACK_HOME: Text = Text::new("返回工作台", "Back to Home");
pub const FORBIDDEN_TITLE: Text = Text::new("没有访问权限", "No access");
pub const FORBIDDEN_BODY: Text = Text::new(
    "此页面仅对管理员开放。如需使用，请联系系统管理员为您开通权限。",
    "This page is for administrators. Ask your system administrator if you need it.",
);
pub const NAV_DEPTS: Text = Text::new("部门管理", "Departments");
pub const NAV_GROUPS: Text = Text::new("用户组", "Groups");
pub const NAV_APPS: Text = Text::new("应用管理", "Applications");
pub const NAV_SERVICES: Text = Text::new("服务管理", "Services");
pub const NAV_CATEGORIES: Text = Text::new("工单分类", "Categories");
pub const NAV_SYNTHESIS: Text = Text::new("综合分类", "Composite categories");
