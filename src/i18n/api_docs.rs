//! 接口文档, the API reference page.

use super::Text;

pub const API_DOCS_TITLE: Text = Text::new("接口文档", "API reference");
pub const API_DOCS_INTRO: Text = Text::new("外部系统通过 REST 接口驱动工单中心。应用调用需带请求头 requestType: app、appID、secretKey、accessToken 和 Authorization；服务调用带 requestType: service、serverID、secretKey、accessToken。", "External systems drive the work order center over this REST API. Apps send the headers requestType: app, appID, secretKey, accessToken and Authorization; services send requestType: service, serverID, secretKey, accessToken.");
pub const API_DOCS_RAW: Text = Text::new("OpenAPI 文档（JSON）", "OpenAPI document (JSON)");
pub const API_DOCS_LOADING: Text = Text::new("正在加载接口文档…", "Loading the API reference…");
pub const API_DOCS_FAILED: Text = Text::new(
    "接口文档查看器未能加载，请直接阅读 JSON 文档。",
    "The API viewer could not be loaded; read the JSON document instead.",
);
