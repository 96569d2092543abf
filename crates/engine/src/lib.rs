//! BPMN execution engine: (definition, instance, command, clock) -> events.
//!
//! Pure: no IO, no async. The host loads state through a [`Store`], runs a command, and the
//! engine answers with events that both change the state and form the history.

#![warn(missing_docs)]

pub mod expr;
