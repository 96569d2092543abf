//! User accounts as the admin API manages them. The username is the user id.

use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::password;
use crate::server::service::actor::Actor;
use crate::server::service::error::{Problem, ServiceError};
use crate::server::service::names::{DisplayName, NewPassword, Username};
use crate::with_pool;
use woc_paging::{Page, Paging, Sort};

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct User {
    /// Login name and user id.
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Administrator role.
    pub is_admin: bool,
    /// Disabled users cannot log in and their tokens stop working.
    pub enabled: bool,
    /// Department.
    pub dept_id: Option<i64>,
    /// Department name.
    pub dept_name: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Creation time, epoch millis.
    pub created_at: i64,
}

/// What an administrator sets on a user; `None` in `password`/`groups`/`is_admin` of an
/// update keeps the current value.
#[derive(Debug, Clone)]
pub struct UserFields {
    /// Display name.
    pub nick_name: DisplayName,
    /// Department.
    pub dept_id: Option<i64>,
    /// E-mail address.
    pub email: Option<DisplayName>,
    /// Phone number.
    pub phone: Option<DisplayName>,
    /// Administrator role.
    pub is_admin: Option<bool>,
    /// New password.
    pub password: Option<NewPassword>,
    /// Keys of the groups the user belongs to (replacing the current ones).
    pub groups: Option<Vec<String>>,
}

const SELECT_USER: &str =
    "SELECT u.username, u.nick_name, u.is_admin, u.enabled, u.dept_id, d.name AS dept_name,
        u.email, u.phone, u.created_at
    FROM users u LEFT JOIN depts d ON d.dept_id = u.dept_id";

async fn hash_password(password: &NewPassword) -> Result<String, ServiceError> {
    let plain = password.as_str().to_owned();
    tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| ServiceError::Unavailable(e.to_string()))?
        .map_err(|e| ServiceError::Unavailable(e.to_string()))
}

/// Refuses what would lock the acting administrator out (disabling, demoting or deleting
/// their own account): the installation could be left without a way back in.
fn not_self(actor: &Actor, username: &str) -> Result<(), ServiceError> {
    if actor.username() == username {
        return Err(ServiceError::field("userId", Problem::OwnAccount));
    }
    Ok(())
}

/// Creates a user with a password.
pub async fn create(
    db: &Db,
    actor: &Actor,
    username: &Username,
    password: &NewPassword,
    fields: &UserFields,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    let hash = hash_password(password).await?;
    let now = now_millis();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        if let Some(dept) = fields.dept_id {
            let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM depts WHERE dept_id = $1")
                .bind(dept)
                .fetch_one(&mut *tx)
                .await?;
            if known == 0 {
                return Err(ServiceError::field("deptId", Problem::MissingRecord));
            }
        }
        sqlx::query(
            "INSERT INTO users (username, nick_name, password_hash, is_admin, enabled, dept_id, email, phone, created_at, updated_at)
             VALUES ($1, $2, $3, $4, TRUE, $5, $6, $7, $8, $8)",
        )
        .bind(username.as_str())
        .bind(fields.nick_name.as_str())
        .bind(&hash)
        .bind(fields.is_admin.unwrap_or(false))
        .bind(fields.dept_id)
        .bind(fields.email.as_ref().map(DisplayName::as_str))
        .bind(fields.phone.as_ref().map(DisplayName::as_str))
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(|e| ServiceError::from_write(e, "username"))?;
        for key in fields.groups.iter().flatten() {
            let added = sqlx::query(
                "INSERT INTO group_members (group_id, username)
                 SELECT group_id, $1 FROM user_groups WHERE group_key = $2",
            )
            .bind(username.as_str())
            .bind(key)
            .execute(&mut *tx)
            .await
            .map_err(|e| ServiceError::from_write(e, "groups"))?;
            if added.rows_affected() == 0 {
                return Err(ServiceError::field("groups", Problem::MissingRecord));
            }
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Which users a list shows. Every field is optional; none set lists everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilter {
    /// Part of the username or display name, any case.
    pub keyword: Option<String>,
    /// Only enabled (`true`) or disabled (`false`) accounts.
    pub enabled: Option<bool>,
    /// Only members of this department.
    pub dept_id: Option<i64>,
}

/// The orders a user list can be sorted in, by the key clients name them with.
pub const USER_ORDERS: [(&str, &str); 4] = [
    ("username", "u.username"),
    ("nickName", "u.nick_name"),
    ("dept", "d.name"),
    ("created", "u.created_at"),
];

/// A user with the keys of the groups they belong to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUser {
    /// The account.
    pub user: User,
    /// Keys of their groups, alphabetical.
    pub groups: Vec<String>,
}

/// One page of the users `filter` selects, in `order` (oldest first by default), with their
/// group memberships.
pub async fn list(
    db: &Db,
    actor: &Actor,
    filter: &UserFilter,
    window: Paging,
    order: Option<&Sort>,
) -> Result<Page<ListedUser>, ServiceError> {
    actor.require_admin()?;
    // Absent filters are bound as neutral values, so the statement is one fixed text.
    const WHERE: &str = "WHERE ($1 = '' OR LOWER(u.username) LIKE $1 ESCAPE '\\' OR LOWER(u.nick_name) LIKE $1 ESCAPE '\\')
          AND ($2 IS NULL OR u.enabled = $2)
          AND ($3 IS NULL OR u.dept_id = $3)";
    // PostgreSQL cannot take U+0000 in text; a keyword holding it matches nothing anyway.
    if filter.keyword.as_deref().is_some_and(|k| k.contains('\0')) {
        return Err(ServiceError::field("keyword", Problem::BadCharacters));
    }
    let pattern = filter
        .keyword
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| format!("%{}%", escape_like(&k.to_lowercase())))
        .unwrap_or_default();
    let order_by = match order.and_then(|o| o.pick(&USER_ORDERS).map(|c| (c, o.descending))) {
        Some((column, true)) => format!("{column} DESC, u.username"),
        Some((column, false)) => format!("{column}, u.username"),
        None => "u.created_at, u.username".to_owned(),
    };
    let sql = format!("{SELECT_USER} {WHERE} ORDER BY {order_by} LIMIT $4 OFFSET $5");
    let count = format!("SELECT COUNT(*) FROM users u {WHERE}");
    let (rows, total) = with_pool!(db, |pool| {
        let rows: Vec<User> = sqlx::query_as(&sql)
            .bind(&pattern)
            .bind(filter.enabled)
            .bind(filter.dept_id)
            .bind(window.limit())
            .bind(window.offset())
            .fetch_all(pool)
            .await?;
        let total: i64 = sqlx::query_scalar(&count)
            .bind(&pattern)
            .bind(filter.enabled)
            .bind(filter.dept_id)
            .fetch_one(pool)
            .await?;
        Ok::<_, sqlx::Error>((rows, total))
    })?;
    let memberships = group_keys_of(db, &rows).await?;
    let rows = rows
        .into_iter()
        .map(|user| ListedUser {
            groups: memberships
                .iter()
                .filter(|(name, _)| *name == user.username)
                .map(|(_, key)| key.clone())
                .collect(),
            user,
        })
        .collect();
    Ok(Page::counted(rows, total))
}

/// `(username, group key)` for every membership of `users`, in one query.
async fn group_keys_of(db: &Db, users: &[User]) -> Result<Vec<(String, String)>, ServiceError> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders: Vec<String> = (1..=users.len()).map(|i| format!("${i}")).collect();
    let sql = format!(
        "SELECT m.username, g.group_key FROM group_members m
         JOIN user_groups g ON g.group_id = m.group_id
         WHERE m.username IN ({}) ORDER BY g.group_key",
        placeholders.join(", ")
    );
    Ok(with_pool!(db, |pool| {
        let mut query = sqlx::query_as::<_, (String, String)>(&sql);
        for user in users {
            query = query.bind(&user.username);
        }
        query.fetch_all(pool).await
    })?)
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern, so
/// a keyword matches literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One user and the keys of their groups, for an administrator or the user themselves.
pub async fn get(
    db: &Db,
    actor: &Actor,
    username: &str,
) -> Result<(User, Vec<String>), ServiceError> {
    if actor.username() != username {
        actor.require_admin()?;
    }
    load(db, username).await
}

/// One user and the keys of their groups.
/// No access check: for the services' own lookups (a work order naming its form, app or
/// category; a token's user), never for an adapter answering a caller.
pub async fn load(db: &Db, username: &str) -> Result<(User, Vec<String>), ServiceError> {
    let sql = format!("{SELECT_USER} WHERE u.username = $1");
    let user: Option<User> = with_pool!(db, |pool| {
        sqlx::query_as(&sql)
            .bind(username)
            .fetch_optional(pool)
            .await
    })?;
    let user = user.ok_or_else(|| ServiceError::UnknownUser {
        username: username.to_owned(),
        field: None,
    })?;
    Ok((user, group_keys(db, username).await?))
}

/// The keys of the groups `username` belongs to: what BPMN `candidateGroups` name.
pub async fn group_keys(db: &Db, username: &str) -> Result<Vec<String>, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_scalar(
            "SELECT g.group_key FROM group_members m JOIN user_groups g ON g.group_id = m.group_id
             WHERE m.username = $1 ORDER BY g.group_key",
        )
        .bind(username)
        .fetch_all(pool)
        .await
    })?)
}

/// Changes a user's data (and password or groups when given); a new password revokes the
/// user's access tokens.
pub async fn update(
    db: &Db,
    actor: &Actor,
    username: &str,
    fields: &UserFields,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    if fields.is_admin == Some(false) {
        not_self(actor, username)?;
    }
    let hash = match &fields.password {
        Some(p) => Some(hash_password(p).await?),
        None => None,
    };
    let now = now_millis();
    with_pool!(db, |pool| {
        let mut tx = pool.begin().await?;
        let changed = sqlx::query(
            "UPDATE users SET nick_name = $1, dept_id = $2, email = $3, phone = $4,
                 is_admin = COALESCE($5, is_admin), password_hash = COALESCE($6, password_hash), updated_at = $7
             WHERE username = $8",
        )
        .bind(fields.nick_name.as_str())
        .bind(fields.dept_id)
        .bind(fields.email.as_ref().map(DisplayName::as_str))
        .bind(fields.phone.as_ref().map(DisplayName::as_str))
        .bind(fields.is_admin)
        .bind(hash.as_deref())
        .bind(now)
        .bind(username)
        .execute(&mut *tx)
        .await
        .map_err(|e| ServiceError::from_write(e, "deptId"))?;
        if changed.rows_affected() == 0 {
            return Err(ServiceError::UnknownUser {
                username: username.to_owned(),
                field: None,
            });
        }
        if hash.is_some() {
            // A new password ends the sessions the old one opened.
            sqlx::query(
                "UPDATE access_tokens SET revoked_at = $1 WHERE username = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(username)
            .execute(&mut *tx)
            .await?;
        }
        if let Some(groups) = &fields.groups {
            sqlx::query("DELETE FROM group_members WHERE username = $1")
                .bind(username)
                .execute(&mut *tx)
                .await?;
            for key in groups {
                let added = sqlx::query(
                    "INSERT INTO group_members (group_id, username)
                     SELECT group_id, $1 FROM user_groups WHERE group_key = $2",
                )
                .bind(username)
                .bind(key)
                .execute(&mut *tx)
                .await
                .map_err(|e| ServiceError::from_write(e, "groups"))?;
                if added.rows_affected() == 0 {
                    return Err(ServiceError::field("groups", Problem::MissingRecord));
                }
            }
        }
        tx.commit().await?;
        Ok(())
    })
}

/// Enables or disables a user; a disabled user's tokens are refused from the next call on.
pub async fn set_enabled(
    db: &Db,
    actor: &Actor,
    username: &str,
    enabled: bool,
) -> Result<(), ServiceError> {
    actor.require_admin()?;
    if !enabled {
        not_self(actor, username)?;
    }
    let changed = with_pool!(db, |pool| {
        sqlx::query("UPDATE users SET enabled = $1, updated_at = $2 WHERE username = $3")
            .bind(enabled)
            .bind(now_millis())
            .bind(username)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })?;
    if changed == 0 {
        return Err(ServiceError::UnknownUser {
            username: username.to_owned(),
            field: None,
        });
    }
    Ok(())
}

/// Deletes a user with their tokens and memberships; departments they led lose their leader.
pub async fn delete(db: &Db, actor: &Actor, username: &str) -> Result<(), ServiceError> {
    actor.require_admin()?;
    not_self(actor, username)?;
    let changed = with_pool!(db, |pool| {
        sqlx::query("DELETE FROM users WHERE username = $1")
            .bind(username)
            .execute(pool)
            .await
            .map(|r| r.rows_affected())
    })
    .map_err(ServiceError::from_delete)?;
    if changed == 0 {
        return Err(ServiceError::UnknownUser {
            username: username.to_owned(),
            field: None,
        });
    }
    Ok(())
}

/// Nick names of the given users (unknown ones are left out), for showing people by name.
pub async fn nick_names(
    db: &Db,
    usernames: &[String],
) -> Result<std::collections::HashMap<String, String>, ServiceError> {
    if usernames.is_empty() {
        return Ok(Default::default());
    }
    let placeholders = (1..=usernames.len())
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT username, nick_name FROM users WHERE username IN ({placeholders})");
    let rows: Vec<(String, String)> = with_pool!(db, |pool| {
        let mut query = sqlx::query_as(&sql);
        for username in usernames {
            query = query.bind(username);
        }
        query.fetch_all(pool).await
    })?;
    Ok(rows.into_iter().collect())
}

/// Every enabled user as `(username, nick name)`, by nick name: the choices of a form's user
/// picker, which anyone filling in a form may see (names only, nothing else of the account).
pub async fn choices(db: &Db) -> Result<Vec<(String, String)>, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT username, nick_name FROM users WHERE enabled = TRUE ORDER BY nick_name, username",
        )
        .fetch_all(pool)
        .await
    })?)
}
