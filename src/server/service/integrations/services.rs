//! Registered back-end services (requestType `service`): ID, name, secret.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::integrations::{new_id, new_secret, secret_matches};
use crate::server::service::names::DisplayName;
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A registered service, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Service {
    /// Public identifier (`serverID` header).
    pub server_id: String,
    /// Display name.
    pub service_name: String,
    /// Registration time, epoch millis.
    pub created_at: i64,
}

/// A new registration: the secret is returned here and never again.
#[derive(Debug, Clone)]
pub struct Registered {
    /// The new service id.
    pub server_id: String,
    /// The secret, in clear text, this once.
    pub secret: String,
}

/// Registers a service.
pub async fn register(
    db: &Db,
    actor: &Actor,
    name: &DisplayName,
) -> Result<Registered, ServiceError> {
    actor.require_admin()?;
    let (secret, hash) = new_secret().await?;
    let server_id = new_id("svc_");
    let now = now_millis();
    with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO services (server_id, service_name, secret_hash, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4)",
        )
        .bind(&server_id)
        .bind(name.as_str())
        .bind(&hash)
        .bind(now)
        .execute(pool)
        .await
        .map(|_| ())
    })?;
    Ok(Registered { server_id, secret })
}

/// One page of services, oldest first.
pub async fn list(db: &Db, actor: &Actor, window: Paging) -> Result<Page<Service>, ServiceError> {
    actor.require_admin()?;
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<Service> = sqlx::query_as(
            "SELECT server_id, service_name, created_at FROM services
             ORDER BY created_at, server_id LIMIT $1 OFFSET $2",
        )
        .bind(window.limit())
        .bind(window.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM services")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// One service.
pub async fn get(db: &Db, actor: &Actor, server_id: &str) -> Result<Service, ServiceError> {
    actor.require_admin()?;
    let found: Option<Service> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT server_id, service_name, created_at FROM services WHERE server_id = $1",
        )
        .bind(server_id)
        .fetch_optional(pool)
        .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// Renames a service; the secret stays.
pub async fn update(
    db: &Db,
    actor: &Actor,
    server_id: &str,
    name: &DisplayName,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("UPDATE services SET service_name = $1, updated_at = $2 WHERE server_id = $3")
            .bind(name.as_str())
            .bind(now_millis())
            .bind(server_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Removes a service; its secret stops working at once.
pub async fn delete(db: &Db, actor: &Actor, server_id: &str) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM services WHERE server_id = $1")
            .bind(server_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}

/// Whether `secret` is the secret of service `server_id`.
pub async fn verify(db: &Db, server_id: &str, secret: &str) -> Result<bool, ServiceError> {
    let stored: Option<String> = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT secret_hash FROM services WHERE server_id = $1")
            .bind(server_id)
            .fetch_optional(pool)
            .await
    })?;
    secret_matches(secret, stored).await
}
