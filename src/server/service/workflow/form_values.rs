//! The values a start or a task submits for the process's form, validated on the server
//! against the form version the process version is bound to, with what the node's assignee
//! may do with each field. Nothing the browser did is trusted: the browser runs the same
//! `woc-forms` code to show the same messages early, and this runs again on every start and
//! every completion, whichever door (REST, a server function) the values came through.
//!
//! Variables that are not fields of the form (a gateway's `approved`, `nextUserIds`-style
//! helpers REST clients send) pass through as process variables, untouched.

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::{Map, Value};
use woc_bpmn::NodeKind;
use woc_engine::{Definition, EventKind};
use woc_forms::{Access, Context, FieldAccess, Lang, Lookup, OptionSource, Widget};
use woc_store::{DefinitionRow, InstanceDetail, SqlStore};

use crate::server::db::Db;
use crate::server::service::actor::Actor;
use crate::server::service::attachments::{self, Attachment};
use crate::server::service::catalog::forms;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::with_pool;

/// The form a process version renders and validates: the version it was deployed with.
#[derive(Debug, Clone)]
pub struct BoundForm {
    /// The form.
    pub form_id: i64,
    /// The version of its schema.
    pub version: i64,
    /// The schema, checked.
    pub form: Arc<woc_forms::Form>,
}

/// The start form of `definition` at the version it is bound to; `None` without a form (or
/// when the form was deleted, or its stored text is not a form).
pub async fn bound_form(
    db: &Db,
    definition: &DefinitionRow,
) -> Result<Option<BoundForm>, ServiceError> {
    let Some(form_id) = definition.form_id else {
        return Ok(None);
    };
    let form = match forms::load(db, form_id, definition.form_version).await {
        Ok(form) => form,
        Err(ServiceError::NotFound) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(form.checked().map(|checked| BoundForm {
        form_id,
        version: form.version,
        form: checked,
    }))
}

/// Validates the variables of a start: the start form's fields are all editable. Answers the
/// variables to start with (the form's cleaned values, computed ones computed here, and every
/// other variable as sent), or one refusal naming every bad field as `<prefix>.<path>`.
pub async fn check_start(
    db: &Db,
    bound: Option<&BoundForm>,
    variables: Map<String, Value>,
    prefix: &str,
) -> Result<Map<String, Value>, ServiceError> {
    let Some(bound) = bound else {
        return Ok(variables);
    };
    let (mut fields, others) = split(&bound.form, variables);
    let missing = stored_files(db, &bound.form, &mut fields, prefix).await?;
    let options = DirectoryOptions::load(db, &bound.form, &fields).await?;
    let context = Context::new().options(&options);
    let clean = outcome(bound.form.validate(&fields, &context), missing, prefix)?;
    Ok(merge(others, clean))
}

/// Validates the variables a task's completion sends, for the task's node: fields the node
/// may not change keep their values (sending another value is refused), hidden ones too;
/// a field not sent keeps its value (a completion is a partial update); a required field the
/// node may edit must have a value.
pub async fn check_task(
    store: &SqlStore,
    task_id: &str,
    variables: Map<String, Value>,
    prefix: &str,
) -> Result<Map<String, Value>, ServiceError> {
    let task = store.open_task(task_id).await?;
    let instance = store.instance(&task.instance_id).await?;
    let row = store.definition(&instance.definition_id).await?;
    let Some(bound) = bound_form(store.db(), &row).await? else {
        return Ok(variables);
    };
    let definition = store.engine_definition(&instance.definition_id).await?;
    let access = node_access(&definition, &task.node, &bound.form);
    let previous: Map<String, Value> = instance.variables.into_iter().collect();
    let (sent, others) = split(&bound.form, variables);
    let mut fields: Map<String, Value> = bound
        .form
        .value_keys()
        .into_iter()
        .filter_map(|k| previous.get(k).map(|v| (k.to_owned(), v.clone())))
        .collect();
    fields.extend(sent.clone());
    let missing = stored_files(store.db(), &bound.form, &mut fields, prefix).await?;
    let options = DirectoryOptions::load(store.db(), &bound.form, &sent).await?;
    let context = Context::new()
        .access(&access)
        .previous(&previous)
        .options(&options);
    let clean = outcome(bound.form.validate(&fields, &context), missing, prefix)?;
    Ok(merge(others, clean))
}

/// What a user task's assignee may do with each field of the form. Without any
/// `formProperty` on the task, every field is read-only: an approver sees what was filed and
/// answers with a comment, as in Flowable's and yudao's defaults. Each `formProperty` makes its
/// field editable (`writable`, the default), read-only (`writable="false"`) or hidden
/// (`readable="false"`); entries naming no field of the form are Flowable's own and ignored.
pub fn node_access(definition: &Definition, node_id: &str, form: &woc_forms::Form) -> FieldAccess {
    let properties = match definition.process.node(node_id).map(|n| &n.kind) {
        Some(NodeKind::UserTask(task)) => task.form_properties.as_slice(),
        _ => &[],
    };
    let schema = form.schema();
    let mut access = FieldAccess::new();
    // Containers stay editable so they do not restrict what a property opens up (the most
    // restrictive access on the way down wins).
    for field in schema.walk() {
        if !field.widget.is_container() || matches!(field.widget, Widget::SubTable(_)) {
            access.set(field.key.clone(), Access::ReadOnly);
        }
    }
    let keys: HashSet<&str> = schema.walk().iter().map(|f| f.key.as_str()).collect();
    for property in properties {
        if !keys.contains(property.id.as_str()) {
            continue;
        }
        let level = match (property.readable, property.writable) {
            (false, _) => Access::Hidden,
            (true, false) => Access::ReadOnly,
            (true, true) => Access::Editable,
        };
        access.set(property.id.clone(), level);
    }
    access
}

/// The form's own fields (and sub-table totals), and every other variable.
fn split(
    form: &woc_forms::Form,
    variables: Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let keys: HashSet<&str> = form.value_keys().into_iter().collect();
    variables
        .into_iter()
        .partition(|(key, _)| keys.contains(key.as_str()))
}

fn merge(mut others: Map<String, Value>, clean: Map<String, Value>) -> Map<String, Value> {
    others.extend(clean);
    others
}

/// The cleaned values, or one 4101 naming every bad field in both languages: the files the
/// store does not know, then the form's own refusals (as its messages word them).
fn outcome(
    validated: Result<Map<String, Value>, Vec<woc_forms::FieldError>>,
    mut problems: Vec<FieldProblem>,
    prefix: &str,
) -> Result<Map<String, Value>, ServiceError> {
    match validated {
        Ok(clean) if problems.is_empty() => Ok(clean),
        Ok(_) => Err(ServiceError::Invalid(problems)),
        Err(errors) => {
            for e in errors {
                let field = format!("{prefix}.{}", e.path);
                if !problems.iter().any(|p| p.field == field) {
                    problems.push(FieldProblem::new(
                        field,
                        e.problem.message(Lang::Zh),
                        e.problem.message(Lang::En),
                    ));
                }
            }
            Err(ServiceError::Invalid(problems))
        }
    }
}

/// Upload fields hold what the attachment store says about each of its files (name, size,
/// type), never what the client claims; an id of the store's shape that it does not know is a
/// refusal of the field. Values of another shape (a URL, another system's id) are left as
/// sent: the store vouches only for its own.
async fn stored_files(
    db: &Db,
    form: &woc_forms::Form,
    fields: &mut Map<String, Value>,
    prefix: &str,
) -> Result<Vec<FieldProblem>, ServiceError> {
    let keys: Vec<String> = form
        .schema()
        .walk()
        .iter()
        .filter(|f| matches!(f.widget, Widget::ImageUpload(_) | Widget::FileUpload(_)))
        .map(|f| f.key.clone())
        .collect();
    let id_of = |v: &Value| {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        }
        .filter(|id| attachments::is_id(id))
    };
    let listed = |v: &Value| match v {
        Value::Array(items) => items.clone(),
        Value::Null => Vec::new(),
        one => vec![one.clone()],
    };
    let ids: Vec<String> = keys
        .iter()
        .filter_map(|k| fields.get(k))
        .flat_map(&listed)
        .filter_map(|item| id_of(&item))
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let known: std::collections::HashMap<String, Attachment> = attachments::describe(db, &ids)
        .await?
        .into_iter()
        .map(|a| (a.attachment_id.clone(), a))
        .collect();
    let mut problems = Vec::new();
    for key in &keys {
        let Some(value) = fields.get_mut(key) else {
            continue;
        };
        if value.is_null() {
            continue;
        }
        let mut missing = false;
        let files: Vec<Value> = listed(value)
            .into_iter()
            .filter_map(|item| match id_of(&item) {
                Some(id) => match known.get(&id) {
                    Some(stored) => Some(stored.form_value()),
                    None => {
                        missing = true;
                        None
                    }
                },
                None => Some(item),
            })
            .collect();
        if missing {
            problems.push(FieldProblem::new(
                format!("{prefix}.{key}"),
                "引用的附件不存在",
                "names an attachment that does not exist",
            ));
        }
        *value = Value::Array(files);
    }
    Ok(problems)
}

/// The directory's users and departments named by a submission's pickers, looked up once.
/// Dictionaries (系统管理 has none yet) accept any value.
#[derive(Default)]
struct DirectoryOptions {
    users: HashSet<String>,
    depts: HashSet<i64>,
}

impl DirectoryOptions {
    async fn load(
        db: &Db,
        form: &woc_forms::Form,
        sent: &Map<String, Value>,
    ) -> Result<DirectoryOptions, ServiceError> {
        let lookups = form.lookups();
        let wants_users = lookups.contains(&Lookup::Users);
        let wants_depts = lookups.contains(&Lookup::Departments);
        if !wants_users && !wants_depts {
            return Ok(DirectoryOptions::default());
        }
        // Only what was sent can be asked about; collecting every scalar of the submission
        // (sub-table cells included) is simpler than walking the pickers and still small.
        let mut texts = Vec::new();
        collect_scalars(&Value::Object(sent.clone()), &mut texts);
        let mut out = DirectoryOptions::default();
        if wants_users && !texts.is_empty() {
            let found: Vec<String> = with_pool!(db, |pool| {
                let mut query =
                    sqlx::QueryBuilder::new("SELECT username FROM users WHERE username IN (");
                let mut list = query.separated(", ");
                for text in &texts {
                    list.push_bind(text.clone());
                }
                query.push(")");
                query.build_query_scalar().fetch_all(pool).await
            })?;
            out.users = found.into_iter().collect();
        }
        let ids: Vec<i64> = texts.iter().filter_map(|t| t.parse().ok()).collect();
        if wants_depts && !ids.is_empty() {
            let found: Vec<i64> = with_pool!(db, |pool| {
                let mut query =
                    sqlx::QueryBuilder::new("SELECT dept_id FROM depts WHERE dept_id IN (");
                let mut list = query.separated(", ");
                for id in &ids {
                    list.push_bind(*id);
                }
                query.push(")");
                query.build_query_scalar().fetch_all(pool).await
            })?;
            out.depts = found.into_iter().collect();
        }
        Ok(out)
    }
}

/// Every string and whole number inside `value`, as text, at most 1,000 (a submission is
/// limited in size; the bound keeps the lookup query's parameter list small).
fn collect_scalars(value: &Value, out: &mut Vec<String>) {
    if out.len() >= 1000 {
        return;
    }
    match value {
        Value::String(s) if !s.is_empty() && s.len() <= 200 => out.push(s.clone()),
        Value::Number(n) if n.is_i64() => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| collect_scalars(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_scalars(v, out)),
        _ => {}
    }
}

impl OptionSource for DirectoryOptions {
    fn contains(&self, lookup: Lookup<'_>, value: &Value) -> bool {
        match lookup {
            Lookup::Dictionary(_) => true,
            Lookup::Users => match value {
                Value::String(s) => self.users.contains(s),
                Value::Number(n) => self.users.contains(&n.to_string()),
                _ => false,
            },
            Lookup::Departments => match value {
                Value::Number(n) => n.as_i64().is_some_and(|id| self.depts.contains(&id)),
                Value::String(s) => s.parse().is_ok_and(|id| self.depts.contains(&id)),
                _ => false,
            },
        }
    }
}

/// What `actor` may see of an instance's form: everything for its starter and administrators;
/// for anyone else, the fields hidden at every node where they have or had a task stay
/// hidden (someone who saw a field at one node is not kept from it at another). Someone
/// involved at no node of their own (a candidate group's member) sees what every node shows.
pub async fn reader_access(
    store: &SqlStore,
    actor: &Actor,
    detail: &InstanceDetail,
    form: &woc_forms::Form,
) -> Result<FieldAccess, ServiceError> {
    let me = actor.username();
    if actor.is_admin() || detail.instance.started_by.as_deref() == Some(me) {
        return Ok(FieldAccess::new());
    }
    let definition = store
        .engine_definition(&detail.instance.definition_id)
        .await?;
    let mut nodes: Vec<String> = detail
        .instance
        .tasks
        .values()
        .filter(|t| {
            t.assignee.as_deref() == Some(me)
                || t.owner.as_deref() == Some(me)
                || t.candidate_users.iter().any(|c| c == me)
        })
        .map(|t| t.node.clone())
        .collect();
    for event in &detail.history {
        if let EventKind::TaskCompleted { node, .. } = &event.kind {
            if event.actor.as_deref() == Some(me) {
                nodes.push(node.clone());
            }
        }
    }
    // Nobody's own node: a field hidden at any node stays hidden.
    let hidden_anywhere = nodes.is_empty();
    if hidden_anywhere {
        nodes = definition
            .process
            .nodes()
            .filter(|n| matches!(n.kind, NodeKind::UserTask(_)))
            .map(|n| n.id.clone())
            .collect();
    }
    let accesses: Vec<FieldAccess> = nodes
        .iter()
        .map(|node| node_access(&definition, node, form))
        .collect();
    let mut reader = FieldAccess::new();
    for field in form.schema().walk() {
        let hidden_at = |a: &FieldAccess| a.get(&field.key) == Access::Hidden;
        let hidden = if hidden_anywhere {
            accesses.iter().any(hidden_at)
        } else {
            !accesses.is_empty() && accesses.iter().all(hidden_at)
        };
        if hidden {
            reader.set(field.key.clone(), Access::Hidden);
        }
    }
    Ok(reader)
}
