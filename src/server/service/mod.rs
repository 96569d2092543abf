//! The services: every use case of the platform, over the database and the engine's store.
//! The REST API (`api/`) and the browser's server functions (`server_fns/`) are adapters
//! over them; nothing here knows either.

pub mod accounts;
pub mod actor;
pub mod attachments;
pub mod catalog;
pub mod directory;
pub mod error;
pub mod integrations;
pub mod login_throttle;
pub mod names;
pub mod workflow;
pub mod workorders;
