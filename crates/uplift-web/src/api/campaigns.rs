//! The programme year through the API: the same use cases as the pages, scoped alike. A
//! refusal of the programme's rules is a 422 with its code; anything outside the caller's
//! reach is a 404.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uplift_app::PageRequest;
use uplift_app::campaigns::{
    self, Campaign, CampaignForm, ConsentDecision, Listed, RecommendationForm, Selection,
};
use utoipa::ToSchema;

use crate::AppState;
use crate::context::Auth;
use crate::error::{AppError, AppResult};

#[derive(Serialize, ToSchema)]
pub struct CampaignItem {
    pub id: i64,
    pub province_code: String,
    pub year: u16,
    pub name: String,
    /// `draft`, `open` or `closed`.
    pub status: &'static str,
    pub quota: u32,
    pub recommend_min: u32,
    pub recommend_max: u32,
    /// `YYYY-MM-DD`, the last day (23:59:59 China Standard Time).
    pub recommendation_deadline: Option<NaiveDate>,
    pub report_deadlines: Vec<NaiveDate>,
    /// The certification bodies and support units confirmed for the campaign.
    pub organisation_ids: Vec<i64>,
}

fn campaign_item(c: &Campaign) -> CampaignItem {
    CampaignItem {
        id: c.id,
        province_code: c.province_code.clone(),
        year: c.year(),
        name: c.settings.name.clone(),
        status: c.status().key(),
        quota: c.settings.quota,
        recommend_min: c.settings.ranges.default.min,
        recommend_max: c.settings.ranges.default.max,
        recommendation_deadline: c.settings.recommendation_deadline,
        report_deadlines: c.settings.report_deadlines.clone(),
        organisation_ids: c.organisations.clone(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<CampaignItem>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns", tag = "campaigns",
    security(("bearer" = [])),
    responses((status = 200, body = CampaignList), (status = 401, body = crate::api::ApiErrorBody))
)]
pub async fn list(State(state): State<AppState>, auth: Auth) -> AppResult<Json<CampaignList>> {
    let items = campaigns::list(&state.app, &auth.user)
        .await?
        .iter()
        .map(campaign_item)
        .collect();
    Ok(Json(CampaignList { items }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewCampaign {
    pub year: u16,
    pub name: Option<String>,
    pub quota: u32,
    pub recommend_min: u32,
    pub recommend_max: u32,
    /// `YYYY-MM-DD`.
    pub recommendation_deadline: Option<NaiveDate>,
    /// Without it, every certification body of the province takes part.
    pub certification_body_ids: Option<Vec<i64>>,
    /// Without it, every support unit of the province takes part.
    pub support_unit_ids: Option<Vec<i64>>,
    /// Start from this earlier campaign's rules (and organisations, unless given).
    pub from_campaign_id: Option<i64>,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns", tag = "campaigns",
    security(("bearer" = [])),
    request_body = NewCampaign,
    responses(
        (status = 201, body = CampaignItem),
        (status = 404, description = "Not for the caller's role", body = crate::api::ApiErrorBody),
        (status = 422, description = "Settings that cannot stand, or the year is taken", body = crate::api::ApiErrorBody),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Json(body): Json<NewCampaign>,
) -> AppResult<Response> {
    let form = CampaignForm {
        year: body.year,
        name: body.name,
        quota: body.quota,
        recommend_min: body.recommend_min,
        recommend_max: body.recommend_max,
        city_ranges: Vec::new(),
        recommendation_deadline: body.recommendation_deadline,
        report_deadlines: None,
        certification_body_ids: body.certification_body_ids,
        support_unit_ids: body.support_unit_ids,
        from_campaign: body.from_campaign_id,
    };
    let c = campaigns::create(&state.app, &auth.user, &form).await?;
    Ok((StatusCode::CREATED, Json(campaign_item(&c))).into_response())
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/open", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CampaignItem), (status = 404, body = crate::api::ApiErrorBody), (status = 422, body = crate::api::ApiErrorBody))
)]
pub async fn open(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<CampaignItem>> {
    Ok(Json(campaign_item(
        &campaigns::open(&state.app, &auth.user, id).await?,
    )))
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/close", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = CampaignItem), (status = 404, body = crate::api::ApiErrorBody), (status = 422, body = crate::api::ApiErrorBody))
)]
pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<CampaignItem>> {
    Ok(Json(campaign_item(
        &campaigns::close(&state.app, &auth.user, id).await?,
    )))
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<u64>,
    per_page: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct CandidateItem {
    pub uscc: String,
    pub name: String,
    pub division_code: String,
    pub eligible: Option<bool>,
    /// Keys of the rules it fails (empty for a candidate; kept for the contract).
    pub failed_rules: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CandidatePage {
    pub items: Vec<CandidateItem>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/candidates", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = CandidatePage), (status = 404, body = crate::api::ApiErrorBody))
)]
pub async fn candidates(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<CandidatePage>> {
    let found = campaigns::candidates(
        &state.app,
        &auth.user,
        id,
        &Default::default(),
        PageRequest::new(q.page, q.per_page),
    )
    .await?;
    Ok(Json(CandidatePage {
        items: found
            .page
            .items
            .iter()
            .map(|e| CandidateItem {
                uscc: e.uscc.clone(),
                name: e.name.clone(),
                division_code: e.division_code.clone(),
                eligible: e.eligible,
                failed_rules: e.failed().iter().map(|r| r.key().to_string()).collect(),
            })
            .collect(),
        page: found.page.page,
        per_page: found.page.per_page,
        total: found.page.total,
    }))
}

#[derive(Deserialize, ToSchema)]
pub struct NewRecommendation {
    pub uscc: String,
    /// 推荐理由.
    pub reason: String,
    /// Required when the enterprise's verdict is not eligible.
    pub justification: Option<String>,
    pub industry_chain: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub commitment_person: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationItem {
    pub id: i64,
    pub campaign_id: i64,
    pub uscc: String,
    pub name: String,
    pub division_code: String,
    /// The workflow state, e.g. `recommended`, `submitted`, `selected`.
    pub state: String,
    /// `pending`, `confirmed` or `declined`.
    pub consent: String,
    pub city_rank: Option<i32>,
    pub selection_rank: Option<i32>,
    pub waitlist_rank: Option<i32>,
    pub certification_body_id: Option<i64>,
    pub support_unit_id: Option<i64>,
    /// The verdict when recommended, kept as evidence.
    pub verdict_eligible: Option<bool>,
}

fn participation_item(l: &Listed) -> ParticipationItem {
    let p = &l.participation;
    ParticipationItem {
        id: p.id,
        campaign_id: p.campaign_id,
        uscc: l.enterprise.uscc.clone(),
        name: l.enterprise.name.clone(),
        division_code: l.enterprise.division_code.clone(),
        state: p.state.clone(),
        consent: p.consent.clone(),
        city_rank: p.city_rank,
        selection_rank: p.selection_rank,
        waitlist_rank: p.waitlist_rank,
        certification_body_id: p.certification_body_id,
        support_unit_id: p.support_unit_id,
        verdict_eligible: p.verdict_eligible,
    }
}

/// The participation just written, as the list shows it.
async fn listed(state: &AppState, auth: &Auth, id: i64) -> AppResult<Response> {
    let item = campaigns::participation(&state.app, &auth.user, id).await?;
    Ok((StatusCode::CREATED, Json(participation_item(&item))).into_response())
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/recommendations", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body = NewRecommendation,
    responses(
        (status = 201, body = ParticipationItem),
        (status = 404, description = "Not the caller's campaign, enterprise or role", body = crate::api::ApiErrorBody),
        (status = 422, description = "The programme's rules refuse it (city_maximum_reached, justification_missing, campaign_closed, …)", body = crate::api::ApiErrorBody),
    )
)]
pub async fn recommend(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Json(body): Json<NewRecommendation>,
) -> AppResult<Response> {
    let form = RecommendationForm {
        reason: Some(body.reason),
        justification: body.justification,
        industry_chain: body.industry_chain,
        contact_name: body.contact_name,
        contact_phone: body.contact_phone,
        commitment_person: body.commitment_person,
        ..RecommendationForm::default()
    };
    let p = campaigns::recommend(&state.app, &auth.user, id, &body.uscc, &form).await?;
    listed(&state, &auth, p.id).await
}

#[utoipa::path(
    delete, path = "/api/v1/recommendations/{id}", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The participation's id")),
    responses((status = 204), (status = 404, body = crate::api::ApiErrorBody), (status = 422, description = "Already submitted", body = crate::api::ApiErrorBody))
)]
pub async fn withdraw_recommendation(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    campaigns::withdraw_recommendation(&state.app, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct Submitted {
    /// Submitted after the deadline (accepted, and marked so).
    pub late: bool,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/submit", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 200, body = Submitted), (status = 404, body = crate::api::ApiErrorBody), (status = 422, description = "list_out_of_range, campaign_closed, …", body = crate::api::ApiErrorBody))
)]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Json<Submitted>> {
    let late = campaigns::submit(&state.app, &auth.user, id).await?;
    Ok(Json(Submitted { late }))
}

#[derive(Deserialize, ToSchema)]
pub struct ConsentRequest {
    /// `confirm` or `decline`.
    pub decision: String,
    pub person_in_charge: Option<String>,
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/consent", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body = ConsentRequest,
    responses((status = 200, body = ParticipationItem), (status = 404, body = crate::api::ApiErrorBody), (status = 422, body = crate::api::ApiErrorBody))
)]
pub async fn consent(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Json(body): Json<ConsentRequest>,
) -> AppResult<Response> {
    let decision = match body.decision.as_str() {
        "confirm" => ConsentDecision::Confirm {
            person_in_charge: body.person_in_charge,
        },
        "decline" => ConsentDecision::Decline {
            reason: body.reason,
        },
        _ => return Err(AppError::bad_request("campaigns.decision_unknown")),
    };
    let p = campaigns::consent(&state.app, &auth.user, id, &decision).await?;
    let mut res = listed(&state, &auth, p.id).await?;
    *res.status_mut() = StatusCode::OK;
    Ok(res)
}

#[derive(Deserialize, ToSchema)]
pub struct SelectionRequest {
    pub uscc: String,
    pub certification_body_id: Option<i64>,
    pub support_unit_id: Option<i64>,
    /// When the quota is full, put the enterprise on the waiting list instead of a 422.
    #[serde(default)]
    pub waiting_list: bool,
}

#[utoipa::path(
    post, path = "/api/v1/campaigns/{id}/selections", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    request_body = SelectionRequest,
    responses(
        (status = 201, body = ParticipationItem),
        (status = 404, body = crate::api::ApiErrorBody),
        (status = 422, description = "quota_full (unless waiting_list), consent_not_confirmed, body_not_confirmed, …", body = crate::api::ApiErrorBody),
    )
)]
pub async fn select(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Json(body): Json<SelectionRequest>,
) -> AppResult<Response> {
    let choice = Selection {
        uscc: body.uscc,
        certification_body_id: body.certification_body_id,
        support_unit_id: body.support_unit_id,
        waiting_list: body.waiting_list,
    };
    let p = campaigns::select(&state.app, &auth.user, id, &choice).await?;
    listed(&state, &auth, p.id).await
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationPage {
    pub items: Vec<ParticipationItem>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/participations", tag = "campaigns",
    security(("bearer" = [])),
    params(("id" = i64, Path), ("page" = Option<u64>, Query), ("per_page" = Option<u64>, Query)),
    responses((status = 200, body = ParticipationPage), (status = 404, body = crate::api::ApiErrorBody))
)]
pub async fn participations(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Json<ParticipationPage>> {
    let page = campaigns::participations(
        &state.app,
        &auth.user,
        id,
        PageRequest::new(q.page, q.per_page),
    )
    .await?;
    Ok(Json(ParticipationPage {
        items: page.items.iter().map(participation_item).collect(),
        page: page.page,
        per_page: page.per_page,
        total: page.total,
    }))
}
