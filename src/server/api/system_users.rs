//! `/system/user`: accounts, administered by bearer token of an admin.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use time::UtcOffset;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use woc_paging::Sort;

use crate::parse_fields;
use crate::server::api::caller::BearerUser;
use crate::server::api::envelope::{done, found, page, Empty, Envelope, PageEnvelope};
use crate::server::api::error::ApiError;
use crate::server::api::extract::{ApiJson, ApiPath, ApiQuery, PageParams};
use crate::server::display_time::format_millis;
use crate::server::service::directory::users::{self, User, UserFields, UserFilter};
use crate::server::service::error::FieldProblem;
use crate::server::service::names::{DisplayName, NewPassword, Username};
use crate::server::state::AppState;

/// A user as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    /// Login name; the id BPMN assignments name.
    pub user_id: String,
    /// Display name.
    pub nick_name: String,
    /// Administrator role.
    pub is_admin: bool,
    /// Disabled users get 4002.
    pub enabled: bool,
    /// Department.
    pub dept_id: Option<i64>,
    /// Department name.
    pub dept_name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Keys of the user's groups (single-user reads only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<String>>,
    /// `yyyy-MM-dd HH:mm:ss`.
    pub create_time: String,
}

impl UserView {
    /// The API shape of a stored user.
    pub fn new(user: User, groups: Option<Vec<String>>, offset: UtcOffset) -> UserView {
        UserView {
            user_id: user.username,
            nick_name: user.nick_name,
            is_admin: user.is_admin,
            enabled: user.enabled,
            dept_id: user.dept_id,
            dept_name: user.dept_name,
            email: user.email,
            phone: user.phone,
            groups,
            create_time: format_millis(user.created_at, offset),
        }
    }
}

/// A new user.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateUser {
    /// Login name (letters, digits, `_ . - @`).
    pub username: String,
    /// Display name.
    pub nick_name: String,
    /// Password, 8-128 characters.
    pub password: String,
    /// Department.
    pub dept_id: Option<i64>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Administrator role (default false).
    pub is_admin: Option<bool>,
    /// Group keys.
    pub groups: Option<Vec<String>>,
}

/// Changes to a user: absent `password`, `isAdmin`, `groups` keep their values; absent
/// `deptId`, `email`, `phone` clear them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateUser {
    /// Display name.
    pub nick_name: String,
    /// Department.
    pub dept_id: Option<i64>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Administrator role.
    pub is_admin: Option<bool>,
    /// New password.
    pub password: Option<String>,
    /// Group keys (replacing the current ones).
    pub groups: Option<Vec<String>>,
}

/// Enable or disable a user.
#[derive(Debug, Deserialize, ToSchema)]
pub struct StatusChange {
    /// `false` disables: logins and tokens of the user get 4002.
    pub enabled: bool,
}

/// Id of a created user.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCreated {
    /// The username.
    pub user_id: String,
}

/// The routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_user, list_users))
        .routes(routes!(get_user, update_user, delete_user))
        .routes(routes!(set_status))
}

/// An optional text field: absent or blank means none.
pub fn optional_text(
    field: &'static str,
    text: Option<&str>,
) -> Result<Option<DisplayName>, FieldProblem> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => DisplayName::parse(t)
            .map(Some)
            .map_err(|p| FieldProblem::of(field, p)),
    }
}

fn optional_password(text: Option<&str>) -> Result<Option<NewPassword>, FieldProblem> {
    text.map(|t| NewPassword::parse(t).map_err(|p| FieldProblem::of("password", p)))
        .transpose()
}

/// Creates a user.
#[utoipa::path(post, path = "/system/user", tag = "system", request_body = CreateUser,
    responses((status = 200, body = Envelope<UserCreated>)), security(("bearer" = [])))]
async fn create_user(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiJson(body): ApiJson<CreateUser>,
) -> Result<Json<Envelope<UserCreated>>, ApiError> {
    let (username, nick_name, password, email, phone) = parse_fields!(
        username = Username::parse(&body.username).map_err(|p| FieldProblem::of("username", p)),
        nick_name =
            DisplayName::parse(&body.nick_name).map_err(|p| FieldProblem::of("nickName", p)),
        password = NewPassword::parse(&body.password).map_err(|p| FieldProblem::of("password", p)),
        email = optional_text("email", body.email.as_deref()),
        phone = optional_text("phone", body.phone.as_deref()),
    )?;
    let fields = UserFields {
        nick_name,
        dept_id: body.dept_id,
        email,
        phone,
        is_admin: body.is_admin,
        password: None,
        groups: body.groups,
    };
    users::create(&state.db, &actor, &username, &password, &fields).await?;
    Ok(done(UserCreated {
        user_id: username.as_str().to_owned(),
    }))
}

/// Which users to list, in which order; every filter is optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Page number, from 1 (default 1).
    pub page_num: Option<u32>,
    /// Same as `pageNum` (the seed's name).
    pub page_no: Option<u32>,
    /// Rows per page (default 10, at most 100).
    pub page_size: Option<u32>,
    /// Part of the username or display name, any case.
    pub keyword: Option<String>,
    /// Only enabled (`true`) or disabled (`false`) users.
    pub enabled: Option<bool>,
    /// Only members of this department.
    pub dept_id: Option<i64>,
    /// `username`, `nickName`, `dept` or `created` (default: oldest first); unknown keys are
    /// ignored.
    pub sort: Option<String>,
    /// `asc` (default) or `desc`.
    pub order: Option<String>,
}

/// Lists users with their groups, oldest first unless sorted.
#[utoipa::path(get, path = "/system/user", tag = "system", params(UserListParams),
    responses((status = 200, body = PageEnvelope<UserView>)), security(("bearer" = [])))]
async fn list_users(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiQuery(params): ApiQuery<UserListParams>,
) -> Result<Json<PageEnvelope<UserView>>, ApiError> {
    let offset = state.settings.utc_offset;
    let window = PageParams {
        page_num: params.page_num,
        page_no: params.page_no,
        page_size: params.page_size,
    }
    .window();
    let filter = UserFilter {
        keyword: params.keyword,
        enabled: params.enabled,
        dept_id: params.dept_id,
    };
    let sort = params.sort.map(|key| Sort {
        key,
        descending: params.order.as_deref() == Some("desc"),
    });
    let listed = users::list(&state.db, &actor, &filter, window, sort.as_ref()).await?;
    Ok(page(listed, |u| {
        UserView::new(u.user, Some(u.groups), offset)
    }))
}

/// One user with their groups.
#[utoipa::path(get, path = "/system/user/{userId}", tag = "system",
    params(("userId" = String, Path, description = "username")),
    responses((status = 200, body = Envelope<UserView>), (status = 404, description = "4200 user not found")),
    security(("bearer" = [])))]
async fn get_user(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Json<Envelope<UserView>>, ApiError> {
    let (user, groups) = users::get(&state.db, &actor, &user_id).await?;
    Ok(found(UserView::new(
        user,
        Some(groups),
        state.settings.utc_offset,
    )))
}

/// Changes a user.
#[utoipa::path(put, path = "/system/user/{userId}", tag = "system", request_body = UpdateUser,
    params(("userId" = String, Path, description = "username")),
    responses((status = 200, body = Envelope<Empty>), (status = 404, description = "4200 user not found")),
    security(("bearer" = [])))]
async fn update_user(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(body): ApiJson<UpdateUser>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    let (nick_name, email, phone, password) = parse_fields!(
        nick_name =
            DisplayName::parse(&body.nick_name).map_err(|p| FieldProblem::of("nickName", p)),
        email = optional_text("email", body.email.as_deref()),
        phone = optional_text("phone", body.phone.as_deref()),
        password = optional_password(body.password.as_deref()),
    )?;
    let fields = UserFields {
        nick_name,
        dept_id: body.dept_id,
        email,
        phone,
        is_admin: body.is_admin,
        password,
        groups: body.groups,
    };
    users::update(&state.db, &actor, &user_id, &fields).await?;
    Ok(done(Empty {}))
}

/// Enables or disables a user.
#[utoipa::path(put, path = "/system/user/{userId}/status", tag = "system", request_body = StatusChange,
    params(("userId" = String, Path, description = "username")),
    responses((status = 200, body = Envelope<Empty>), (status = 404, description = "4200 user not found")),
    security(("bearer" = [])))]
async fn set_status(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(body): ApiJson<StatusChange>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    users::set_enabled(&state.db, &actor, &user_id, body.enabled).await?;
    Ok(done(Empty {}))
}

/// Deletes a user with their tokens and memberships.
#[utoipa::path(delete, path = "/system/user/{userId}", tag = "system",
    params(("userId" = String, Path, description = "username")),
    responses((status = 200, body = Envelope<Empty>), (status = 404, description = "4200 user not found")),
    security(("bearer" = [])))]
async fn delete_user(
    State(state): State<AppState>,
    BearerUser(actor): BearerUser,
    ApiPath(user_id): ApiPath<String>,
) -> Result<Json<Envelope<Empty>>, ApiError> {
    users::delete(&state.db, &actor, &user_id).await?;
    Ok(done(Empty {}))
}
