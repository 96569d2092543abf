//! User groups: a key that BPMN `candidateGroups` name, a display name and members.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::ServiceError;
use crate::server::service::names::{Code, DisplayName};
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A group with its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Identifier.
    pub group_id: i64,
    /// Key named by `candidateGroups`.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Usernames of the members, sorted.
    pub user_ids: Vec<String>,
    /// Creation time, epoch millis.
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    group_id: i64,
    group_key: String,
    name: String,
    created_at: i64,
}

/// What an administrator sets on a group.
#[derive(Debug, Clone)]
pub struct GroupFields {
    /// Key.
    pub key: Code,
    /// Display name.
    pub name: DisplayName,
    /// Members (replacing the current ones).
    pub user_ids: Vec<String>,
}

/// Creates a group; returns its id. Unknown members are refused (4200).
pub async fn create(db: &Db, actor: &Actor, fields: &GroupFields) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    let now = now_millis();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let group_id: i64 = sqlx::query_scalar(
            "INSERT INTO user_groups (group_key, name, created_at, updated_at) VALUES ($1, $2, $3, $3)
             RETURNING group_id",
        )
        .bind(fields.key.as_str())
        .bind(fields.name.as_str())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| ServiceError::from_write(e, "key"))?;
        for user in &fields.user_ids {
            let added = sqlx::query(
                "INSERT INTO group_members (group_id, username)
                 SELECT $1, username FROM users WHERE username = $2
                 ON CONFLICT DO NOTHING",
            )
            .bind(group_id)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            if added.rows_affected() == 0 {
                let known: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
                        .bind(user)
                        .fetch_one(&mut *tx)
                        .await?;
                if known == 0 {
                    return Err(ServiceError::UnknownUser {
                        username: user.clone(),
                        field: Some("userIds"),
                    });
                }
            }
        }
        tx.commit().await?;
        Ok(group_id)
    })
}

async fn members(db: &Db, group_id: i64) -> Result<Vec<String>, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_scalar(
            "SELECT username FROM group_members WHERE group_id = $1 ORDER BY username",
        )
        .bind(group_id)
        .fetch_all(pool)
        .await
    })?)
}

/// One page of groups with their members.
pub async fn list(db: &Db, actor: &Actor, window: Paging) -> Result<Page<Group>, ServiceError> {
    actor.require_admin()?;
    let (found, total) = with_pool!(db, |pool| {
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT group_id, group_key, name, created_at FROM user_groups ORDER BY group_id LIMIT $1 OFFSET $2",
        )
        .bind(window.limit())
        .bind(window.offset())
        .fetch_all(pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_groups")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let mut rows = Vec::with_capacity(found.len());
    for g in found {
        rows.push(Group {
            user_ids: members(db, g.group_id).await?,
            group_id: g.group_id,
            key: g.group_key,
            name: g.name,
            created_at: g.created_at,
        });
    }
    Ok(Page::counted(rows, total))
}

/// One group with its members.
pub async fn get(db: &Db, actor: &Actor, group_id: i64) -> Result<Group, ServiceError> {
    actor.require_admin()?;
    let found: Option<GroupRow> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT group_id, group_key, name, created_at FROM user_groups WHERE group_id = $1",
        )
        .bind(group_id)
        .fetch_optional(pool)
        .await
    })?;
    let g = found.ok_or(ServiceError::NotFound)?;
    Ok(Group {
        user_ids: members(db, g.group_id).await?,
        group_id: g.group_id,
        key: g.group_key,
        name: g.name,
        created_at: g.created_at,
    })
}

/// Changes a group's key, name and members.
pub async fn update(
    db: &Db,
    actor: &Actor,
    group_id: i64,
    fields: &GroupFields,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE user_groups SET group_key = $1, name = $2, updated_at = $3 WHERE group_id = $4",
        )
        .bind(fields.key.as_str())
        .bind(fields.name.as_str())
        .bind(now_millis())
        .bind(group_id)
        .execute(&mut *tx)
        .await
        .map_err(|e| ServiceError::from_write(e, "key"))?;
        if changed.rows_affected() == 0 {
            return Err(ServiceError::NotFound);
        }
        sqlx::query("DELETE FROM group_members WHERE group_id = $1")
            .bind(group_id)
            .execute(&mut *tx)
            .await?;
        for user in &fields.user_ids {
            let added = sqlx::query(
                "INSERT INTO group_members (group_id, username)
                 SELECT $1, username FROM users WHERE username = $2
                 ON CONFLICT DO NOTHING",
            )
            .bind(group_id)
            .bind(user)
            .execute(&mut *tx)
            .await?;
            if added.rows_affected() == 0 {
                let known: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
                        .bind(user)
                        .fetch_one(&mut *tx)
                        .await?;
                if known == 0 {
                    return Err(ServiceError::UnknownUser {
                        username: user.clone(),
                        field: Some("userIds"),
                    });
                }
            }
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Deletes a group and its memberships.
pub async fn delete(db: &Db, actor: &Actor, group_id: i64) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM user_groups WHERE group_id = $1")
            .bind(group_id)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::NotFound);
    }
    Ok(())
}
