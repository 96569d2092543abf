//! The UI kit every screen is built from: page header, async view, data table with a pager
//! and filter bar whose state lives in the URL, record dialogs with field errors, tree table
//! and tree select, confirm buttons, modal dialogs, and the host for vendored JavaScript
//! widgets. Screens compose these; they do not copy them.

pub mod async_view;
pub mod confirm_button;
pub mod data_table;
pub mod error_notice;
pub mod filter_bar;
pub mod form_field;
pub mod form_view;
pub mod icon;
pub mod js_widget;
pub mod list_query;
pub mod modal;
pub mod page_header;
pub mod pager;
pub mod record_dialog;
pub mod record_screen;
pub mod tree_select;
