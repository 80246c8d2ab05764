//! 企业申报, the public side: an enterprise that heard of the programme applies without an
//! account, gets a reference number, and checks its application with that number and its
//! credit code. The forms post same-origin (the CSRF guard), are small (a body limit), and
//! the use cases throttle per client address; nothing about another enterprise can be
//! learned here.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use uplift_app::Refusal;
use uplift_app::campaigns::{self, ApplicationForm};
use uplift_domain::Lang;
use uplift_domain::division;
use uplift_domain::lang::Localized;
use uplift_domain::sme::Industry;

use super::campaigns::FieldErrors;
use super::labels::{self, Badge, Choice};
use crate::AppState;
use crate::context::Ctx;
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render};

/// A filled-in form is a few kilobytes; anything much larger is not an application.
const FORM_LIMIT: usize = 16 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/apply",
            get(form)
                .post(submit)
                .layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
        .route("/apply/done", get(done))
        .route(
            "/apply/status",
            get(status_form)
                .post(status)
                .layer(DefaultBodyLimit::max(FORM_LIMIT)),
        )
}

#[derive(Deserialize, Default, Clone)]
pub struct ApplyForm {
    #[serde(default)]
    pub uscc: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub division_code: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub employees: String,
    #[serde(default)]
    pub operating_revenue: String,
    #[serde(default)]
    pub main_revenue: String,
    #[serde(default)]
    pub total_assets: String,
    #[serde(default)]
    pub contact_name: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub motivation: String,
}

/// The counties of one city, for the division list.
pub struct CityGroup {
    pub name: String,
    pub counties: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "apply.html")]
struct ApplyPage {
    frame: Frame,
    open: Vec<(String, Option<String>)>,
    form: ApplyForm,
    errors: FieldErrors,
    cities: Vec<CityGroup>,
    industries: Vec<Choice>,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    form: ApplyForm,
    errors: FieldErrors,
) -> AppResult<ApplyPage> {
    let lang = ctx.lang;
    let open = campaigns::open_campaigns(&state.app).await?;
    let mut cities = Vec::new();
    for c in &open {
        for city in division::prefectures_of(&c.province_code) {
            cities.push(CityGroup {
                name: lang.pick(city.name_zh, city.name_en).to_string(),
                counties: division::counties_of(city.code)
                    .into_iter()
                    .map(|(code, name)| Choice {
                        value: code.to_string(),
                        label: name.to_string(),
                        selected: form.division_code == code,
                    })
                    .collect(),
            });
        }
    }
    Ok(ApplyPage {
        frame: Frame::new(ctx, "apply.title", "/apply"),
        open: open
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    c.recommendation_deadline.map(|d| labels::date(lang, d)),
                )
            })
            .collect(),
        industries: Industry::ALL
            .iter()
            .map(|i| Choice {
                value: i.key().to_string(),
                label: i.name(lang).to_string(),
                selected: form.industry == i.key(),
            })
            .collect(),
        form,
        errors,
        cities,
    })
}

async fn form(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let page = page(&state, &ctx, ApplyForm::default(), FieldErrors::default()).await?;
    Ok(render(&page)?.into_response())
}

/// Put a refusal beside the field it is about.
fn errors_for(lang: Lang, form: &ApplyForm, r: &Refusal) -> FieldErrors {
    let mut errors = FieldErrors::default();
    match r {
        Refusal::Form(rows) => {
            for e in rows {
                errors.add(e.column.key(), e.message(lang));
            }
        }
        Refusal::FieldRequired => {
            let required = t(lang, "refusal.field_required");
            for (field, value) in [
                ("contact_name", &form.contact_name),
                ("contact_phone", &form.contact_phone),
                ("motivation", &form.motivation),
            ] {
                if value.trim().is_empty() {
                    errors.add(field, required);
                }
            }
            errors.add("general", required);
        }
        Refusal::DivisionIsAProvince => errors.add("division_code", refusal(lang, r)),
        other => errors.add("general", refusal(lang, other)),
    }
    errors
}

async fn submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ApplyForm>,
) -> AppResult<Response> {
    let application = ApplicationForm {
        uscc: form.uscc.trim().to_ascii_uppercase(),
        name: form.name.clone(),
        division_code: form.division_code.clone(),
        industry: form.industry.clone(),
        employees: form.employees.clone(),
        operating_revenue_wan: form.operating_revenue.clone(),
        main_revenue_wan: form.main_revenue.clone(),
        total_assets_wan: form.total_assets.clone(),
        contact_name: form.contact_name.clone(),
        contact_phone: form.contact_phone.clone(),
        motivation: form.motivation.clone(),
    };
    match campaigns::apply(&state.app, &application, ctx.client_ip.clone())
        .await
        .map_err(AppError::from)
    {
        Ok(reference) => {
            Ok(Redirect::to(&format!("/apply/done?reference={reference}")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let status = if r == Refusal::Throttled {
                StatusCode::TOO_MANY_REQUESTS
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let errors = errors_for(ctx.lang, &form, &r);
            let page = page(&state, &ctx, form, errors).await?;
            Ok((status, render(&page)?).into_response())
        }
        // No open campaign in the enterprise's province: say so on the form.
        Err(AppError {
            kind: ErrorKind::NotFound,
            ..
        }) => {
            let mut errors = FieldErrors::default();
            errors.add("general", t(ctx.lang, "apply.no_campaign"));
            let page = page(&state, &ctx, form, errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
struct DoneQuery {
    reference: Option<String>,
}

#[derive(Template)]
#[template(path = "apply_done.html")]
struct DonePage {
    frame: Frame,
    reference: String,
}

async fn done(ctx: Ctx, Query(q): Query<DoneQuery>) -> AppResult<Response> {
    // Only the shape of a reference is echoed; it tells nothing without the credit code.
    let reference: String = q
        .reference
        .unwrap_or_default()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(16)
        .collect();
    let page = DonePage {
        frame: Frame::new(&ctx, "apply.done_title", "/apply/done"),
        reference,
    };
    Ok(render(&page)?.into_response())
}

#[derive(Deserialize, Default, Clone)]
struct StatusForm {
    #[serde(default)]
    reference: String,
    #[serde(default)]
    uscc: String,
}

/// What the applicant is told.
pub struct Outcome {
    pub name: String,
    pub reference: String,
    pub status: Badge,
    pub explanation: &'static str,
    pub reason: Option<String>,
}

#[derive(Template)]
#[template(path = "apply_status.html")]
struct StatusPage {
    frame: Frame,
    reference: String,
    uscc: String,
    outcome: Option<Outcome>,
    error: Option<String>,
}

async fn status_form(ctx: Ctx) -> AppResult<Response> {
    let page = StatusPage {
        frame: Frame::new(&ctx, "apply.status_title", "/apply/status"),
        reference: String::new(),
        uscc: String::new(),
        outcome: None,
        error: None,
    };
    Ok(render(&page)?.into_response())
}

/// A look-up, not a change: the answer is shown at once (reloading asks again, harmlessly).
async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let mut page = StatusPage {
        frame: Frame::new(&ctx, "apply.status_title", "/apply/status"),
        reference: form.reference.trim().to_string(),
        uscc: form.uscc.trim().to_string(),
        outcome: None,
        error: None,
    };
    match campaigns::status(
        &state.app,
        &form.reference,
        &form.uscc,
        ctx.client_ip.clone(),
    )
    .await
    .map_err(AppError::from)
    {
        Ok(s) => {
            let (badge, explanation) = match s.status.as_str() {
                "adopted" => (
                    Badge::new("good", t(lang, "applications.adopted")),
                    "apply.status_adopted",
                ),
                "declined" => (
                    Badge::new("bad", t(lang, "applications.declined")),
                    "apply.status_declined",
                ),
                _ => (
                    Badge::new("warn", t(lang, "applications.pending")),
                    "apply.status_pending",
                ),
            };
            page.outcome = Some(Outcome {
                name: s.name,
                reference: s.reference,
                status: badge,
                explanation,
                reason: s.reason,
            });
            Ok(render(&page)?.into_response())
        }
        Err(AppError {
            kind: ErrorKind::NotFound,
            ..
        }) => {
            page.error = Some(t(lang, "apply.status_unknown").to_string());
            Ok((StatusCode::NOT_FOUND, render(&page)?).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            page.error = Some(refusal(lang, &r));
            Ok((StatusCode::TOO_MANY_REQUESTS, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}
