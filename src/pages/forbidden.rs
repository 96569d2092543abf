//! The 403 page, inside the frame: shown instead of a screen the user may not open.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

/// Tells the user they may not open this page and answers HTTP 403 on the server; none of
/// the refused page is rendered.
#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::FORBIDDEN);
        }
    }
    let t = use_texts();
    view! {
        <Title text=move || t.get().forbidden_title />
        <section class="empty-state">
            <p class="empty-code" aria-hidden="true">"403"</p>
            <h1>{move || t.get().forbidden_title}</h1>
            <p class="muted">{move || t.get().forbidden_body}</p>
            <a class="button primary" href="/">{move || t.get().back_home}</a>
        </section>
    }
}
