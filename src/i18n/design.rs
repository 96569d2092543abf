//! 工单设计: the form list (表单定义) and the form designer. `{}` marks where a number goes.

use super::Text;

pub const NAV_DESIGN: Text = Text::new("工单设计", "Design");
pub const NAV_FORMS: Text = Text::new("表单定义", "Forms");

// The form list.
pub const FORMS_TITLE: Text = Text::new("表单定义", "Forms");
pub const FORMS_INTRO: Text = Text::new(
    "设计工单表单。每次保存生成新版本；已发布的流程版本和运行中的工单继续使用它们绑定的版本。",
    "Design work-order forms. Every save makes a new version; deployed process versions and running work orders keep the version they are bound to.",
);
pub const NEW_FORM: Text = Text::new("新建表单", "New form");
pub const NO_FORMS: Text = Text::new(
    "还没有表单。新建一个，把控件拖到画布上即可。",
    "No form yet. Create one and drag widgets onto the canvas.",
);
pub const COL_LATEST: Text = Text::new("最新版本", "Latest version");
pub const COL_UPDATED: Text = Text::new("更新时间", "Updated");
pub const ACT_DESIGN: Text = Text::new("设计", "Design");
pub const VERSION_N: Text = Text::new("第 {} 版", "Version {}");

// The designer around the canvas.
pub const DESIGNER_TITLE: Text = Text::new("表单设计器", "Form designer");
pub const BACK_TO_FORMS: Text = Text::new("返回表单列表", "Back to the forms");
pub const TOOLBAR: Text = Text::new("设计器工具栏", "Designer toolbar");
pub const FORM_NAME: Text = Text::new("表单名称", "Form name");
pub const VIEWS: Text = Text::new("视图", "Views");
pub const MODE_DESIGN: Text = Text::new("设计", "Design");
pub const MODE_DESKTOP: Text = Text::new("桌面预览", "Desktop preview");
pub const MODE_PHONE: Text = Text::new("手机预览", "Phone preview");
pub const MODE_JSON: Text = Text::new("JSON", "JSON");
pub const UNDO: Text = Text::new("撤销", "Undo");
pub const REDO: Text = Text::new("重做", "Redo");
pub const VERSIONS: Text = Text::new("版本记录", "Versions");
pub const SAVE_VERSION: Text = Text::new("保存为新版本", "Save as new version");
pub const SAVED_AS: Text = Text::new("已保存为第 {} 版", "Saved as version {}");
pub const FIX_FIRST: Text = Text::new(
    "表单还有问题，已标出；修正后再保存。",
    "The form has problems, marked; fix them, then save.",
);
pub const FIELD_COUNT: Text = Text::new("{} 个字段", "{} fields");
pub const PROBLEM_COUNT: Text = Text::new("{} 个问题", "{} problems");
pub const UNSAVED: Text = Text::new("有未保存的更改", "Unsaved changes");
pub const UNKNOWN_AUTHOR: Text = Text::new("（未记录）", "(not recorded)");
pub const READ_ONLY_VERSION: Text = Text::new(
    "你正在查看第 {} 版（只读）；最新为第 {} 版。",
    "You are looking at version {} (read-only); the latest is version {}.",
);
pub const OPEN_LATEST: Text = Text::new("打开最新版本", "Open the latest version");

// The palette.
pub const PALETTE: Text = Text::new("控件", "Widgets");
pub const PALETTE_HINT: Text = Text::new(
    "拖到画布上，或点击（回车）添加到选中字段之后。",
    "Drag onto the canvas, or click (Enter) to add after the chosen field.",
);
pub const ADD_HINT: Text = Text::new(
    "点击添加，或拖到画布上",
    "Click to add, or drag onto the canvas",
);
pub const GROUP_BASIC: Text = Text::new("基础", "Basic");
pub const GROUP_CHOICE: Text = Text::new("选择", "Choices");
pub const GROUP_TIME: Text = Text::new("日期时间", "Date and time");
pub const GROUP_FILES: Text = Text::new("上传与签名", "Files and signatures");
pub const GROUP_LAYOUT: Text = Text::new("布局", "Layout");
pub const W_INPUT: Text = Text::new("单行文本", "Text");
pub const W_TEXTAREA: Text = Text::new("多行文本", "Paragraph");
pub const W_NUMBER: Text = Text::new("数字", "Number");
pub const W_AMOUNT: Text = Text::new("金额", "Amount");
pub const W_SWITCH: Text = Text::new("开关", "Switch");
pub const W_RATE: Text = Text::new("评分", "Rating");
pub const W_SLIDER: Text = Text::new("滑块", "Slider");
pub const W_COLOR: Text = Text::new("颜色", "Colour");
pub const W_SELECT: Text = Text::new("下拉选择", "Drop-down");
pub const W_RADIO: Text = Text::new("单选框组", "Radio buttons");
pub const W_CHECKBOX: Text = Text::new("多选框组", "Check boxes");
pub const W_CASCADER: Text = Text::new("级联选择", "Cascader");
pub const W_USER_PICKER: Text = Text::new("人员选择", "User picker");
pub const W_DEPT_PICKER: Text = Text::new("部门选择", "Department picker");
pub const W_DATE: Text = Text::new("日期", "Date");
pub const W_DATE_RANGE: Text = Text::new("日期范围", "Date range");
pub const W_TIME: Text = Text::new("时间", "Time");
pub const W_TIME_RANGE: Text = Text::new("时间范围", "Time range");
pub const W_DATE_TIME: Text = Text::new("日期时间", "Date and time");
pub const W_IMAGE_UPLOAD: Text = Text::new("图片上传", "Picture upload");
pub const W_FILE_UPLOAD: Text = Text::new("附件上传", "File upload");
pub const W_SIGNATURE: Text = Text::new("手写签名", "Signature");
pub const W_RICH_TEXT: Text = Text::new("富文本", "Rich text");
pub const W_GRID: Text = Text::new("栅格布局", "Grid row");
pub const W_TABS: Text = Text::new("标签页", "Tabs");
pub const W_GROUP: Text = Text::new("折叠分组", "Group");
pub const W_SUB_TABLE: Text = Text::new("子表格", "Sub-table");
pub const W_STATIC_TEXT: Text = Text::new("说明文字", "Static text");
pub const W_DIVIDER: Text = Text::new("分割线", "Divider");
pub const OPTION_N: Text = Text::new("选项{}", "Option {}");
pub const TAB_N: Text = Text::new("标签{}", "Tab {}");
pub const COLUMN_N: Text = Text::new("第 {} 列", "Column {}");

// The canvas.
pub const CANVAS: Text = Text::new("画布", "Canvas");
pub const CANVAS_HINT: Text = Text::new(
    "选中字段后：↑↓ 切换，Alt+↑↓ 移动，Delete 删除，Ctrl+D 复制，回车编辑属性。",
    "With a field chosen: ↑↓ to move between fields, Alt+↑↓ to move it, Delete, Ctrl+D to copy, Enter for its properties.",
);
pub const EMPTY_CANVAS: Text = Text::new(
    "把左侧的控件拖到这里，或点击控件添加",
    "Drag widgets here, or click one to add it",
);
pub const EMPTY_SLOT: Text = Text::new(
    "拖入控件，或点此后再点左侧控件",
    "Drop widgets here, or click here and then a widget",
);
pub const EMPTY_FORM: Text = Text::new("这个表单没有字段。", "This form has no fields.");
pub const MOVE_UP: Text = Text::new("上移", "Move up");
pub const MOVE_DOWN: Text = Text::new("下移", "Move down");
pub const DUPLICATE: Text = Text::new("复制", "Duplicate");
pub const DELETE_FIELD: Text = Text::new("删除", "Delete");
pub const RULE_BADGE: Text = Text::new("条件显示", "Conditional");
pub const HAS_RULE: Text = Text::new("按条件显示", "Shown when its rule holds");
pub const ROWS: Text = Text::new("行数 {}", "Rows {}");
pub const SKETCH_TYPE: Text = Text::new("请输入", "Type here");
pub const SKETCH_CHOOSE: Text = Text::new("请选择", "Choose");
pub const SKETCH_DATE: Text = Text::new("选择日期", "Pick a date");
pub const SKETCH_TIME: Text = Text::new("选择时间", "Pick a time");
pub const SKETCH_UPLOAD: Text = Text::new("点击上传", "Upload");

// The property panel.
pub const PROPERTIES: Text = Text::new("属性", "Properties");
pub const NOTHING_CHOSEN: Text = Text::new(
    "在画布上选中一个字段，在这里编辑它的属性。",
    "Choose a field on the canvas to edit its properties here.",
);
pub const SHORTCUTS: Text = Text::new("快捷键", "Keyboard");
pub const KEY_ADD: Text = Text::new(
    "在控件上：添加到选中字段之后",
    "On a widget: add it after the chosen field",
);
pub const KEY_CHOOSE: Text = Text::new(
    "在画布上：选择上一个/下一个字段",
    "On the canvas: choose the previous/next field",
);
pub const KEY_MOVE: Text = Text::new("上移/下移选中的字段", "Move the chosen field up/down");
pub const KEY_DELETE: Text = Text::new("删除选中的字段", "Delete the chosen field");
pub const KEY_DUPLICATE: Text = Text::new("复制选中的字段", "Duplicate the chosen field");
pub const KEY_UNDO: Text = Text::new("撤销/重做", "Undo/redo");
pub const KEY_SAVE: Text = Text::new("保存为新版本", "Save as a new version");
pub const SECTION_BASIC: Text = Text::new("基本", "Basics");
pub const SECTION_RULES: Text = Text::new("校验", "Validation");
pub const SECTION_OPTIONS: Text = Text::new("选项", "Options");
pub const SECTION_WIDGET: Text = Text::new("控件设置", "Widget settings");
pub const SECTION_LINKAGE: Text = Text::new("联动规则", "Rules between fields");
pub const SECTION_PLACE: Text = Text::new("位置", "Place");
pub const P_KEY: Text = Text::new("字段标识", "Key");
pub const KEY_HINT: Text = Text::new(
    "流程变量名和规则里用它；保存后不能再改。",
    "The process variable and rules use it; it cannot change once saved.",
);
pub const KEY_FIXED: Text = Text::new(
    "已保存过的字段标识不能再改（已提交的工单按它保存数据）。",
    "A saved key cannot change (filed work orders keep their values under it).",
);
pub const KEY_BAD: Text = Text::new(
    "以字母或 _ 开头，只含字母、数字和 _，最多 64 个字符",
    "Start with a letter or _, then letters, digits or _, at most 64 characters",
);
pub const KEY_TAKEN: Text = Text::new("另一个字段已使用这个标识", "Another field has this key");
pub const P_LABEL: Text = Text::new("标题", "Label");
pub const P_PLACEHOLDER: Text = Text::new("占位提示", "Placeholder");
pub const P_HELP: Text = Text::new("帮助文字", "Help text");
pub const P_WIDTH: Text = Text::new("宽度", "Width");
pub const WIDTH_FULL: Text = Text::new("整行", "Whole row");
pub const WIDTH_3_4: Text = Text::new("四分之三", "Three quarters");
pub const WIDTH_2_3: Text = Text::new("三分之二", "Two thirds");
pub const WIDTH_HALF: Text = Text::new("半行", "Half");
pub const WIDTH_THIRD: Text = Text::new("三分之一", "One third");
pub const WIDTH_QUARTER: Text = Text::new("四分之一", "One quarter");
pub const P_REQUIRED: Text = Text::new("必填", "Required");
pub const P_DISABLED: Text = Text::new("禁用（只显示）", "Disabled (shown only)");
pub const P_DEFAULT: Text = Text::new("默认值", "Default");
pub const P_DEFAULT_ON: Text = Text::new("默认打开", "On by default");
pub const P_MIN_LEN: Text = Text::new("最少字数", "Fewest characters");
pub const P_MAX_LEN: Text = Text::new("最多字数", "Most characters");
pub const P_MIN_ITEMS: Text = Text::new("最少选择", "Fewest choices");
pub const P_MAX_ITEMS: Text = Text::new("最多选择", "Most choices");
pub const P_PATTERN: Text = Text::new("格式（正则表达式）", "Pattern (regular expression)");
pub const P_PATTERN_MESSAGE: Text = Text::new("格式不符时的提示", "Message when it does not match");
pub const P_MIN: Text = Text::new("最小值", "Minimum");
pub const P_MAX: Text = Text::new("最大值", "Maximum");
pub const P_STEP: Text = Text::new("步长", "Step");
pub const OPTION_SOURCE: Text = Text::new("选项来源", "Where the options come from");
pub const OPTIONS_STATIC: Text = Text::new("固定选项", "A list");
pub const OPTIONS_DICT: Text = Text::new("数据字典", "A dictionary");
pub const P_DICT: Text = Text::new("字典名称", "Dictionary name");
pub const OPTION_LABEL: Text = Text::new("选项名", "Option label");
pub const OPTION_VALUE: Text = Text::new("选项值", "Option value");
pub const ADD_OPTION: Text = Text::new("添加选项", "Add an option");
pub const REMOVE_OPTION: Text = Text::new("删除选项", "Remove option");
pub const P_CASCADER: Text = Text::new("选项树（JSON）", "Option tree (JSON)");
pub const CASCADER_HINT: Text = Text::new(
    "每项 {\"label\", \"value\", \"children\"}，例如 省 › 市 › 区。",
    "Each item {\"label\", \"value\", \"children\"}, e.g. province › city › district.",
);
pub const P_PRECISION: Text = Text::new("小数位数", "Decimal places");
pub const P_UNIT: Text = Text::new("单位", "Unit");
pub const P_CURRENCY: Text = Text::new("币种（ISO 4217）", "Currency (ISO 4217)");
pub const P_MULTIPLE: Text = Text::new("可多选", "Several may be chosen");
pub const P_SEARCHABLE: Text = Text::new("可搜索", "Searchable");
pub const P_STARS: Text = Text::new("星数", "Stars");
pub const P_MAX_FILES: Text = Text::new("最多文件数", "Most files");
pub const P_MAX_SIZE: Text = Text::new("单个文件上限（KB）", "Largest file (KB)");
pub const P_ACCEPT: Text = Text::new(
    "允许的类型（如 .pdf, image/*）",
    "Allowed types (e.g. .pdf, image/*)",
);
pub const P_TEXT: Text = Text::new("说明内容", "Text");
pub const P_COLLAPSED: Text = Text::new("默认折叠", "Starts collapsed");
pub const ADD_COLUMN: Text = Text::new("添加一列", "Add a column");
pub const REMOVE_COLUMN: Text = Text::new("删除第 {} 列", "Remove column {}");
pub const ADD_TAB: Text = Text::new("添加标签", "Add a tab");
pub const REMOVE_TAB: Text = Text::new("删除标签 {}", "Remove tab {}");
pub const P_MIN_ROWS: Text = Text::new("最少行数", "Fewest rows");
pub const P_MAX_ROWS: Text = Text::new("最多行数", "Most rows");
pub const P_TOTALS: Text = Text::new("合计列", "Totals");
pub const NO_NUMBER_COLUMNS: Text = Text::new(
    "子表格里还没有数字或金额列可合计。",
    "The sub-table has no number or amount column to total yet.",
);
pub const P_VISIBLE_WHEN: Text = Text::new("显示条件", "Shown when");
pub const P_REQUIRED_WHEN: Text = Text::new("必填条件", "Required when");
pub const P_COMPUTED: Text = Text::new("计算公式", "Computed as");
pub const LINKAGE_HINT: Text = Text::new(
    "用 ${...} 写表达式，字段按标识引用，例如 ${serviceType == 'paid'}、${price * qty}。",
    "Write expressions as ${...}, naming fields by key, e.g. ${serviceType == 'paid'}, ${price * qty}.",
);
pub const P_PARENT: Text = Text::new("所在位置", "Placed in");
pub const PARENT_ROOT: Text = Text::new("表单", "The form");
pub const PARENT_HINT: Text = Text::new(
    "移到栅格的某一列、某个标签页、分组或子表格里（放在末尾）。",
    "Move it into a grid column, a tab, a group or a sub-table (at the end).",
);

// Preview and JSON.
pub const DESKTOP_PREVIEW: Text = Text::new("桌面宽度预览", "Preview at desktop width");
pub const PHONE_PREVIEW: Text = Text::new("手机宽度预览", "Preview at phone width");
pub const PREVIEW_BLOCKED: Text = Text::new(
    "表单还有 {} 个问题，回到设计视图修正后才能预览。",
    "The form has {} problems; fix them in the design view to preview it.",
);
pub const TRY_CHECK: Text = Text::new("试一下校验", "Try the checks");
pub const CHECK_PASSED: Text = Text::new("校验通过", "All checks pass");
pub const JSON_HINT: Text = Text::new(
    "可直接修改，或粘贴本产品、form-generator（若依）或 form-create 的表单 JSON，然后点“应用”。",
    "Edit it, or paste a form in this product's, form-generator's (RuoYi) or form-create's JSON, then Apply.",
);
pub const JSON_READ_ONLY: Text = Text::new(
    "这个版本的表单 JSON（只读）。",
    "This version's form JSON (read-only).",
);
pub const JSON_APPLY: Text = Text::new("应用", "Apply");
pub const JSON_RESET: Text = Text::new("还原", "Reset");
pub const JSON_APPLIED: Text = Text::new("已应用到画布", "Applied to the canvas");
