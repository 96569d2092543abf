//! The form renderer (every designed form: start, handle, detail, the designer's preview).

use super::Text;

pub const CHOOSE: Text = Text::new("请选择", "Choose");
pub const YES: Text = Text::new("是", "Yes");
pub const NO: Text = Text::new("否", "No");
pub const RANGE_FROM: Text = Text::new("开始", "From");
pub const RANGE_TO: Text = Text::new("结束", "To");
pub const RANGE_SEP: Text = Text::new(" 至 ", " to ");
pub const EMPTY_VALUE: Text = Text::new("（未填写）", "(empty)");
pub const ROW_ADD: Text = Text::new("添加一行", "Add row");
pub const ROW_REMOVE: Text = Text::new("删除", "Remove");
pub const ROW_NUMBER: Text = Text::new("序号", "No.");
pub const ROWS_EMPTY: Text = Text::new("还没有行", "No rows yet");
pub const TOTAL: Text = Text::new("合计", "Total");
pub const STARS: Text = Text::new("星", "stars");
pub const NOT_IN_BROWSER: Text = Text::new(
    "签名和富文本字段暂不能在浏览器中填写，可通过接口提交",
    "Signature and rich-text fields cannot be filled in the browser yet; submit them through the API",
);
pub const ATTACHMENTS: Text = Text::new("个附件", "attachments");
pub const SIGNED: Text = Text::new("已签名", "Signed");
pub const FIX_MARKED: Text = Text::new(
    "有字段未通过检查，请按标注修改",
    "Some fields need attention: see the marked fields",
);
pub const PICK_IMAGES: Text = Text::new("选择图片", "Choose pictures");
pub const PICK_FILES: Text = Text::new("选择文件", "Choose files");
pub const DISMISS: Text = Text::new("知道了", "Dismiss");
