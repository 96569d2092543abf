//! What work orders are filed under and filled in with: process categories, composite
//! (synthesis) work-order categories, and versioned forms.

pub mod categories;
pub mod forms;
pub mod synthesis;
