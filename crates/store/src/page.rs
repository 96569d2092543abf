//! Paging of list queries: newest first, a page of rows plus the total.

use serde::{Deserialize, Serialize};

/// Which page of a list to return.
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
    /// The SQL `LIMIT`.
    pub(crate) fn limit(&self) -> i64 {
        i64::from(self.size.clamp(1, 1000))
    }

    /// The SQL `OFFSET`.
    pub(crate) fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * self.limit()
    }
}

/// One page of a list and how many rows the whole list has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The rows of this page.
    pub rows: Vec<T>,
    /// Rows in the whole list.
    pub total: u64,
}
