//! The sign-in page.

use super::Text;

pub const LOGIN_TITLE: Text = Text::new("登录", "Sign in");
pub const LOGIN_SUBTITLE: Text = Text::new(
    "使用系统账号登录统一工单中心",
    "Sign in to the Unified Work Order Center",
);
pub const USERNAME: Text = Text::new("用户名", "Username");
pub const PASSWORD: Text = Text::new("密码", "Password");
pub const LOGIN_BUTTON: Text = Text::new("登录", "Sign in");
pub const LOGGING_IN: Text = Text::new("正在登录…", "Signing in…");
