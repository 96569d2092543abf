//! 工单大厅 screens.

pub mod start;
