//! Everything that runs only in the server process.

pub mod api;
pub mod attachment_routes;
pub mod background;
pub mod config;
pub mod db;
pub mod display_time;
pub mod health;
pub mod http;
pub mod metrics;
pub mod password;
pub mod print_route;
pub mod response_headers;
pub mod same_origin;
pub mod service;
pub mod sessions;
pub mod sign_in_gate;
pub mod state;
pub mod telemetry;
pub mod ui_request;
