//! Departments: a tree (parent) with an optional leader, whom BPMN assignments may name.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::service::actor::Actor;
use crate::server::service::error::{Problem, ServiceError};
use crate::server::service::names::DisplayName;
use crate::with_pool;
use woc_paging::{Page, Paging};

/// A department.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Dept {
    /// Identifier.
    pub dept_id: i64,
    /// Name.
    pub name: String,
    /// Parent department; `None` at the top.
    pub parent_id: Option<i64>,
    /// Username of the leader.
    pub leader_user_id: Option<String>,
    /// Display name of the leader.
    pub leader_name: Option<String>,
    /// Creation time, epoch millis.
    pub created_at: i64,
}

/// What an administrator sets on a department.
#[derive(Debug, Clone)]
pub struct DeptFields {
    /// Name.
    pub name: DisplayName,
    /// Parent department.
    pub parent_id: Option<i64>,
    /// Username of the leader.
    pub leader_user_id: Option<String>,
}

impl DeptFields {
    /// What an administrator entered: the name, the parent, the leader (blank: none).
    pub fn parse(
        name: &str,
        parent_id: Option<i64>,
        leader_user_id: Option<String>,
    ) -> Result<DeptFields, ServiceError> {
        Ok(DeptFields {
            name: DisplayName::parse(name).map_err(|p| ServiceError::field("name", p))?,
            parent_id,
            leader_user_id: leader_user_id.filter(|l| !l.trim().is_empty()),
        })
    }
}

const SELECT_DEPT: &str = "SELECT d.dept_id, d.name, d.parent_id, d.leader_user_id, u.nick_name AS leader_name, d.created_at
    FROM depts d LEFT JOIN users u ON u.username = d.leader_user_id";

async fn check_references(db: &Db, fields: &DeptFields) -> Result<(), ServiceError> {
    if let Some(leader) = &fields.leader_user_id {
        let known: i64 = with_pool!(db, |pool| {
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
                .bind(leader)
                .fetch_one(pool)
                .await
        })?;
        if known == 0 {
            return Err(ServiceError::UnknownUser {
                username: leader.clone(),
                field: Some("leaderUserId"),
            });
        }
    }
    Ok(())
}

/// Creates a department; returns its id.
pub async fn create(db: &Db, actor: &Actor, fields: &DeptFields) -> Result<i64, ServiceError> {
    actor.require_admin()?;
    check_references(db, fields).await?;
    let now = now_millis();
    with_pool!(db, |pool| {
        sqlx::query_scalar(
            "INSERT INTO depts (name, parent_id, leader_user_id, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $4) RETURNING dept_id",
        )
        .bind(fields.name.as_str())
        .bind(fields.parent_id)
        .bind(fields.leader_user_id.as_deref())
        .bind(now)
        .fetch_one(pool)
        .await
    })
    .map_err(|e| ServiceError::from_write(e, "parentId"))
}

/// One page of departments, in creation order.
pub async fn list(db: &Db, actor: &Actor, window: Paging) -> Result<Page<Dept>, ServiceError> {
    actor.require_admin()?;
    let sql = format!("{SELECT_DEPT} ORDER BY d.dept_id LIMIT $1 OFFSET $2");
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<Dept> = sqlx::query_as(&sql)
            .bind(window.limit())
            .bind(window.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM depts")
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    Ok(Page::counted(rows, total))
}

/// One department.
pub async fn get(db: &Db, actor: &Actor, dept_id: i64) -> Result<Dept, ServiceError> {
    actor.require_admin()?;
    let sql = format!("{SELECT_DEPT} WHERE d.dept_id = $1");
    let found: Option<Dept> = with_pool!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(dept_id)
            .fetch_optional(pool)
            .await
    })?;
    found.ok_or(ServiceError::NotFound)
}

/// Whether `ancestor` is `dept_id` or above it in the tree.
async fn is_ancestor_or_self(db: &Db, ancestor: i64, dept_id: i64) -> Result<bool, ServiceError> {
    let mut current = Some(ancestor);
    // The tree is acyclic by construction; the bound only guards against a damaged table.
    for _ in 0..1000 {
        match current {
            None => return Ok(false),
            Some(id) if id == dept_id => return Ok(true),
            Some(id) => {
                current = with_pool!(db, |pool| {
                    sqlx::query_scalar("SELECT parent_id FROM depts WHERE dept_id = $1")
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

/// Changes a department; moving it below itself is refused.
pub async fn update(
    db: &Db,
    actor: &Actor,
    dept_id: i64,
    fields: &DeptFields,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    check_references(db, fields).await?;
    if let Some(parent) = fields.parent_id {
        if is_ancestor_or_self(db, parent, dept_id).await? {
            return Err(ServiceError::field("parentId", Problem::Cycle));
        }
    }
    let changed = with_pool!(db, |pool| {
        sqlx::query(
            "UPDATE depts SET name = $1, parent_id = $2, leader_user_id = $3, updated_at = $4 WHERE dept_id = $5",
        )
        .bind(fields.name.as_str())
        .bind(fields.parent_id)
        .bind(fields.leader_user_id.as_deref())
        .bind(now_millis())
        .bind(dept_id)
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

/// Deletes a department without sub-departments; its users keep no department.
pub async fn delete(db: &Db, actor: &Actor, dept_id: i64) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM depts WHERE dept_id = $1")
            .bind(dept_id)
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

/// Every department as `(id, name)`, by name: the choices of a form's department picker,
/// which anyone filling in a form may see.
pub async fn choices(db: &Db) -> Result<Vec<(i64, String)>, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_as("SELECT dept_id, name FROM depts ORDER BY name, dept_id")
            .fetch_all(pool)
            .await
    })?)
}
