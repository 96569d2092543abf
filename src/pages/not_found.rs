//! The 404 page, inside the frame.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::use_texts;

/// Tells the user the page does not exist and answers HTTP 404 on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    let t = use_texts();
    view! {
        <Title text=move || t.get().not_found_title />
        <section class="empty-state">
            <p class="empty-code" aria-hidden="true">"404"</p>
            <h1>{move || t.get().not_found_title}</h1>
            <p class="muted">{move || t.get().not_found_body}</p>
            <a class="button primary" href="/">{move || t.get().back_home}</a>
        </section>
    }
}
