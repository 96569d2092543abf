//! Paging of list queries, shared by the engine's store, the services and the browser: which
//! page to read ([`Paging`]), in which order ([`Sort`]), with which filters ([`ListQuery`],
//! what a list screen keeps in its URL), and one page of rows with the whole list's total
//! ([`Page`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Largest page a list query returns, whatever the client asks for: a bound on memory and
/// response size per request.
pub const MAX_PAGE_SIZE: u32 = 100;

/// Which page of a list to read: page number from 1 and rows per page (1..=[`MAX_PAGE_SIZE`]).
/// Out-of-range values are brought into range rather than refused (page 0 is page 1, a size
/// above the maximum is the maximum), as list clients commonly send `pageSize=1000` to mean
/// "all"; [`Paging::new`] does it, and the query does it again for values built as literals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// Page number, from 1.
    pub page: u32,
    /// Rows per page.
    pub size: u32,
}

impl Default for Paging {
    fn default() -> Self {
        Paging { page: 1, size: 20 }
    }
}

impl Paging {
    /// Page `page` of `size` rows, brought into range.
    pub fn new(page: u32, size: u32) -> Paging {
        Paging {
            page: page.max(1),
            size: size.clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// The SQL `LIMIT`.
    pub fn limit(&self) -> i64 {
        i64::from(Paging::new(self.page, self.size).size)
    }

    /// The SQL `OFFSET`.
    pub fn offset(&self) -> i64 {
        i64::from(Paging::new(self.page, self.size).page - 1) * self.limit()
    }
}

/// One page of a list and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// Rows in the whole list.
    pub total: u64,
}

impl<T> Page<T> {
    /// A page whose total is an SQL `COUNT(*)`.
    pub fn counted(rows: Vec<T>, count: i64) -> Page<T> {
        Page {
            rows,
            total: u64::try_from(count).unwrap_or_default(),
        }
    }
}

/// The order of a list: a column key the list itself names, ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    /// The list's name for the column (not a database column: see [`Sort::pick`]).
    pub key: String,
    /// Largest first.
    pub descending: bool,
}

impl Sort {
    /// What `allowed` maps this key to (e.g. a database column), or `None` for a key the list
    /// does not sort by, which callers treat as the default order: sort keys come from URLs,
    /// so an unknown one is ignored rather than refused, and never reaches SQL as text.
    pub fn pick<'a>(&self, allowed: &[(&str, &'a str)]) -> Option<&'a str> {
        allowed
            .iter()
            .find(|(key, _)| *key == self.key)
            .map(|(_, target)| *target)
    }
}

/// What a list screen asks for: a page, an order and filters by name. The browser keeps it in
/// the URL (`?page=2&size=50&sort=created&order=desc&keyword=li`), so a list can be
/// bookmarked, shared and reloaded as it is; each list reads the filters it knows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// Page number and size.
    pub paging: Paging,
    /// Order; `None` is the list's default.
    pub sort: Option<Sort>,
    /// Filters by name; empty values are left out.
    pub filters: BTreeMap<String, String>,
}

/// URL parameters [`ListQuery`] uses itself; every other parameter is a filter.
const RESERVED: [&str; 4] = ["page", "size", "sort", "order"];

impl ListQuery {
    /// Reads a list query from URL parameters. Values out of range are brought into range
    /// (see [`Paging`]); a page size that is not a number is the default.
    pub fn from_params<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> ListQuery {
        let mut query = ListQuery::default();
        let (mut page, mut size) = (1, Paging::default().size);
        let mut descending = false;
        for (name, value) in params {
            match name {
                "page" => page = value.parse().unwrap_or(1),
                "size" => size = value.parse().unwrap_or(size),
                "sort" if !value.is_empty() => {
                    query.sort = Some(Sort {
                        key: value.to_owned(),
                        descending: false,
                    })
                }
                "order" => descending = value == "desc",
                _ if RESERVED.contains(&name) => {}
                _ => {
                    let value = value.trim();
                    if !value.is_empty() {
                        query.filters.insert(name.to_owned(), value.to_owned());
                    }
                }
            }
        }
        if let Some(sort) = &mut query.sort {
            sort.descending = descending;
        }
        query.paging = Paging::new(page, size);
        query
    }

    /// The URL parameters, defaults left out, in a stable order.
    pub fn to_params(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .filters
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(sort) = &self.sort {
            out.push(("sort".into(), sort.key.clone()));
            if sort.descending {
                out.push(("order".into(), "desc".into()));
            }
        }
        if self.paging.size != Paging::default().size {
            out.push(("size".into(), self.paging.size.to_string()));
        }
        if self.paging.page > 1 {
            out.push(("page".into(), self.paging.page.to_string()));
        }
        out
    }

    /// The filter `name`, if set.
    pub fn filter(&self, name: &str) -> Option<&str> {
        self.filters.get(name).map(String::as_str)
    }

    /// This query on page `page`.
    pub fn on_page(&self, page: u32) -> ListQuery {
        let mut next = self.clone();
        next.paging = Paging::new(page, self.paging.size);
        next
    }

    /// This query with `size` rows a page, from the first page.
    pub fn with_size(&self, size: u32) -> ListQuery {
        let mut next = self.clone();
        next.paging = Paging::new(1, size);
        next
    }

    /// This query sorted by `key`: ascending first, descending when it already was ascending
    /// by `key`, from the first page.
    pub fn sorted_by(&self, key: &str) -> ListQuery {
        let mut next = self.on_page(1);
        let descending = matches!(&self.sort, Some(s) if s.key == key && !s.descending);
        next.sort = Some(Sort {
            key: key.to_owned(),
            descending,
        });
        next
    }
}

impl<T> Page<T> {
    /// The number of pages of `size` rows (at least 1, so an empty list has page 1 of 1).
    pub fn page_count(&self, size: u32) -> u32 {
        let size = u64::from(size.max(1));
        u32::try_from(self.total.div_ceil(size))
            .unwrap_or(u32::MAX)
            .max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_brought_into_range() {
        let p = Paging::new(0, 1000);
        assert_eq!((p.limit(), p.offset()), (100, 0));
        let p = Paging::new(3, 20);
        assert_eq!((p.limit(), p.offset()), (20, 40));
        assert_eq!(Paging::new(1, 0).limit(), 1);
        let literal = Paging { page: 0, size: 500 };
        assert_eq!((literal.limit(), literal.offset()), (100, 0));
    }

    #[test]
    fn a_list_query_round_trips_through_the_url() {
        let query = ListQuery::from_params([
            ("page", "3"),
            ("size", "50"),
            ("sort", "created"),
            ("order", "desc"),
            ("keyword", " li "),
            ("status", ""),
        ]);
        assert_eq!(query.paging, Paging { page: 3, size: 50 });
        assert_eq!(query.filter("keyword"), Some("li"));
        assert_eq!(query.filter("status"), None, "empty filters are left out");
        assert_eq!(
            query.sort,
            Some(Sort {
                key: "created".into(),
                descending: true
            })
        );
        let params = query.to_params();
        let again = ListQuery::from_params(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(again, query);
        assert!(ListQuery::default().to_params().is_empty());
    }

    #[test]
    fn bad_url_values_fall_back_to_defaults() {
        let query = ListQuery::from_params([("page", "x"), ("size", "-1"), ("order", "desc")]);
        assert_eq!(query.paging, Paging::default());
        assert_eq!(query.sort, None, "an order without a key sorts nothing");
        let huge = ListQuery::from_params([("size", "100000")]);
        assert_eq!(huge.paging.size, MAX_PAGE_SIZE);
    }

    #[test]
    fn sorting_toggles_and_returns_to_the_first_page() {
        let q = ListQuery::default().on_page(4);
        let asc = q.sorted_by("name");
        assert_eq!(asc.paging.page, 1);
        assert!(!asc.sort.as_ref().unwrap().descending);
        let desc = asc.sorted_by("name");
        assert!(desc.sort.as_ref().unwrap().descending);
        assert!(!desc.sorted_by("name").sort.unwrap().descending);
        assert!(!desc.sorted_by("other").sort.unwrap().descending);
        assert_eq!(q.with_size(50).paging, Paging { page: 1, size: 50 });
    }

    #[test]
    fn unknown_sort_keys_map_to_nothing() {
        let allowed = [("name", "u.nick_name"), ("created", "u.created_at")];
        let sort = |key: &str| Sort {
            key: key.into(),
            descending: false,
        };
        assert_eq!(sort("name").pick(&allowed), Some("u.nick_name"));
        assert_eq!(sort("password_hash").pick(&allowed), None);
    }

    #[test]
    fn page_counts() {
        let page = |total| Page::<()> {
            rows: vec![],
            total,
        };
        assert_eq!(page(0).page_count(20), 1);
        assert_eq!(page(20).page_count(20), 1);
        assert_eq!(page(21).page_count(20), 2);
    }
}
