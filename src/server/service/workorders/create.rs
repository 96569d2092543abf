//! Creating a work order: its number, its owner app and type, and its process, either
//! started here (with the form values as variables) or one the caller started before
//! (`procInstId`, as the seed's clients do: start first, then file the work order).

use serde_json::{Map, Value};
use time::UtcOffset;
use woc_engine::{Command, DefinitionRef, ProcessInstance};
use woc_store::{DefinitionRow, SqlStore, Statement, StoreError};

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::catalog::synthesis;
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::integrations::apps;
use crate::server::service::workflow::{definitions, form_values};
use crate::server::service::workorders::numbers::{self, WorkorderNumber};
use crate::server::service::workorders::of_instance;
use crate::with_pool;

/// Which process the work order follows.
#[derive(Debug, Clone)]
pub enum ProcessChoice {
    /// Start the latest version of a key, or a definition id (`processId`).
    Start(String),
    /// An instance the caller started already (`procInstId`, with its `taskId`).
    Existing {
        /// The instance.
        instance_id: String,
        /// The task the client is looking at, returned as `TaskId`.
        task_id: Option<String>,
    },
}

/// A work order as the client filed it, each text already checked for length.
#[derive(Debug, Clone)]
pub struct NewWorkOrder {
    /// `systemId`: the owning app.
    pub system_id: Option<String>,
    /// `workorderId`: the synthesis category (work-order type).
    pub synthesis_id: Option<i64>,
    /// `workorderIdExtend`.
    pub workorder_id_extend: Option<String>,
    /// `projectId`.
    pub project_id: Option<String>,
    /// `workorderNumber` when the client chose one.
    pub number: Option<WorkorderNumber>,
    /// `title`.
    pub title: String,
    /// `source`.
    pub source: Option<String>,
    /// `compensation`.
    pub compensation: Option<String>,
    /// `roomNumber`.
    pub room_number: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `attachmentUrls`.
    pub attachment_urls: Option<String>,
    /// `params`: the start form's values, also the new instance's variables.
    pub params: Map<String, Value>,
    /// The process.
    pub process: ProcessChoice,
}

/// What a create leaves behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    /// The number.
    pub number: String,
    /// The process instance.
    pub instance_id: String,
    /// The first open task (or the one the client named).
    pub task_id: Option<String>,
}

/// Where a create stands after the checks, before anything is written.
struct Plan {
    app_id: String,
    definition: DefinitionRow,
    existing: Option<(ProcessInstance, Option<String>)>,
    /// The form version the work order is filled in with, and for a start the variables it
    /// starts with (the form's values cleaned and computed by `form_values::check_start`).
    form: Option<(i64, i64)>,
    variables: Map<String, Value>,
}

/// Creates a work order as `user`; `calling_app` is the app of a `requestType: app` call,
/// which owns every work order it files.
pub async fn create(
    store: &SqlStore,
    offset: UtcOffset,
    calling_app: Option<&str>,
    actor: &Actor,
    new: NewWorkOrder,
) -> Result<Created, ServiceError> {
    let db = store.db();
    let plan = check(store, calling_app, actor, &new).await?;
    let number = match &new.number {
        Some(number) => number.clone(),
        None => next_free_number(db, offset).await?,
    };
    let row = Row {
        number: &number,
        app_id: &plan.app_id,
        definition_id: &plan.definition.id,
        form: plan.form,
        actor,
        new: &new,
    };
    let client_number = new.number.is_some();
    let (instance_id, task_id) = match plan.existing {
        Some((instance, task_id)) => {
            let task_id = task_id.or_else(|| first_open_task(&instance));
            store
                .run_statement(&record(&row, &instance.id))
                .await
                .map_err(|e| record_error(e, client_number))?;
            (instance.id, task_id)
        }
        None => {
            // The work order is written in the start's own transaction: a process never
            // outlives a work order that was not recorded, even across a crash.
            let start = Command::Start {
                definition: DefinitionRef::Id(plan.definition.id.clone()),
                business_key: Some(number.as_str().to_owned()),
                variables: plan.variables.clone(),
                parent: None,
                start_event: None,
            };
            let outcome = store
                .start_recorded(start, Some(actor.username()), |instance_id| {
                    record(&row, instance_id)
                })
                .await
                .map_err(|e| record_error(e, client_number))?;
            (outcome.instance_id, outcome.new_tasks.into_iter().next())
        }
    };
    Ok(Created {
        number: number.as_str().to_owned(),
        instance_id,
        task_id,
    })
}

/// Every reference the request makes, each refusal naming its field; then the states that
/// forbid the create (an offline definition, someone else's instance).
async fn check(
    store: &SqlStore,
    calling_app: Option<&str>,
    actor: &Actor,
    new: &NewWorkOrder,
) -> Result<Plan, ServiceError> {
    let db = store.db();
    let mut problems = Vec::new();
    let app_id = match (calling_app, new.system_id.as_deref()) {
        (Some(app), None) => Some(app.to_owned()),
        (Some(app), Some(named)) if named == app => Some(app.to_owned()),
        (Some(_), Some(_)) => {
            problems.push(FieldProblem::new(
                "systemId",
                "应用只能为自己创建工单，须为调用方的 appID",
                "must be the calling app's appID: an app files work orders for itself",
            ));
            None
        }
        (None, None) => {
            problems.push(FieldProblem::missing("systemId"));
            None
        }
        (None, Some(named)) => match apps::load(db, named).await {
            Ok(app) => Some(app.app_id),
            Err(ServiceError::NotFound) => {
                problems.push(missing_reference("systemId"));
                None
            }
            Err(e) => return Err(e),
        },
    };
    if let Some(synthesis_id) = new.synthesis_id {
        match synthesis::load(db, synthesis_id).await {
            Ok(_) => {}
            Err(ServiceError::NotFound) => problems.push(missing_reference("workorderId")),
            Err(e) => return Err(e),
        }
    }
    if let Some(number) = &new.number {
        if number_taken(db, number.as_str()).await? {
            problems.push(FieldProblem::new(
                "workorderNumber",
                "已存在",
                "already exists",
            ));
        }
    }
    let mut form = None;
    let mut variables = new.params.clone();
    let (definition, existing) = match &new.process {
        ProcessChoice::Start(process) => {
            let definition = definitions::resolve(store, process).await?;
            match &definition {
                None => problems.push(missing_reference("processId")),
                Some(definition) => {
                    // The form's refusals join the others: one answer names every bad field.
                    let bound = form_values::bound_form(db, definition).await?;
                    form = bound.as_ref().map(|b| (b.form_id, b.version));
                    match form_values::check_start(db, bound.as_ref(), variables, "params").await {
                        Ok(clean) => variables = clean,
                        Err(ServiceError::Invalid(bad)) => {
                            problems.extend(bad);
                            variables = Map::new();
                        }
                        Err(e) => return Err(e),
                    }
                }
            }
            (definition, None)
        }
        ProcessChoice::Existing {
            instance_id,
            task_id,
        } => match store.instance(instance_id).await {
            Ok(instance) => {
                if of_instance(db, instance_id).await?.is_some() {
                    problems.push(FieldProblem::new(
                        "procInstId",
                        "该流程实例已有工单",
                        "already has a work order",
                    ));
                }
                let definition = store.definition(&instance.definition_id).await?;
                // Started elsewhere: the instance was given its values already; the work
                // order records the form version its definition is bound to.
                if let (Some(form_id), Some(version)) =
                    (definition.form_id, definition.form_version)
                {
                    form = Some((form_id, version));
                }
                (Some(definition), Some((instance, task_id.clone())))
            }
            Err(StoreError::NotFound { .. }) => {
                problems.push(missing_reference("procInstId"));
                (None, None)
            }
            Err(e) => return Err(e.into()),
        },
    };
    let (Some(app_id), Some(definition), true) = (app_id, definition, problems.is_empty()) else {
        return Err(ServiceError::Invalid(problems));
    };
    let foreign = |instance: &ProcessInstance| {
        !actor.is_admin() && instance.started_by.as_deref() != Some(actor.username())
    };
    match &existing {
        // Filing a work order for an instance puts its history under the caller's name.
        Some((instance, _)) if foreign(instance) => return Err(ServiceError::Forbidden),
        Some(_) => {}
        None if definition.suspended => {
            return Err(ServiceError::refused(format!(
                "definition {} is offline",
                definition.id
            )));
        }
        None => {}
    }
    Ok(Plan {
        app_id,
        definition,
        existing,
        form,
        variables,
    })
}

fn missing_reference(field: &str) -> FieldProblem {
    FieldProblem::new(field, "引用的记录不存在", "refers to a missing record")
}

/// The oldest open task of an instance.
fn first_open_task(instance: &ProcessInstance) -> Option<String> {
    instance
        .tasks
        .values()
        .min_by_key(|t| (t.created_at, t.id.clone()))
        .map(|t| t.id.clone())
}

async fn number_taken(db: &Db, number: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT workorder_number FROM work_orders WHERE workorder_number = $1")
            .bind(number)
            .fetch_optional(pool)
            .await
    })?;
    Ok(found.is_some())
}

/// Today's next number not taken yet (a client may have chosen one of the pattern).
async fn next_free_number(db: &Db, offset: UtcOffset) -> Result<WorkorderNumber, ServiceError> {
    let day = numbers::day_of(now_millis(), offset);
    for _ in 0..1000 {
        let number = WorkorderNumber::generated(&day, numbers::next_in_day(db, &day).await?);
        if !number_taken(db, number.as_str()).await? {
            return Ok(number);
        }
    }
    Err(ServiceError::Unavailable(format!(
        "no free work-order number left for {day}"
    )))
}

struct Row<'a> {
    number: &'a WorkorderNumber,
    app_id: &'a str,
    definition_id: &'a str,
    form: Option<(i64, i64)>,
    actor: &'a Actor,
    new: &'a NewWorkOrder,
}

/// The work order's row, for the instance it follows.
fn record(row: &Row<'_>, instance_id: &str) -> Statement {
    let new = row.new;
    Statement::new(
        "INSERT INTO work_orders (workorder_number, app_id, synthesis_id, workorder_id_extend,
            project_id, definition_id, instance_id, form_id, form_version, title, source,
            compensation, room_number, description, attachment_urls, params, created_by,
            created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .arg(row.number.as_str())
    .arg(row.app_id)
    .arg(new.synthesis_id)
    .arg(new.workorder_id_extend.as_deref())
    .arg(new.project_id.as_deref())
    .arg(row.definition_id)
    .arg(instance_id)
    .arg(row.form.map(|f| f.0))
    .arg(row.form.map(|f| f.1))
    .arg(new.title.as_str())
    .arg(new.source.as_deref())
    .arg(new.compensation.as_deref())
    .arg(new.room_number.as_deref())
    .arg(new.description.as_deref())
    .arg(new.attachment_urls.as_deref())
    .arg(Value::Object(new.params.clone()).to_string())
    .arg(row.actor.username())
    .arg(now_millis())
}

/// A refused write of the work order: the database error when it names a taken number or
/// instance, the engine's refusal of the start otherwise.
fn record_error(e: StoreError, client_number: bool) -> ServiceError {
    match e {
        StoreError::Db(e) => insert_error(e, client_number),
        other => other.into(),
    }
}

/// A failed insert after the checks passed: a concurrent request took the number or the
/// instance in between.
fn insert_error(e: sqlx::Error, client_number: bool) -> ServiceError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            let text = format!("{} {}", d.message(), d.constraint().unwrap_or_default());
            if text.contains("instance_id") {
                ServiceError::Invalid(vec![FieldProblem::new(
                    "procInstId",
                    "该流程实例已有工单",
                    "already has a work order",
                )])
            } else if client_number {
                ServiceError::Invalid(vec![FieldProblem::new(
                    "workorderNumber",
                    "已存在",
                    "already exists",
                )])
            } else {
                ServiceError::refused("the generated work-order number was taken; retry")
            }
        }
        _ => ServiceError::Unavailable(e.to_string()),
    }
}
