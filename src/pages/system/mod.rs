//! System management (系统管理), administrators only: one file per screen.

pub mod apps;
pub mod categories;
pub mod depts;
pub mod groups;
pub mod services;
pub mod synthesis;
pub mod users;
