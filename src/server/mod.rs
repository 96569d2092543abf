//! Everything that runs only in the server process.

pub mod accounts;
pub mod api;
pub mod background;
pub mod catalog;
pub mod config;
pub mod db;
pub mod directory;
pub mod display_time;
pub mod health;
pub mod http;
pub mod integrations;
pub mod login_throttle;
pub mod names;
pub mod password;
pub mod records;
pub mod response_headers;
pub mod same_origin;
pub mod sessions;
pub mod sign_in_gate;
pub mod state;
pub mod telemetry;
pub mod ui_request;
pub mod workflow;
pub mod workorders;
