//! A list screen's state (page, size, order, filters) lives in the URL, so a list can be
//! bookmarked, shared, reloaded and walked back with the browser's Back button; the
//! [`ListQuery`] it reads is what the list's server function takes.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
pub use woc_paging::ListQuery;

/// Page sizes offered by the pager.
pub const PAGE_SIZES: [u32; 4] = [10, 20, 50, 100];

/// The current list query, from the URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        params.with(|map| ListQuery::from_params(map.into_iter().map(|(k, v)| (k.as_ref(), v))))
    })
}

/// The link to this screen showing `query`.
pub fn list_href(query: &ListQuery) -> String {
    let path = use_location().pathname.get_untracked();
    href(&path, query)
}

/// `path` with `query` as its URL parameters.
pub fn href(path: &str, query: &ListQuery) -> String {
    let params = query.to_params();
    if params.is_empty() {
        return path.to_owned();
    }
    let pairs: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("{path}?{}", pairs.join("&"))
}

/// Percent-encodes a URL parameter (UTF-8 bytes, so Chinese filter text survives).
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_carry_the_query_encoded() {
        let query = ListQuery::from_params([("keyword", "张 三&"), ("page", "2")]);
        assert_eq!(
            href("/system/users", &query),
            "/system/users?keyword=%E5%BC%A0%20%E4%B8%89%26&page=2"
        );
        assert_eq!(
            href("/system/users", &ListQuery::default()),
            "/system/users"
        );
    }
}
