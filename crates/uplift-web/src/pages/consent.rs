//! 企业承诺 / 确认参与: the enterprise contact reads what its city wrote in the 推荐表 and
//! confirms that management commits people and time, or declines with a reason; it may
//! also leave the programme later, saying why.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use uplift_app::campaigns::{self, CampaignStatus, ConsentDecision, ParticipationState};
use uplift_app::{CurrentUser, PageRequest};

use super::campaigns::FieldErrors;
use super::labels::{self, Badge};
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render};

pub fn router() -> Router<AppState> {
    Router::new().route("/campaigns/{id}/consent", get(page).post(decide))
}

#[derive(Deserialize, Default, Clone)]
pub struct ConsentForm {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub person_in_charge: String,
    #[serde(default)]
    pub commits: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Template)]
#[template(path = "consent.html")]
struct ConsentPage {
    frame: Frame,
    id: i64,
    pid: i64,
    campaign: String,
    enterprise: String,
    city: String,
    state: Badge,
    consent: Badge,
    consented_at: Option<String>,
    consent_person: Option<String>,
    consent_reason: Option<String>,
    reason: String,
    commitment: Vec<(&'static str, String)>,
    body: String,
    unit: String,
    may_decide: bool,
    may_withdraw: bool,
    form: ConsentForm,
    errors: FieldErrors,
}

async fn build(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    form: ConsentForm,
    errors: FieldErrors,
) -> AppResult<ConsentPage> {
    let lang = ctx.lang;
    if !user
        .role()
        .may(uplift_domain::permission::Permission::GiveConsent)
    {
        return Err(AppError::not_found());
    }
    let c = campaigns::get(&state.app, user, id).await?;
    let own = campaigns::participations(&state.app, user, id, PageRequest::default())
        .await?
        .items
        .into_iter()
        .next()
        .ok_or_else(AppError::not_found)?;
    let p = &own.participation;
    let orgs = campaigns::organisations(&state.app, user, id).await?;
    let names = labels::org_names(&orgs);
    let s = ParticipationState::from_key(&p.state);
    let open = c.status() == CampaignStatus::Open;
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "—".into());
    let mut form = form;
    if form.person_in_charge.is_empty() {
        form.person_in_charge = p
            .consent_person
            .clone()
            .or_else(|| p.commitment_person.clone())
            .unwrap_or_default();
    }
    Ok(ConsentPage {
        frame: Frame::new(ctx, "consent.title", &format!("/campaigns/{id}/consent")),
        id,
        pid: p.id,
        campaign: c.settings.name.clone(),
        enterprise: own.enterprise.name.clone(),
        city: labels::bureau_name(lang, &p.city_code),
        state: labels::state_badge(lang, &p.state),
        consent: labels::consent_badge(lang, &p.consent),
        consented_at: p.consent_at.map(labels::minute),
        consent_person: p.consent_person.clone(),
        consent_reason: p.consent_reason.clone(),
        reason: dash(&p.reason),
        commitment: vec![
            ("recommend.commitment_person", dash(&p.commitment_person)),
            ("recommend.commitment_people", dash(&p.commitment_people)),
            ("recommend.commitment_time", dash(&p.commitment_time)),
            (
                "recommend.commitment_arrangements",
                dash(&p.commitment_arrangements),
            ),
            (
                "recommend.commitment_equipment",
                dash(&p.commitment_equipment),
            ),
        ],
        body: labels::org_name(&names, p.certification_body_id),
        unit: labels::org_name(&names, p.support_unit_id),
        may_decide: open
            && matches!(
                s,
                Some(
                    ParticipationState::Recommended
                        | ParticipationState::Submitted
                        | ParticipationState::Waitlisted
                        | ParticipationState::Selected
                )
            ),
        may_withdraw: open && s.is_some_and(|s| !s.is_final() && s != ParticipationState::Applied),
        form,
        errors,
    })
}

async fn page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = build(
        &state,
        &auth.ctx,
        &auth.user,
        id,
        ConsentForm::default(),
        FieldErrors::default(),
    )
    .await?;
    Ok(render(&page)?.into_response())
}

async fn decide(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let mut errors = FieldErrors::default();
    let decision = match form.decision.as_str() {
        "confirm" => {
            if form.commits != "on" {
                errors.add("commits", t(lang, "consent.commits_required"));
            }
            ConsentDecision::Confirm {
                person_in_charge: Some(form.person_in_charge.clone()),
            }
        }
        "decline" => ConsentDecision::Decline {
            reason: Some(form.reason.clone()),
        },
        _ => return Err(AppError::bad_request("campaigns.decision_unknown")),
    };
    if errors.is_empty() {
        match campaigns::consent(&state.app, &user, id, &decision)
            .await
            .map_err(AppError::from)
        {
            Ok(p) => {
                let done = if p.consent == "confirmed" {
                    "consent_confirmed"
                } else {
                    "consent_declined"
                };
                return Ok(
                    Redirect::to(&format!("/campaigns/{id}/consent?done={done}")).into_response(),
                );
            }
            Err(AppError {
                kind: ErrorKind::Refused(r),
                ..
            }) => {
                let field = match (&decision, r.code()) {
                    (ConsentDecision::Confirm { .. }, "field_required") => "person_in_charge",
                    (ConsentDecision::Decline { .. }, "reason_missing") => "reason",
                    _ => "general",
                };
                errors.add(field, refusal(lang, &r));
            }
            Err(e) => return Err(e),
        }
    }
    let page = build(&state, &ctx, &user, id, form, errors).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}
