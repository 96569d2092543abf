//! The one error of the services: why a use case refused or failed, in terms both adapters
//! translate (REST into seed codes, server functions into `UiError`), each in one place.

use std::borrow::Cow;
use std::time::Duration;

use woc_engine::EngineError;
use woc_store::StoreError;

use crate::i18n::{errors, Locale};
use crate::server::service::names::{PasswordProblem, TextProblem};

/// Why a service operation refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The record the request addresses does not exist.
    #[error("not found")]
    NotFound,
    /// A user the request names does not exist; `field` is the API field that named them,
    /// `None` when the user is the record addressed.
    #[error("user `{username}` not found")]
    UnknownUser {
        /// The username.
        username: String,
        /// The API field naming the user (`leaderUserId`, `userIds`).
        field: Option<&'static str>,
    },
    /// The actor may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The state of things does not allow it.
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// Request values were refused, each named by its API field.
    #[error("invalid: {0:?}")]
    Invalid(Vec<FieldProblem>),
    /// A sign-in was refused.
    #[error("sign-in refused: {0:?}")]
    SignIn(SignInRefusal),
    /// The database or another part of the server failed; the text is for the log only.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

/// Why the state of things refuses an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// The record is still referenced by others (children, members, definitions), so it stays.
    InUse,
    /// The operation does not fit the current state; the text says why (English).
    Refused(String),
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conflict::InUse => f.write_str("still in use"),
            Conflict::Refused(reason) => f.write_str(reason),
        }
    }
}

/// Why a sign-in was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInRefusal {
    /// Unknown user or wrong password (deliberately not told apart).
    WrongCredentials,
    /// The account is disabled.
    Disabled,
    /// Too many failed sign-ins for this address or username; retry after this long.
    Throttled(Duration),
}

/// One refused request value: its API field (`nickName`, `userIds[2]`) and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// JSON, query or path name of the field.
    pub field: String,
    /// What is wrong with it.
    pub problem: Problem,
}

/// What is wrong with a request value. The kinds a form can show are named; anything else is
/// described in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Absent, null or blank.
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    /// Characters outside the allowed set.
    BadCharacters,
    /// A password shorter than 8 characters.
    PasswordTooShort,
    /// A password longer than 128 characters.
    PasswordTooLong,
    /// A unique value already taken.
    Taken,
    /// Refers to a record that does not exist.
    MissingRecord,
    /// Would make a record its own ancestor.
    Cycle,
    /// Would disable, demote or delete the acting administrator's own account.
    OwnAccount,
    /// Anything else, in Chinese and English.
    Described {
        /// 中文.
        zh: String,
        /// English.
        en: String,
    },
}

impl Problem {
    /// The problem in `locale`, as the REST API words it after the field's name.
    pub fn message(&self, locale: Locale) -> Cow<'_, str> {
        match self {
            Problem::Required => errors::FIELD_REQUIRED.of(locale).into(),
            Problem::TooLong(n) => errors::field_too_long(locale, *n).into(),
            Problem::BadCharacters => errors::FIELD_BAD_CHARACTERS.of(locale).into(),
            Problem::PasswordTooShort => errors::FIELD_PASSWORD_SHORT.of(locale).into(),
            Problem::PasswordTooLong => errors::FIELD_PASSWORD_LONG.of(locale).into(),
            Problem::Taken => errors::FIELD_TAKEN.of(locale).into(),
            Problem::MissingRecord => errors::FIELD_MISSING_RECORD.of(locale).into(),
            Problem::Cycle => errors::FIELD_CYCLE.of(locale).into(),
            Problem::OwnAccount => errors::FIELD_OWN_ACCOUNT.of(locale).into(),
            Problem::Described { zh, en } => match locale {
                Locale::Zh => zh.into(),
                Locale::En => en.into(),
            },
        }
    }
}

impl From<TextProblem> for Problem {
    fn from(problem: TextProblem) -> Self {
        match problem {
            TextProblem::Blank => Problem::Required,
            TextProblem::TooLong(n) => Problem::TooLong(n),
            TextProblem::BadCharacters => Problem::BadCharacters,
        }
    }
}

impl From<PasswordProblem> for Problem {
    fn from(problem: PasswordProblem) -> Self {
        match problem {
            PasswordProblem::TooShort => Problem::PasswordTooShort,
            PasswordProblem::TooLong => Problem::PasswordTooLong,
        }
    }
}

impl FieldProblem {
    /// `field` has `problem`.
    pub fn of(field: impl Into<String>, problem: impl Into<Problem>) -> Self {
        FieldProblem {
            field: field.into(),
            problem: problem.into(),
        }
    }

    /// A problem described in both languages.
    pub fn new(field: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        FieldProblem::of(
            field,
            Problem::Described {
                zh: zh.into(),
                en: en.into(),
            },
        )
    }

    /// A required field that is absent or null.
    pub fn missing(field: impl Into<String>) -> Self {
        FieldProblem::of(field, Problem::Required)
    }
}

impl ServiceError {
    /// Refused values of one field.
    pub fn field(field: impl Into<String>, problem: impl Into<Problem>) -> ServiceError {
        ServiceError::Invalid(vec![FieldProblem::of(field, problem)])
    }

    /// A refusal by the state of things, said in English.
    pub fn refused(reason: impl Into<String>) -> ServiceError {
        ServiceError::Conflict(Conflict::Refused(reason.into()))
    }

    /// Classifies a failed write: unique and foreign-key violations are the caller's mistake
    /// (reported on `field`), anything else is a database failure.
    pub fn from_write(e: sqlx::Error, field: &'static str) -> ServiceError {
        match &e {
            sqlx::Error::Database(d) if d.is_unique_violation() => {
                ServiceError::field(field, Problem::Taken)
            }
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                ServiceError::field(field, Problem::MissingRecord)
            }
            _ => e.into(),
        }
    }

    /// Classifies a failed delete: a foreign-key violation means others still point here.
    pub fn from_delete(e: sqlx::Error) -> ServiceError {
        match &e {
            sqlx::Error::Database(d) if d.is_foreign_key_violation() => {
                ServiceError::Conflict(Conflict::InUse)
            }
            _ => e.into(),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> Self {
        ServiceError::Unavailable(e.to_string())
    }
}

impl From<StoreError> for ServiceError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(instance) => changed_meanwhile(&instance),
            StoreError::NotFound { .. } => ServiceError::NotFound,
            StoreError::Engine(engine) => engine_refusal(engine),
            StoreError::Db(e) => e.into(),
            StoreError::Corrupt(e) => ServiceError::Unavailable(e.to_string()),
        }
    }
}

fn changed_meanwhile(instance: &str) -> ServiceError {
    ServiceError::refused(format!(
        "instance {instance} was changed by another request; reload and retry"
    ))
}

/// Caller mistakes (a model or expression that cannot run with the given variables, a broken
/// file) are invalid values naming what failed; states that forbid the operation conflicts.
fn engine_refusal(error: EngineError) -> ServiceError {
    match error {
        EngineError::Deployment { problems } => ServiceError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldProblem::new("file", p.clone(), p))
                .collect(),
        ),
        EngineError::Expression { element, source } => {
            ServiceError::Invalid(vec![FieldProblem::new(
                "variables",
                format!("元素 {element} 的表达式求值失败：{source}"),
                format!("the expression on element {element} failed: {source}"),
            )])
        }
        EngineError::Model { element, message } => ServiceError::Invalid(vec![FieldProblem::new(
            "variables",
            format!("元素 {element}：{message}"),
            format!("element {element}: {message}"),
        )]),
        EngineError::Conflict { instance_id, .. } => changed_meanwhile(&instance_id),
        EngineError::NotFound { .. } => ServiceError::NotFound,
        EngineError::Forbidden { .. } => ServiceError::Forbidden,
        EngineError::Lifecycle(detail) | EngineError::Store(detail) => {
            ServiceError::Unavailable(detail)
        }
        other @ (EngineError::Suspended(_)
        | EngineError::Ended { .. }
        | EngineError::InvalidOperation { .. }
        | EngineError::UnhandledError { .. }
        | EngineError::LoopLimit { .. }
        | EngineError::CallDepth { .. }) => ServiceError::refused(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_problems_keep_their_kind() {
        assert_eq!(Problem::from(TextProblem::Blank), Problem::Required);
        assert_eq!(
            Problem::from(TextProblem::TooLong(5)).message(Locale::En),
            "must be at most 5 characters"
        );
        assert_eq!(
            Problem::from(PasswordProblem::TooShort).message(Locale::Zh),
            "至少 8 个字符"
        );
    }
}
