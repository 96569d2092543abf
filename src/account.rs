//! Accounts as the browser sees them.

use serde::{Deserialize, Serialize};

/// The signed-in user, as the shell needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    /// Login name; also the user id that BPMN assignments name (`flowable:assignee="kermit"`).
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Whether the user has the administrator role.
    pub is_admin: bool,
}

/// Facts about the running installation, shown on the home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemInfo {
    /// Crate version of the server.
    pub version: String,
    /// "SQLite" or "PostgreSQL".
    pub database: String,
    /// Number of accounts.
    pub users: i64,
    /// Server start, `yyyy-MM-dd HH:mm:ss` in the server's zone.
    pub started: String,
}
