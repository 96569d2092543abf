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
pub mod design;
pub mod error;
pub mod i18n;
pub mod kit;
pub mod page_user;
pub mod pages;
pub mod screens;
pub mod server_fns;
pub mod system;
pub mod workorders;

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
    // Asynchronous: a page whose route is split out of the first bundle (`pages::lazy_routes`)
    // hydrates once its code has loaded (`hydrate_body` cannot wait for it).
    wasm_bindgen_futures::spawn_local(async {
        let body = leptos::tachys::dom::body();
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // A marker for people and browser tests: from here on, controls respond.
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
