//! The enterprise directory: list with filters, one page per enterprise, CSV export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use uplift_domain::Lang;
use uplift_domain::division::{self, DivisionCode};
use uplift_domain::money::Money;
use uplift_domain::privacy::mask_phone;
use uplift_domain::role::Scope;
use uplift_domain::sme::{Industry, SizeClass};
use uplift_store::accounts::CurrentUser;
use uplift_store::enterprises::{self, Enterprise, OPERATING};

use super::pager::{pager, query_string};
use crate::AppState;
use crate::context::Auth;
use crate::error::{AppError, AppResult};
use crate::filters::EnterpriseQuery;
use crate::i18n::t;
use crate::render::{Frame, render, thousands};

/// Who may read the directory at all: not the two administrators (separated duties).
fn require_reader(user: &CurrentUser) -> AppResult<()> {
    if user.role.reads_enterprises() {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}

pub fn division_label(lang: Lang, e: &Enterprise) -> String {
    let city = division::known_prefecture(&e.prefecture_code)
        .map(|d| lang.pick(d.name_zh, d.name_en).to_string())
        .unwrap_or_else(|| e.prefecture_code.clone());
    if e.division_code == e.prefecture_code {
        city
    } else {
        format!("{city} {}", e.division_code)
    }
}

pub fn industry_label(lang: Lang, key: &str) -> String {
    Industry::from_key(key)
        .map(|i| i.name(lang).to_string())
        .unwrap_or_else(|| key.to_string())
}

pub fn size_badge(lang: Lang, key: Option<&str>) -> Option<(String, String)> {
    let class = SizeClass::from_key(key?)?;
    Some((class.key().to_string(), class.name(lang).to_string()))
}

pub fn phone_for(user: &CurrentUser, phone: Option<&str>) -> String {
    match phone {
        Some(p) if user.role.sees_contact_phone() => p.to_string(),
        Some(p) => mask_phone(p),
        None => String::new(),
    }
}

fn money(lang: Lang, m: Option<Money>) -> String {
    match m {
        Some(m) => format!("{} {}", m.to_wan_string(), t(lang, "unit.wan")),
        None => "—".to_string(),
    }
}

pub struct Row {
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub size: Option<(String, String)>,
    pub employees: String,
    pub phone: String,
}

#[derive(Template)]
#[template(path = "enterprises.html")]
struct ListPage {
    frame: Frame,
    rows: Vec<Row>,
    total: String,
    page: u64,
    pages: u64,
    prev_href: Option<String>,
    next_href: Option<String>,
    query: String,
    show_city_filter: bool,
    cities: Vec<(String, String)>,
    industries: Vec<(String, String)>,
    sizes: Vec<(String, String)>,
    filter_prefecture: String,
    filter_industry: String,
    filter_size: String,
    filter_q: String,
}

pub async fn list(
    State(state): State<AppState>,
    Auth { ctx, user }: Auth,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Response> {
    require_reader(&user)?;
    let lang = ctx.lang;
    let filter = q.filter(&user.scope);
    let page = enterprises::list(&state.store, &user.scope, &filter, q.page_request()).await?;
    let params = q.params();
    let p = pager("/enterprises", &params, page.page, page.pages());
    let cities = match &user.scope {
        Scope::Province(code) => division::prefectures_of(code)
            .iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    lang.pick(d.name_zh, d.name_en).to_string(),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let here = format!("/enterprises{}", query_string(&params));
    let rows = page
        .items
        .iter()
        .map(|e| Row {
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            division: division_label(lang, e),
            industry: industry_label(lang, &e.industry),
            size: size_badge(lang, e.size_class.as_deref()),
            employees: e
                .employees
                .map(|n| thousands(u64::try_from(n).unwrap_or(0)))
                .unwrap_or_default(),
            phone: phone_for(&user, e.contact_phone.as_deref()),
        })
        .collect();
    let out = ListPage {
        frame: Frame::new(&ctx, "enterprises.title", &here),
        rows,
        total: thousands(page.total),
        page: page.page,
        pages: p.pages,
        prev_href: p.prev_href,
        next_href: p.next_href,
        query: query_string(&params),
        show_city_filter: !cities.is_empty(),
        cities,
        industries: Industry::ALL
            .iter()
            .map(|i| (i.key().to_string(), i.name(lang).to_string()))
            .collect(),
        sizes: [
            SizeClass::Large,
            SizeClass::Medium,
            SizeClass::Small,
            SizeClass::Micro,
        ]
        .iter()
        .map(|s| (s.key().to_string(), s.name(lang).to_string()))
        .collect(),
        filter_prefecture: filter.prefecture.clone().unwrap_or_default(),
        filter_industry: filter
            .industry
            .map(|i| i.key().to_string())
            .unwrap_or_default(),
        filter_size: filter
            .size_class
            .map(|s| s.key().to_string())
            .unwrap_or_default(),
        filter_q: filter.q.clone().unwrap_or_default(),
    };
    Ok(render(&out)?.into_response())
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct DetailPage {
    frame: Frame,
    e: Enterprise,
    division: String,
    industry: String,
    employees: String,
    operating_revenue: String,
    main_revenue: String,
    total_assets: String,
    operating_status: &'static str,
    contact_name: String,
    contact_phone: String,
    size: Option<(String, String)>,
    size_reason: String,
}

pub async fn detail(
    State(state): State<AppState>,
    Auth { ctx, user }: Auth,
    Path(uscc): Path<String>,
) -> AppResult<Response> {
    require_reader(&user)?;
    let lang = ctx.lang;
    let e = enterprises::get_by_uscc(&state.store, &user.scope, &uscc).await?;
    let (size, size_reason) = match e.classification() {
        Some(Ok(c)) => (
            Some((c.class.key().to_string(), c.class.name(lang).to_string())),
            c.reason(lang),
        ),
        Some(Err(err)) => (None, uplift_domain::lang::Localized::message(&err, lang)),
        None => (None, t(lang, "enterprise.industry_unknown").to_string()),
    };
    let division_text = match DivisionCode::parse(&e.division_code) {
        Ok(_) => format!("{} ({})", division_label(lang, &e), e.division_code),
        Err(_) => e.division_code.clone(),
    };
    let page = DetailPage {
        frame: Frame::new(
            &ctx,
            "enterprise.title",
            &format!("/enterprises/{}", e.uscc),
        ),
        division: division_text,
        industry: industry_label(lang, &e.industry),
        employees: e
            .employees
            .map(|n| {
                format!(
                    "{} {}",
                    thousands(u64::try_from(n).unwrap_or(0)),
                    t(lang, "unit.persons")
                )
            })
            .unwrap_or_else(|| "—".into()),
        operating_revenue: money(lang, e.operating_revenue),
        main_revenue: money(lang, e.main_revenue),
        total_assets: money(lang, e.total_assets),
        operating_status: if e.operating_status == OPERATING {
            t(lang, "status.operating")
        } else {
            t(lang, "status.not_operating")
        },
        contact_name: e.contact_name.clone().unwrap_or_else(|| "—".into()),
        contact_phone: phone_for(&user, e.contact_phone.as_deref()),
        size,
        size_reason,
        e,
    };
    Ok(render(&page)?.into_response())
}

/// The current filtered list as CSV in UTF-8 with a BOM (so Excel opens it as Chinese),
/// recorded in the audit log with its filter and row count.
pub async fn export_csv(
    State(state): State<AppState>,
    Auth { ctx, user }: Auth,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Response> {
    require_reader(&user)?;
    let filter = q.filter(&user.scope);
    let body = export_bytes(&state, &user, &filter).await?;
    let rows = body.1;
    let mut tx = state.store.write(&ctx.actor()).await?;
    tx.audit(
        "enterprise.export",
        "enterprises",
        &format!("csv; filter {:?}; {rows} rows", q.params()),
    )
    .await?;
    tx.commit().await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"enterprises.csv\"",
            ),
        ],
        body.0,
    )
        .into_response())
}

async fn export_bytes(
    state: &AppState,
    user: &CurrentUser,
    filter: &enterprises::EnterpriseFilter,
) -> AppResult<(Vec<u8>, u64)> {
    let mut out = Vec::with_capacity(64 * 1024);
    out.extend_from_slice("\u{feff}".as_bytes());
    let header = [
        "统一社会信用代码",
        "企业名称",
        "行政区划代码",
        "行业",
        "规模",
        "从业人员",
        "营业收入(万元)",
        "主营业务收入(万元)",
        "资产总额(万元)",
        "经营状态",
        "联系人",
        "联系电话",
    ];
    let line = |fields: &[String], out: &mut Vec<u8>| {
        let joined: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.extend_from_slice(joined.join(",").as_bytes());
        out.extend_from_slice(b"\r\n");
    };
    line(&header.map(String::from), &mut out);
    let wan = |m: Option<Money>| m.map(Money::to_wan_string).unwrap_or_default();
    let rows = enterprises::for_each(&state.store, &user.scope, filter, |e| {
        line(
            &[
                e.uscc.clone(),
                e.name.clone(),
                e.division_code.clone(),
                industry_label(Lang::Zh, &e.industry),
                size_badge(Lang::Zh, e.size_class.as_deref())
                    .map(|s| s.1)
                    .unwrap_or_default(),
                e.employees.map(|n| n.to_string()).unwrap_or_default(),
                wan(e.operating_revenue),
                wan(e.main_revenue),
                wan(e.total_assets),
                if e.operating_status == OPERATING {
                    "存续"
                } else {
                    "注销"
                }
                .to_string(),
                e.contact_name.clone().unwrap_or_default(),
                phone_for(user, e.contact_phone.as_deref()),
            ],
            &mut out,
        );
        Ok(())
    })
    .await?;
    Ok((out, rows))
}

/// RFC 4180 quoting, plus a guard against spreadsheet formula injection: a cell that
/// starts with `= + - @` is prefixed with `'` so Excel shows it as text.
fn csv_field(value: &str) -> String {
    let guarded = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_cells_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
    }
}
