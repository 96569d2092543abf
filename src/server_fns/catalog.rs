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
    use crate::server::ui_request::{admin, state, ui_error};

    admin().await?;
    let page = categories::list(&state()?.db, query.paging)
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
    use crate::server::ui_request::{admin, code as parse_code, display_name, state, ui_error};

    admin().await?;
    let name = display_name("name", &name)?;
    let code = parse_code("code", &code)?;
    let db = &state()?.db;
    match category_id {
        None => categories::create(db, &name, &code).await.map_err(ui_error),
        Some(id) => categories::update(db, id, &name, &code)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a process category (`Conflict` while definitions are filed under it).
#[server(prefix = "/api", endpoint = "delete_category", input = Json)]
pub async fn delete_category(category_id: i64) -> Result<(), UiError> {
    use crate::server::service::catalog::categories;
    use crate::server::ui_request::{admin, state, ui_error};

    admin().await?;
    categories::delete(&state()?.db, category_id)
        .await
        .map_err(ui_error)
}

/// The whole composite category tree, every node naming its parent.
#[server(prefix = "/api", endpoint = "list_synthesis")]
pub async fn list_synthesis() -> Result<Vec<SynthesisEntry>, UiError> {
    use crate::server::service::catalog::synthesis;
    use crate::server::ui_request::{admin, state, ui_error};

    admin().await?;
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
    use crate::server::ui_request::{admin, display_name, state, ui_error};

    admin().await?;
    let description = description.trim();
    let fields = SynthesisFields {
        category_name: display_name("name", &name)?,
        parent_id,
        description: (!description.is_empty()).then(|| description.to_owned()),
    };
    let db = &state()?.db;
    match synthesis_id {
        None => synthesis::create(db, &fields).await.map_err(ui_error),
        Some(id) => synthesis::update(db, id, &fields)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a node without children (`Conflict` otherwise).
#[server(prefix = "/api", endpoint = "delete_synthesis", input = Json)]
pub async fn delete_synthesis(synthesis_id: i64) -> Result<(), UiError> {
    use crate::server::service::catalog::synthesis;
    use crate::server::ui_request::{admin, state, ui_error};

    admin().await?;
    synthesis::delete(&state()?.db, synthesis_id)
        .await
        .map_err(ui_error)
}
