//! The database: the pool type lives in the store crate so the engine's tables and the web
//! app's tables share one pool and one migration history.

pub use woc_store::db::*;
