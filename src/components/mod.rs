//! Reusable pieces of the interface.

pub mod app_frame;
pub mod error_notice;
pub mod language_switch;
pub mod user_menu;
