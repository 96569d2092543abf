//! SQL statements built as data (text + arguments), so the domain modules write their SQL
//! once and one place binds and runs it on whichever driver the pool holds.

use sqlx::{Database, Encode, Type};

/// Most rows one multi-row INSERT carries; keeps well under SQLite's parameter limit.
const ROWS_PER_INSERT: usize = 200;

/// One argument, typed so a NULL keeps its column type on PostgreSQL.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
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
pub struct Statement {
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

    /// The table a plain `INSERT INTO t ...` or `DELETE FROM t ...` writes.
    pub fn table(&self) -> Option<&str> {
        let rest = self
            .sql
            .strip_prefix("INSERT INTO ")
            .or_else(|| self.sql.strip_prefix("DELETE FROM "))?;
        rest.split([' ', '(']).next()
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

/// Joins statements into one round trip (`None` for none), renumbering their placeholders:
/// PostgreSQL prepares one statement only, so they travel as `WITH w0 AS (a), w1 AS (b) c`
/// (for statements that do not depend on each other's rows within the batch).
pub(crate) fn batch(statements: Vec<Statement>) -> Option<Statement> {
    if statements.len() <= 1 {
        return statements.into_iter().next();
    }
    let last = statements.len() - 1;
    let mut joined = Statement::default();
    for (i, statement) in statements.into_iter().enumerate() {
        let sql = renumbered(&statement.sql, joined.args.len());
        match i {
            0 => joined.sql = format!("WITH w0 AS ({sql})"),
            i if i < last => joined.sql.push_str(&format!(", w{i} AS ({sql})")),
            _ => {
                joined.sql.push(' ');
                joined.sql.push_str(&sql);
            }
        }
        joined.args.extend(statement.args);
    }
    Some(joined)
}

/// `sql` with every `$n` placeholder moved up by `offset` (our SQL has no `$` elsewhere).
fn renumbered(sql: &str, offset: usize) -> String {
    if offset == 0 {
        return sql.to_string();
    }
    let mut out = String::with_capacity(sql.len() + 16);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '$' {
            continue;
        }
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        match digits.parse::<usize>() {
            Ok(n) => out.push_str(&(n + offset).to_string()),
            Err(_) => out.push_str(&digits),
        }
    }
    out
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
    fn batches_renumber_placeholders() {
        let a = Statement::new("DELETE FROM t WHERE x = $1").arg("a");
        let b = Statement::new("INSERT INTO u (y, z) VALUES ($1, $2)")
            .arg(1)
            .arg(2);
        let c = Statement::new("INSERT INTO v (w) VALUES ($1)").arg(3);
        let cte = batch(vec![a, b, c]).unwrap();
        assert_eq!(
            cte.sql,
            "WITH w0 AS (DELETE FROM t WHERE x = $1), w1 AS (INSERT INTO u (y, z) VALUES ($2, $3)) \
             INSERT INTO v (w) VALUES ($4)"
        );
        assert_eq!(cte.args.len(), 4);
        assert_eq!(renumbered("$1, $12", 10), "$11, $22");
    }

    #[test]
    fn large_batches_are_split() {
        let rows = (0..450).map(|i| vec![Arg::from(i as i64)]).collect();
        let statements = Statement::insert("INSERT INTO t (x) VALUES ", rows);
        assert_eq!(statements.len(), 3);
        assert!(Statement::delete_in("t", "x", &[]).is_empty());
    }

    #[test]
    fn written_tables_are_named() {
        let insert = Statement::new("INSERT INTO task_history (a) VALUES ($1)");
        assert_eq!(insert.table(), Some("task_history"));
        assert_eq!(
            Statement::delete_in("open_tasks", "task_id", &["t".into()])[0].table(),
            Some("open_tasks")
        );
        assert_eq!(Statement::new("UPDATE t SET a = 1").table(), None);
    }
}
