//! Accounts: sign-in, the first administrator, the account count.

use crate::account::CurrentUser;
use crate::server::db::Db;
use crate::server::display_time::now_millis;
use crate::server::password;
use crate::server::service::error::{Problem, ServiceError, SignInRefusal};
use crate::server::service::login_throttle;
use crate::with_pool;

/// A new account.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name and user id.
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Plain password; hashed before it is stored.
    pub password: String,
    /// Administrator role.
    pub is_admin: bool,
}

#[derive(sqlx::FromRow)]
struct Credentials {
    username: String,
    nick_name: String,
    password_hash: String,
    is_admin: bool,
    enabled: bool,
}

#[derive(sqlx::FromRow)]
struct UserRecord {
    username: String,
    nick_name: String,
    is_admin: bool,
    enabled: bool,
}

/// Signs in from `client_addr`: refused while that address or username has had too many
/// failed attempts ([`login_throttle`]), otherwise the password is checked and a failure
/// counted. The one way in for both the REST login and the browser's sign-in.
pub async fn sign_in(
    db: &Db,
    client_addr: &str,
    username: &str,
    password: &str,
) -> Result<CurrentUser, ServiceError> {
    let username = username.trim();
    let keys = login_throttle::keys(client_addr, username);
    login_throttle::check(db, &keys, now_millis())
        .await?
        .map_err(|wait| ServiceError::SignIn(SignInRefusal::Throttled(wait)))?;
    match authenticate(db, username, password).await {
        Err(ServiceError::SignIn(SignInRefusal::WrongCredentials)) => {
            login_throttle::record_failure(db, &keys, now_millis()).await?;
            Err(ServiceError::SignIn(SignInRefusal::WrongCredentials))
        }
        Ok(user) => {
            login_throttle::clear(db, &login_throttle::user_key(username)).await?;
            Ok(user)
        }
        Err(other) => Err(other),
    }
}

/// Checks a username and password; the hash is verified off the async threads.
async fn authenticate(
    db: &Db,
    username: &str,
    password: &str,
) -> Result<CurrentUser, ServiceError> {
    let found: Option<Credentials> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT username, nick_name, password_hash, is_admin, enabled FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await
    })?;
    let password = password.to_owned();
    let (found, matches) = tokio::task::spawn_blocking(move || match found {
        Some(c) => {
            let ok = password::verify(&password, &c.password_hash);
            (Some(c), ok)
        }
        None => {
            password::verify_decoy(&password);
            (None, false)
        }
    })
    .await
    .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
    match found {
        Some(c) if matches && c.enabled => Ok(CurrentUser {
            username: c.username,
            nick_name: c.nick_name,
            is_admin: c.is_admin,
        }),
        Some(c) if matches && !c.enabled => Err(ServiceError::SignIn(SignInRefusal::Disabled)),
        _ => Err(ServiceError::SignIn(SignInRefusal::WrongCredentials)),
    }
}

/// The enabled account with this username, if any (sessions of disabled users end).
pub async fn find_enabled(db: &Db, username: &str) -> Result<Option<CurrentUser>, ServiceError> {
    let found: Option<UserRecord> = with_pool!(db, |pool| {
        sqlx::query_as(
            "SELECT username, nick_name, is_admin, enabled FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(pool)
        .await
    })?;
    Ok(found.filter(|u| u.enabled).map(|u| CurrentUser {
        username: u.username,
        nick_name: u.nick_name,
        is_admin: u.is_admin,
    }))
}

/// Creates an account.
pub async fn create(db: &Db, user: NewUser) -> Result<(), ServiceError> {
    let plain = user.password.clone();
    let hash = tokio::task::spawn_blocking(move || password::hash(&plain))
        .await
        .map_err(|e| ServiceError::Unavailable(e.to_string()))?
        .map_err(|e| ServiceError::Unavailable(e.to_string()))?;
    let now = now_millis();
    let inserted = with_pool!(db, |pool| {
        sqlx::query(
            "INSERT INTO users (username, nick_name, password_hash, is_admin, enabled, created_at, updated_at)
             VALUES ($1, $2, $3, $4, TRUE, $5, $5) ON CONFLICT (username) DO NOTHING",
        )
        .bind(&user.username)
        .bind(&user.nick_name)
        .bind(&hash)
        .bind(user.is_admin)
        .bind(now)
        .execute(pool)
        .await
        .map(|r| r.rows_affected())
    })?;
    if inserted == 0 {
        return Err(ServiceError::field("username", Problem::Taken));
    }
    Ok(())
}

/// Creates `admin` on first start. Returns the generated password when none was configured,
/// so the caller can show it once; `None` when the account already existed.
pub async fn ensure_admin(
    db: &Db,
    configured: Option<&str>,
) -> Result<Option<String>, ServiceError> {
    if find_any(db, "admin").await? {
        return Ok(None);
    }
    let (password, generated) = match configured.filter(|p| !p.is_empty()) {
        Some(p) => (p.to_owned(), false),
        None => (password::generate(), true),
    };
    let created = create(
        db,
        NewUser {
            username: "admin".into(),
            nick_name: "系统管理员".into(),
            password: password.clone(),
            is_admin: true,
        },
    )
    .await;
    match created {
        Ok(()) => Ok(generated.then_some(password)),
        // Another server process on the same database created it first.
        Err(ServiceError::Invalid(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn find_any(db: &Db, username: &str) -> Result<bool, ServiceError> {
    let count: i64 = with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
            .bind(username)
            .fetch_one(pool)
            .await
    })?;
    Ok(count > 0)
}

/// Number of accounts.
pub async fn count(db: &Db) -> Result<i64, ServiceError> {
    Ok(with_pool!(db, |pool| {
        sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(pool)
            .await
    })?)
}
