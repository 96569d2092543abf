//! The 404 page, inside the frame.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{frame, use_locale};

/// Tells the user the page does not exist and answers HTTP 404 on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    let t = use_locale();
    view! {
        <Title text=move || frame::NOT_FOUND_TITLE.of(t.get()) />
        <section class="empty-state">
            <p class="empty-code" aria-hidden="true">"404"</p>
            <h1>{move || frame::NOT_FOUND_TITLE.of(t.get())}</h1>
            <p class="muted">{move || frame::NOT_FOUND_BODY.of(t.get())}</p>
            <a class="button primary" href="/">{move || frame::BACK_HOME.of(t.get())}</a>
        </section>
    }
}
