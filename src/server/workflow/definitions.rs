//! Deployed process definitions: import, the XML, online/offline, the startable list.

use woc_store::{DefinitionFilter, DefinitionRow, Page, Paging, SqlStore};

use crate::account::CurrentUser;
use crate::server::api::error::{ApiError, FieldError};

/// Deploying and taking processes on/offline changes what everyone may start: admins only.
pub(crate) fn require_admin(user: &CurrentUser) -> Result<(), ApiError> {
    if user.is_admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Deploys every executable process of a BPMN file as the next version of its key.
pub async fn import(
    store: &SqlStore,
    user: &CurrentUser,
    xml: &str,
    category: Option<&str>,
) -> Result<Vec<DefinitionRow>, ApiError> {
    require_admin(user)?;
    if xml.trim().is_empty() {
        return Err(ApiError::field(FieldError::missing("file")));
    }
    Ok(store.deploy(xml, category).await?)
}

/// The XML a definition was deployed from.
pub async fn xml(store: &SqlStore, definition_id: &str) -> Result<String, ApiError> {
    Ok(store.definition_xml(definition_id).await?)
}

/// Takes a definition offline (no new instances) or back online.
pub async fn set_suspended(
    store: &SqlStore,
    user: &CurrentUser,
    definition_id: &str,
    suspended: bool,
) -> Result<(), ApiError> {
    require_admin(user)?;
    if suspended {
        store.suspend_definition(definition_id).await?;
    } else {
        store.activate_definition(definition_id).await?;
    }
    Ok(())
}

/// The latest version of each process key.
pub async fn list(
    store: &SqlStore,
    filter: &DefinitionFilter,
    paging: Paging,
) -> Result<Page<DefinitionRow>, ApiError> {
    Ok(store.definitions(filter, paging).await?)
}
