//! 接口文档: the REST API reference, Swagger UI over `/api-docs/openapi.json`.
//!
//! The viewer is the vendored Swagger UI (no CDN), hosted by the kit's JS-widget host once the
//! page has hydrated. The page is public like the document it shows: integrators of external
//! systems often have app credentials but no account in the web UI.

use leptos::prelude::*;
use serde::Serialize;

use crate::i18n::{api_docs, use_locale};
use crate::kit::js_widget::{JsWidget, Widget, WidgetState};
use crate::kit::page_header::PageHeader;

/// What Swagger UI is given.
#[derive(Debug, Clone, Serialize)]
struct ViewerConfig {
    /// The document to render.
    url: &'static str,
}

/// The API reference page.
#[component]
pub fn ApiDocsPage() -> impl IntoView {
    let t = use_locale();
    let state = RwSignal::new(WidgetState::Loading);
    view! {
        <PageHeader title=api_docs::API_DOCS_TITLE intro=api_docs::API_DOCS_INTRO />
        <p>
            <a href="/api-docs/openapi.json" rel="external">{move || api_docs::API_DOCS_RAW.of(t.get())}</a>
        </p>
        <JsWidget
            widget=Widget::SwaggerUi
            id="swagger-ui"
            class="api-viewer"
            config=Signal::stored(ViewerConfig { url: "/api-docs/openapi.json" })
            state
        />
        {move || match state.get() {
            WidgetState::Loading => {
                view! { <p class="muted" role="status">{move || api_docs::API_DOCS_LOADING.of(t.get())}</p> }.into_any()
            }
            WidgetState::Failed => {
                view! { <p class="api-viewer-failed" role="alert">{move || api_docs::API_DOCS_FAILED.of(t.get())}</p> }.into_any()
            }
            WidgetState::Rendered => ().into_any(),
        }}
    }
}
