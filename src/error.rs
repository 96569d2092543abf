//! The error type of the UI boundary: what a server function can tell the browser.
//!
//! Variants are reasons a user can act on; details of internal failures stay in the server log.

use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

use crate::i18n::Texts;

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
    /// The account exists but has been disabled.
    #[error("account disabled")]
    AccountDisabled,
    /// The server failed; the log has the details.
    #[error("internal error")]
    Internal,
    /// The call itself failed (network, encoding).
    #[error("transport: {0}")]
    Transport(String),
}

impl UiError {
    /// The message shown to the user, in the current language.
    pub fn message(&self, t: &Texts) -> &'static str {
        match self {
            UiError::Unauthenticated => t.err_unauthenticated,
            UiError::Forbidden => t.err_forbidden,
            UiError::InvalidCredentials => t.err_invalid_credentials,
            UiError::AccountDisabled => t.err_account_disabled,
            UiError::Internal => t.err_internal,
            UiError::Transport(_) => t.err_transport,
        }
    }
}

impl UiError {
    /// The HTTP status a server function answers with for this error.
    pub fn http_status(&self) -> u16 {
        match self {
            UiError::Unauthenticated | UiError::InvalidCredentials => 401,
            UiError::Forbidden | UiError::AccountDisabled => 403,
            UiError::Internal | UiError::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for UiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        UiError::Transport(value.to_string())
    }
}
