//! Server functions for the UI, by domain. Thin: they check the caller and call services.
//! Their URLs serve the browser only; the public contract is the REST API.

pub mod auth;
pub mod catalog;
pub mod design;
pub mod directory;
pub mod integrations;
pub mod system;
pub mod workorders;
