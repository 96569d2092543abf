//! The store's one error type.

use woc_engine::EngineError;

/// Why a store operation failed; a failed command writes nothing.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another writer changed the instance since it was loaded; reload and retry.
    #[error("instance '{0}' was changed concurrently")]
    Conflict(String),
    /// The addressed definition, instance, task or job does not exist (any more).
    #[error("{what} '{id}' not found")]
    NotFound {
        /// Kind of thing.
        what: &'static str,
        /// Its id.
        id: String,
    },
    /// The engine refused the command or the deployment.
    #[error(transparent)]
    Engine(EngineError),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// A stored instance or event could not be (de)serialized.
    #[error("stored state is unreadable: {0}")]
    Corrupt(#[from] serde_json::Error),
}

impl StoreError {
    /// Shorthand for `NotFound`.
    pub fn not_found(what: &'static str, id: &str) -> Self {
        StoreError::NotFound {
            what,
            id: id.to_string(),
        }
    }

    /// Whether re-running the command on fresh state may succeed.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }
}

impl From<EngineError> for StoreError {
    /// Keeps one spelling for conflicts and missing things, whoever noticed them.
    fn from(error: EngineError) -> Self {
        match error {
            EngineError::Conflict { instance_id, .. } => StoreError::Conflict(instance_id),
            EngineError::NotFound { what, id } => StoreError::NotFound { what, id },
            other => StoreError::Engine(other),
        }
    }
}
