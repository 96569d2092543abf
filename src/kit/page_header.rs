//! The top of every screen: its title (also the document title), a line saying what it is
//! for, and the screen's main actions.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{use_locale, Text};

/// Heading, document title, intro and actions (the children, right-aligned; below the
/// heading on a phone).
#[component]
pub fn PageHeader(
    /// The screen's name.
    title: Text,
    /// What the screen is for.
    #[prop(optional)]
    intro: Option<Text>,
    /// Buttons for the screen's main actions.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <Title text=move || title.of(t.get()) />
        <header class="page-header">
            <div class="page-heading">
                <h1>{move || title.of(t.get())}</h1>
                {intro.map(|intro| view! { <p class="muted">{move || intro.of(t.get())}</p> })}
            </div>
            {children.map(|actions| view! { <div class="page-actions">{actions()}</div> })}
        </header>
    }
}
