//! Unified Work Order Center (统一工单中心): the web application.
//!
//! One crate, two builds: with `ssr` it is the server (axum, sqlx, sessions); with `hydrate`
//! it is the browser bundle that takes over the server-rendered pages.

// Leptos view types nest deeply (a page inside the frame); the wasm build computes their
// layouts past the default limit of 128.
#![recursion_limit = "256"]

pub mod account;
pub mod app;
#[cfg(feature = "ssr")]
pub mod cli;
pub mod components;
pub mod error;
pub mod i18n;
pub mod kit;
pub mod page_user;
pub mod pages;
pub mod screens;
pub mod server_fns;
pub mod system;

#[cfg(feature = "ssr")]
pub mod server;

/// Runs the same code against whichever pool a `Db` holds (see `woc_store::db`).
#[cfg(feature = "ssr")]
pub use woc_store::with_pool;

/// Browser entry point: attaches the app to the server-rendered HTML.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // A server function that redirects (sign-in, sign-out) changes whose page this is: the
    // browser loads the target afresh instead of the router moving inside the old app, so
    // the new page renders with its own user (see `page_user`). Set before the router sets
    // its own hook, which then does nothing.
    let _ = server_fn::redirect::set_redirect_hook(|location: &str| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().assign(location);
        }
    });
    leptos::mount::hydrate_body(app::App);
    // A marker for people and browser tests: from here on, controls respond.
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
