//! The two response shapes of the contract: `{code,msg,data}` and `{code,msg,total,rows}`.

use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::server::api::error::{current_lang, Lang};
use woc_paging::Page;

/// A single result.
#[derive(Debug, Serialize, ToSchema)]
pub struct Envelope<T> {
    /// 200 on success; otherwise the seed's error code.
    pub code: u16,
    /// Human-readable outcome.
    pub msg: String,
    /// The result.
    pub data: T,
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PageEnvelope<T> {
    /// 200.
    pub code: u16,
    /// `查询成功` (`query succeeded` in English).
    pub msg: String,
    /// Rows matching the query, all pages together.
    pub total: i64,
    /// This page's rows.
    pub rows: Vec<T>,
}

/// Nothing to return beyond success.
#[derive(Debug, Serialize, ToSchema)]
pub struct Empty {}

fn success(zh: &str, en: &str) -> String {
    match current_lang() {
        Lang::Zh => zh.to_owned(),
        Lang::En => en.to_owned(),
    }
}

fn found_msg() -> String {
    success("查询成功", "query succeeded")
}

/// A successful change.
pub fn done<T>(data: T) -> Json<Envelope<T>> {
    Json(Envelope {
        code: 200,
        msg: success("操作成功", "done"),
        data,
    })
}

/// A successful read.
pub fn found<T>(data: T) -> Json<Envelope<T>> {
    Json(Envelope {
        code: 200,
        msg: found_msg(),
        data,
    })
}

/// A page of rows, converted to their API shape.
pub fn page<R, T>(page: Page<R>, to_api: impl FnMut(R) -> T) -> Json<PageEnvelope<T>> {
    Json(PageEnvelope {
        code: 200,
        msg: found_msg(),
        total: i64::try_from(page.total).unwrap_or(i64::MAX),
        rows: page.rows.into_iter().map(to_api).collect(),
    })
}
