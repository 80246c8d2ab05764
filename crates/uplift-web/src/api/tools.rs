//! The rules as HTTP tools. Public: they touch no stored data.

use axum::Json;
use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::context::Ctx;
use crate::tools::{SmeInput, UsccReport, sme_report, uscc_report};

#[derive(Deserialize)]
pub struct UsccQuery {
    code: Option<String>,
}

/// Check a 统一社会信用代码 (GB 32100-2015).
#[utoipa::path(
    get, path = "/api/v1/tools/uscc", tag = "tools",
    params(("code" = String, Query, description = "the 18-character code")),
    responses(
        (status = 200, description = "Valid", body = UsccReport),
        (status = 422, description = "Invalid; `expected_check` when only the check character is wrong", body = UsccReport),
    )
)]
pub async fn uscc(ctx: Ctx, Query(q): Query<UsccQuery>) -> Response {
    let report = uscc_report(q.code.as_deref().unwrap_or(""), ctx.lang);
    let status = if report.valid {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(report)).into_response()
}

#[derive(Deserialize)]
pub struct SmeQuery {
    industry: Option<String>,
    employees: Option<String>,
    revenue_wan: Option<String>,
    assets_wan: Option<String>,
}

/// Classify an enterprise under 《中小企业划型标准规定》(2011).
#[utoipa::path(
    get, path = "/api/v1/tools/sme", tag = "tools",
    params(
        ("industry" = String, Query, description = "industry key (e.g. `industry`, `retail`) or Chinese name"),
        ("employees" = Option<u64>, Query, description = "从业人员"),
        ("revenue_wan" = Option<String>, Query, description = "营业收入, 万元"),
        ("assets_wan" = Option<String>, Query, description = "资产总额, 万元"),
    ),
    responses(
        (status = 200, body = crate::tools::SmeReport),
        (status = 422, description = "Unknown industry, bad number, or a figure the industry's rule needs is missing", body = crate::tools::SmeRefusal),
    )
)]
pub async fn sme(ctx: Ctx, Query(q): Query<SmeQuery>) -> Response {
    let input = SmeInput {
        industry: q.industry.as_deref().unwrap_or(""),
        employees: q.employees.as_deref(),
        revenue_wan: q.revenue_wan.as_deref(),
        assets_wan: q.assets_wan.as_deref(),
    };
    match sme_report(&input, ctx.lang) {
        Ok(r) => (StatusCode::OK, Json(r)).into_response(),
        Err(r) => (StatusCode::UNPROCESSABLE_ENTITY, Json(r)).into_response(),
    }
}
