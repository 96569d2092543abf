//! The screen of a list of records: header with the create button, the last failure of a
//! row action, then the list (filters, table, pager) in a card.

use leptos::prelude::*;

use crate::error::UiError;
use crate::i18n::{use_locale, Text};
use crate::kit::async_view::ActionError;
use crate::kit::page_header::PageHeader;

/// Header, create button, row-action error and the list (the children).
#[component]
pub fn RecordScreen(
    /// The screen's name.
    title: Text,
    /// What the screen is for.
    intro: Text,
    /// The create button's text (新建部门).
    create: Text,
    /// Opens the create dialog.
    on_create: Callback<()>,
    /// The last failure of a row action (delete, disable).
    #[prop(into)]
    error: Signal<Option<UiError>>,
    children: Children,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <PageHeader title intro>
            <button type="button" class="button primary" on:click=move |_| on_create.run(())>
                {move || create.of(t.get())}
            </button>
        </PageHeader>
        <section class="card">
            <ActionError error />
            {children()}
        </section>
    }
}
