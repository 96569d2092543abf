//! What every record-keeping service (directory, integrations, catalog) shares: the page
//! window of list queries.

pub use crate::account::Page;

/// Largest page a list query returns, whatever the client asks for: a bound on memory and
/// response size per request.
pub const MAX_PAGE_SIZE: u32 = 100;

/// A window over a list: page number (from 1) and size (1..=[`MAX_PAGE_SIZE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: u32,
    size: u32,
}

impl PageRequest {
    /// Page `page` of `size` rows; out-of-range values are brought into range rather than
    /// refused, as list clients commonly send `pageSize=1000` to mean "all".
    pub fn new(page: u32, size: u32) -> PageRequest {
        PageRequest {
            page: page.max(1),
            size: size.clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// SQL `LIMIT`.
    pub fn limit(self) -> i64 {
        i64::from(self.size)
    }

    /// SQL `OFFSET`.
    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.size)
    }
}

/// Hex text of bytes (tokens, ids).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped() {
        let p = PageRequest::new(0, 1000);
        assert_eq!((p.limit(), p.offset()), (100, 0));
        let p = PageRequest::new(3, 20);
        assert_eq!((p.limit(), p.offset()), (20, 40));
        assert_eq!(PageRequest::new(1, 0).limit(), 1);
    }

    #[test]
    fn hex_is_lowercase_pairs() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
