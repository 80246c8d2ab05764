//! The enterprise directory: list with filters, one page per enterprise, CSV export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use uplift_app::enterprises::{self, Enterprise, OPERATING, Sort};
use uplift_app::{CurrentUser, Error, Refusal};
use uplift_domain::Lang;
use uplift_domain::division;
use uplift_domain::eligibility::Rule;
use uplift_domain::money::Money;
use uplift_domain::privacy::phone_as_seen_by;
use uplift_domain::role::Scope;
use uplift_domain::sme::{Industry, SizeClass};

use super::pager::{Pager, pager, query_string};
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::filters::EnterpriseQuery;
use crate::i18n::t;
use crate::render::{Frame, minute, render, thousands};

/// A prefecture's name in the page's language, when the platform tabulates it.
pub(super) fn prefecture_name(lang: Lang, code: &str) -> Option<&'static str> {
    division::known_prefecture(code).map(|d| lang.pick(d.name_zh, d.name_en))
}

/// A city (or any division) by name, as the official knows it: 长沙市, `Changsha`.
pub(super) fn city_label(lang: Lang, code: &str) -> String {
    match prefecture_name(lang, code) {
        Some(name) if division::known_prefecture(code).is_some_and(|d| d.code == code) => {
            name.to_string()
        }
        _ => division::full_name(code),
    }
}

/// Where an enterprise lies, as the official knows it: `长沙市芙蓉区` (GB/T 2260 names);
/// a county missing from the list shows as its code with its city.
pub fn division_label(lang: Lang, e: &Enterprise) -> String {
    match (lang, prefecture_name(lang, &e.prefecture_code)) {
        (Lang::En, Some(city)) if e.division_code != e.prefecture_code => {
            match division::county_name(&e.division_code) {
                Some(county) => format!("{city} · {county}"),
                None => format!("{city} {}", e.division_code),
            }
        }
        (Lang::En, Some(city)) => city.to_string(),
        _ => division::full_name(&e.division_code),
    }
}

/// A county's name for the county filter, in the same words as the list shows.
fn county_label(code: &str) -> String {
    division::county_name(code)
        .map(str::to_string)
        .unwrap_or_else(|| code.to_string())
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
    phone
        .map(|p| phone_as_seen_by(user.role(), p))
        .unwrap_or_default()
}

/// An amount as pages write it: `8,232 万元`, `82.32 million CNY`.
pub(super) fn money(lang: Lang, m: Option<Money>) -> String {
    m.map_or_else(|| "—".to_string(), |m| m.display(lang))
}

pub(super) fn employees_label(lang: Lang, n: Option<i64>) -> String {
    n.map(|n| {
        format!(
            "{} {}",
            thousands(u64::try_from(n).unwrap_or(0)),
            t(lang, "unit.persons")
        )
    })
    .unwrap_or_else(|| "—".into())
}

/// A stored operating status as the page names it.
pub(super) fn status_label(lang: Lang, key: &str) -> &'static str {
    if key == OPERATING {
        t(lang, "status.operating")
    } else {
        t(lang, "status.not_operating")
    }
}

fn sort_key(s: Sort) -> &'static str {
    match s {
        Sort::Id => "sort.id",
        Sort::Name => "sort.name",
        Sort::EmployeesDesc => "sort.employees_desc",
        Sort::RevenueDesc => "sort.revenue_desc",
    }
}

pub struct Row {
    /// (badge class, label, failed rules for a tooltip)
    pub verdict: Option<(String, String, String)>,
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
    pager: Pager,
    query: String,
    show_city_filter: bool,
    cities: Vec<(String, String)>,
    counties: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    sorts: Vec<(String, String)>,
    filter_county: String,
    filter_verdict: String,
    filter_failed: String,
    filter_sort: String,
    industries: Vec<(String, String)>,
    sizes: Vec<(String, String)>,
    filter_city: String,
    filter_industry: String,
    filter_size: String,
    filter_q: String,
    /// Why the list is empty when the filter asked for another jurisdiction.
    notice: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<EnterpriseQuery>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let filter = q.filter();
    let request = q.page_request();
    let listed = match enterprises::list(&state.app, &user, &filter, request).await {
        // A page beyond the last (an old bookmark, a typed number) shows the last.
        Ok(page) if page.items.is_empty() && page.page > page.pages() => {
            let last = uplift_app::PageRequest {
                page: page.pages(),
                ..request
            };
            enterprises::list(&state.app, &user, &filter, last).await
        }
        other => other,
    };
    let (page, notice) = match listed {
        Ok(page) => (page, None),
        // Another jurisdiction's city: say so, and show nothing rather than the user's own.
        Err(Error::Refused(r @ Refusal::FilterOutsideScope)) => (
            uplift_app::Page {
                items: Vec::new(),
                page: 1,
                per_page: request.per_page,
                total: 0,
            },
            Some(crate::i18n::refusal(lang, &r)),
        ),
        Err(e) => return Err(e.into()),
    };
    let params = q.params();
    let p = pager(
        "/enterprises",
        &params,
        page.page,
        page.pages(),
        page.per_page,
    );
    let cities = match user.scope() {
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
    let county_city = match user.scope() {
        Scope::City(code) => Some(code.clone()),
        Scope::Province(_) if notice.is_none() => filter.prefecture.clone(),
        _ => None,
    };
    let counties = match county_city {
        Some(city) => enterprises::counties(&state.app, &user, &city)
            .await?
            .into_iter()
            .map(|c| {
                let name = county_label(&c);
                (c, name)
            })
            .collect(),
        None => Vec::new(),
    };
    let rows = page
        .items
        .iter()
        .map(|e| Row {
            verdict: e.eligible.map(|ok| {
                if ok {
                    (
                        "good".to_string(),
                        t(lang, "verdict.eligible").to_string(),
                        String::new(),
                    )
                } else {
                    let failed: Vec<&str> = e.failed().iter().map(|r| r.name(lang)).collect();
                    (
                        "bad".to_string(),
                        t(lang, "verdict.ineligible").to_string(),
                        failed.join("、"),
                    )
                }
            }),
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
        pager: p,
        query: query_string(&params),
        show_city_filter: !cities.is_empty(),
        cities,
        counties,
        rules: Rule::ALL
            .iter()
            .map(|r| (r.key().to_string(), r.name(lang).to_string()))
            .collect(),
        sorts: Sort::ALL
            .iter()
            .map(|s| (s.key().to_string(), t(lang, sort_key(*s)).to_string()))
            .collect(),
        filter_county: filter.county.clone().unwrap_or_default(),
        filter_verdict: match filter.eligible {
            Some(true) => "eligible".into(),
            Some(false) => "ineligible".into(),
            None => String::new(),
        },
        filter_failed: filter
            .failed_rule
            .map(|r| r.key().to_string())
            .unwrap_or_default(),
        filter_sort: filter.sort.key().to_string(),
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
        filter_city: filter.prefecture.clone().unwrap_or_default(),
        filter_industry: filter
            .industry
            .map(|i| i.key().to_string())
            .unwrap_or_default(),
        filter_size: filter
            .size_class
            .map(|s| s.key().to_string())
            .unwrap_or_default(),
        filter_q: filter.q.clone().unwrap_or_default(),
        notice,
    };
    Ok(render(&out)?.into_response())
}

#[derive(Template)]
#[template(path = "enterprise.html")]
struct DetailPage {
    frame: Frame,
    e: Enterprise,
    division: String,
    division_code: String,
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
    verdict: Option<(String, String)>,
    outcomes: Vec<Outcome>,
    history: Vec<(String, String)>,
    /// The enterprise's story, campaign by campaign (`templates/timeline.html`).
    timeline: Vec<super::timeline::TimelineCampaign>,
}

pub struct Outcome {
    pub rule: &'static str,
    pub result: &'static str,
    pub badge: &'static str,
    pub why: String,
}

pub async fn detail(
    State(state): State<AppState>,
    auth: Auth,
    Path(uscc): Path<String>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let record = enterprises::get(&state.app, &user, &uscc).await?;
    let story = uplift_app::campaigns::story(&state.app, &user, &uscc).await?;
    let e = record.enterprise;
    let (size, size_reason) = match e.classification() {
        Some(Ok(c)) => (
            Some((c.class.key().to_string(), c.class.name(lang).to_string())),
            c.reason(lang),
        ),
        Some(Err(err)) => (None, uplift_domain::lang::Localized::message(&err, lang)),
        None => (None, t(lang, "enterprise.industry_unknown").to_string()),
    };
    // The stored verdict is for lists; the page explains it from the same rules now.
    let outcomes = record
        .verdict
        .map(|v| {
            v.outcomes
                .iter()
                .map(|o| Outcome {
                    rule: o.rule.name(lang),
                    result: if !o.applied {
                        t(lang, "enterprise.switched_off")
                    } else if o.passed {
                        t(lang, "enterprise.passed")
                    } else {
                        t(lang, "enterprise.failed")
                    },
                    badge: if !o.applied {
                        "warn"
                    } else if o.passed {
                        "good"
                    } else {
                        "bad"
                    },
                    why: uplift_domain::lang::Localized::message(o, lang),
                })
                .collect()
        })
        .unwrap_or_default();
    let verdict = e.eligible.map(|ok| {
        if ok {
            ("good".to_string(), t(lang, "verdict.eligible").to_string())
        } else {
            ("bad".to_string(), t(lang, "verdict.ineligible").to_string())
        }
    });
    let history = record
        .history
        .into_iter()
        .map(|(at, changes)| {
            (
                minute(at),
                super::history::describe(&changes, lang, user.role()),
            )
        })
        .collect();
    let page = DetailPage {
        frame: Frame::new(
            &ctx,
            "enterprise.title",
            &format!("/enterprises/{}", e.uscc),
        ),
        division: division_label(lang, &e),
        division_code: e.division_code.clone(),
        industry: industry_label(lang, &e.industry),
        employees: employees_label(lang, e.employees),
        operating_revenue: money(lang, e.operating_revenue),
        main_revenue: money(lang, e.main_revenue),
        total_assets: money(lang, e.total_assets),
        operating_status: status_label(lang, &e.operating_status),
        contact_name: e.contact_name.clone().unwrap_or_else(|| "—".into()),
        contact_phone: phone_for(&user, e.contact_phone.as_deref()),
        size,
        size_reason,
        verdict,
        outcomes,
        history,
        timeline: super::timeline::timeline(lang, &story),
        e,
    };
    Ok(render(&page)?.into_response())
}
