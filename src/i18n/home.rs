//! 工作台, the home page.

use super::Text;

pub const HOME_TITLE: Text = Text::new("工作台", "Home");
pub const HOME_WELCOME: Text = Text::new("您好，", "Hello, ");
pub const HOME_ACCOUNT: Text = Text::new("我的账号", "My account");
pub const HOME_SYSTEM: Text = Text::new("系统状态", "System status");
pub const HOME_VERSION: Text = Text::new("版本", "Version");
pub const HOME_DATABASE: Text = Text::new("数据库", "Database");
pub const HOME_USERS_COUNT: Text = Text::new("用户数", "Users");
pub const HOME_STARTED: Text = Text::new("服务启动于", "Server started");
