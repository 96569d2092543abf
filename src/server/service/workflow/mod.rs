//! The workflow service over the engine's store: who may do what with definitions,
//! instances, tasks and events.

pub mod definitions;
pub mod diagram;
pub mod events;
pub mod form_values;
pub mod incidents;
pub mod instances;
pub mod lists;
pub mod migration;
pub mod tasks;

/// `"a,b"` → `["a", "b"]`, blanks dropped.
pub fn user_list(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_owned)
        .collect()
}
