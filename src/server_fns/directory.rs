//! 用户 / 部门 / 用户组: thin server functions over `server::directory`, administrators only.
//!
//! Mutations take JSON (the forms send typed values: optional ids, lists of keys) and answer
//! with a field-named `UiError::Invalid` when a value is refused, so the form can say where.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::error::UiError;
use crate::system::{Directory, UserEntry};
use woc_paging::{ListQuery, Page};

/// One page of accounts with department and groups: the `keyword`, `enabled` (`true` or
/// `false`) and `dept` filters and the orders of `users::USER_ORDERS`.
#[server(prefix = "/api", endpoint = "list_users", input = Json)]
pub async fn list_users(query: ListQuery) -> Result<Page<UserEntry>, UiError> {
    use crate::server::display_time::format_millis;
    use crate::server::service::directory::users::{self, UserFilter};
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let state = state()?;
    let filter = UserFilter {
        keyword: query.filter("keyword").map(str::to_owned),
        enabled: query.filter("enabled").and_then(|v| v.parse().ok()),
        dept_id: query.filter("dept").and_then(|v| v.parse().ok()),
    };
    let found = users::list(
        &state.db,
        &actor,
        &filter,
        query.paging,
        query.sort.as_ref(),
    )
    .await
    .map_err(ui_error)?;
    let offset = state.settings.utc_offset;
    Ok(Page {
        total: found.total,
        rows: found
            .rows
            .into_iter()
            .map(|listed| {
                let u = listed.user;
                UserEntry {
                    groups: listed.groups,
                    created: format_millis(u.created_at, offset),
                    username: u.username,
                    nick_name: u.nick_name,
                    is_admin: u.is_admin,
                    enabled: u.enabled,
                    dept_id: u.dept_id,
                    dept_name: u.dept_name,
                }
            })
            .collect(),
    })
}

/// Departments, groups and users to choose from in the forms (the first 100 of each).
#[server(prefix = "/api", endpoint = "directory")]
pub async fn load_directory() -> Result<Directory, UiError> {
    use crate::server::service::directory::{depts, groups, users};
    use crate::server::ui_request::{actor, state, ui_error};
    use crate::system::{DeptEntry, GroupEntry, UserChoice};
    use woc_paging::Paging;

    let actor = actor().await?;
    let db = &state()?.db;
    let all = Paging::new(1, 100);
    let depts = depts::list(db, &actor, all).await.map_err(ui_error)?;
    let groups = groups::list(db, &actor, all).await.map_err(ui_error)?;
    let users = users::list(db, &actor, &users::UserFilter::default(), all, None)
        .await
        .map_err(ui_error)?;
    Ok(Directory {
        depts: depts
            .rows
            .into_iter()
            .map(|d| DeptEntry {
                dept_id: d.dept_id,
                name: d.name,
                parent_id: d.parent_id,
                leader: d.leader_user_id,
                leader_name: d.leader_name,
            })
            .collect(),
        groups: groups
            .rows
            .into_iter()
            .map(|g| GroupEntry {
                group_id: g.group_id,
                key: g.key,
                name: g.name,
                members: g.user_ids,
            })
            .collect(),
        users: users
            .rows
            .into_iter()
            .map(|u| UserChoice {
                username: u.user.username,
                nick_name: u.user.nick_name,
            })
            .collect(),
    })
}

/// Creates a user.
#[server(prefix = "/api", endpoint = "create_user", input = Json)]
pub async fn create_user(
    username: String,
    nick_name: String,
    password: String,
    dept_id: Option<i64>,
    groups: Vec<String>,
) -> Result<(), UiError> {
    use crate::server::service::directory::users::{self, UserFields};
    use crate::server::ui_request::{
        actor, display_name, new_password, state, ui_error, username as parse_username,
    };

    let actor = actor().await?;
    let username = parse_username("username", &username)?;
    let fields = UserFields {
        nick_name: display_name("nick_name", &nick_name)?,
        dept_id,
        email: None,
        phone: None,
        is_admin: None,
        password: None,
        groups: Some(groups),
    };
    let password = new_password("password", &password)?;
    users::create(&state()?.db, &actor, &username, &password, &fields)
        .await
        .map_err(ui_error)
}

/// Changes a user's name, department and groups, and the password when one is given. The
/// admin flag and contact data stay as they are (the REST API manages those).
#[server(prefix = "/api", endpoint = "update_user", input = Json)]
pub async fn update_user(
    username: String,
    nick_name: String,
    password: String,
    dept_id: Option<i64>,
    groups: Vec<String>,
) -> Result<(), UiError> {
    use crate::server::service::directory::users::{self, UserFields};
    use crate::server::ui_request::{actor, display_name, new_password, state, ui_error};

    let actor = actor().await?;
    let db = &state()?.db;
    let (current, _) = users::get(db, &actor, &username).await.map_err(ui_error)?;
    let fields = UserFields {
        nick_name: display_name("nick_name", &nick_name)?,
        dept_id,
        email: current
            .email
            .as_deref()
            .and_then(|e| crate::server::service::names::DisplayName::parse(e).ok()),
        phone: current
            .phone
            .as_deref()
            .and_then(|p| crate::server::service::names::DisplayName::parse(p).ok()),
        is_admin: None,
        password: if password.is_empty() {
            None
        } else {
            Some(new_password("password", &password)?)
        },
        groups: Some(groups),
    };
    users::update(db, &actor, &username, &fields)
        .await
        .map_err(ui_error)
}

/// Enables or disables a user; administrators cannot disable themselves.
#[server(prefix = "/api", endpoint = "set_user_enabled", input = Json)]
pub async fn set_user_enabled(username: String, enabled: bool) -> Result<(), UiError> {
    use crate::server::service::directory::users;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    users::set_enabled(&state()?.db, &actor, &username, enabled)
        .await
        .map_err(ui_error)
}

/// Deletes a user; administrators cannot delete themselves.
#[server(prefix = "/api", endpoint = "delete_user", input = Json)]
pub async fn delete_user(username: String) -> Result<(), UiError> {
    use crate::server::service::directory::users;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    users::delete(&state()?.db, &actor, &username)
        .await
        .map_err(ui_error)
}

/// Creates (`dept_id` none) or changes a department.
#[server(prefix = "/api", endpoint = "save_dept", input = Json)]
pub async fn save_dept(
    dept_id: Option<i64>,
    name: String,
    parent_id: Option<i64>,
    leader: Option<String>,
) -> Result<i64, UiError> {
    use crate::server::service::directory::depts::{self, DeptFields};
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    let fields = DeptFields::parse(&name, parent_id, leader).map_err(ui_error)?;
    let db = &state()?.db;
    match dept_id {
        None => depts::create(db, &actor, &fields).await.map_err(ui_error),
        Some(id) => depts::update(db, &actor, id, &fields)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a department without sub-departments (`Conflict` otherwise).
#[server(prefix = "/api", endpoint = "delete_dept", input = Json)]
pub async fn delete_dept(dept_id: i64) -> Result<(), UiError> {
    use crate::server::service::directory::depts;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    depts::delete(&state()?.db, &actor, dept_id)
        .await
        .map_err(ui_error)
}

/// Creates (`group_id` none) or changes a group with its members.
#[server(prefix = "/api", endpoint = "save_group", input = Json)]
pub async fn save_group(
    group_id: Option<i64>,
    key: String,
    name: String,
    members: Vec<String>,
) -> Result<i64, UiError> {
    use crate::server::service::directory::groups::{self, GroupFields};
    use crate::server::ui_request::{actor, code, display_name, state, ui_error};

    let actor = actor().await?;
    let fields = GroupFields {
        key: code("key", &key)?,
        name: display_name("name", &name)?,
        user_ids: members,
    };
    let db = &state()?.db;
    match group_id {
        None => groups::create(db, &actor, &fields).await.map_err(ui_error),
        Some(id) => groups::update(db, &actor, id, &fields)
            .await
            .map(|()| id)
            .map_err(ui_error),
    }
}

/// Deletes a group and its memberships.
#[server(prefix = "/api", endpoint = "delete_group", input = Json)]
pub async fn delete_group(group_id: i64) -> Result<(), UiError> {
    use crate::server::service::directory::groups;
    use crate::server::ui_request::{actor, state, ui_error};

    let actor = actor().await?;
    groups::delete(&state()?.db, &actor, group_id)
        .await
        .map_err(ui_error)
}
