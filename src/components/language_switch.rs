//! The one-click switch between Chinese and English.

use icondata_lu::LuLanguages;
use leptos::prelude::*;

use crate::i18n::{frame, remember_locale, use_locale};
use crate::kit::icon::Icon;

/// A button naming the other language; switching re-renders every text in place.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let t = use_locale();
    view! {
        <button
            type="button"
            class="lang-switch"
            title=move || frame::SWITCH_LANGUAGE.of(t.get())
            aria-label=move || format!("{}: {}", frame::SWITCH_LANGUAGE.of(t.get()), frame::OTHER_LANGUAGE_NAME.of(t.get()))
            on:click=move |_| {
                let next = locale.get_untracked().other();
                locale.set(next);
                remember_locale(next);
            }
        >
            <span class="lang-icon"><Icon icon=LuLanguages /></span>
            <span>{move || frame::OTHER_LANGUAGE_NAME.of(t.get())}</span>
        </button>
    }
}
