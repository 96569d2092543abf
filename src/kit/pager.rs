//! Moving through the pages of a list: first, previous, next, last and the page size, as
//! links to the list's URL (so Back goes to the previous page, and a page can be shared).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::i18n::{common, use_locale, Text};
use crate::kit::list_query::{list_href, ListQuery, PAGE_SIZES};

/// The pager under a list of `total` rows.
#[component]
pub fn Pager(
    /// Rows in the whole list.
    total: u64,
    /// The list's query (page and size).
    query: Memo<ListQuery>,
) -> impl IntoView {
    let t = use_locale();
    let navigate = use_navigate();
    let size = move || query.with(|q| q.paging.size);
    let page = move || query.with(|q| q.paging.page);
    let pages = move || {
        u32::try_from(total.div_ceil(u64::from(size().max(1))))
            .unwrap_or(u32::MAX)
            .max(1)
    };
    let link = move |to: u32, label: Text, glyph: &'static str| {
        view! {
            <Show
                when=move || to_page(to, page(), pages()).is_some()
                fallback=move || view! { <span class="pager-link disabled" aria-hidden="true">{glyph}</span> }
            >
                <A
                    href=move || list_href(&query.get().on_page(to_page(to, page(), pages()).unwrap_or(1)))
                    attr:class="pager-link"
                    attr:aria-label=move || label.of(t.get())
                    attr:title=move || label.of(t.get())
                >
                    {glyph}
                </A>
            </Show>
        }
    };
    view! {
        <nav class="pager" aria-label=move || common::PAGINATION.of(t.get())>
            <span class="muted pager-summary">{move || common::pager(t.get(), total, page(), pages())}</span>
            <span class="pager-links">
                {link(FIRST, common::FIRST_PAGE, "«")}
                {link(PREV, common::PREV_PAGE, "‹")}
                {link(NEXT, common::NEXT_PAGE, "›")}
                {link(LAST, common::LAST_PAGE, "»")}
            </span>
            <label class="pager-size">
                <span>{move || common::PAGE_SIZE.of(t.get())}</span>
                <select
                    prop:value=move || size().to_string()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            navigate(&list_href(&query.get_untracked().with_size(n)), Default::default());
                        }
                    }
                >
                    {PAGE_SIZES
                        .iter()
                        .map(|n| view! { <option value=n.to_string() selected=move || size() == *n>{n.to_string()}</option> })
                        .collect_view()}
                </select>
            </label>
        </nav>
    }
}

const FIRST: u32 = 0;
const PREV: u32 = 1;
const NEXT: u32 = 2;
const LAST: u32 = 3;

/// Where link `which` goes from `page` of `pages`; `None` when it would stay in place.
fn to_page(which: u32, page: u32, pages: u32) -> Option<u32> {
    let target = match which {
        FIRST => 1,
        PREV => page.saturating_sub(1).max(1),
        NEXT => page.saturating_add(1).min(pages),
        _ => pages,
    };
    (target != page).then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_that_would_stay_in_place_are_disabled() {
        assert_eq!(to_page(FIRST, 1, 5), None);
        assert_eq!(to_page(PREV, 1, 5), None);
        assert_eq!(to_page(NEXT, 1, 5), Some(2));
        assert_eq!(to_page(LAST, 1, 5), Some(5));
        assert_eq!(to_page(NEXT, 5, 5), None);
        assert_eq!(to_page(PREV, 5, 5), Some(4));
        assert_eq!(to_page(LAST, 1, 1), None);
        // A page past the end (rows deleted meanwhile) can go back.
        assert_eq!(to_page(LAST, 9, 5), Some(5));
    }
}
