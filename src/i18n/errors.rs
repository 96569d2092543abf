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
