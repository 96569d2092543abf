//! Interface language: Chinese by default, English on request.
//!
//! Texts are constants ([`Text`]) holding every language, one file per screen area
//! (`common`, `frame`, `errors`, `login`, `home`, `api_docs`, `system`, `print`), rather than string
//! keys, so a missing translation is a compile error instead of a blank label. The choice lives in a cookie so the server renders
//! the page in the language the browser will hydrate with.

use leptos::prelude::*;

pub mod api_docs;
pub mod common;
pub mod design;
pub mod errors;
pub mod forms;
pub mod frame;
pub mod home;
pub mod login;
pub mod print;
pub mod system;
pub mod workorders;

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "woc_lang";

/// A supported interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Locale {
    /// Parses a cookie value; anything unknown falls back to Chinese.
    pub fn from_tag(tag: &str) -> Self {
        match tag.trim() {
            "en" | "en-US" | "en-GB" => Locale::En,
            _ => Locale::Zh,
        }
    }

    /// The value stored in the cookie and put in `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Zh => "zh-CN",
            Locale::En => "en",
        }
    }

    /// The other language, for the one-click switch.
    pub fn other(self) -> Self {
        match self {
            Locale::Zh => Locale::En,
            Locale::En => Locale::Zh,
        }
    }

    /// Finds the language in a `Cookie` header value.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .map(|(_, value)| Locale::from_tag(value))
            .unwrap_or_default()
    }
}

/// One text in every language. Each text is written once, with its translations beside it,
/// in the file of the screen area that shows it; a missing translation does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    zh: &'static str,
    en: &'static str,
}

impl Text {
    /// A text in Chinese and English.
    pub const fn new(zh: &'static str, en: &'static str) -> Text {
        Text { zh, en }
    }

    /// The text in `locale`.
    pub fn of(self, locale: Locale) -> &'static str {
        match locale {
            Locale::Zh => self.zh,
            Locale::En => self.en,
        }
    }
}

/// The current language as a signal, provided once by the app.
pub fn use_locale() -> RwSignal<Locale> {
    expect_context::<RwSignal<Locale>>()
}

/// A closure giving `text` in the current language, tracked: a view showing it re-renders
/// when the language changes (`{tr(common::ACT_SAVE)}`).
pub fn tr(text: Text) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || text.of(locale.get())
}

/// The language the request asked for (server) or the page was rendered in (browser).
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Locale::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(all(feature = "hydrate", not(feature = "ssr")))]
    {
        use wasm_bindgen::JsCast;
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
            .and_then(|d| d.cookie().ok())
            .map(|c| Locale::from_cookie_header(&c))
            .unwrap_or_default()
    }
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        Locale::default()
    }
}

/// Remembers the language in the browser for later page loads (a year).
pub fn remember_locale(locale: Locale) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        {
            let cookie = format!(
                "{LANG_COOKIE}={}; path=/; max-age=31536000; samesite=lax",
                locale.tag()
            );
            let _ = doc.set_cookie(&cookie);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = locale;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_the_default() {
        assert_eq!(Locale::from_cookie_header(""), Locale::Zh);
        assert_eq!(Locale::from_cookie_header("other=1"), Locale::Zh);
        assert_eq!(Locale::from_tag("fr"), Locale::Zh);
    }

    #[test]
    fn cookie_selects_english() {
        assert_eq!(
            Locale::from_cookie_header("a=b; woc_lang=en; c=d"),
            Locale::En
        );
        assert_eq!(Locale::from_tag(Locale::En.tag()), Locale::En);
        assert_eq!(Locale::from_tag(Locale::Zh.tag()), Locale::Zh);
    }

    #[test]
    fn switch_goes_both_ways() {
        assert_eq!(Locale::Zh.other(), Locale::En);
        assert_eq!(
            common::APP_NAME.of(Locale::En.other()),
            common::APP_NAME.of(Locale::Zh)
        );
    }
}
