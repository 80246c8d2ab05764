//! 遴选: the province's two pages. The selection board puts every city side by side (how
//! many recommended, submitted or not, late or not) and each recommendation with its
//! 推荐表, verdict and consent, to select (ranked, up to the quota; then onto the waiting
//! list) or return to its city with a reason. The assignment page holds the places taken,
//! each with its certification body (认证牵头机构) and support unit and each body's load,
//! and the waiting list, whose first enterprise is offered a place a withdrawal frees.

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use uplift_app::CurrentUser;
use uplift_app::campaigns::{
    self, Board, CampaignStatus, Participation, ParticipationState, Selection,
};
use uplift_domain::Lang;
use uplift_domain::permission::Permission;
use uplift_domain::role::OrganisationKind;

use super::enterprises::division_label;
use super::labels::{self, Badge, Choice};
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns/{id}/selection", get(selection))
        .route("/campaigns/{id}/selections", post(select))
        .route("/campaigns/{id}/assignments", get(assignments))
        .route(
            "/campaigns/{id}/participations/{pid}/return",
            post(return_to_city),
        )
        .route(
            "/campaigns/{id}/participations/{pid}/promote",
            post(promote),
        )
        .route("/campaigns/{id}/participations/{pid}/assign", post(assign))
        .route(
            "/campaigns/{id}/participations/{pid}/withdraw",
            post(withdraw),
        )
}

/// A refusal on one row, shown beside it after a failed try.
#[derive(Clone)]
struct RowError {
    pid: i64,
    message: String,
}

fn row_error(errors: &Option<RowError>, pid: i64) -> Option<String> {
    errors
        .as_ref()
        .filter(|e| e.pid == pid)
        .map(|e| e.message.clone())
}

fn range_text(lang: Lang, min: u32, max: u32) -> String {
    match lang {
        Lang::Zh => format!("{min}～{max}家"),
        Lang::En => format!("{min}–{max}"),
    }
}

pub struct RecRow {
    pub pid: i64,
    pub rank: String,
    pub name: String,
    pub uscc: String,
    pub division: String,
    pub verdict: Badge,
    pub justification: Option<String>,
    pub consent: Badge,
    pub consent_ok: bool,
    pub state: Badge,
    pub decidable: bool,
    pub from_application: bool,
    pub error: Option<String>,
}

pub struct CityCol {
    pub code: String,
    pub name: String,
    pub range: String,
    pub count: usize,
    pub within: bool,
    pub submitted_at: Option<String>,
    pub late: bool,
    pub pending_applications: usize,
    pub confirmed: usize,
    pub flagged: usize,
    pub rows: Vec<RecRow>,
}

#[derive(Template)]
#[template(path = "selection.html")]
struct SelectionPage {
    frame: Frame,
    id: i64,
    campaign: String,
    open: bool,
    quota: u32,
    taken: usize,
    free: usize,
    waiting: usize,
    undecided: usize,
    submitted_cities: usize,
    late_cities: usize,
    cities: Vec<CityCol>,
    bodies: Vec<Choice>,
    units: Vec<Choice>,
    full: bool,
}

fn verdict(lang: Lang, p: &Participation) -> Badge {
    match p.verdict_eligible {
        Some(true) => Badge::new("good", t(lang, "verdict.eligible")),
        Some(false) => Badge::new("bad", t(lang, "verdict.ineligible")),
        None => Badge::new("neutral", t(lang, "enterprise.not_screened")),
    }
}

fn selection_page(ctx: &Ctx, board: &Board, error: Option<RowError>) -> SelectionPage {
    let lang = ctx.lang;
    let c = &board.campaign;
    let open = c.status() == CampaignStatus::Open;
    let name_of = |p: &Participation| {
        board
            .enterprises
            .get(&p.enterprise_id)
            .map(|e| (e.name.clone(), e.uscc.clone(), division_label(lang, e)))
            .unwrap_or_default()
    };
    let cities: Vec<CityCol> = board
        .cities
        .iter()
        .map(|city| {
            let rows: Vec<RecRow> = city
                .recommendations
                .iter()
                .map(|p| {
                    let (name, uscc, division) = name_of(p);
                    RecRow {
                        pid: p.id,
                        rank: p.city_rank.map(|r| r.to_string()).unwrap_or_default(),
                        name,
                        uscc,
                        division,
                        verdict: verdict(lang, p),
                        justification: p
                            .justification
                            .clone()
                            .filter(|_| p.verdict_eligible != Some(true)),
                        consent: labels::consent_badge(lang, &p.consent),
                        consent_ok: p.consent == "confirmed",
                        state: labels::state_badge(lang, &p.state),
                        decidable: open && p.state == ParticipationState::Submitted.key(),
                        from_application: p.origin == "applied",
                        error: row_error(&error, p.id),
                    }
                })
                .collect();
            let count = rows.len();
            CityCol {
                code: city.city_code.clone(),
                name: labels::city_name(lang, &city.city_code),
                range: range_text(lang, city.range.min, city.range.max),
                within: u32::try_from(count).is_ok_and(|n| city.range.contains(n)),
                count,
                submitted_at: city.submitted_at.map(labels::minute),
                late: city.late,
                pending_applications: city.pending_applications,
                confirmed: city
                    .recommendations
                    .iter()
                    .filter(|p| p.consent == "confirmed")
                    .count(),
                flagged: city
                    .recommendations
                    .iter()
                    .filter(|p| p.verdict_eligible != Some(true))
                    .count(),
                rows,
            }
        })
        .collect();
    let quota = c.settings.quota;
    let taken = board.places_taken();
    let free = usize::try_from(quota)
        .unwrap_or(usize::MAX)
        .saturating_sub(taken);
    SelectionPage {
        frame: Frame::new(
            ctx,
            "selection.title",
            &format!("/campaigns/{}/selection", c.id),
        ),
        id: c.id,
        campaign: c.settings.name.clone(),
        open,
        quota,
        taken,
        free,
        waiting: board.waiting.len(),
        undecided: board.undecided(),
        submitted_cities: cities.iter().filter(|x| x.submitted_at.is_some()).count(),
        late_cities: cities.iter().filter(|x| x.late).count(),
        cities,
        bodies: labels::org_choices(
            lang,
            &board.organisations,
            OrganisationKind::CertificationBody,
            None,
        ),
        units: labels::org_choices(
            lang,
            &board.organisations,
            OrganisationKind::SupportUnit,
            None,
        ),
        full: free == 0,
    }
}

async fn selection(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let board = campaigns::board(&state.app, &auth.user, id).await?;
    Ok(render(&selection_page(&auth.ctx, &board, None))?.into_response())
}

fn org(v: &str) -> Option<i64> {
    v.trim().parse().ok()
}

#[derive(Deserialize, Default)]
struct SelectForm {
    #[serde(default)]
    pid: String,
    #[serde(default)]
    uscc: String,
    #[serde(default)]
    certification_body_id: String,
    #[serde(default)]
    support_unit_id: String,
    #[serde(default)]
    waiting_list: String,
}

/// A refused try on the board: the board again, the reason beside the row.
async fn board_again(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    error: RowError,
) -> AppResult<Response> {
    let board = campaigns::board(&state.app, user, id).await?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&selection_page(ctx, &board, Some(error)))?,
    )
        .into_response())
}

async fn select(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(form): Form<SelectForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let choice = Selection {
        uscc: form.uscc.trim().to_string(),
        certification_body_id: org(&form.certification_body_id),
        support_unit_id: org(&form.support_unit_id),
        waiting_list: form.waiting_list == "on",
    };
    match campaigns::select(&state.app, &user, id, &choice)
        .await
        .map_err(AppError::from)
    {
        Ok(p) => {
            let done = if p.state == ParticipationState::Waitlisted.key() {
                "waitlisted"
            } else {
                "selected"
            };
            Ok(Redirect::to(&format!(
                "/campaigns/{id}/selection?done={done}#city-{}",
                p.city_code
            ))
            .into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let error = RowError {
                pid: form.pid.trim().parse().unwrap_or(0),
                message: refusal(ctx.lang, &r),
            };
            board_again(&state, &ctx, &user, id, error).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
struct ReasonForm {
    #[serde(default)]
    reason: String,
}

async fn return_to_city(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    match campaigns::return_to_city(&state.app, &user, id, pid, Some(form.reason))
        .await
        .map_err(AppError::from)
    {
        Ok(p) => Ok(Redirect::to(&format!(
            "/campaigns/{id}/selection?done=returned#city-{}",
            p.city_code
        ))
        .into_response()),
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let error = RowError {
                pid,
                message: refusal(ctx.lang, &r),
            };
            board_again(&state, &ctx, &user, id, error).await
        }
        Err(e) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------
// Assignments and the waiting list

pub struct PlaceRow {
    pub pid: i64,
    pub rank: String,
    pub name: String,
    pub uscc: String,
    pub city: String,
    pub consent: Badge,
    pub state: Badge,
    pub body: String,
    pub unit: String,
    pub bodies: Vec<Choice>,
    pub units: Vec<Choice>,
    pub unassigned: bool,
    pub offered: bool,
    pub error: Option<String>,
}

pub struct LoadRow {
    pub name: String,
    pub kind: &'static str,
    pub confirmed: bool,
    pub load: usize,
}

#[derive(Template)]
#[template(path = "assignments.html")]
struct AssignPage {
    frame: Frame,
    id: i64,
    campaign: String,
    open: bool,
    quota: u32,
    taken: usize,
    free: usize,
    unassigned: usize,
    selected: Vec<PlaceRow>,
    waiting: Vec<PlaceRow>,
    loads: Vec<LoadRow>,
    returned: Vec<(String, String, String)>,
}

fn assign_page(
    ctx: &Ctx,
    board: &Board,
    offered: Option<i64>,
    error: Option<RowError>,
) -> AssignPage {
    let lang = ctx.lang;
    let c = &board.campaign;
    let open = c.status() == CampaignStatus::Open;
    let names = labels::org_names(&board.organisations);
    let place = |p: &Participation, rank: Option<i32>| {
        let e = board.enterprises.get(&p.enterprise_id);
        PlaceRow {
            pid: p.id,
            rank: rank.map(|r| r.to_string()).unwrap_or_default(),
            name: e.map(|e| e.name.clone()).unwrap_or_default(),
            uscc: e.map(|e| e.uscc.clone()).unwrap_or_default(),
            city: labels::city_name(lang, &p.city_code),
            consent: labels::consent_badge(lang, &p.consent),
            state: labels::state_badge(lang, &p.state),
            body: labels::org_name(&names, p.certification_body_id),
            unit: labels::org_name(&names, p.support_unit_id),
            bodies: labels::org_choices(
                lang,
                &board.organisations,
                OrganisationKind::CertificationBody,
                p.certification_body_id,
            ),
            units: labels::org_choices(
                lang,
                &board.organisations,
                OrganisationKind::SupportUnit,
                p.support_unit_id,
            ),
            unassigned: p.certification_body_id.is_none(),
            offered: offered == Some(p.id),
            error: row_error(&error, p.id),
        }
    };
    let selected: Vec<PlaceRow> = board
        .selected
        .iter()
        .map(|p| place(p, p.selection_rank))
        .collect();
    let waiting = board
        .waiting
        .iter()
        .map(|p| place(p, p.waitlist_rank))
        .collect();
    let quota = c.settings.quota;
    let taken = board.places_taken();
    AssignPage {
        frame: Frame::new(
            ctx,
            "assignments.title",
            &format!("/campaigns/{}/assignments", c.id),
        ),
        id: c.id,
        campaign: c.settings.name.clone(),
        open,
        quota,
        taken,
        free: usize::try_from(quota)
            .unwrap_or(usize::MAX)
            .saturating_sub(taken),
        unassigned: selected.iter().filter(|r| r.unassigned).count(),
        selected,
        waiting,
        loads: board
            .organisations
            .iter()
            .filter(|o| o.confirmed || o.load.unwrap_or(0) > 0)
            .map(|o| LoadRow {
                name: o.name.clone(),
                kind: match o.kind {
                    OrganisationKind::SupportUnit => "selection.unit",
                    _ => "selection.body",
                },
                confirmed: o.confirmed,
                load: o.load.unwrap_or(0),
            })
            .collect(),
        returned: board
            .returned
            .iter()
            .map(|p| {
                (
                    board
                        .enterprises
                        .get(&p.enterprise_id)
                        .map(|e| e.name.clone())
                        .unwrap_or_default(),
                    labels::city_name(lang, &p.city_code),
                    p.state_reason.clone().unwrap_or_default(),
                )
            })
            .collect(),
    }
}

#[derive(Deserialize, Default)]
struct AssignQuery {
    offer: Option<i64>,
}

async fn assignments(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Query(q): Query<AssignQuery>,
) -> AppResult<Response> {
    let board = campaigns::board(&state.app, &auth.user, id).await?;
    Ok(render(&assign_page(&auth.ctx, &board, q.offer, None))?.into_response())
}

async fn assignments_again(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    error: RowError,
) -> AppResult<Response> {
    let board = campaigns::board(&state.app, user, id).await?;
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        render(&assign_page(ctx, &board, None, Some(error)))?,
    )
        .into_response())
}

#[derive(Deserialize, Default)]
struct OrgForm {
    #[serde(default)]
    certification_body_id: String,
    #[serde(default)]
    support_unit_id: String,
}

async fn promote(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    match campaigns::promote(
        &state.app,
        &user,
        id,
        pid,
        org(&form.certification_body_id),
        org(&form.support_unit_id),
    )
    .await
    .map_err(AppError::from)
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/campaigns/{id}/assignments?done=promoted")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let error = RowError {
                pid,
                message: refusal(ctx.lang, &r),
            };
            assignments_again(&state, &ctx, &user, id, error).await
        }
        Err(e) => Err(e),
    }
}

async fn assign(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<OrgForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    match campaigns::assign(
        &state.app,
        &user,
        id,
        pid,
        org(&form.certification_body_id),
        org(&form.support_unit_id),
    )
    .await
    .map_err(AppError::from)
    {
        Ok(_) => {
            Ok(Redirect::to(&format!("/campaigns/{id}/assignments?done=assigned")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let error = RowError {
                pid,
                message: refusal(ctx.lang, &r),
            };
            assignments_again(&state, &ctx, &user, id, error).await
        }
        Err(e) => Err(e),
    }
}

/// The province takes an enterprise out, or the enterprise leaves (its consent page).
/// When a place is freed, the province is shown who is first in line.
async fn withdraw(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, pid)): Path<(i64, i64)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let province = user.role().may(Permission::SelectEnterprises);
    match campaigns::withdraw(&state.app, &user, id, pid, Some(form.reason))
        .await
        .map_err(AppError::from)
    {
        Ok(next) if province => {
            let target = match next {
                Some(n) => format!(
                    "/campaigns/{id}/assignments?done=withdrawn_offer&offer={}#waiting",
                    n.id
                ),
                None => format!("/campaigns/{id}/assignments?done=withdrawn"),
            };
            Ok(Redirect::to(&target).into_response())
        }
        Ok(_) => {
            Ok(Redirect::to(&format!("/campaigns/{id}/consent?done=withdrawn")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) if province => {
            let error = RowError {
                pid,
                message: refusal(ctx.lang, &r),
            };
            assignments_again(&state, &ctx, &user, id, error).await
        }
        Err(e) => Err(e),
    }
}
