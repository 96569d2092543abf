//! Reusable pieces of the interface.

pub mod app_frame;
pub mod client_registry;
pub mod confirm_button;
pub mod error_notice;
pub mod form_field;
pub mod language_switch;
pub mod modal;
pub mod user_menu;
