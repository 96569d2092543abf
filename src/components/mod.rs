//! Parts of this application's frame and screens that are not general enough for the kit.

pub mod app_frame;
pub mod client_registry;
pub mod language_switch;
pub mod user_menu;
