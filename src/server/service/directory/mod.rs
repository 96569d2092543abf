//! The organisation: users (with department, contact data, groups), departments, groups.

pub mod depts;
pub mod groups;
pub mod users;
