//! Process categories: a name and the code BPMN definitions are filed under.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::names::{Code, DisplayName};
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A process category.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Category {
    /// Identifier.
    pub category_id: i64,
    /// Display name.
    pub name: String,
    /// Unique code.
    pub code: String,
    /// Creation time, epoch millis.
    pub created_at: i64,
}

/// Creates a category; returns its id.
pub async fn create(
    db: &Db,
    actor: &Actor,
    name: &DisplayName,
    code: &Code,
) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    with_pool!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO process_categories (name, code, created_at, updated_at) VALUES ($1, $2, $3, $3)
             RETURNING category_id",
        )
        .bind(name.as_str())
        .bind(code.as_str())
        .bind(now_millis())
        .fetch_one(pool)
        .await
    })
    .map_err(|e| ServiceError::from_write(e, "code"))
}

/// One page of categories.
pub async fn list(db: &Db, actor: &Actor, window: Paging) -> Result<Page<Category>, ServiceError> {
    actor.require_admin()?;
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<Category> = sqlx::query_as(
            "SELECT category_id, name, code, created_at FROM process_categories
             ORDER BY category_id LIMIT $1 OFFSET $2",
        )
        .bind(window.limit())
        .bind(window.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM process_categories")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// One category.
pub async fn get(db: &Db, actor: &Actor, category_id: i64) -> Result<Category, ServiceError> {
    actor.require_admin()?;
    let found: Option<Category> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT category_id, name, code, created_at FROM process_categories WHERE category_id = $1",
        )
        .bind(category_id)
        .fetch_optional(pool)
        .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// Renames a category or changes its code.
pub async fn update(
    db: &Db,
    actor: &Actor,
    category_id: i64,
    name: &DisplayName,
    code: &Code,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE process_categories SET name = $1, code = $2, updated_at = $3 WHERE category_id = $4",
        )
        .bind(name.as_str())
        .bind(code.as_str())
        .bind(now_millis())
        .bind(category_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })
    .map_err(|e| ServiceError::from_write(e, "code"))?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Deletes a category.
pub async fn delete(db: &Db, actor: &Actor, category_id: i64) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM process_categories WHERE category_id = $1")
            .bind(category_id)
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

/// Every category as `(code, name)`: what lists of processes show instead of a code, to
/// anyone (a category's name is no secret; changing categories needs an administrator).
pub async fn names(db: &Db) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_as("SELECT code, name FROM process_categories ORDER BY name")
            .fetch_all(pool)
            .await
    })?)
}
