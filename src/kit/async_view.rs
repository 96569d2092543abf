//! Loading and failure, shown the same way everywhere a page waits for data.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::UiError;
use crate::i18n::{common, use_locale};
use crate::kit::error_notice::ErrorNotice;

/// Renders `ok` with the resource's value once loaded; "加载中…" before the first value, the
/// previous content while it reloads (a `Transition`, so a table does not flash empty when a
/// filter changes), and the error notice when loading failed.
#[component]
pub fn AsyncView<T, F, V>(
    /// What to wait for.
    resource: Resource<Result<T, UiError>>,
    /// The view of the loaded value.
    ok: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let t = use_locale();
    view! {
        <Transition fallback=move || view! { <p class="muted loading" role="status">{move || common::LOADING.of(t.get())}</p> }>
            {move || {
                resource.get().map(|loaded| match loaded {
                    Ok(value) => ok(value).into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })
            }}
        </Transition>
    }
}

/// The last failure of an action taken from a list (delete, enable), shown above the list
/// until the next attempt.
#[component]
pub fn ActionError(
    /// The failure, if any.
    #[prop(into)]
    error: Signal<Option<UiError>>,
) -> impl IntoView {
    move || error.get().map(|error| view! { <ErrorNotice error /> })
}
