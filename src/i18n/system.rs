//! 系统管理: users, departments, groups, applications, services, categories, 综合分类.

use super::Text;

pub const USERS_TITLE: Text = Text::new("用户管理", "Users");
pub const USERS_INTRO: Text = Text::new("系统中的全部账号。", "Every account in the system.");
pub const COL_USERNAME: Text = Text::new("用户名", "Username");
pub const COL_NICK_NAME: Text = Text::new("姓名", "Name");
pub const COL_ROLE: Text = Text::new("角色", "Role");
pub const USERS_NEW: Text = Text::new("新建用户", "New user");
pub const USERS_EDIT: Text = Text::new("编辑用户", "Edit user");
pub const USERNAME_HINT: Text = Text::new(
    "字母、数字及 _ . - @，创建后不可修改",
    "Letters, digits and _ . - @; cannot be changed later",
);
pub const PASSWORD_HINT: Text = Text::new("至少 8 个字符", "At least 8 characters");
pub const PASSWORD_KEEP_HINT: Text = Text::new(
    "留空则不修改密码",
    "Leave empty to keep the current password",
);
pub const FIELD_DEPT: Text = Text::new("部门", "Department");
pub const FIELD_GROUPS: Text = Text::new("用户组", "Groups");
pub const COL_DEPT: Text = Text::new("部门", "Department");
pub const COL_GROUPS: Text = Text::new("用户组", "Groups");
pub const NO_GROUPS_YET: Text = Text::new("还没有用户组", "No groups yet");
pub const DEPTS_TITLE: Text = Text::new("部门管理", "Departments");
pub const DEPTS_INTRO: Text = Text::new(
    "组织架构与部门负责人；流程可按部门负责人分派任务。",
    "The organisation and its leaders; processes can assign tasks to a department's leader.",
);
pub const DEPTS_NEW: Text = Text::new("新建部门", "New department");
pub const DEPTS_EDIT: Text = Text::new("编辑部门", "Edit department");
pub const FIELD_PARENT_DEPT: Text = Text::new("上级部门", "Parent department");
pub const FIELD_LEADER: Text = Text::new("负责人", "Leader");
pub const COL_LEADER: Text = Text::new("负责人", "Leader");
pub const GROUPS_TITLE: Text = Text::new("用户组", "Groups");
pub const GROUPS_INTRO: Text = Text::new(
    "流程中的候选组（candidateGroups）按标识引用用户组。",
    "Processes name groups by key in candidateGroups.",
);
pub const GROUPS_NEW: Text = Text::new("新建用户组", "New group");
pub const GROUPS_EDIT: Text = Text::new("编辑用户组", "Edit group");
pub const FIELD_KEY: Text = Text::new("标识", "Key");
pub const KEY_HINT: Text = Text::new("字母、数字、_ 和 -", "Letters, digits, _ and -");
pub const FIELD_MEMBERS: Text = Text::new("成员", "Members");
pub const COL_KEY: Text = Text::new("标识", "Key");
pub const COL_MEMBERS: Text = Text::new("成员", "Members");
pub const APPS_TITLE: Text = Text::new("应用管理", "Applications");
pub const APPS_INTRO: Text = Text::new(
    "调用开放接口的前端应用，凭 appID 和密钥访问。",
    "Front-end applications that call the API with an appID and a secret.",
);
pub const APPS_REGISTER: Text = Text::new("注册应用", "Register application");
pub const SERVICES_TITLE: Text = Text::new("服务管理", "Services");
pub const SERVICES_INTRO: Text = Text::new(
    "调用开放接口的后端服务，凭 serverID 和密钥访问。",
    "Back-end services that call the API with a serverID and a secret.",
);
pub const SERVICES_REGISTER: Text = Text::new("注册服务", "Register service");
pub const COL_CLIENT_ID: Text = Text::new("ID", "ID");
pub const SECRET_TITLE: Text = Text::new("请立即保存密钥", "Save the secret now");
pub const SECRET_WARNING: Text = Text::new("密钥只显示这一次，关闭后无法再次查看。请复制并妥善保存；如果遗失，只能删除后重新注册。", "The secret is shown this once and cannot be seen again after closing. Copy it and keep it safe; if it is lost, delete the registration and register again.");
pub const SECRET_LABEL: Text = Text::new("密钥", "Secret");
pub const SECRET_SAVED: Text = Text::new("我已保存密钥", "I have saved the secret");
pub const CATEGORIES_TITLE: Text = Text::new("工单分类", "Categories");
pub const CATEGORIES_INTRO: Text = Text::new(
    "流程定义按编码归入分类。",
    "Process definitions are filed under a category's code.",
);
pub const CATEGORIES_NEW: Text = Text::new("新建分类", "New category");
pub const CATEGORIES_EDIT: Text = Text::new("编辑分类", "Edit category");
pub const FIELD_CODE: Text = Text::new("编码", "Code");
pub const COL_CODE: Text = Text::new("编码", "Code");
pub const SYNTHESIS_TITLE: Text = Text::new("综合分类", "Composite categories");
pub const SYNTHESIS_INTRO: Text = Text::new(
    "对接系统浏览的工单分类树。",
    "The tree of work-order categories that integrated systems browse.",
);
pub const SYNTHESIS_NEW: Text = Text::new("新建综合分类", "New composite category");
pub const SYNTHESIS_EDIT: Text = Text::new("编辑综合分类", "Edit composite category");
pub const FIELD_PARENT_NODE: Text = Text::new("上级分类", "Parent category");
pub const LIST_LIMIT_NOTE: Text = Text::new("仅显示前 100 条。", "Only the first 100 are shown.");
