//! Registered front-end applications (requestType `app`): ID, name, optional images, secret.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::integrations::{new_id, new_secret, secret_matches};
use crate::server::service::names::DisplayName;
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A registered application, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct App {
    /// Public identifier (`appID` header).
    pub app_id: String,
    /// Display name.
    pub application_name: String,
    /// Icon or image URLs, as the registrant gave them.
    pub images: Option<String>,
    /// Registration time, epoch millis.
    pub created_at: i64,
}

/// A new registration: the secret is returned here and never again.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The new app id.
    pub app_id: String,
    /// The secret, in clear text, this once.
    pub secret: String,
}

/// Registers an application.
pub async fn register(
    db: &Db,
    actor: &Actor,
    name: &DisplayName,
    images: Option<&str>,
) -> Result<Registered, ServiceError> {
    actor.require_admin()?;
    let (secret, hash) = new_secret().await?;
    let app_id = new_id("app_");
    let now = now_millis();
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO apps (app_id, application_name, images, secret_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $5)",
        )
        .bind(&app_id)
        .bind(name.as_str())
        .bind(images)
        .bind(&hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(Registered { app_id, secret })
}

/// One page of applications, oldest first. Open to anyone acting, so no actor: the seed's
/// 获取应用列表 (`/WorkOrder/app/list`) offers every caller the systems a work order may
/// belong to, and the list holds no secret.
pub async fn list(db: &Db, window: Paging) -> Result<Page<App>, ServiceError> {
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<App> = sqlx::query_as(
            "SELECT app_id, application_name, images, created_at FROM apps
             ORDER BY created_at, app_id LIMIT $1 OFFSET $2",
        )
        .bind(window.limit())
        .bind(window.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM apps")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// One registered application, for an administrator.
pub async fn get(db: &Db, actor: &Actor, app_id: &str) -> Result<App, ServiceError> {
    actor.require_admin()?;
    load(db, app_id).await
}

/// One application.
/// No access check: for the services' own lookups (a work order naming its form, app or
/// category; a token's user), never for an adapter answering a caller.
pub async fn load(db: &Db, app_id: &str) -> Result<App, ServiceError> {
    let found: Option<App> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT app_id, application_name, images, created_at FROM apps WHERE app_id = $1",
        )
        .bind(app_id)
        .fetch_optional(pool)
        .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// Renames an application or changes its images; the secret stays.
pub async fn update(
    db: &Db,
    actor: &Actor,
    app_id: &str,
    name: &DisplayName,
    images: Option<&str>,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE apps SET application_name = $1, images = $2, updated_at = $3 WHERE app_id = $4",
        )
        .bind(name.as_str())
        .bind(images)
        .bind(now_millis())
        .bind(app_id)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Removes an application; its secret stops working at once.
pub async fn delete(db: &Db, actor: &Actor, app_id: &str) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM apps WHERE app_id = $1")
            .bind(app_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Whether `secret` is the secret of application `app_id`.
pub async fn verify(db: &Db, app_id: &str, secret: &str) -> Result<bool, ServiceError> {
    let stored: Option<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT secret_hash FROM apps WHERE app_id = $1")
            .bind(app_id)
            .fetch_optional(pool)
            .await
    })?;
    secret_matches(secret, stored).await
}
