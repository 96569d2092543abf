//! System management (系统管理).

pub mod users;
