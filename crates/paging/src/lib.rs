//! Paging of list queries, shared by the engine's store, the services and the browser: which
//! page to read ([`Paging`]) and one page of rows with the whole list's total ([`Page`]).

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
}
