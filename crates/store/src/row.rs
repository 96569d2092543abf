//! Reading columns the same way from SQLite and PostgreSQL rows.

use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

/// Typed column access shared by both drivers' rows.
pub(crate) trait Columns {
    /// A TEXT column (NULL as `None`).
    fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error>;
    /// A BIGINT column (NULL as `None`).
    fn int(&self, column: &str) -> Result<Option<i64>, sqlx::Error>;
    /// A BOOLEAN column.
    fn flag(&self, column: &str) -> Result<bool, sqlx::Error>;

    /// A NOT NULL TEXT column.
    fn string(&self, column: &str) -> Result<String, sqlx::Error> {
        Ok(self.text(column)?.unwrap_or_default())
    }

    /// A NOT NULL BIGINT column.
    fn number(&self, column: &str) -> Result<i64, sqlx::Error> {
        Ok(self.int(column)?.unwrap_or_default())
    }
}

macro_rules! columns_for {
    ($row:ty) => {
        impl Columns for $row {
            fn text(&self, column: &str) -> Result<Option<String>, sqlx::Error> {
                self.try_get(column)
            }
            fn int(&self, column: &str) -> Result<Option<i64>, sqlx::Error> {
                self.try_get(column)
            }
            fn flag(&self, column: &str) -> Result<bool, sqlx::Error> {
                self.try_get(column)
            }
        }
    };
}

columns_for!(SqliteRow);
columns_for!(PgRow);
