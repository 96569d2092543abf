//! 工单分类 / 综合分类: thin server functions over `server::catalog`, administrators only.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::UiError;
use crate::system::{CategoryEntry, SynthesisEntry};
use woc_paging::{ListQuery, Page};

/// One page of process categories, in creation order.
#[server(prefix = "/api", endpoint = "list_categories", input = Json)]
pub async fn list_categories(query: ListQuery) -> Result<Page<CategoryEntry>, UiError> {
    use crate::server::service::catalog::categories;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let page = categories::list(&state()?.db, &actor, query.paging)
        .await
        .map_err(ui_error)?;
    Ok(Page {
        total: page.total,
        rows: page
            .rows
            .into_iter()
            .map(|c| CategoryEntry {
                category_id: c.category_id,
                name: c.name,
                code: c.code,
            })
            .collect(),
    })
}

/// Creates (`category_id` none) or changes a process category.
#[server(prefix = "/api", endpoint = "save_category", input = Json)]
pub async fn save_category(
    category_id: Option<i64>,
    name: String,
    code: String,
) -> Result<i64, UiError> {
    use crate::server::service::catalog::categories;
    use crate::server::ui_request::{actor, code as parse_code, display_name, state, ui_error};

    let actor = actor().await?;
    let name = display_name("name", &name)?;
    let code = parse_code("code", &code)?;
    let db = &state()?.db;
    match category_id {
        None => categories::create(db, &actor, &name, &code)
            .await
            .map_err(ui_error),
        Some(id) => categories::update(db, &actor, id, &name, &code)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a process category (`Conflict` while definitions are filed under it).
#[server(prefix = "/api", endpoint = "delete_category", input = Json)]
pub async fn delete_category(category_id: i64) -> Result<(), UiError> {
    use crate::server::service::catalog::categories;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    categories::delete(&state()?.db, &actor, category_id)
        .await
        .map_err(ui_error)
}

/// The whole composite category tree, every node naming its parent.
#[server(prefix = "/api", endpoint = "list_synthesis")]
pub async fn list_synthesis() -> Result<Vec<SynthesisEntry>, UiError> {
    use crate::server::service::catalog::synthesis;
    use crate::server::ui_request::{actor, state, ui_error};

    // Signed in is enough: every user picks a type from this tree when starting a work order.
    actor().await?;
    let nodes = synthesis::tree(&state()?.db).await.map_err(ui_error)?;
    Ok(nodes
        .into_iter()
        .map(|n| SynthesisEntry {
            synthesis_id: n.synthesis_id,
            parent_id: n.parent_id,
            name: n.category_name,
            description: n.description,
        })
        .collect())
}

/// Creates (`synthesis_id` none) or changes a composite category node.
#[server(prefix = "/api", endpoint = "save_synthesis", input = Json)]
pub async fn save_synthesis(
    synthesis_id: Option<i64>,
    name: String,
    parent_id: Option<i64>,
    description: String,
) -> Result<i64, UiError> {
    use crate::server::service::catalog::synthesis::{self, SynthesisFields};
    use crate::server::ui_request::{actor, display_name, state, ui_error};

    let actor = actor().await?;
    let description = description.trim();
    let fields = SynthesisFields {
        category_name: display_name("name", &name)?,
        parent_id,
        description: (!description.is_empty()).then(|| description.to_owned()),
    };
    let db = &state()?.db;
    match synthesis_id {
        None => synthesis::create(db, &actor, &fields)
            .await
            .map_err(ui_error),
        Some(id) => synthesis::update(db, &actor, id, &fields)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a node without children (`Conflict` otherwise).
#[server(prefix = "/api", endpoint = "delete_synthesis", input = Json)]
pub async fn delete_synthesis(synthesis_id: i64) -> Result<(), UiError> {
    use crate::server::service::catalog::synthesis;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    synthesis::delete(&state()?.db, &actor, synthesis_id)
        .await
        .map_err(ui_error)
}
