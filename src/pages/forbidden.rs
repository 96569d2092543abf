//! The 403 page, inside the frame: shown instead of a screen the user may not open.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{frame, use_locale};

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
    let t = use_locale();
    view! {
        <Title text=move || frame::FORBIDDEN_TITLE.of(t.get()) />
        <section class="empty-state">
            <p class="empty-code" aria-hidden="true">"403"</p>
            <h1>{move || frame::FORBIDDEN_TITLE.of(t.get())}</h1>
            <p class="muted">{move || frame::FORBIDDEN_BODY.of(t.get())}</p>
            <a class="button primary" href="/">{move || frame::BACK_HOME.of(t.get())}</a>
        </section>
    }
}
