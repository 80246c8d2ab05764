//! The enterprise directory over the API, scoped like the pages.

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Serialize;
use uplift_app::enterprises::{self, Enterprise};
use uplift_app::{Error, Refusal};
use utoipa::ToSchema;

use crate::AppState;
use crate::context::Auth;
use crate::error::{AppError, AppResult};
use crate::filters::EnterpriseQuery;
use uplift_domain::role::Role;

#[derive(Serialize, ToSchema)]
pub struct EnterpriseItem {
    /// 统一社会信用代码
    pub uscc: String,
    pub name: String,
    /// GB/T 2260 code where the enterprise lies (prefecture or county level).
    pub division_code: String,
    pub prefecture_code: String,
    /// Industry key of 《中小企业划型标准规定》, e.g. `industry`, `software_it`.
    pub industry: String,
    /// `large`, `medium`, `small`, `micro`, or null when a needed figure is missing.
    pub size_class: Option<String>,
    pub employees: Option<i64>,
    /// 营业收入 in 万元 (decimal string, exact).
    pub operating_revenue_wan: Option<String>,
    /// 主营业务收入 in 万元.
    pub main_revenue_wan: Option<String>,
    /// 资产总额 in 万元.
    pub total_assets_wan: Option<String>,
    /// `operating` or `not_operating`.
    pub operating_status: String,
    pub contact_name: Option<String>,
    /// Masked (`138****1234`) unless the caller's role may see contact phones.
    pub contact_phone: Option<String>,
}

fn item(e: Enterprise, viewer: Role) -> EnterpriseItem {
    let wan = |m: Option<uplift_domain::money::Money>| m.map(|m| m.to_wan_string());
    EnterpriseItem {
        contact_phone: e
            .contact_phone
            .map(|p| uplift_domain::privacy::phone_as_seen_by(viewer, &p)),
        operating_revenue_wan: wan(e.operating_revenue),
        main_revenue_wan: wan(e.main_revenue),
        total_assets_wan: wan(e.total_assets),
        uscc: e.uscc,
        name: e.name,
        division_code: e.division_code,
        prefecture_code: e.prefecture_code,
        industry: e.industry,
        size_class: e.size_class,
        employees: e.employees,
        operating_status: e.operating_status,
        contact_name: e.contact_name,
    }
}

#[derive(Serialize, ToSchema)]
pub struct EnterprisePage {
    pub items: Vec<EnterpriseItem>,
    /// 1-based.
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// The enterprises the caller may see, filtered and paginated.
#[utoipa::path(
    get, path = "/api/v1/enterprises", tag = "enterprises",
    security(("bearer" = [])),
    params(
        ("page" = Option<u64>, Query, description = "1-based page, default 1"),
        ("per_page" = Option<u64>, Query, description = "default 50, at most 500"),
        ("city" = Option<String>, Query, description = "市州 code (also read as `prefecture`); a city outside the caller's jurisdiction answers 404"),
        ("county" = Option<String>, Query, description = "县市区 code; one outside the caller's jurisdiction answers 404"),
        ("industry" = Option<String>, Query, description = "industry key or Chinese name"),
        ("size_class" = Option<String>, Query, description = "large | medium | small | micro"),
        ("q" = Option<String>, Query, description = "name substring or USCC prefix"),
    ),
    responses(
        (status = 200, body = EnterprisePage),
        (status = 401, body = crate::api::ApiErrorBody),
        (status = 404, description = "A city or county filter outside the caller's jurisdiction", body = crate::api::ApiErrorBody),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Json<EnterprisePage>> {
    let user = auth.user;
    let page = match enterprises::list(&state.app, &user, &q.filter(), q.page_request()).await {
        Ok(page) => page,
        // Another jurisdiction's city does not exist for this caller.
        Err(Error::Refused(Refusal::FilterOutsideScope)) => return Err(AppError::not_found()),
        Err(e) => return Err(e.into()),
    };
    Ok(Json(EnterprisePage {
        items: page
            .items
            .into_iter()
            .map(|e| item(e, user.role()))
            .collect(),
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    }))
}

/// One enterprise by its credit code; 404 when it does not exist *or* lies outside the
/// caller's scope.
#[utoipa::path(
    get, path = "/api/v1/enterprises/{uscc}", tag = "enterprises",
    security(("bearer" = [])),
    params(("uscc" = String, Path, description = "统一社会信用代码")),
    responses((status = 200, body = EnterpriseItem), (status = 404, body = crate::api::ApiErrorBody))
)]
pub async fn get_one(
    State(state): State<AppState>,
    auth: Auth,
    Path(uscc): Path<String>,
) -> AppResult<Json<EnterpriseItem>> {
    let user = auth.user;
    let record = enterprises::get(&state.app, &user, &uscc).await?;
    Ok(Json(item(record.enterprise, user.role())))
}
