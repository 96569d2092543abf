//! 接口文档: the REST API reference, Swagger UI over `/api-docs/openapi.json`.
//!
//! The viewer is a vendored JavaScript bundle (no CDN); the page renders its frame on the
//! server and, once hydrated, inserts `/api-reference.js`, which loads the bundle and renders
//! into `#swagger-ui`. The page is public like the document it shows: integrators of external
//! systems often have app credentials but no account in the web UI.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{api_docs, use_locale};

/// Where the viewer is mounted; `public/api-reference.js` looks it up by this id.
const VIEWER_ID: &str = "swagger-ui";

/// The API reference page.
#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let t = use_locale();
    // Effects run only in the browser, after hydration, so the viewer never changes markup
    // that hydration still has to match.
    Effect::new(|_| load_viewer());
    view! {
        <Title text=move || api_docs::API_DOCS_TITLE.of(t.get()) />
        <section class="page api-docs">
            <header class="page-header">
                <h1>{move || api_docs::API_DOCS_TITLE.of(t.get())}</h1>
            </header>
            <p class="muted">{move || api_docs::API_DOCS_INTRO.of(t.get())}</p>
            <p>
                <a href="/api-docs/openapi.json" rel="external">{move || api_docs::API_DOCS_RAW.of(t.get())}</a>
            </p>
            <div id=VIEWER_ID class="api-viewer"></div>
            <p class="muted api-viewer-loading">{move || api_docs::API_DOCS_LOADING.of(t.get())}</p>
            <p class="api-viewer-failed" role="alert">{move || api_docs::API_DOCS_FAILED.of(t.get())}</p>
        </section>
    }
}

/// Inserts the viewer's script anew (a script element runs once, when inserted), dropping the
/// one a previous visit of the page left behind.
fn load_viewer() {
    #[cfg(feature = "hydrate")]
    {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Ok(Some(old)) = document.query_selector("script[data-api-reference]") {
            old.remove();
        }
        let (Ok(script), Some(body)) = (document.create_element("script"), document.body()) else {
            return;
        };
        let _ = script.set_attribute("src", "/api-reference.js");
        let _ = script.set_attribute("data-api-reference", "");
        let _ = body.append_child(&script);
    }
}
