//! One module per screen.

pub mod api_docs;
pub mod design;
pub mod forbidden;
pub mod home;
pub mod lazy_routes;
pub mod login;
pub mod not_found;
pub mod system;
pub mod workorders;
