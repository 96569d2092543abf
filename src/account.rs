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

/// One row of the user list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    /// Login name.
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Administrator role.
    pub is_admin: bool,
    /// Disabled accounts cannot sign in.
    pub enabled: bool,
    /// Creation time, `yyyy-MM-dd HH:mm:ss` in the server's zone.
    pub created: String,
}

/// A page of rows and the total number of rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// All rows matching the query.
    pub total: i64,
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
