//! Why something failed: request errors and field problems.

use super::{Locale, Text};

pub const ERR_INVALID_CREDENTIALS: Text =
    Text::new("用户名或密码错误", "Wrong username or password");
pub const ERR_TOO_MANY_ATTEMPTS: Text = Text::new(
    "登录失败次数过多，请稍后再试（至多 5 分钟）",
    "Too many failed sign-ins; try again later (at most 5 minutes)",
);
pub const ERR_ACCOUNT_DISABLED: Text = Text::new(
    "该账号已停用，请联系管理员",
    "This account is disabled; ask an administrator",
);
pub const ERR_UNAUTHENTICATED: Text = Text::new(
    "登录已失效，请重新登录",
    "Your session has ended; please sign in again",
);
pub const ERR_FORBIDDEN: Text = Text::new(
    "您没有权限访问此内容",
    "You do not have permission to see this",
);
pub const ERR_INTERNAL: Text = Text::new(
    "服务器出错，请稍后重试",
    "Something went wrong on the server; please try again",
);
pub const ERR_TRANSPORT: Text = Text::new(
    "无法连接服务器，请检查网络后重试",
    "Cannot reach the server; check the network and try again",
);
pub const ERR_BAD_REQUEST: Text = Text::new(
    "请求无法识别，请刷新页面后重试",
    "The server could not read this request; reload the page and try again",
);
pub const ERR_TITLE: Text = Text::new("出错了", "Something went wrong");
pub const LOGIN_AGAIN: Text = Text::new("重新登录", "Sign in again");
pub const ERR_INVALID: Text = Text::new(
    "请修改标出的内容后重试",
    "Please correct the marked fields and try again",
);
pub const ERR_NOT_FOUND: Text = Text::new(
    "该记录已不存在（可能已被他人删除）",
    "This record no longer exists (someone may have removed it)",
);
pub const ERR_CONFLICT: Text = Text::new(
    "该记录仍在使用中，无法执行此操作",
    "This record is still in use, so this cannot be done",
);
pub const PROB_BLANK: Text = Text::new("不能为空", "Required");
pub const PROB_BAD_CHARS: Text = Text::new(
    "含有不允许的字符",
    "Contains characters that are not allowed",
);
pub const PROB_PASSWORD_SHORT: Text = Text::new(
    "密码至少 8 个字符",
    "A password needs at least 8 characters",
);
pub const PROB_PASSWORD_LONG: Text = Text::new(
    "密码最多 128 个字符",
    "A password has at most 128 characters",
);
pub const PROB_TAKEN: Text = Text::new("已被使用，请换一个", "Already taken; choose another");
pub const PROB_MISSING: Text = Text::new("所选记录不存在", "The chosen record does not exist");
pub const PROB_CYCLE: Text = Text::new(
    "不能选择自己或自己的下级",
    "Cannot be itself or one of its descendants",
);

/// A value longer than `max` characters.
pub fn prob_too_long(locale: Locale, max: usize) -> String {
    match locale {
        Locale::Zh => format!("最多 {max} 个字符"),
        Locale::En => format!("At most {max} characters"),
    }
}

// What the REST API answers in `msg` (language from `Accept-Language`), and how a refused
// field reads there: "{field} {problem}". The same catalogue as the screens'.
pub const API_WRONG_MODE: Text = Text::new(
    "调用方式错误：请求头 requestType 须为 app 或 service",
    "wrong calling mode: header requestType must be app or service",
);
pub const API_WRONG_METHOD: Text = Text::new(
    "调用方式错误：该路径不支持此请求方法",
    "wrong calling mode: this path does not take this HTTP method",
);
pub const API_FORBIDDEN: Text = Text::new("没有权限", "no permission");
pub const API_BAD_LOGIN: Text = Text::new("用户名或密码错误", "wrong username or password");
pub const API_DISABLED: Text = Text::new("账号已停用", "account disabled");
pub const API_INVALID_TOKEN: Text =
    Text::new("accessToken 无效或已过期", "invalid or expired accessToken");
pub const API_NOT_FOUND: Text = Text::new("记录不存在", "not found");
pub const API_NO_SUCH_PATH: Text = Text::new("接口不存在", "no such API endpoint");
pub const API_IN_USE: Text = Text::new(
    "记录仍被引用，不能删除",
    "still referenced by other records",
);
pub const API_TOO_LARGE: Text = Text::new("请求体超过 2 MB", "request body larger than 2 MB");
pub const API_INTERNAL: Text = Text::new(
    "数据库或服务器内部错误",
    "database or internal server failure",
);
pub const FIELD_REQUIRED: Text = Text::new("不能为空", "is required");
pub const FIELD_BAD_CHARACTERS: Text = Text::new(
    "包含不允许的字符",
    "contains characters that are not allowed",
);
pub const FIELD_PASSWORD_SHORT: Text = Text::new("至少 8 个字符", "must be at least 8 characters");
pub const FIELD_PASSWORD_LONG: Text =
    Text::new("不能超过 128 个字符", "must be at most 128 characters");
pub const FIELD_TAKEN: Text = Text::new("已存在", "already exists");
pub const FIELD_MISSING_RECORD: Text = Text::new("引用的记录不存在", "refers to a missing record");
pub const FIELD_CYCLE: Text = Text::new("会形成循环", "would create a cycle");
/// Disabling, demoting or deleting one's own account.
pub const FIELD_OWN_ACCOUNT: Text = Text::new(
    "不能停用、降级或删除自己的账号",
    "you cannot disable, demote or delete your own account",
);

/// A field longer than `max` characters, as the REST API says it.
pub fn field_too_long(locale: Locale, max: usize) -> String {
    match locale {
        Locale::Zh => format!("不能超过 {max} 个字符"),
        Locale::En => format!("must be at most {max} characters"),
    }
}

/// Sign-in refused for a while.
pub fn api_too_many_attempts(locale: Locale, seconds: u64) -> String {
    match locale {
        Locale::Zh => format!("登录失败次数过多，请 {seconds} 秒后再试"),
        Locale::En => format!("too many failed logins, retry in {seconds} seconds"),
    }
}

/// A refusal with the service's reason.
pub fn api_refused(locale: Locale, detail: &str) -> String {
    match locale {
        Locale::Zh => format!("操作被拒绝：{detail}"),
        Locale::En => format!("refused: {detail}"),
    }
}

/// Refused parameters, each "{field} {problem}".
pub fn api_invalid(locale: Locale, fields: &str) -> String {
    match locale {
        Locale::Zh => format!("参数错误：{fields}"),
        Locale::En => format!("invalid parameters: {fields}"),
    }
}

/// A user the request names does not exist.
pub fn api_user_not_found(locale: Locale, user: &str) -> String {
    match locale {
        Locale::Zh => format!("用户不存在：{user}"),
        Locale::En => format!("user not found: {user}"),
    }
}
