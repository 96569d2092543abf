//! The one-click switch between Chinese and English.

use leptos::prelude::*;

use crate::i18n::{remember_locale, use_locale, use_texts};

/// A button naming the other language; switching re-renders every text in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let t = use_texts();
    view! {
        <button
            type="button"
            class="lang-switch"
            title=move || t.get().switch_language
            aria-label=move || format!("{}: {}", t.get().switch_language, t.get().other_language_name)
            on:click=move |_| {
                let next = locale.get_untracked().other();
                locale.set(next);
                remember_locale(next);
            }
        >
            <span aria-hidden="true" class="lang-icon">"文"</span>
            <span>{move || t.get().other_language_name}</span>
        </button>
    }
}
