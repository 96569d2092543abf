//! The workflow service between the REST handlers and the engine's store: who may do what,
//! and how the engine's refusals read as API errors.

pub mod definitions;
pub mod diagram;
pub mod events;
pub mod incidents;
pub mod instances;
pub mod lists;
pub mod migration;
pub mod tasks;

use woc_engine::EngineError;
use woc_store::StoreError;

use crate::server::api::error::{ApiError, FieldError};

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Conflict(instance) => ApiError::Conflict(format!(
                "instance {instance} was changed by another request; reload and retry"
            )),
            StoreError::NotFound { .. } => ApiError::NotFound,
            StoreError::Engine(engine) => engine_refusal(engine),
            StoreError::Db(e) => ApiError::Internal(e.to_string()),
            StoreError::Corrupt(e) => ApiError::Internal(e.to_string()),
        }
    }
}

/// Caller mistakes (a model or expression that cannot run with the given variables, a broken
/// file) are 4101 naming what failed; states that forbid the operation are 409.
fn engine_refusal(error: EngineError) -> ApiError {
    match error {
        EngineError::Deployment { problems } => ApiError::Invalid(
            problems
                .into_iter()
                .map(|p| FieldError::new("file", p.clone(), p))
                .collect(),
        ),
        EngineError::Expression { element, source } => ApiError::field(FieldError::new(
            "variables",
            format!("元素 {element} 的表达式求值失败：{source}"),
            format!("the expression on element {element} failed: {source}"),
        )),
        EngineError::Model { element, message } => ApiError::field(FieldError::new(
            "variables",
            format!("元素 {element}：{message}"),
            format!("element {element}: {message}"),
        )),
        EngineError::Conflict { instance_id, .. } => ApiError::Conflict(format!(
            "instance {instance_id} was changed by another request; reload and retry"
        )),
        EngineError::NotFound { .. } => ApiError::NotFound,
        EngineError::Forbidden { .. } => ApiError::Forbidden,
        EngineError::Lifecycle(detail) | EngineError::Store(detail) => ApiError::Internal(detail),
        other @ (EngineError::Suspended(_)
        | EngineError::Ended { .. }
        | EngineError::InvalidOperation { .. }
        | EngineError::UnhandledError { .. }
        | EngineError::LoopLimit { .. }
        | EngineError::CallDepth { .. }) => ApiError::Conflict(other.to_string()),
    }
}

/// Page window of the engine's lists from the API's `pageNum`/`pageSize`.
pub fn paging(page: Option<u32>, size: Option<u32>) -> woc_store::Paging {
    woc_store::Paging {
        page: page.unwrap_or(1).max(1),
        size: size.unwrap_or(10).clamp(1, 100),
    }
}

/// `"a,b"` → `["a", "b"]`, blanks dropped.
pub fn user_list(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect()
}
