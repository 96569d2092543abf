//! The filters above a list: a search form whose fields are URL parameters. Submitting
//! navigates to the list with the filters (from page 1, keeping page size and order), so the
//! filtered list can be bookmarked, and it works before the page has hydrated too (a plain
//! GET form).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_location;

use crate::i18n::{common, use_locale, Text};
use crate::kit::list_query::{href, ListQuery};

/// The filter form; the children are its fields ([`FilterText`], [`FilterSelect`]).
#[component]
pub fn FilterBar(
    /// The list's query (its page size and order are kept).
    query: Memo<ListQuery>,
    children: Children,
) -> impl IntoView {
    let t = use_locale();
    let path = use_location().pathname;
    // Reset keeps the page size and order, drops the filters.
    let reset = move || {
        let mut q = query.get();
        q.filters.clear();
        href(&path.get(), &q.on_page(1))
    };
    view! {
        <Form
            method="get"
            action=move || path.get()
            on_form_data=Arc::new(drop_empty)
            attr:class="filter-bar"
            attr:role="search"
        >
            <div class="filter-fields">{children()}</div>
            {move || {
                query.with(|q| {
                    let size = (q.paging.size != woc_paging::Paging::default().size)
                        .then(|| view! { <input type="hidden" name="size" value=q.paging.size.to_string() /> });
                    let sort = q.sort.as_ref().map(|s| {
                        view! {
                            <input type="hidden" name="sort" value=s.key.clone() />
                            <input type="hidden" name="order" value=if s.descending { "desc" } else { "asc" } />
                        }
                    });
                    (size, sort)
                })
            }}
            <div class="filter-actions">
                <button type="submit" class="button primary">{move || common::SEARCH.of(t.get())}</button>
                <A href=reset attr:class="button">{move || common::RESET.of(t.get())}</A>
            </div>
        </Form>
    }
}

/// Leaves filters that are not set out of the URL (`?keyword=li`, not `?keyword=li&dept=`).
fn drop_empty(data: &leptos::web_sys::FormData) {
    let mut empty = Vec::new();
    let keys = data.keys();
    while let Ok(next) = keys.next() {
        if next.done() {
            break;
        }
        if let Some(name) = next.value().as_string() {
            if data
                .get(&name)
                .as_string()
                .is_some_and(|v| v.trim().is_empty())
            {
                empty.push(name);
            }
        }
    }
    for name in empty {
        data.delete(&name);
    }
}

/// A text filter (matched as the list defines: usually "contains").
#[component]
pub fn FilterText(
    /// URL parameter name.
    name: &'static str,
    /// Label.
    label: Text,
    /// The list's query, for the current value.
    query: Memo<ListQuery>,
) -> impl IntoView {
    let t = use_locale();
    view! {
        <label class="filter">
            <span class="filter-label">{move || label.of(t.get())}</span>
            <input
                type="search"
                name=name
                autocomplete="off"
                prop:value=move || query.with(|q| q.filter(name).unwrap_or_default().to_owned())
            />
        </label>
    }
}

/// A filter with fixed choices; its first option, 全部, sets nothing.
#[component]
pub fn FilterSelect(
    /// URL parameter name.
    name: &'static str,
    /// Label.
    label: Text,
    /// The list's query, for the current value.
    query: Memo<ListQuery>,
    /// Value and label of each choice, in the current language.
    #[prop(into)]
    options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let t = use_locale();
    let current = move || query.with(|q| q.filter(name).unwrap_or_default().to_owned());
    view! {
        <label class="filter">
            <span class="filter-label">{move || label.of(t.get())}</span>
            <select name=name prop:value=current>
                <option value="">{move || common::ALL_OPTION.of(t.get())}</option>
                {move || {
                    let chosen = current();
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = value == chosen;
                            view! { <option value=value selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
    }
}
