//! Deployed process definitions: import, the XML, online/offline, the startable list.

use serde_json::{Map, Value};
use woc_store::{DefinitionFilter, DefinitionRow, Page, Paging, SqlStore};

use crate::server::service::actor::Actor;
use crate::server::service::catalog::forms::{self, Form};
use crate::server::service::error::{FieldProblem, ServiceError};
use crate::server::service::workflow::{form_values, instances};
use crate::server::service::workorders;

/// Deploys every executable process of a BPMN file as the next version of its key, with
/// `form_id` (a form of the form designer) as its start form.
pub async fn import(
    store: &SqlStore,
    actor: &Actor,
    xml: &str,
    category: Option<&str>,
    form_id: Option<i64>,
) -> Result<Vec<DefinitionRow>, ServiceError> {
    actor.require_admin()?;
    let mut problems = Vec::new();
    if xml.trim().is_empty() {
        problems.push(FieldProblem::missing("file"));
    }
    if let Some(form_id) = form_id {
        match forms::load(store.db(), form_id, None).await {
            Ok(_) => {}
            Err(ServiceError::NotFound) => problems.push(FieldProblem::new(
                "formId",
                "引用的表单不存在",
                "refers to a missing form",
            )),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    Ok(store.deploy_with_form(xml, category, form_id).await?)
}

/// A definition's start form, and the values an instance of it was given.
#[derive(Debug, Clone)]
pub struct StartForm {
    /// The definition.
    pub definition: DefinitionRow,
    /// Its form at the version that applies, when one is linked.
    pub form: Option<Form>,
    /// The instance's process variables (what its forms submitted), when one was asked for.
    pub values: Option<Map<String, Value>>,
}

/// The start form of `definition_id`; with `instance_id` also that instance's values (for
/// whoever may read the instance). The schema is the version the instance's work order was
/// filled in with, else the version the definition is bound to.
pub async fn start_form(
    store: &SqlStore,
    actor: &Actor,
    definition_id: &str,
    instance_id: Option<&str>,
) -> Result<StartForm, ServiceError> {
    let definition = store.definition(definition_id).await?;
    let mut detail = None;
    let (values, version) = match instance_id {
        Some(instance_id) => {
            let read = instances::detail(store, actor, instance_id).await?;
            if read.instance.definition_id != definition.id {
                return Err(ServiceError::Invalid(vec![FieldProblem::new(
                    "procInsId",
                    "不是该流程定义的实例",
                    "is not an instance of definitionId",
                )]));
            }
            let version = workorders::of_instance(store.db(), instance_id)
                .await?
                .and_then(|w| w.form_version.filter(|_| w.form_id == definition.form_id));
            let values = read.instance.variables.clone().into_iter().collect();
            detail = Some(read);
            (Some(values), version.or(definition.form_version))
        }
        None => (None, definition.form_version),
    };
    let mut form = match definition.form_id {
        Some(form_id) => match forms::load(store.db(), form_id, version).await {
            Ok(form) => Some(form),
            Err(ServiceError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut values = values;
    // Fields hidden from this reader leave neither the schema nor the values.
    if let (Some(detail), Some(stored)) = (&detail, form.as_mut()) {
        if let Some(checked) = stored.checked() {
            let access = form_values::reader_access(store, actor, detail, &checked).await?;
            if !access.is_all_editable() {
                let schema = access.visible_schema(checked.schema());
                stored.schema_json = serde_json::to_string(&schema)
                    .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
                values = values.map(|v| access.visible_values(checked.schema(), &v));
            }
        }
    }
    Ok(StartForm {
        definition,
        form,
        values,
    })
}

/// A definition id, or the latest version of a process key; `None` when there is none.
pub async fn resolve(
    store: &SqlStore,
    process: &str,
) -> Result<Option<DefinitionRow>, ServiceError> {
    if process.contains(':') {
        return match store.definition(process).await {
            Ok(row) => Ok(Some(row)),
            Err(woc_store::StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        };
    }
    let filter = DefinitionFilter {
        key: Some(process.to_owned()),
        ..DefinitionFilter::default()
    };
    let page = store
        .definitions(&filter, Paging { page: 1, size: 1 })
        .await?;
    Ok(page.rows.into_iter().next())
}

/// The XML a definition was deployed from.
pub async fn xml(store: &SqlStore, definition_id: &str) -> Result<String, ServiceError> {
    Ok(store.definition_xml(definition_id).await?)
}

/// Takes a definition offline (no new instances) or back online.
pub async fn set_suspended(
    store: &SqlStore,
    actor: &Actor,
    definition_id: &str,
    suspended: bool,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    if suspended {
        store.suspend_definition(definition_id).await?;
    } else {
        store.activate_definition(definition_id).await?;
    }
    Ok(())
}

/// The latest version of each process key whose latest version is online: what anyone may
/// start (`filter.suspended` is `Some(false)`).
pub async fn startable(
    store: &SqlStore,
    filter: &DefinitionFilter,
    paging: Paging,
) -> Result<Page<DefinitionRow>, ServiceError> {
    let filter = DefinitionFilter {
        suspended: Some(false),
        ..filter.clone()
    };
    Ok(store.definitions(&filter, paging).await?)
}

/// The latest version of each process key, online or offline as `filter` says (admins: what
/// they may take on- and offline).
pub async fn list(
    store: &SqlStore,
    actor: &Actor,
    filter: &DefinitionFilter,
    paging: Paging,
) -> Result<Page<DefinitionRow>, ServiceError> {
    actor.require_admin()?;
    Ok(store.definitions(filter, paging).await?)
}
