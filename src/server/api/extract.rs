//! Request extractors whose failures are API errors (4101 naming each field, 413 over 2 MB).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::RefOr;
use utoipa::{IntoParams, PartialSchema};

use crate::server::api::error::ApiError;
use crate::server::service::error::FieldProblem;
use woc_paging::Paging;

/// Largest accepted request body. Bigger bodies are refused with HTTP 413 and code 4101
/// before they are read to the end.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

/// A field of the wrong JSON type.
pub fn wrong_type(field: impl Into<String>, expected: &str) -> FieldProblem {
    FieldProblem::new(
        field,
        format!("类型错误，应为 {expected}"),
        format!("must be {expected}"),
    )
}

/// A field whose text holds U+0000, which PostgreSQL cannot store.
pub fn nul(field: impl Into<String>) -> FieldProblem {
    FieldProblem::new(
        field,
        "不能包含空字符（U+0000）",
        "must not contain the NUL character (U+0000)",
    )
}

/// A JSON body checked against the schema the OpenAPI document publishes for `T`, so every
/// missing or mistyped field is named at once (serde alone stops at the first).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + PartialSchema,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::field(FieldProblem::new("body", e.body_text(), e.body_text()))
            }
        })?;
        parse_body(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body into `T`, reporting every field that breaks `T`'s schema.
pub fn parse_body<T: DeserializeOwned + PartialSchema>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Object(Default::default())
    } else {
        serde_json::from_slice(bytes).map_err(|e| {
            ApiError::field(FieldProblem::new(
                "body",
                format!("不是有效的 JSON（{e}）"),
                format!("is not valid JSON ({e})"),
            ))
        })?
    };
    if let Some(field) = nul_field(&value, "") {
        return Err(ApiError::field(nul(field)));
    }
    let problems = schema_problems(&T::schema(), &value);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(problems));
    }
    serde_json::from_value(value)
        .map_err(|e| ApiError::field(FieldProblem::new("body", e.to_string(), e.to_string())))
}

/// The first place in a JSON value (a field path like `variables.note`, `userIds[2]`) whose
/// text holds U+0000. PostgreSQL cannot store that character in `text` or `jsonb` and fails
/// the whole statement, so it is refused here, for both databases alike, as a field error
/// instead of surfacing as a 500 from deep in a query.
fn nul_field(value: &Value, path: &str) -> Option<String> {
    let name = |path: &str| {
        if path.is_empty() {
            "body".to_owned()
        } else {
            path.to_owned()
        }
    };
    match value {
        Value::String(text) => text.contains('\0').then(|| name(path)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_field(item, &format!("{}[{i}]", name(path)))),
        Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let inner = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                Some(name(path))
            } else {
                nul_field(item, &inner)
            }
        }),
        _ => None,
    }
}

/// The query parameter (its raw name) or path whose percent-encoded text holds `%00`, the
/// only way U+0000 can reach a URL; refused for the reason given at [`nul_field`].
fn nul_in_uri(uri: &axum::http::Uri, part: UriPart) -> Option<String> {
    match part {
        UriPart::Query => uri.query()?.split('&').find_map(|pair| {
            pair.contains("%00")
                .then(|| pair.split('=').next().unwrap_or("query").to_owned())
        }),
        UriPart::Path => uri.path().contains("%00").then(|| "path".to_owned()),
    }
}

#[derive(Clone, Copy)]
enum UriPart {
    Query,
    Path,
}

fn schema_problems(schema: &RefOr<Schema>, value: &Value) -> Vec<FieldProblem> {
    let RefOr::T(Schema::Object(object)) = schema else {
        return Vec::new();
    };
    let Value::Object(fields) = value else {
        return vec![wrong_type("body", "object")];
    };
    let mut problems: Vec<FieldProblem> = object
        .required
        .iter()
        .filter(|name| fields.get(*name).is_none_or(Value::is_null))
        .map(FieldProblem::missing)
        .collect();
    for (name, property) in object.properties.iter() {
        match fields.get(name) {
            Some(v) if !v.is_null() => {
                if let Some(expected) = mismatch(property, v) {
                    problems.push(wrong_type(name.clone(), expected));
                }
            }
            _ => {}
        }
    }
    problems
}

/// The expected JSON type when `value` does not fit `schema` (nested structures are left to
/// serde, whose message names the path).
fn mismatch(schema: &RefOr<Schema>, value: &Value) -> Option<&'static str> {
    match schema {
        RefOr::T(Schema::Array(_)) => (!value.is_array()).then_some("array"),
        RefOr::T(Schema::Object(object)) => {
            let types: &[Type] = match &object.schema_type {
                SchemaType::Type(t) => std::slice::from_ref(t),
                SchemaType::Array(ts) => ts,
                SchemaType::AnyValue => return None,
            };
            if types.iter().any(|t| fits(t, value)) {
                None
            } else {
                types.iter().find(|t| **t != Type::Null).map(type_name)
            }
        }
        _ => None,
    }
}

fn fits(t: &Type, value: &Value) -> bool {
    match t {
        Type::Object => value.is_object(),
        Type::String => value.is_string(),
        Type::Integer => value.is_i64() || value.is_u64(),
        Type::Number => value.is_number(),
        Type::Boolean => value.is_boolean(),
        Type::Array => value.is_array(),
        Type::Null => value.is_null(),
    }
}

fn type_name(t: &Type) -> &'static str {
    match t {
        Type::Object => "object",
        Type::String => "string",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
        Type::Array => "array",
        Type::Null => "null",
    }
}

/// Query parameters; a bad value (or U+0000 in one) is 4101 naming the parameter.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Some(name) = nul_in_uri(&parts.uri, UriPart::Query) {
            return Err(ApiError::field(nul(name)));
        }
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// Path parameters; a bad value (or U+0000 in one) is 4101.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        if let Some(name) = nul_in_uri(&parts.uri, UriPart::Path) {
            return Err(ApiError::field(nul(name)));
        }
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(ApiPath(value))
    }
}

/// Page parameters of list endpoints: `pageNum` (or the seed's `pageNo`) from 1, `pageSize`
/// up to 100 (larger sizes are capped, not refused).
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page number, from 1 (default 1).
    pub page_num: Option<u32>,
    /// Same as `pageNum` (the seed's name).
    pub page_no: Option<u32>,
    /// Rows per page (default 10, at most 100).
    pub page_size: Option<u32>,
}

impl PageParams {
    /// The window to query.
    pub fn window(&self) -> Paging {
        Paging::new(
            self.page_num.or(self.page_no).unwrap_or(1),
            self.page_size.unwrap_or(10),
        )
    }
}

/// Builds a tuple of parsed fields or one 4101 naming every field that failed to parse.
/// `parse_fields!(a = Username::parse(x).map_err(..), b = ...)` yields `Result<(A, B), ApiError>`.
#[macro_export]
macro_rules! parse_fields {
    ($($name:ident = $parsed:expr),+ $(,)?) => {{
        $(let $name: Result<_, $crate::server::service::error::FieldProblem> = $parsed;)+
        match ($($name,)+) {
            ($(Ok($name),)+) => Ok(($($name,)+)),
            ($($name,)+) => {
                let mut errors = Vec::new();
                $(if let Err(e) = $name { errors.push(e); })+
                Err($crate::server::api::error::ApiError::Invalid(errors))
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use utoipa::ToSchema;

    #[derive(Debug, Deserialize, ToSchema)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Sample {
        user_name: String,
        enabled: bool,
        age: Option<i64>,
        tags: Vec<String>,
    }

    fn fields(e: ApiError) -> Vec<String> {
        match e {
            ApiError::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_missing_and_mistyped_field_is_named() {
        let e = parse_body::<Sample>(br#"{"age":"x","tags":3}"#).unwrap_err();
        let mut names = fields(e);
        names.sort();
        assert_eq!(names, ["age", "enabled", "tags", "userName"]);
    }

    #[test]
    fn valid_bodies_parse() {
        let s: Sample =
            parse_body(br#"{"userName":"a","enabled":true,"age":null,"tags":[]}"#).unwrap();
        assert_eq!(s.user_name, "a");
    }

    #[test]
    fn syntax_errors_are_4101_on_body() {
        assert_eq!(fields(parse_body::<Sample>(b"{").unwrap_err()), ["body"]);
        assert_eq!(fields(parse_body::<Sample>(b"[]").unwrap_err()), ["body"]);
    }

    #[test]
    fn nul_characters_are_refused_where_they_are() {
        let e = parse_body::<Sample>(br#"{"userName":"a\u0000b","enabled":true,"tags":[]}"#)
            .unwrap_err();
        assert_eq!(fields(e), ["userName"]);
        // Nested values and keys are found too (variables are free-form JSON).
        let v: Value = serde_json::from_str(r#"{"variables":{"list":["ok","x\u0000"]}}"#).unwrap();
        assert_eq!(nul_field(&v, "").as_deref(), Some("variables.list[1]"));
        let v: Value = serde_json::from_str(r#"{"variables":{"k\u0000":1}}"#).unwrap();
        assert_eq!(nul_field(&v, "").as_deref(), Some("variables"));
        let v: Value = serde_json::from_str(r#"{"a":"plain","b":[1,{"c":"\u0001"}]}"#).unwrap();
        assert_eq!(nul_field(&v, ""), None);
    }

    #[test]
    fn nul_in_the_url_names_the_parameter() {
        let uri: axum::http::Uri = "/x/a%00b?pageNum=1&processKey=a%00".parse().unwrap();
        assert_eq!(
            nul_in_uri(&uri, UriPart::Query).as_deref(),
            Some("processKey")
        );
        assert_eq!(nul_in_uri(&uri, UriPart::Path).as_deref(), Some("path"));
        let clean: axum::http::Uri = "/x/a%20b?q=%01".parse().unwrap();
        assert_eq!(nul_in_uri(&clean, UriPart::Query), None);
        assert_eq!(nul_in_uri(&clean, UriPart::Path), None);
    }

    #[test]
    fn page_params_accept_both_names_and_cap_the_size() {
        let p = PageParams {
            page_no: Some(2),
            page_size: Some(500),
            ..Default::default()
        };
        assert_eq!(p.window(), Paging::new(2, 100));
        assert_eq!(p.window().limit(), 100);
    }
}
