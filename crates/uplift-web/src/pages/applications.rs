//! 企业申报 as they land with a city: screened at once, adopted onto the city's list or
//! declined with a reason the applicant reads. The province sees every city's, read-only.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use uplift_app::CurrentUser;
use uplift_app::campaigns::{self, Application, CampaignStatus};
use uplift_domain::division;
use uplift_domain::money::Money;
use uplift_domain::permission::Permission;

use super::enterprises::{industry_label, money};
use super::labels::{self, Badge};
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render, thousands};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/applications", get(list))
        .route("/campaigns/{id}/applications/{aid}/adopt", post(adopt))
        .route("/campaigns/{id}/applications/{aid}/decline", post(decline))
}

pub struct AppRow {
    pub id: i64,
    pub reference: String,
    pub name: String,
    pub uscc: String,
    pub city: String,
    pub division: String,
    pub industry: String,
    pub employees: String,
    pub main_revenue: String,
    pub contact: String,
    pub motivation: String,
    pub verdict: Badge,
    pub eligible: bool,
    pub failed: Vec<&'static str>,
    pub status: Badge,
    pub decision_reason: Option<String>,
    pub at: String,
    pub pending: bool,
    /// A refusal of the last try on this row, shown beside it.
    pub error: Option<String>,
    pub justification: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "applications.html")]
struct ListPage {
    frame: Frame,
    id: i64,
    campaign: String,
    can_decide: bool,
    pending: Vec<AppRow>,
    decided: Vec<AppRow>,
}

fn status_badge(ctx: &Ctx, status: &str) -> Badge {
    let lang = ctx.lang;
    match status {
        "adopted" => Badge::new("good", t(lang, "applications.adopted")),
        "declined" => Badge::new("bad", t(lang, "applications.declined")),
        _ => Badge::new("warn", t(lang, "applications.pending")),
    }
}

fn row(ctx: &Ctx, user: &CurrentUser, a: &Application) -> AppRow {
    let lang = ctx.lang;
    let failed: Vec<String> = serde_json::from_str(&a.failed_rules).unwrap_or_default();
    AppRow {
        id: a.id,
        reference: a.reference.clone(),
        name: a.name.clone(),
        uscc: a.uscc.clone(),
        city: labels::city_name(lang, &a.city_code),
        division: division::full_name(&a.division_code),
        industry: industry_label(lang, &a.industry),
        employees: a
            .employees
            .map(|n| thousands(u64::try_from(n).unwrap_or(0)))
            .unwrap_or_default(),
        main_revenue: money(lang, a.main_revenue.map(Money::from_yuan)),
        contact: format!(
            "{} {}",
            a.contact_name,
            super::recommend::phone(user, Some(&a.contact_phone))
        ),
        motivation: a.motivation.clone(),
        verdict: if a.eligible {
            Badge::new("good", t(lang, "verdict.eligible"))
        } else {
            Badge::new("bad", t(lang, "verdict.ineligible"))
        },
        eligible: a.eligible,
        failed: failed
            .iter()
            .filter_map(|k| uplift_domain::eligibility::Rule::from_key(k))
            .map(|r| r.name(lang))
            .collect(),
        status: status_badge(ctx, &a.status),
        decision_reason: a.decision_reason.clone(),
        at: labels::minute(a.created_at),
        pending: a.status == "pending",
        error: None,
        justification: String::new(),
        reason: String::new(),
    }
}

/// The last try's refusal and typed text, for the row it was made on.
struct Retry {
    aid: i64,
    error: String,
    justification: String,
    reason: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    retry: Option<Retry>,
) -> AppResult<ListPage> {
    let c = campaigns::get(&state.app, user, id).await?;
    let all = campaigns::applications(&state.app, user, id).await?;
    let mut pending = Vec::new();
    let mut decided = Vec::new();
    for a in &all {
        let mut r = row(ctx, user, a);
        if let Some(retry) = retry.as_ref().filter(|x| x.aid == a.id) {
            r.error = Some(retry.error.clone());
            r.justification = retry.justification.clone();
            r.reason = retry.reason.clone();
        }
        if r.pending {
            pending.push(r);
        } else {
            decided.push(r);
        }
    }
    Ok(ListPage {
        frame: Frame::new(
            ctx,
            "applications.title",
            &format!("/campaigns/{id}/applications"),
        ),
        id,
        campaign: c.settings.name.clone(),
        can_decide: user.role().may(Permission::Recommend) && c.status() == CampaignStatus::Open,
        pending,
        decided,
    })
}

async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = page(&state, &auth.ctx, &auth.user, id, None).await?;
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default)]
struct DecisionForm {
    #[serde(default)]
    justification: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    state: AppState,
    auth: Auth,
    id: i64,
    aid: i64,
    form: DecisionForm,
    adopt: bool,
) -> AppResult<Response> {
    let result = if adopt {
        campaigns::adopt(
            &state.app,
            &auth.user,
            id,
            aid,
            Some(form.justification.clone()),
        )
        .await
        .map(|_| ())
    } else {
        campaigns::decline(&state.app, &auth.user, id, aid, Some(form.reason.clone())).await
    };
    match result.map_err(AppError::from) {
        Ok(()) => {
            let done = if adopt {
                "application_adopted"
            } else {
                "application_declined"
            };
            Ok(Redirect::to(&format!("/campaigns/{id}/applications?done={done}")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let retry = Retry {
                aid,
                error: refusal(auth.ctx.lang, &r),
                justification: form.justification,
                reason: form.reason,
            };
            let page = page(&state, &auth.ctx, &auth.user, id, Some(retry)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn adopt(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, aid)): Path<(i64, i64)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    decide(state, auth, id, aid, form, true).await
}

async fn decline(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, aid)): Path<(i64, i64)>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    decide(state, auth, id, aid, form, false).await
}
