//! The error type of the UI boundary: what a server function can tell the browser.
//!
//! Variants are reasons a user can act on; details of internal failures stay in the server log.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::{errors, Locale};

/// Why a server function refused or failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum UiError {
    /// No signed-in user in this session.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed to do this.
    #[error("forbidden")]
    Forbidden,
    /// Username or password did not match.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many failed sign-ins from this address or for this username; retry later.
    #[error("too many failed sign-ins; retry in {0} s")]
    TooManyAttempts(u64),
    /// The account exists but has been disabled.
    #[error("account disabled")]
    AccountDisabled,
    /// The server failed; the log has the details.
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, encoding).
    #[error("transport: {0}")]
    Transport(String),
    /// The server could not read the call's arguments (a page older than the server, a
    /// hand-made request); the text names what was wrong.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Several values of a designed form (and the fields around it) were refused at once,
    /// each worded by the server in both languages, so the page shows the server's own words
    /// beside each field (`title`, `values.input1`, `values.items[2].qty`).
    #[error("invalid fields: {0:?}")]
    Fields(Vec<FieldMessage>),
    /// A form value was refused; `field` is the name of the form field, so the page can show
    /// the message next to it and keep everything the user typed.
    #[error("invalid `{field}`: {problem:?}")]
    Invalid {
        /// Form field name (the server function argument).
        field: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// The record was removed meanwhile (another tab, another administrator).
    #[error("not found")]
    NotFound,
    /// The record is still in use (sub-departments, members...), so it stays.
    #[error("conflict")]
    Conflict,
}

/// Why a form value was refused.
/// One refused field of [`UiError::Fields`], worded in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldMessage {
    /// The field's path.
    pub field: String,
    /// The message in Chinese.
    pub zh: String,
    /// The message in English.
    pub en: String,
}

impl FieldMessage {
    /// The message in `locale`.
    pub fn message(&self, locale: Locale) -> &str {
        match locale {
            Locale::Zh => &self.zh,
            Locale::En => &self.en,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Empty.
    Blank,
    /// Longer than this many characters.
    TooLong(usize),
    /// Characters outside the allowed set (for keys and usernames).
    BadCharacters,
    /// Password shorter than 8 characters.
    PasswordTooShort,
    /// Password longer than 128 characters.
    PasswordTooLong,
    /// The value is already taken by another record.
    Taken,
    /// The value names a record that does not exist.
    Missing,
    /// The value would put a record below itself.
    Cycle,
}

impl Problem {
    /// The message shown next to the field, in the current language.
    pub fn message(self, locale: Locale) -> String {
        match self {
            Problem::Blank => errors::PROB_BLANK.of(locale).to_owned(),
            Problem::TooLong(n) => errors::prob_too_long(locale, n),
            Problem::BadCharacters => errors::PROB_BAD_CHARS.of(locale).to_owned(),
            Problem::PasswordTooShort => errors::PROB_PASSWORD_SHORT.of(locale).to_owned(),
            Problem::PasswordTooLong => errors::PROB_PASSWORD_LONG.of(locale).to_owned(),
            Problem::Taken => errors::PROB_TAKEN.of(locale).to_owned(),
            Problem::Missing => errors::PROB_MISSING.of(locale).to_owned(),
            Problem::Cycle => errors::PROB_CYCLE.of(locale).to_owned(),
        }
    }
}

impl UiError {
    /// The message shown to the user, in the current language.
    pub fn message(&self, locale: Locale) -> &'static str {
        match self {
            UiError::Unauthenticated => errors::ERR_UNAUTHENTICATED.of(locale),
            UiError::Forbidden => errors::ERR_FORBIDDEN.of(locale),
            UiError::InvalidCredentials => errors::ERR_INVALID_CREDENTIALS.of(locale),
            UiError::AccountDisabled => errors::ERR_ACCOUNT_DISABLED.of(locale),
            UiError::TooManyAttempts(_) => errors::ERR_TOO_MANY_ATTEMPTS.of(locale),
            UiError::Internal => errors::ERR_INTERNAL.of(locale),
            UiError::Transport(_) => errors::ERR_TRANSPORT.of(locale),
            UiError::BadRequest(_) => errors::ERR_BAD_REQUEST.of(locale),
            UiError::Invalid { .. } | UiError::Fields(_) => errors::ERR_INVALID.of(locale),
            UiError::NotFound => errors::ERR_NOT_FOUND.of(locale),
            UiError::Conflict => errors::ERR_CONFLICT.of(locale),
        }
    }

    /// The refused field and its message, when this is a validation error.
    pub fn field_problem(&self) -> Option<(&str, Problem)> {
        match self {
            UiError::Invalid { field, problem } => Some((field, *problem)),
            _ => None,
        }
    }
}

impl UiError {
    /// The HTTP status a server function answers with for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            UiError::Unauthenticated | UiError::InvalidCredentials => 401,
            UiError::Forbidden | UiError::AccountDisabled => 403,
            UiError::TooManyAttempts(_) => 429,
            UiError::Invalid { .. } | UiError::Fields(_) => 422,
            UiError::BadRequest(_) => 400,
            UiError::NotFound => 404,
            UiError::Conflict => 409,
            UiError::Internal | UiError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server these mean the request's arguments could not be read: the
            // caller's mistake, a 400 with the reason, not a server failure.
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                crate::server::ui_request::fail(UiError::BadRequest(value.to_string()))
            }
            other => UiError::Transport(other.to_string()),
        }
    }
}
