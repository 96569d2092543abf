//! 应用 / 服务: registrations of API callers, thin over `server::integrations`, administrators
//! only. A secret leaves the server once, in the answer to its registration.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::UiError;
use crate::system::{ClientEntry, Credentials};
use woc_paging::{ListQuery, Page};

/// Which kind of API caller a function acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ClientKind {
    /// Front-end application (`appID`).
    App,
    /// Back-end service (`serverID`).
    Service,
}

/// One page of the registered callers of one kind, oldest first.
#[server(prefix = "/api", endpoint = "list_clients", input = Json)]
pub async fn list_clients(
    kind: ClientKind,
    query: ListQuery,
) -> Result<Page<ClientEntry>, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::integrations::{apps, services};
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let state = state()?;
    let offset = state.settings.utc_offset;
    let window = query.paging;
    Ok(match kind {
        ClientKind::App => {
            let page = apps::list(&state.db, window).await.map_err(ui_error)?;
            Page {
                total: page.total,
                rows: page
                    .rows
                    .into_iter()
                    .map(|a| ClientEntry {
                        id: a.app_id,
                        name: a.application_name,
                        created: format_millis(a.created_at, offset),
                    })
                    .collect(),
            }
        }
        ClientKind::Service => {
            let page = services::list(&state.db, &actor, window)
                .await
                .map_err(ui_error)?;
            Page {
                total: page.total,
                rows: page
                    .rows
                    .into_iter()
                    .map(|s| ClientEntry {
                        id: s.server_id,
                        name: s.service_name,
                        created: format_millis(s.created_at, offset),
                    })
                    .collect(),
            }
        }
    })
}

/// Registers a caller; the answer holds its secret, which is never shown again.
#[server(prefix = "/api", endpoint = "register_client", input = Json)]
pub async fn register_client(kind: ClientKind, name: String) -> Result<Credentials, UiError> {
    use crate::server::service::integrations::{apps, services};
    use crate::server::ui_request::{actor, display_name, state, ui_error};

    let actor = actor().await?;
    let name = display_name("name", &name)?;
    let db = &state()?.db;
    Ok(match kind {
        ClientKind::App => {
            let r = apps::register(db, &actor, &name, None)
                .await
                .map_err(ui_error)?;
            Credentials {
                id: r.app_id,
                secret: r.secret,
            }
        }
        ClientKind::Service => {
            let r = services::register(db, &actor, &name)
                .await
                .map_err(ui_error)?;
            Credentials {
                id: r.server_id,
                secret: r.secret,
            }
        }
    })
}

/// Renames a caller; its secret stays (an app keeps its images).
#[server(prefix = "/api", endpoint = "rename_client", input = Json)]
pub async fn rename_client(kind: ClientKind, id: String, name: String) -> Result<(), UiError> {
    use crate::server::service::integrations::{apps, services};
    use crate::server::ui_request::{actor, display_name, state, ui_error};

    let actor = actor().await?;
    let name = display_name("name", &name)?;
    let db = &state()?.db;
    match kind {
        ClientKind::App => {
            let current = apps::get(db, &actor, &id).await.map_err(ui_error)?;
            apps::update(db, &actor, &id, &name, current.images.as_deref())
                .await
                .map_err(ui_error)
        }
        ClientKind::Service => services::update(db, &actor, &id, &name)
            .await
            .map_err(ui_error),
    }
}

/// Removes a caller; its secret stops working at once.
#[server(prefix = "/api", endpoint = "delete_client", input = Json)]
pub async fn delete_client(kind: ClientKind, id: String) -> Result<(), UiError> {
    use crate::server::service::integrations::{apps, services};
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let db = &state()?.db;
    match kind {
        ClientKind::App => apps::delete(db, &actor, &id).await.map_err(ui_error),
        ClientKind::Service => services::delete(db, &actor, &id).await.map_err(ui_error),
    }
}
