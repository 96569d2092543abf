//! How a failed request shows inside a page.

use leptos::prelude::*;

use crate::error::UiError;
use crate::i18n::{errors, use_locale};

/// A calm error panel; an ended session offers the way back to the login page.
#[component]
pub fn ErrorNotice(error: UiError) -> impl IntoView {
    let t = use_locale();
    let signed_out = error == UiError::Unauthenticated;
    let message = error.clone();
    view! {
        <div class="notice notice-error" role="alert">
            <strong>{move || errors::ERR_TITLE.of(t.get())}</strong>
            <p>{move || message.message(t.get())}</p>
            <Show when=move || signed_out>
                <a class="button primary" href="/login" rel="external">{move || errors::LOGIN_AGAIN.of(t.get())}</a>
            </Show>
        </div>
    }
}
