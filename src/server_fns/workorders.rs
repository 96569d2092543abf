//! 工单大厅: thin server functions over `service::workflow` and `service::workorders`, for
//! any signed-in user. Starting goes through `workorders::create`, the service the REST
//! `POST /userdefine/workorder/workorder` calls, so both doors check the same things.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::UiError;
use crate::workorders::{PickerChoices, ProcessGroup, StartRequest, StartSheet, WorkOrderSheet};

/// The processes the user may start, by category (categories by name, the uncategorised
/// last), each by name; `name` filters by part of the process name.
#[server(prefix = "/api", endpoint = "startable_processes", input = Json)]
pub async fn startable_processes(name: Option<String>) -> Result<Vec<ProcessGroup>, UiError> {
    use std::collections::BTreeMap;

    use crate::server::service::catalog::categories;
    use crate::server::service::workflow::definitions;
    use crate::server::ui_request::{actor, state, ui_error};
    use crate::workorders::StartableProcess;
    use woc_store::{DefinitionFilter, Paging};

    actor().await?;
    let state = state()?;
    let filter = DefinitionFilter {
        name: name.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        ..DefinitionFilter::default()
    };
    // One page as large as a catalogue gets; the start page lists them all, grouped.
    let page = definitions::startable(&state.workflow, &filter, Paging { page: 1, size: 500 })
        .await
        .map_err(ui_error)?;
    let names: BTreeMap<String, String> = categories::names(&state.db)
        .await
        .map_err(ui_error)?
        .into_iter()
        .collect();
    let mut groups: BTreeMap<(bool, String), Vec<StartableProcess>> = BTreeMap::new();
    for row in page.rows {
        let group = match &row.category {
            Some(code) => (
                false,
                names.get(code).cloned().unwrap_or_else(|| code.clone()),
            ),
            None => (true, String::new()),
        };
        groups.entry(group).or_default().push(StartableProcess {
            name: row.name.clone().unwrap_or_else(|| row.key.clone()),
            definition_id: row.id,
            version: row.version,
            form_name: row.form_name,
        });
    }
    Ok(groups
        .into_iter()
        .map(|((uncategorised, name), mut processes)| {
            processes.sort_by(|a, b| a.name.cmp(&b.name));
            ProcessGroup {
                name: (!uncategorised).then_some(name),
                processes,
            }
        })
        .collect())
}

/// The start form of one process version (at the form version it is bound to) and the apps
/// a work order may be filed under.
#[server(prefix = "/api", endpoint = "start_sheet", input = Json)]
pub async fn load_start_sheet(definition_id: String) -> Result<StartSheet, UiError> {
    use crate::server::service::integrations::apps;
    use crate::server::service::workflow::definitions;
    use crate::server::ui_request::{actor, state, ui_error};
    use woc_store::Paging;

    let actor = actor().await?;
    let state = state()?;
    let sheet = definitions::start_form(&state.workflow, &actor, &definition_id, None)
        .await
        .map_err(ui_error)?;
    let form = sheet.form.as_ref().and_then(form_version);
    let mut apps: Vec<(String, String)> = apps::list(&state.db, Paging { page: 1, size: 500 })
        .await
        .map_err(ui_error)?
        .rows
        .into_iter()
        .map(|a| (a.app_id, a.application_name))
        .collect();
    apps.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(StartSheet {
        process_name: sheet
            .definition
            .name
            .clone()
            .unwrap_or_else(|| sheet.definition.key.clone()),
        version: sheet.definition.version,
        definition_id: sheet.definition.id,
        form,
        apps,
    })
}

/// Files a work order and starts its process with the form's values; answers its number.
/// Every refused field comes back at once, in the server's words (`values.<key>` for the
/// form's fields).
#[server(prefix = "/api", endpoint = "start_work_order", input = Json)]
pub async fn start_work_order(request: StartRequest) -> Result<String, UiError> {
    use crate::server::service::workorders::create::{self, NewWorkOrder, ProcessChoice};
    use crate::server::ui_request::{actor, fields_error, state};

    let actor = actor().await?;
    let state = state()?;
    let title = request.title.trim().to_owned();
    let params: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&request.values)
        .map_err(|e| {
            crate::server::ui_request::fail(UiError::BadRequest(format!("values: {e}")))
        })?;
    let new = NewWorkOrder {
        system_id: Some(request.app_id).filter(|a| !a.is_empty()),
        synthesis_id: None,
        workorder_id_extend: None,
        project_id: None,
        number: None,
        title,
        source: Some("web".into()),
        compensation: None,
        room_number: None,
        description: None,
        attachment_urls: None,
        params,
        process: ProcessChoice::Start(request.definition_id),
    };
    let created = create::create(
        &state.workflow,
        state.settings.utc_offset,
        None,
        &actor,
        new,
    )
    .await
    .map_err(|e| fields_error(e, &[("params", "values"), ("systemId", "app_id")]))?;
    Ok(created.number)
}

/// A work order with its form and values, for whoever may read it.
#[server(prefix = "/api", endpoint = "work_order_sheet", input = Json)]
pub async fn load_work_order_sheet(number: String) -> Result<WorkOrderSheet, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::workorders;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let state = state()?;
    let filled = workorders::filled(&state.workflow, &actor, &number)
        .await
        .map_err(ui_error)?;
    let order = filled.order;
    Ok(WorkOrderSheet {
        status: order.status().as_str().to_owned(),
        created: format_millis(order.created_at, state.settings.utc_offset),
        number: order.workorder_number,
        title: order.title,
        process_name: order.process_name.unwrap_or_default(),
        app_name: order.app_name.unwrap_or(order.app_id),
        form: filled
            .form
            .map(|(form, schema)| crate::workorders::FormVersion {
                form_id: form.form_id,
                name: form.form_name,
                version: form.version,
                schema,
            }),
        values: filled.values,
    })
}

/// Who and which departments a form's pickers offer.
#[server(prefix = "/api", endpoint = "picker_choices")]
pub async fn load_picker_choices() -> Result<PickerChoices, UiError> {
    use crate::server::service::directory::{depts, users};
    use crate::server::ui_request::{actor, state, ui_error};

    actor().await?;
    let db = &state()?.db;
    Ok(PickerChoices {
        users: users::choices(db).await.map_err(ui_error)?,
        depts: depts::choices(db).await.map_err(ui_error)?,
    })
}

/// A stored form version as the browser renders it; `None` for a stored text that is not a
/// form (nothing to render).
#[cfg(feature = "ssr")]
fn form_version(
    form: &crate::server::service::catalog::forms::Form,
) -> Option<crate::workorders::FormVersion> {
    let checked = form.checked()?;
    Some(crate::workorders::FormVersion {
        form_id: form.form_id,
        name: form.form_name.clone(),
        version: form.version,
        schema: checked.schema().clone(),
    })
}
