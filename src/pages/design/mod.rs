//! 工单设计: the forms (表单定义) and the form designer.

pub mod form_designer;
pub mod forms;
