//! What every record-keeping service (directory, integrations, catalog) shares: its error type
//! and the page window of list queries.

pub use crate::account::Page;

/// Why a service operation on stored records failed.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// No record with that id.
    #[error("not found")]
    NotFound,
    /// A unique value (named by the API field) is taken.
    #[error("`{0}` already exists")]
    Duplicate(&'static str),
    /// A referenced record (named by the API field) does not exist.
    #[error("`{0}` refers to a missing record")]
    MissingReference(&'static str),
    /// A user named in the request does not exist.
    #[error("user `{0}` not found")]
    UserNotFound(String),
    /// The record is still referenced by others (children, members), so it stays.
    #[error("still in use")]
    InUse,
    /// The change would make a record its own ancestor.
    #[error("`{0}` would create a cycle")]
    Cycle(&'static str),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// Hashing a secret failed.
    #[error("hashing failed: {0}")]
    Hash(String),
}

impl RecordError {
    /// Classifies a failed write: unique and foreign-key violations are the caller's mistake
    /// (reported on `field`), anything else is a database failure.
    pub fn from_write(e: sqlx::Error, field: &'static str) -> RecordError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => RecordError::Duplicate(field),
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                RecordError::MissingReference(field)
            }
            _ => RecordError::Db(e),
        }
    }

    /// Classifies a failed delete: a foreign-key violation means others still point here.
    pub fn from_delete(e: sqlx::Error) -> RecordError {
        match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => RecordError::InUse,
            _ => RecordError::Db(e),
        }
    }
}

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
