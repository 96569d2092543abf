//! Activities: tasks, sub-processes, call activities and their loop characteristics.

use std::collections::BTreeMap;

use super::process::Scope;

/// `<userTask>` data, from Flowable/Activiti/Camunda attributes and BPMN resource roles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserTask {
    /// Assignee (user id or expression such as `${initiator}`).
    pub assignee: Option<String>,
    /// Owner (`flowable:owner`).
    pub owner: Option<String>,
    /// Candidate users, each a user id or an expression.
    pub candidate_users: Vec<String>,
    /// Candidate groups, each a group id or an expression.
    pub candidate_groups: Vec<String>,
    /// Form to show (`formKey`).
    pub form_key: Option<String>,
    /// Due date expression (`dueDate`).
    pub due_date: Option<String>,
    /// Priority expression (`priority`).
    pub priority: Option<String>,
    /// Category (`flowable:category`).
    pub category: Option<String>,
    /// Skip expression (`flowable:skipExpression`): when true the task is skipped.
    pub skip_expression: Option<String>,
    /// Form fields the task's assignee may see or change (`flowable:formProperty`,
    /// `activiti:formProperty`), in document order.
    pub form_properties: Vec<FormProperty>,
}

/// One `<flowable:formProperty>`: what the task's assignee may do with a form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormProperty {
    /// The field's key (`id`).
    pub id: String,
    /// `readable` (default true): `false` hides the field from the assignee.
    pub readable: bool,
    /// `writable` (default true): `false` makes the field read-only.
    pub writable: bool,
    /// `required` (default false).
    pub required: bool,
}

/// Implementation data of automated tasks: `<serviceTask>`, `<sendTask>`, `<businessRuleTask>`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceTask {
    /// Built-in task type (`flowable:type` such as `http`, `mail`; `camunda:type="external"`).
    pub task_type: Option<String>,
    /// Java-style delegate class (`class`).
    pub class: Option<String>,
    /// Expression to evaluate (`expression`).
    pub expression: Option<String>,
    /// Expression resolving to a delegate (`delegateExpression`).
    pub delegate_expression: Option<String>,
    /// Variable receiving the result (`resultVariable`/`resultVariableName`).
    pub result_variable: Option<String>,
    /// External task topic (`camunda:topic`).
    pub topic: Option<String>,
    /// Decision to evaluate (`camunda:decisionRef`), for business rule tasks.
    pub decision_ref: Option<String>,
    /// BPMN `implementation` attribute (e.g. `##WebService`), if given.
    pub implementation: Option<String>,
    /// Injected fields (`flowable:field`/`camunda:field`) by name.
    pub fields: BTreeMap<String, FieldValue>,
}

/// Value of an injected field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue {
    /// A literal string (`stringValue`, `<string>`).
    String(String),
    /// An expression evaluated at run time (`expression`, `<expression>`).
    Expression(String),
}

/// `<receiveTask>` data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReceiveTask {
    /// `messageRef` as written.
    pub message_ref: Option<String>,
    /// Resolved message name (see `EventDefinition::Message`).
    pub message_name: Option<String>,
}

/// `<scriptTask>` data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ScriptTask {
    /// `scriptFormat`, e.g. `javascript`, `groovy`.
    pub format: Option<String>,
    /// Script body.
    pub script: Option<String>,
    /// Variable receiving the result.
    pub result_variable: Option<String>,
    /// `flowable:autoStoreVariables`.
    pub auto_store_variables: bool,
}

/// Which flavour of sub-process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubProcessKind {
    /// Plain embedded `<subProcess>`.
    Embedded,
    /// `<subProcess triggeredByEvent="true">`: started by its start event, not by flow.
    Event,
    /// `<transaction>`, executed like an embedded sub-process.
    Transaction,
    /// `<adHocSubProcess>`, which the engine does not execute.
    AdHoc,
}

/// A sub-process and the nested scope it contains.
#[derive(Debug, Clone, PartialEq)]
pub struct SubProcess {
    /// Flavour.
    pub kind: SubProcessKind,
    /// Child elements.
    pub scope: Scope,
}

/// `<callActivity>` data.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CallActivity {
    /// Key of the process to start (`calledElement`).
    pub called_element: Option<String>,
    /// Which version to call (`camunda:calledElementBinding`/`flowable:calledElementType`...).
    pub binding: Option<String>,
    /// Version when binding is `version`.
    pub version: Option<String>,
    /// Version tag when binding is `versionTag`.
    pub version_tag: Option<String>,
    /// Tenant of the called process.
    pub tenant_id: Option<String>,
    /// Business key expression for the child instance.
    pub business_key: Option<String>,
    /// Whether the child inherits the caller's business key.
    pub inherit_business_key: bool,
    /// Whether all variables are passed in (`flowable:inheritVariables`).
    pub inherit_variables: bool,
    /// Variables passed into the child (`<in>`).
    pub inputs: Vec<VariableMapping>,
    /// Variables passed back to the caller (`<out>`).
    pub outputs: Vec<VariableMapping>,
}

/// One `<flowable:in>`/`<camunda:out>`-style variable mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableMapping {
    /// `variables="all"`: copy every variable.
    All {
        /// Only local variables (`local="true"`).
        local: bool,
    },
    /// Copy one variable.
    Variable {
        /// Source variable name.
        source: String,
        /// Target variable name (defaults to the source name when not given).
        target: String,
    },
    /// Evaluate an expression into a variable.
    Expression {
        /// Source expression.
        expression: String,
        /// Target variable name.
        target: String,
    },
}

/// Loop characteristics of an activity.
#[derive(Debug, Clone, PartialEq)]
pub enum LoopCharacteristics {
    /// `<multiInstanceLoopCharacteristics>`.
    MultiInstance(MultiInstance),
    /// `<standardLoopCharacteristics>`: parsed, but the engine does not execute it.
    Standard(StandardLoop),
}

/// Multi-instance settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MultiInstance {
    /// Instances run one after another instead of in parallel.
    pub is_sequential: bool,
    /// Number of instances (`<loopCardinality>`).
    pub loop_cardinality: Option<String>,
    /// Collection to iterate (`loopDataInputRef` or vendor `collection`).
    pub collection: Option<String>,
    /// Variable holding the current item (vendor `elementVariable` or `inputDataItem`).
    pub element_variable: Option<String>,
    /// Variable holding the current index (`flowable:elementIndexVariable`).
    pub element_index_variable: Option<String>,
    /// Ends the loop early when true (`<completionCondition>`).
    pub completion_condition: Option<String>,
    /// 1-based source line of the loop characteristics element.
    pub line: u32,
}

/// Standard loop settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StandardLoop {
    /// `<loopCondition>`.
    pub loop_condition: Option<String>,
    /// `testBefore`.
    pub test_before: bool,
    /// `loopMaximum`.
    pub loop_maximum: Option<String>,
    /// 1-based source line.
    pub line: u32,
}
