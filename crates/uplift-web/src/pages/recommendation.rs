//! The 推荐表 of one enterprise as a printable page (A4, print stylesheet), and a city's
//! list as the XLSX it sends up (the province: any city's, or the whole province's).

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use uplift_app::campaigns::{self, CampaignStatus, ParticipationState};

use super::enterprises::{division_label, employees_label, industry_label, money};
use super::labels::{self, Badge};
use crate::AppState;
use crate::context::Auth;
use crate::error::AppResult;
use crate::i18n::t;
use crate::render::{Frame, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recommendations/{pid}", get(form))
        .route("/campaigns/{id}/recommendations.xlsx", get(sheet))
}

#[derive(Template)]
#[template(path = "recommendation.html")]
struct PrintPage {
    frame: Frame,
    campaign_id: i64,
    campaign: String,
    pid: i64,
    city: String,
    rank: String,
    name: String,
    uscc: String,
    division: String,
    industry: String,
    size: String,
    employees: String,
    operating_revenue: String,
    main_revenue: String,
    industry_chain: String,
    reason: String,
    contact_name: String,
    contact_phone: String,
    commitment: Vec<(&'static str, String)>,
    verdict: Badge,
    failed: Vec<&'static str>,
    justification: Option<String>,
    state: Badge,
    state_reason: Option<String>,
    consent: Badge,
    consent_person: Option<String>,
    consent_reason: Option<String>,
    consent_at: Option<String>,
    body: String,
    unit: String,
    from_application: bool,
    recommended_on: String,
    can_edit: bool,
    can_recommend: bool,
}

fn or_dash(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "—".into())
}

async fn form(
    State(state): State<AppState>,
    auth: Auth,
    Path(pid): Path<i64>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let l = campaigns::participation(&state.app, &user, pid).await?;
    let (p, e) = (&l.participation, &l.enterprise);
    let c = campaigns::get(&state.app, &user, p.campaign_id).await?;
    let orgs = campaigns::organisations(&state.app, &user, c.id).await?;
    let names = labels::org_names(&orgs);
    let verdict = match p.verdict_eligible {
        Some(true) => Badge::new("good", t(lang, "verdict.eligible")),
        Some(false) => Badge::new("bad", t(lang, "verdict.ineligible")),
        None => Badge::new("neutral", t(lang, "enterprise.not_screened")),
    };
    let can_recommend = user
        .role()
        .may(uplift_domain::permission::Permission::Recommend);
    let page = PrintPage {
        frame: Frame::new(
            &ctx,
            "recommend.sheet_title",
            &format!("/recommendations/{pid}"),
        ),
        campaign_id: c.id,
        campaign: c.settings.name.clone(),
        pid,
        city: labels::bureau_name(lang, &p.city_code),
        rank: p.city_rank.map(|r| r.to_string()).unwrap_or_default(),
        name: e.name.clone(),
        uscc: e.uscc.clone(),
        division: division_label(lang, e),
        industry: industry_label(lang, &e.industry),
        size: super::enterprises::size_badge(lang, e.size_class.as_deref())
            .map(|s| s.1)
            .unwrap_or_else(|| "—".into()),
        employees: employees_label(lang, e.employees),
        operating_revenue: money(lang, e.operating_revenue),
        main_revenue: money(lang, e.main_revenue),
        industry_chain: or_dash(&p.industry_chain),
        reason: or_dash(&p.reason),
        contact_name: or_dash(&p.contact_name),
        contact_phone: super::recommend::phone(&user, p.contact_phone.as_deref()),
        commitment: vec![
            ("recommend.commitment_person", or_dash(&p.commitment_person)),
            ("recommend.commitment_people", or_dash(&p.commitment_people)),
            ("recommend.commitment_time", or_dash(&p.commitment_time)),
            (
                "recommend.commitment_arrangements",
                or_dash(&p.commitment_arrangements),
            ),
            (
                "recommend.commitment_equipment",
                or_dash(&p.commitment_equipment),
            ),
        ],
        verdict,
        failed: super::recommend::failed_rules(lang, p.verdict_failed.as_deref()),
        justification: p.justification.clone(),
        state: labels::state_badge(lang, &p.state),
        state_reason: p.state_reason.clone(),
        consent: labels::consent_badge(lang, &p.consent),
        consent_person: p.consent_person.clone(),
        consent_reason: p.consent_reason.clone(),
        consent_at: p.consent_at.map(labels::minute),
        body: labels::org_name(&names, p.certification_body_id),
        unit: labels::org_name(&names, p.support_unit_id),
        from_application: p.origin == "applied",
        recommended_on: labels::date(lang, uplift_domain::cst::date_cst(p.created_at)),
        can_edit: can_recommend
            && c.status() == CampaignStatus::Open
            && p.state == ParticipationState::Recommended.key(),
        can_recommend,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct SheetQuery {
    city: Option<String>,
}

/// `attachment; filename="…"` with the name in UTF-8 as well (RFC 6266): browsers show
/// `推荐名单_2023_长沙市_2026-11-30.xlsx`, older clients an ASCII stand-in.
fn disposition(file_name: &str) -> String {
    let encoded: String = file_name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("attachment; filename=\"recommendations.xlsx\"; filename*=UTF-8''{encoded}")
}

async fn sheet(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<SheetQuery>,
) -> AppResult<Response> {
    let file =
        campaigns::recommendation_sheet(&state.app, &auth.user, id, q.city.as_deref()).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (header::CONTENT_DISPOSITION, disposition(&file.file_name)),
        ],
        file.bytes,
    )
        .into_response())
}
