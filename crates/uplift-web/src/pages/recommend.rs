//! 推荐: a city's list for the campaign, its screened candidates, the recommendation form
//! (推荐表) to fill in, edit or withdraw until the list is submitted, and the submission
//! with its confirmation step.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use uplift_app::campaigns::{self, CampaignStatus, Listed, ParticipationState, RecommendationForm};
use uplift_app::enterprises::{self, Enterprise, EnterpriseFilter};
use uplift_app::{CurrentUser, PageRequest, Refusal};
use uplift_domain::Lang;
use uplift_domain::division::{DivisionCode, DivisionLevel};

use super::enterprises::{division_label, employees_label, industry_label, money, phone_for};
use super::labels::{self, Badge, Deadline};
use super::pager::pager;
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render, thousands};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/recommendations", get(list).post(create))
        .route("/campaigns/{id}/candidates", get(candidates))
        .route("/campaigns/{id}/recommend", get(new))
        .route("/campaigns/{id}/submit", get(confirm).post(submit))
        .route("/recommendations/{pid}/edit", get(edit))
        .route("/recommendations/{pid}", post(update))
        .route("/recommendations/{pid}/withdraw", post(withdraw))
}

/// One line of the city's list.
pub struct ListRow {
    pub pid: i64,
    pub rank: String,
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub verdict: Badge,
    /// Recommended although the screening found it ineligible: flagged to the province.
    pub justified: bool,
    pub state: Badge,
    pub consent: Badge,
    pub editable: bool,
    pub from_application: bool,
    pub reason: Option<String>,
}

fn verdict_badge(lang: Lang, eligible: Option<bool>) -> Badge {
    match eligible {
        Some(true) => Badge::new("good", t(lang, "verdict.eligible")),
        Some(false) => Badge::new("bad", t(lang, "verdict.ineligible")),
        None => Badge::new("neutral", t(lang, "enterprise.not_screened")),
    }
}

fn row(lang: Lang, l: &Listed, open: bool) -> ListRow {
    let p = &l.participation;
    ListRow {
        pid: p.id,
        rank: p.city_rank.map(|r| r.to_string()).unwrap_or_default(),
        uscc: l.enterprise.uscc.clone(),
        name: l.enterprise.name.clone(),
        division: division_label(lang, &l.enterprise),
        verdict: verdict_badge(lang, p.verdict_eligible),
        justified: p.verdict_eligible != Some(true) && p.justification.is_some(),
        state: labels::state_badge(lang, &p.state),
        consent: labels::consent_badge(lang, &p.consent),
        editable: open && p.state == ParticipationState::Recommended.key(),
        from_application: p.origin == "applied",
        reason: p.state_reason.clone(),
    }
}

#[derive(Template)]
#[template(path = "recommendations.html")]
struct ListPage {
    frame: Frame,
    id: i64,
    campaign: String,
    open: bool,
    rows: Vec<ListRow>,
    returned: Vec<ListRow>,
    count: usize,
    range: String,
    drafts: usize,
    submitted_at: Option<String>,
    late: bool,
    deadline: Option<Deadline>,
    pending_applications: usize,
    can_submit: bool,
}

/// The city's list as its pages show it: what counts toward the range, what was returned.
struct CityList {
    campaign: uplift_app::campaigns::Campaign,
    counting: Vec<Listed>,
    returned: Vec<Listed>,
    overview: uplift_app::campaigns::CityOverview,
}

async fn city_list(state: &AppState, user: &CurrentUser, id: i64) -> AppResult<CityList> {
    // The city's own list: the province compares the cities on the selection page.
    if !user
        .role()
        .may(uplift_domain::permission::Permission::Recommend)
    {
        return Err(AppError::not_found());
    }
    let campaign = campaigns::get(&state.app, user, id).await?;
    let overview = campaigns::overview(&state.app, user, id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)?;
    let all =
        campaigns::participations(&state.app, user, id, PageRequest::new(None, Some(500))).await?;
    let mut counting = Vec::new();
    let mut returned = Vec::new();
    for l in all.items {
        match ParticipationState::from_key(&l.participation.state) {
            Some(s) if s.counts_toward_city_list() => counting.push(l),
            Some(ParticipationState::Returned) => returned.push(l),
            _ => {}
        }
    }
    counting.sort_by_key(|l| (l.participation.city_rank, l.participation.id));
    Ok(CityList {
        campaign,
        counting,
        returned,
        overview,
    })
}

fn range_text(lang: Lang, min: u32, max: u32) -> String {
    match lang {
        Lang::Zh => format!("{min}～{max}家"),
        Lang::En => format!("{min}–{max}"),
    }
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let l = city_list(&state, &user, id).await?;
    let open = l.campaign.status() == CampaignStatus::Open;
    let drafts = l
        .counting
        .iter()
        .filter(|x| x.participation.state == ParticipationState::Recommended.key())
        .count();
    let range = l.overview.range;
    let page = ListPage {
        frame: Frame::new(
            &ctx,
            "recommend.title",
            &format!("/campaigns/{id}/recommendations"),
        ),
        id,
        campaign: l.campaign.settings.name.clone(),
        open,
        rows: l.counting.iter().map(|x| row(lang, x, open)).collect(),
        returned: l.returned.iter().map(|x| row(lang, x, false)).collect(),
        count: l.counting.len(),
        range: range_text(lang, range.min, range.max),
        drafts,
        submitted_at: l.overview.submitted_at.map(labels::minute),
        late: l.overview.late,
        deadline: labels::deadline(lang, l.campaign.settings.recommendation_deadline),
        pending_applications: l.overview.pending_applications,
        can_submit: open && drafts > 0,
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// Candidates

pub struct CandidateRow {
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub size: Option<(String, String)>,
    pub employees: String,
    pub main_revenue: String,
    pub listed: bool,
}

#[derive(Template)]
#[template(path = "candidates.html")]
struct CandidatesPage {
    frame: Frame,
    id: i64,
    campaign: String,
    open: bool,
    frozen: bool,
    can_recommend: bool,
    rows: Vec<CandidateRow>,
    total: String,
    filter_q: String,
    filter_county: String,
    counties: Vec<(String, String)>,
    pager: super::pager::Pager,
}

#[derive(Deserialize, Default)]
struct CandidateQuery {
    q: Option<String>,
    county: Option<String>,
    page: Option<String>,
}

async fn candidates(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<CandidateQuery>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let campaign = campaigns::get(&state.app, &user, id).await?;
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or("").to_string();
    let county = DivisionCode::parse(&text(&q.county))
        .ok()
        .filter(|d| d.level() == DivisionLevel::County)
        .map(|d| d.as_str().to_string());
    let filter = EnterpriseFilter {
        q: Some(text(&q.q)).filter(|s| !s.is_empty()),
        county: county.clone(),
        ..EnterpriseFilter::default()
    };
    let request = PageRequest::new(q.page.as_deref().and_then(|p| p.parse().ok()), None);
    let found = campaigns::candidates(&state.app, &user, id, &filter, request).await?;
    let listed: Vec<String> =
        campaigns::participations(&state.app, &user, id, PageRequest::new(None, Some(500)))
            .await?
            .items
            .into_iter()
            .map(|l| l.enterprise.uscc)
            .collect();
    let params = vec![
        ("q", text(&q.q)),
        ("county", county.clone().unwrap_or_default()),
    ];
    let p = pager(
        &format!("/campaigns/{id}/candidates"),
        &params,
        found.page.page,
        found.page.pages(),
        found.page.per_page,
    );
    let counties = match user.scope() {
        uplift_domain::role::Scope::City(city) => enterprises::counties(&state.app, &user, city)
            .await?
            .into_iter()
            .map(|c| {
                let name = uplift_domain::division::county_name(&c)
                    .map(str::to_string)
                    .unwrap_or_else(|| c.clone());
                (c, name)
            })
            .collect(),
        _ => Vec::new(),
    };
    let rows = found
        .page
        .items
        .iter()
        .map(|e| CandidateRow {
            listed: listed.contains(&e.uscc),
            uscc: e.uscc.clone(),
            name: e.name.clone(),
            division: division_label(lang, e),
            industry: industry_label(lang, &e.industry),
            size: super::enterprises::size_badge(lang, e.size_class.as_deref()),
            employees: e
                .employees
                .map(|n| thousands(u64::try_from(n).unwrap_or(0)))
                .unwrap_or_default(),
            main_revenue: money(lang, e.main_revenue),
        })
        .collect();
    let page = CandidatesPage {
        frame: Frame::new(
            &ctx,
            "campaigns.candidates",
            &format!(
                "/campaigns/{id}/candidates{}",
                super::pager::query_string(&params)
            ),
        ),
        id,
        campaign: campaign.settings.name.clone(),
        open: campaign.status() == CampaignStatus::Open,
        frozen: found.frozen,
        can_recommend: user
            .role()
            .may(uplift_domain::permission::Permission::Recommend),
        rows,
        total: thousands(found.page.total),
        pager: p,
        filter_q: text(&q.q),
        filter_county: county.unwrap_or_default(),
        counties,
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// The 推荐表

/// The form's fields, as posted and as shown again after an error.
#[derive(Deserialize, Default, Clone)]
pub struct RecForm {
    #[serde(default)]
    pub uscc: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub industry_chain: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub commitment_person: String,
    #[serde(default)]
    pub commitment_people: String,
    #[serde(default)]
    pub commitment_time: String,
    #[serde(default)]
    pub commitment_arrangements: String,
    #[serde(default)]
    pub commitment_equipment: String,
    #[serde(default)]
    pub justification: String,
}

impl RecForm {
    fn to_use_case(&self) -> RecommendationForm {
        let f = |s: &String| Some(s.clone());
        RecommendationForm {
            reason: f(&self.reason),
            industry_chain: f(&self.industry_chain),
            contact_name: f(&self.contact_name),
            contact_phone: f(&self.contact_phone),
            commitment_person: f(&self.commitment_person),
            commitment_people: f(&self.commitment_people),
            commitment_time: f(&self.commitment_time),
            commitment_arrangements: f(&self.commitment_arrangements),
            commitment_equipment: f(&self.commitment_equipment),
            justification: f(&self.justification),
        }
    }

    fn from_participation(p: &uplift_app::campaigns::Participation, uscc: &str) -> RecForm {
        let v = |s: &Option<String>| s.clone().unwrap_or_default();
        RecForm {
            uscc: uscc.to_string(),
            reason: v(&p.reason),
            industry_chain: v(&p.industry_chain),
            contact_name: v(&p.contact_name),
            contact_phone: v(&p.contact_phone),
            commitment_person: v(&p.commitment_person),
            commitment_people: v(&p.commitment_people),
            commitment_time: v(&p.commitment_time),
            commitment_arrangements: v(&p.commitment_arrangements),
            commitment_equipment: v(&p.commitment_equipment),
            justification: v(&p.justification),
        }
    }
}

#[derive(Template)]
#[template(path = "recommendation_form.html")]
struct FormPage {
    frame: Frame,
    id: i64,
    campaign: String,
    /// `Some`: editing this participation.
    pid: Option<i64>,
    enterprise: EnterpriseFacts,
    form: RecForm,
    errors: super::campaigns::FieldErrors,
}

/// What the form shows of the enterprise it recommends.
pub struct EnterpriseFacts {
    pub uscc: String,
    pub name: String,
    pub division: String,
    pub industry: String,
    pub employees: String,
    pub main_revenue: String,
    pub verdict: Badge,
    pub eligible: bool,
    pub failed: Vec<&'static str>,
}

fn facts(
    lang: Lang,
    e: &Enterprise,
    eligible: Option<bool>,
    failed: Vec<&'static str>,
) -> EnterpriseFacts {
    EnterpriseFacts {
        uscc: e.uscc.clone(),
        name: e.name.clone(),
        division: division_label(lang, e),
        industry: industry_label(lang, &e.industry),
        employees: employees_label(lang, e.employees),
        main_revenue: money(lang, e.main_revenue),
        verdict: verdict_badge(lang, eligible),
        eligible: eligible == Some(true),
        failed,
    }
}

#[derive(Deserialize, Default)]
struct NewQuery {
    uscc: Option<String>,
}

async fn form_for(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    form: RecForm,
    errors: super::campaigns::FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let campaign = campaigns::get(&state.app, user, id).await?;
    if !user
        .role()
        .may(uplift_domain::permission::Permission::Recommend)
    {
        return Err(AppError::not_found());
    }
    let e = enterprises::get(&state.app, user, form.uscc.trim())
        .await?
        .enterprise;
    let failed = e.failed().iter().map(|r| r.name(lang)).collect();
    Ok(FormPage {
        frame: Frame::new(
            ctx,
            "recommend.form_title",
            &format!("/campaigns/{id}/recommend?uscc={}", e.uscc),
        ),
        id,
        campaign: campaign.settings.name.clone(),
        pid: None,
        enterprise: facts(lang, &e, e.eligible, failed),
        form,
        errors,
    })
}

async fn new(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let uscc = q.uscc.unwrap_or_default().trim().to_ascii_uppercase();
    if uscc.is_empty() {
        return Ok(Redirect::to(&format!("/campaigns/{id}/candidates")).into_response());
    }
    // The contact the directory knows, to start from.
    let e = enterprises::get(&state.app, &user, &uscc).await?.enterprise;
    let form = RecForm {
        uscc: e.uscc.clone(),
        contact_name: e.contact_name.clone().unwrap_or_default(),
        contact_phone: e.contact_phone.clone().unwrap_or_default(),
        ..RecForm::default()
    };
    let page = form_for(
        &state,
        &ctx,
        &user,
        id,
        form,
        super::campaigns::FieldErrors::default(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

/// Which field a refusal of the 推荐表 belongs beside.
fn refusal_field(r: &Refusal) -> &'static str {
    match r.code() {
        "field_required" => "reason",
        "justification_missing" => "justification",
        _ => "general",
    }
}

async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<RecForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let uscc = form.uscc.trim().to_ascii_uppercase();
    match campaigns::recommend(&state.app, &user, id, &uscc, &form.to_use_case())
        .await
        .map_err(AppError::from)
    {
        Ok(_) => Ok(
            Redirect::to(&format!("/campaigns/{id}/recommendations?done=recommended"))
                .into_response(),
        ),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let mut errors = super::campaigns::FieldErrors::default();
            errors.add(refusal_field(&r), refusal(ctx.lang, &r));
            let page = form_for(&state, &ctx, &user, id, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn edit_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    pid: i64,
    form: Option<RecForm>,
    errors: super::campaigns::FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    if !user
        .role()
        .may(uplift_domain::permission::Permission::Recommend)
    {
        return Err(AppError::not_found());
    }
    let l = campaigns::participation(&state.app, user, pid).await?;
    let p = &l.participation;
    let campaign = campaigns::get(&state.app, user, p.campaign_id).await?;
    let failed = failed_rules(lang, p.verdict_failed.as_deref());
    Ok(FormPage {
        frame: Frame::new(
            ctx,
            "recommend.edit_title",
            &format!("/recommendations/{pid}/edit"),
        ),
        id: p.campaign_id,
        campaign: campaign.settings.name.clone(),
        pid: Some(pid),
        enterprise: facts(lang, &l.enterprise, p.verdict_eligible, failed),
        form: form.unwrap_or_else(|| RecForm::from_participation(p, &l.enterprise.uscc)),
        errors,
    })
}

/// The rules failed at recommendation (a JSON list of keys), by name.
pub fn failed_rules(lang: Lang, json: Option<&str>) -> Vec<&'static str> {
    let keys: Vec<String> = json
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    keys.iter()
        .filter_map(|k| uplift_domain::eligibility::Rule::from_key(k))
        .map(|r| r.name(lang))
        .collect()
}

async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(pid): Path<i64>,
) -> AppResult<Response> {
    let page = edit_page(
        &state,
        &auth.ctx,
        &auth.user,
        pid,
        None,
        super::campaigns::FieldErrors::default(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(pid): Path<i64>,
    Form(form): Form<RecForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    match campaigns::edit(&state.app, &user, pid, &form.to_use_case())
        .await
        .map_err(AppError::from)
    {
        Ok(p) => Ok(Redirect::to(&format!(
            "/campaigns/{}/recommendations?done=recommendation_saved",
            p.campaign_id
        ))
        .into_response()),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let mut errors = super::campaigns::FieldErrors::default();
            errors.add(refusal_field(&r), refusal(ctx.lang, &r));
            let page = edit_page(&state, &ctx, &user, pid, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn withdraw(
    State(state): State<AppState>,
    auth: Auth,
    Path(pid): Path<i64>,
) -> AppResult<Response> {
    let l = campaigns::participation(&state.app, &auth.user, pid).await?;
    campaigns::withdraw_recommendation(&state.app, &auth.user, pid).await?;
    Ok(Redirect::to(&format!(
        "/campaigns/{}/recommendations?done=recommendation_withdrawn",
        l.participation.campaign_id
    ))
    .into_response())
}

// ---------------------------------------------------------------------------------------
// Submitting the list

#[derive(Template)]
#[template(path = "submit_confirm.html")]
struct ConfirmPage {
    frame: Frame,
    id: i64,
    campaign: String,
    rows: Vec<ListRow>,
    count: usize,
    range: String,
    within: bool,
    deadline: Option<Deadline>,
    pending_consent: usize,
    form_error: Option<String>,
}

async fn confirm_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    form_error: Option<String>,
) -> AppResult<ConfirmPage> {
    let lang = ctx.lang;
    let l = city_list(state, user, id).await?;
    let range = l.overview.range;
    let count = l.counting.len();
    Ok(ConfirmPage {
        frame: Frame::new(
            ctx,
            "recommend.submit_title",
            &format!("/campaigns/{id}/submit"),
        ),
        id,
        campaign: l.campaign.settings.name.clone(),
        pending_consent: l
            .counting
            .iter()
            .filter(|x| x.participation.consent == "pending")
            .count(),
        rows: l.counting.iter().map(|x| row(lang, x, false)).collect(),
        count,
        range: range_text(lang, range.min, range.max),
        within: u32::try_from(count).is_ok_and(|n| range.contains(n)),
        deadline: labels::deadline(lang, l.campaign.settings.recommendation_deadline),
        form_error,
    })
}

async fn confirm(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = confirm_page(&state, &auth.ctx, &auth.user, id, None).await?;
    Ok(render(&page)?.into_response())
}

async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    match campaigns::submit(&state.app, &auth.user, id)
        .await
        .map_err(AppError::from)
    {
        Ok(late) => {
            let done = if late {
                "list_submitted_late"
            } else {
                "list_submitted"
            };
            Ok(
                Redirect::to(&format!("/campaigns/{id}/recommendations?done={done}"))
                    .into_response(),
            )
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let message = refusal(auth.ctx.lang, &r);
            let page = confirm_page(&state, &auth.ctx, &auth.user, id, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

/// The contact's phone as this user may see it (the 推荐表 page and the lists).
pub fn phone(user: &CurrentUser, phone: Option<&str>) -> String {
    phone_for(user, phone)
}
