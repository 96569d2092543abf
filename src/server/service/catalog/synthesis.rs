//! Composite (synthesis) work-order categories: a tree that integrators browse through
//! `GET /synthesis/list`.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::{Problem, ServiceError};
use crate::server::service::names::DisplayName;
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A category node.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SynthesisCategory {
    /// Identifier.
    pub synthesis_id: i64,
    /// Parent node; `None` at the top.
    pub parent_id: Option<i64>,
    /// Name.
    pub category_name: String,
    /// Description.
    pub description: Option<String>,
    /// Whether other nodes have this one as parent.
    pub has_children: bool,
    /// Creation time, epoch millis.
    pub created_at: i64,
}

/// What an administrator sets on a node.
#[derive(Debug, Clone)]
pub struct SynthesisFields {
    /// Name.
    pub category_name: DisplayName,
    /// Parent node.
    pub parent_id: Option<i64>,
    /// Description.
    pub description: Option<String>,
}

const SELECT_NODE: &str = "SELECT s.synthesis_id, s.parent_id, s.category_name, s.description,
        EXISTS (SELECT 1 FROM synthesis_categories c WHERE c.parent_id = s.synthesis_id) AS has_children,
        s.created_at
    FROM synthesis_categories s";

/// Creates a node; returns its id.
pub async fn create(db: &Db, actor: &Actor, fields: &SynthesisFields) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    with_pool!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO synthesis_categories (parent_id, category_name, description, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4) RETURNING synthesis_id",
        )
        .bind(fields.parent_id)
        .bind(fields.category_name.as_str())
        .bind(fields.description.as_deref())
        .bind(now_millis())
        .fetch_one(pool)
        .await
    })
    .map_err(|e| ServiceError::from_write(e, "parentId"))
}

/// One page of nodes, parents before children within the creation order.
pub async fn list(
    db: &Db,
    actor: &Actor,
    window: Paging,
) -> Result<Page<SynthesisCategory>, ServiceError> {
    actor.require_admin()?;
    let sql = format!("{SELECT_NODE} ORDER BY s.synthesis_id LIMIT $1 OFFSET $2");
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<SynthesisCategory> = sqlx::query_as(&sql)
            .bind(window.limit())
            .bind(window.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM synthesis_categories")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// The whole tree as a flat list (every node names its parent), for integrators.
pub async fn tree(db: &Db) -> Result<Vec<SynthesisCategory>, ServiceError> {
    let sql = format!("{SELECT_NODE} ORDER BY s.synthesis_id");
    Ok(with_pool!(db, |pool| {
        sqlx::query_as(&sql).fetch_all(pool).await
    })?)
}

/// One 综合分类, for an administrator.
pub async fn get(
    db: &Db,
    actor: &Actor,
    synthesis_id: i64,
) -> Result<SynthesisCategory, ServiceError> {
    actor.require_admin()?;
    load(db, synthesis_id).await
}

/// One node.
/// No access check: for the services' own lookups (a work order naming its form, app or
/// category; a token's user), never for an adapter answering a caller.
pub async fn load(db: &Db, synthesis_id: i64) -> Result<SynthesisCategory, ServiceError> {
    let sql = format!("{SELECT_NODE} WHERE s.synthesis_id = $1");
    let found: Option<SynthesisCategory> = with_pool!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(synthesis_id)
            .fetch_optional(pool)
            .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

async fn is_ancestor_or_self(db: &Db, ancestor: i64, node: i64) -> Result<bool, ServiceError> {
    let mut current = Some(ancestor);
    // The tree is acyclic by construction; the bound only guards against a damaged table.
    for _ in 0..1000 {
        match current {
            None => return Ok(false),
            Some(id) if id == node => return Ok(true),
            Some(id) => {
                current = with_pool!(db, |pool| {
                    sqlx::query_scalar(
                        "SELECT parent_id FROM synthesis_categories WHERE synthesis_id = $1",
                    )
                    .bind(id)
                    .fetch_optional(pool)
                    .await
                })?
                .flatten();
            }
        }
    }
    Ok(true)
}

/// Changes a node; moving it below itself is refused.
pub async fn update(
    db: &Db,
    actor: &Actor,
    synthesis_id: i64,
    fields: &SynthesisFields,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    if let Some(parent) = fields.parent_id {
        if is_ancestor_or_self(db, parent, synthesis_id).await? {
            return Err(ServiceError::field("parentId", Problem::Cycle));
        }
    }
    let changed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE synthesis_categories SET parent_id = $1, category_name = $2, description = $3, updated_at = $4
             WHERE synthesis_id = $5",
        )
        .bind(fields.parent_id)
        .bind(fields.category_name.as_str())
        .bind(fields.description.as_deref())
        .bind(now_millis())
        .bind(synthesis_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })
    .map_err(|e| ServiceError::from_write(e, "parentId"))?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Deletes a node without children.
pub async fn delete(db: &Db, actor: &Actor, synthesis_id: i64) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM synthesis_categories WHERE synthesis_id = $1")
            .bind(synthesis_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
    .map_err(ServiceError::from_delete)?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}
