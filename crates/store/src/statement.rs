//! SQL statements built as data (text + arguments), so the domain modules write their SQL
//! once and one place binds and runs it on whichever driver the pool holds.

use sqlx::{Database, Encode, Type};

/// Most rows one multi-row INSERT carries; keeps well under SQLite's parameter limit.
const ROWS_PER_INSERT: usize = 200;

/// One argument, typed so a NULL keeps its column type on PostgreSQL.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    /// TEXT.
    Text(Option<String>),
    /// BIGINT.
    Int(Option<i64>),
    /// BOOLEAN.
    Bool(bool),
}

impl From<&str> for Arg {
    fn from(value: &str) -> Self {
        Arg::Text(Some(value.to_string()))
    }
}

impl From<String> for Arg {
    fn from(value: String) -> Self {
        Arg::Text(Some(value))
    }
}

impl From<Option<String>> for Arg {
    fn from(value: Option<String>) -> Self {
        Arg::Text(value)
    }
}

impl From<Option<&str>> for Arg {
    fn from(value: Option<&str>) -> Self {
        Arg::Text(value.map(str::to_string))
    }
}

impl From<i64> for Arg {
    fn from(value: i64) -> Self {
        Arg::Int(Some(value))
    }
}

impl From<Option<i64>> for Arg {
    fn from(value: Option<i64>) -> Self {
        Arg::Int(value)
    }
}

impl From<bool> for Arg {
    fn from(value: bool) -> Self {
        Arg::Bool(value)
    }
}

/// SQL text with `$n` placeholders and the arguments for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Statement {
    /// The SQL.
    pub sql: String,
    /// Arguments for `$1`, `$2`...
    pub args: Vec<Arg>,
}

impl Statement {
    /// A statement whose placeholders the caller writes itself.
    pub fn new(sql: impl Into<String>) -> Self {
        Statement {
            sql: sql.into(),
            args: Vec::new(),
        }
    }

    /// Adds the argument for the next placeholder already written in the text.
    pub fn arg(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Appends SQL text.
    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.sql.push_str(sql);
        self
    }

    /// Appends a placeholder for `value`.
    pub fn param(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.args.push(value.into());
        self.sql.push('$');
        self.sql.push_str(&self.args.len().to_string());
        self
    }

    /// Appends `(p1, p2, ...)` for a non-empty list.
    pub fn list<T: Into<Arg>>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self {
        self.push("(");
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.param(value);
        }
        self.push(")")
    }

    /// Multi-row INSERTs (`head` is `INSERT INTO t (a, b) VALUES `), one per chunk of rows.
    pub fn insert(head: &str, rows: Vec<Vec<Arg>>) -> Vec<Statement> {
        rows.chunks(ROWS_PER_INSERT)
            .map(|chunk| {
                let mut statement = Statement::new(head);
                for (i, row) in chunk.iter().enumerate() {
                    if i > 0 {
                        statement.push(", ");
                    }
                    statement.list(row.iter().cloned());
                }
                statement
            })
            .collect()
    }

    /// `DELETE FROM table WHERE column IN (...)`, nothing for no keys.
    pub fn delete_in(table: &str, column: &str, keys: &[String]) -> Vec<Statement> {
        keys.chunks(ROWS_PER_INSERT)
            .map(|chunk| {
                let mut statement =
                    Statement::new(format!("DELETE FROM {table} WHERE {column} IN "));
                statement.list(chunk.iter().map(String::as_str));
                statement
            })
            .collect()
    }
}

/// The statement as an sqlx query with its arguments bound, for either driver.
pub(crate) fn query<'q, DB>(
    statement: &'q Statement,
) -> sqlx::query::Query<'q, DB, <DB as Database>::Arguments<'q>>
where
    DB: Database,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    let mut query = sqlx::query(&statement.sql);
    for arg in &statement.args {
        query = match arg {
            Arg::Text(text) => query.bind(text.as_deref()),
            Arg::Int(int) => query.bind(*int),
            Arg::Bool(flag) => query.bind(*flag),
        };
    }
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_arguments() {
        let rows = vec![
            vec![Arg::from("a"), Arg::from(1)],
            vec![Arg::from("b"), Arg::Int(None)],
        ];
        let statements = Statement::insert("INSERT INTO t (x, y) VALUES ", rows);
        assert_eq!(statements.len(), 1);
        assert_eq!(
            statements[0].sql,
            "INSERT INTO t (x, y) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(statements[0].args.len(), 4);
    }

    #[test]
    fn large_batches_are_split() {
        let rows = (0..450).map(|i| vec![Arg::from(i as i64)]).collect();
        let statements = Statement::insert("INSERT INTO t (x) VALUES ", rows);
        assert_eq!(statements.len(), 3);
        assert!(Statement::delete_in("t", "x", &[]).is_empty());
    }
}
