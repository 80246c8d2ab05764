//! 提升行动: the campaigns side by side, one campaign's page, and the province's form to
//! set a campaign up (quota, the cities' range with overrides, deadlines, the confirmed
//! bodies and units), open it and close it. A new campaign can start from an earlier
//! one's settings (`/campaigns/new?from=ID`).

use std::collections::HashMap;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use uplift_app::campaigns::{self, Campaign, CampaignForm, CampaignOrganisation, CampaignStatus};
use uplift_app::{CurrentUser, PageRequest};
use uplift_domain::Lang;
use uplift_domain::campaign::default_report_deadlines;
use uplift_domain::division;
use uplift_domain::permission::Permission;
use uplift_domain::role::{OrganisationKind, Scope};

use super::labels::{self, Badge};
use crate::AppState;
use crate::context::{Auth, Ctx};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{refusal, t};
use crate::render::{Frame, render};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/campaigns", get(list).post(create))
        .route("/campaigns/new", get(new))
        .route("/campaigns/current/{page}", get(current))
        .route("/campaigns/{id}", get(show).post(update))
        .route("/campaigns/{id}/edit", get(edit))
        .route("/campaigns/{id}/open", post(open))
        .route("/campaigns/{id}/close", post(close))
}

/// The campaign a navigation link means: the open one the user takes part in, else the
/// newest one it sees.
pub async fn current_campaign(state: &AppState, user: &CurrentUser) -> AppResult<Option<i64>> {
    let all = campaigns::list(&state.app, user).await?;
    Ok(all
        .iter()
        .find(|c| c.status() == CampaignStatus::Open)
        .or(all.first())
        .map(|c| c.id))
}

/// The pages a `/campaigns/current/…` link may lead to.
const CURRENT_PAGES: [&str; 9] = [
    "recommendations",
    "candidates",
    "applications",
    "selection",
    "assignments",
    "consent",
    "participations",
    "edit",
    "overview",
];

async fn current(
    State(state): State<AppState>,
    auth: Auth,
    Path(page): Path<String>,
) -> AppResult<Response> {
    if !CURRENT_PAGES.contains(&page.as_str()) {
        return Err(AppError::not_found());
    }
    let target = match current_campaign(&state, &auth.user).await? {
        Some(id) if page == "overview" => format!("/campaigns/{id}"),
        Some(id) => format!("/campaigns/{id}/{page}"),
        None => "/campaigns".to_string(),
    };
    Ok(Redirect::to(&target).into_response())
}

pub struct CampaignRow {
    pub id: i64,
    pub year: u16,
    pub name: String,
    pub status: Badge,
    pub quota: u32,
    pub range: String,
    pub deadline: String,
}

#[derive(Template)]
#[template(path = "campaigns.html")]
struct ListPage {
    frame: Frame,
    rows: Vec<CampaignRow>,
    can_manage: bool,
    /// The newest campaign, to start the next one from.
    latest: Option<i64>,
}

fn range_text(lang: Lang, min: u32, max: u32) -> String {
    match lang {
        Lang::Zh => format!("{min}～{max}家"),
        Lang::En => format!("{min}–{max}"),
    }
}

async fn list(State(state): State<AppState>, auth: Auth) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let all = campaigns::list(&state.app, &user).await?;
    let rows = all
        .iter()
        .map(|c| CampaignRow {
            id: c.id,
            year: c.year(),
            name: c.settings.name.clone(),
            status: labels::campaign_badge(lang, c.status()),
            quota: c.settings.quota,
            range: range_text(
                lang,
                c.settings.ranges.default.min,
                c.settings.ranges.default.max,
            ),
            deadline: c
                .settings
                .recommendation_deadline
                .map(|d| labels::date(lang, d))
                .unwrap_or_else(|| "—".into()),
        })
        .collect();
    let page = ListPage {
        frame: Frame::new(&ctx, "campaigns.title", "/campaigns"),
        rows,
        can_manage: user.role().may(Permission::ManageCampaigns),
        latest: all.first().map(|c| c.id),
    };
    Ok(render(&page)?.into_response())
}

// ---------------------------------------------------------------------------------------
// The form

pub struct CityRange {
    pub code: String,
    pub name: String,
    pub min: String,
    pub max: String,
}

pub struct OrgBox {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

/// The campaign form as typed, kept after an error.
pub struct FormView {
    pub year: String,
    pub name: String,
    pub quota: String,
    pub recommend_min: String,
    pub recommend_max: String,
    pub deadline: String,
    pub report_deadlines: String,
    pub cities: Vec<CityRange>,
    pub bodies: Vec<OrgBox>,
    pub units: Vec<OrgBox>,
    pub from_campaign: String,
}

/// Errors next to their fields; `general` above the form.
#[derive(Default)]
pub struct FieldErrors(HashMap<&'static str, String>);

impl FieldErrors {
    pub fn on(&self, field: &str) -> Option<&String> {
        self.0.get(field)
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.0.entry(field).or_insert_with(|| message.into());
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Template)]
#[template(path = "campaign_form.html")]
struct FormPage {
    frame: Frame,
    /// `None`: a new campaign.
    id: Option<i64>,
    form: FormView,
    errors: FieldErrors,
    year_fixed: bool,
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn deadlines_text(dates: &[NaiveDate]) -> String {
    dates.iter().map(|d| iso(*d)).collect::<Vec<_>>().join(", ")
}

fn province_cities(user: &CurrentUser) -> Vec<(&'static str, &'static str, &'static str)> {
    let province = match user.scope() {
        Scope::Province(code) => code.as_str(),
        _ => "",
    };
    division::prefectures_of(province)
        .iter()
        .map(|d| (d.code, d.name_zh, d.name_en))
        .collect()
}

fn org_boxes(
    orgs: &[CampaignOrganisation],
    kind: OrganisationKind,
    checked: impl Fn(i64) -> bool,
) -> Vec<OrgBox> {
    orgs.iter()
        .filter(|o| o.kind == kind)
        .map(|o| OrgBox {
            id: o.id,
            name: o.name.clone(),
            checked: checked(o.id),
        })
        .collect()
}

/// The form filled from a campaign's settings (editing it, or starting the next year
/// from it), or with the notice's defaults.
fn view_of(
    lang: Lang,
    user: &CurrentUser,
    orgs: &[CampaignOrganisation],
    from: Option<&Campaign>,
    next_year: bool,
) -> FormView {
    let shift = |d: NaiveDate| {
        if next_year {
            d.with_year(d.year() + 1).unwrap_or(d)
        } else {
            d
        }
    };
    let year = match from {
        Some(c) if next_year => c.year() + 1,
        Some(c) => c.year(),
        None => u16::try_from(labels::today().year()).unwrap_or(2026),
    };
    let cities = province_cities(user)
        .into_iter()
        .map(|(code, zh, en)| {
            let over = from.and_then(|c| c.settings.ranges.per_city.get(code));
            CityRange {
                code: code.to_string(),
                name: lang.pick(zh, en).to_string(),
                min: over.map(|r| r.min.to_string()).unwrap_or_default(),
                max: over.map(|r| r.max.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    let confirmed = |id: i64| from.is_none_or(|c| c.organisations.contains(&id));
    FormView {
        year: year.to_string(),
        name: match from {
            Some(c) if !next_year => c.settings.name.clone(),
            _ => uplift_domain::campaign::default_name(year),
        },
        quota: from.map_or(50, |c| c.settings.quota).to_string(),
        recommend_min: from
            .map_or(3, |c| c.settings.ranges.default.min)
            .to_string(),
        recommend_max: from
            .map_or(5, |c| c.settings.ranges.default.max)
            .to_string(),
        deadline: from
            .and_then(|c| c.settings.recommendation_deadline)
            .map(|d| iso(shift(d)))
            .unwrap_or_default(),
        report_deadlines: match from {
            Some(c) => deadlines_text(
                &c.settings
                    .report_deadlines
                    .iter()
                    .map(|d| shift(*d))
                    .collect::<Vec<_>>(),
            ),
            None => deadlines_text(&default_report_deadlines(year)),
        },
        cities,
        bodies: org_boxes(orgs, OrganisationKind::CertificationBody, confirmed),
        units: org_boxes(orgs, OrganisationKind::SupportUnit, confirmed),
        from_campaign: match from {
            Some(c) if next_year => c.id.to_string(),
            _ => String::new(),
        },
    }
}

#[derive(Deserialize, Default)]
struct NewQuery {
    from: Option<i64>,
}

async fn new(
    State(state): State<AppState>,
    auth: Auth,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let orgs = campaigns::organisation_choices(&state.app, &user).await?;
    let from = match q.from {
        Some(id) => Some(campaigns::get(&state.app, &user, id).await?),
        None => None,
    };
    let page = FormPage {
        frame: Frame::new(&ctx, "campaigns.new", "/campaigns/new"),
        id: None,
        form: view_of(ctx.lang, &user, &orgs, from.as_ref(), true),
        errors: FieldErrors::default(),
        year_fixed: false,
    };
    Ok(render(&page)?.into_response())
}

async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let orgs = campaigns::organisation_choices(&state.app, &user).await?;
    let c = campaigns::get(&state.app, &user, id).await?;
    if c.status() == CampaignStatus::Closed {
        return Ok(Redirect::to(&format!("/campaigns/{id}")).into_response());
    }
    let page = FormPage {
        frame: Frame::new(&ctx, "campaigns.edit", &format!("/campaigns/{id}/edit")),
        id: Some(id),
        form: view_of(ctx.lang, &user, &orgs, Some(&c), false),
        errors: FieldErrors::default(),
        year_fixed: true,
    };
    Ok(render(&page)?.into_response())
}

/// The posted form: every field once, except the repeated `body` and `unit` boxes.
struct Posted(Vec<(String, String)>);

impl Posted {
    fn one(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default()
    }

    fn ids(&self, key: &str) -> Vec<i64> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect()
    }
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Read the form into the use case's, noting every field that cannot be read.
fn read_form(
    lang: Lang,
    user: &CurrentUser,
    orgs: &[CampaignOrganisation],
    posted: &Posted,
    errors: &mut FieldErrors,
) -> (FormView, Option<CampaignForm>) {
    let number = |errors: &mut FieldErrors, field: &'static str| -> Option<u32> {
        let v = posted.one(field);
        match v.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add(field, t(lang, "campaigns.error_number"));
                None
            }
        }
    };
    let year = number(errors, "year");
    let quota = number(errors, "quota");
    let min = number(errors, "recommend_min");
    let max = number(errors, "recommend_max");
    let deadline_text = posted.one("recommendation_deadline");
    let deadline = if deadline_text.is_empty() {
        None
    } else {
        let d = parse_date(&deadline_text);
        if d.is_none() {
            errors.add("recommendation_deadline", t(lang, "campaigns.error_date"));
        }
        d
    };
    let reports_text = posted.one("report_deadlines");
    let mut reports = Vec::new();
    for part in reports_text
        .split([',', '，', ';', '；', '、', ' ', '\n', '\r'])
        .filter(|p| !p.trim().is_empty())
    {
        match parse_date(part) {
            Some(d) => reports.push(d),
            None => errors.add("report_deadlines", t(lang, "campaigns.error_date")),
        }
    }
    reports.sort();
    let mut city_ranges = Vec::new();
    let mut cities = Vec::new();
    for (code, zh, en) in province_cities(user) {
        let min_text = posted.one(&format!("min_{code}"));
        let max_text = posted.one(&format!("max_{code}"));
        if !(min_text.is_empty() && max_text.is_empty()) {
            match (min_text.parse::<u32>(), max_text.parse::<u32>()) {
                (Ok(a), Ok(b)) => city_ranges.push((code.to_string(), a, b)),
                _ => errors.add("city_ranges", t(lang, "campaigns.error_city_range")),
            }
        }
        cities.push(CityRange {
            code: code.to_string(),
            name: lang.pick(zh, en).to_string(),
            min: min_text,
            max: max_text,
        });
    }
    let bodies = posted.ids("body");
    let units = posted.ids("unit");
    let from_campaign = posted.one("from_campaign").parse::<i64>().ok();
    let view = FormView {
        year: posted.one("year"),
        name: posted.one("name"),
        quota: posted.one("quota"),
        recommend_min: posted.one("recommend_min"),
        recommend_max: posted.one("recommend_max"),
        deadline: deadline_text,
        report_deadlines: reports_text,
        cities,
        bodies: org_boxes(orgs, OrganisationKind::CertificationBody, |id| {
            bodies.contains(&id)
        }),
        units: org_boxes(orgs, OrganisationKind::SupportUnit, |id| {
            units.contains(&id)
        }),
        from_campaign: from_campaign.map(|i| i.to_string()).unwrap_or_default(),
    };
    let form = match (year.and_then(|y| u16::try_from(y).ok()), quota, min, max) {
        (Some(year), Some(quota), Some(min), Some(max)) if errors.is_empty() => {
            Some(CampaignForm {
                year,
                name: Some(view.name.clone()).filter(|n| !n.is_empty()),
                quota,
                recommend_min: min,
                recommend_max: max,
                city_ranges,
                recommendation_deadline: deadline,
                report_deadlines: (!reports.is_empty()).then_some(reports),
                certification_body_ids: Some(bodies),
                support_unit_ids: Some(units),
                from_campaign,
            })
        }
        _ => None,
    };
    (view, form)
}

/// Which field a refusal of the campaign's settings belongs beside.
fn refusal_field(r: &uplift_app::Refusal) -> &'static str {
    match r.code() {
        "campaign_year_taken" => "year",
        "campaign_settings_invalid" => "quota",
        "organisation_kind_mismatch" | "body_not_confirmed" => "bodies",
        _ => "general",
    }
}

async fn save(state: AppState, auth: Auth, id: Option<i64>, posted: Posted) -> AppResult<Response> {
    let Auth { ctx, user } = auth;
    let lang = ctx.lang;
    let orgs = campaigns::organisation_choices(&state.app, &user).await?;
    let mut errors = FieldErrors::default();
    let (form_view, form) = read_form(lang, &user, &orgs, &posted, &mut errors);
    if let Some(form) = form {
        let saved = match id {
            Some(id) => campaigns::update(&state.app, &user, id, &form).await,
            None => campaigns::create(&state.app, &user, &form).await,
        };
        match saved.map_err(AppError::from) {
            Ok(c) => {
                let done = if id.is_some() {
                    "campaign_saved"
                } else {
                    "campaign_created"
                };
                return Ok(
                    Redirect::to(&format!("/campaigns/{}?done={done}", c.id)).into_response()
                );
            }
            Err(AppError {
                kind: ErrorKind::Refused(r),
                ..
            }) => errors.add(refusal_field(&r), refusal(lang, &r)),
            Err(e) => return Err(e),
        }
    }
    let (title, here) = match id {
        Some(id) => ("campaigns.edit", format!("/campaigns/{id}/edit")),
        None => ("campaigns.new", "/campaigns/new".to_string()),
    };
    let page = FormPage {
        frame: Frame::new(&ctx, title, &here),
        id,
        form: form_view,
        errors,
        year_fixed: id.is_some(),
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
}

async fn create(
    State(state): State<AppState>,
    auth: Auth,
    Form(posted): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(state, auth, None, Posted(posted)).await
}

async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
    Form(posted): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    save(state, auth, Some(id), Posted(posted)).await
}

// ---------------------------------------------------------------------------------------
// One campaign

pub struct Fact {
    pub label: &'static str,
    pub value: String,
}

pub struct Link {
    pub href: String,
    pub label: &'static str,
    pub primary: bool,
}

#[derive(Template)]
#[template(path = "campaign.html")]
struct ShowPage {
    frame: Frame,
    id: i64,
    name: String,
    status: Badge,
    facts: Vec<Fact>,
    overrides: Vec<(String, String)>,
    bodies: Vec<String>,
    units: Vec<String>,
    /// Participations the user sees, by state.
    counts: Vec<(Badge, u64)>,
    links: Vec<Link>,
    can_open: bool,
    can_close: bool,
    closed: bool,
    form_error: Option<String>,
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    user: &CurrentUser,
    id: i64,
    form_error: Option<String>,
) -> AppResult<ShowPage> {
    let lang = ctx.lang;
    let c = campaigns::get(&state.app, user, id).await?;
    let orgs = campaigns::organisations(&state.app, user, id).await?;
    let role = user.role();
    let mut facts = vec![
        Fact {
            label: "campaigns.year",
            value: c.year().to_string(),
        },
        Fact {
            label: "campaigns.quota",
            value: match lang {
                Lang::Zh => format!("{}家", c.settings.quota),
                Lang::En => c.settings.quota.to_string(),
            },
        },
        Fact {
            label: "campaigns.range",
            value: range_text(
                lang,
                c.settings.ranges.default.min,
                c.settings.ranges.default.max,
            ),
        },
        Fact {
            label: "campaigns.deadline",
            value: c
                .settings
                .recommendation_deadline
                .map(|d| labels::date(lang, d))
                .unwrap_or_else(|| t(lang, "campaigns.no_deadline").to_string()),
        },
        Fact {
            label: "campaigns.report_deadlines",
            value: c
                .settings
                .report_deadlines
                .iter()
                .map(|d| labels::date(lang, *d))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
        },
    ];
    if let Some(at) = c.opened_at {
        facts.push(Fact {
            label: "campaigns.opened_at",
            value: labels::minute(at),
        });
    }
    if let Some(at) = c.closed_at {
        facts.push(Fact {
            label: "campaigns.closed_at",
            value: labels::minute(at),
        });
    }
    let overrides = c
        .settings
        .ranges
        .per_city
        .iter()
        .map(|(code, r)| {
            (
                labels::city_name(lang, code),
                range_text(lang, r.min, r.max),
            )
        })
        .collect();
    let confirmed = |kind| {
        orgs.iter()
            .filter(|o| o.kind == kind && o.confirmed)
            .map(|o| o.name.clone())
            .collect::<Vec<_>>()
    };
    let seen =
        campaigns::participations(&state.app, user, id, PageRequest::new(None, Some(500))).await?;
    let mut by_state: Vec<(String, u64)> = Vec::new();
    for l in &seen.items {
        match by_state
            .iter_mut()
            .find(|(k, _)| *k == l.participation.state)
        {
            Some((_, n)) => *n += 1,
            None => by_state.push((l.participation.state.clone(), 1)),
        }
    }
    let order = |k: &str| {
        uplift_app::campaigns::ParticipationState::ALL
            .iter()
            .position(|s| s.key() == k)
            .unwrap_or(usize::MAX)
    };
    by_state.sort_by_key(|(k, _)| order(k));
    let open = c.status() == CampaignStatus::Open;
    let mut links = Vec::new();
    let mut link = |href: String, label, primary| {
        links.push(Link {
            href,
            label,
            primary,
        })
    };
    if role.may(Permission::Recommend) {
        link(
            format!("/campaigns/{id}/recommendations"),
            "nav.recommendations",
            true,
        );
        link(
            format!("/campaigns/{id}/candidates"),
            "campaigns.candidates",
            false,
        );
        link(
            format!("/campaigns/{id}/applications"),
            "nav.applications",
            false,
        );
    }
    if role.may(Permission::SelectEnterprises) {
        link(format!("/campaigns/{id}/selection"), "nav.selection", true);
        link(
            format!("/campaigns/{id}/assignments"),
            "nav.assignments",
            false,
        );
        link(
            format!("/campaigns/{id}/applications"),
            "nav.applications",
            false,
        );
        link(
            format!("/campaigns/{id}/recommendations.xlsx"),
            "campaigns.export_province",
            false,
        );
    }
    if role.may(Permission::GiveConsent) {
        link(format!("/campaigns/{id}/consent"), "nav.consent", true);
    }
    link(
        format!("/campaigns/{id}/participations"),
        "nav.participations",
        false,
    );
    if role.may(Permission::ManageCampaigns) {
        if c.status() != CampaignStatus::Closed {
            link(format!("/campaigns/{id}/edit"), "campaigns.edit", false);
        }
        link(
            format!("/campaigns/new?from={id}"),
            "campaigns.new_from",
            false,
        );
    }
    Ok(ShowPage {
        frame: Frame::new(ctx, "campaigns.campaign", &format!("/campaigns/{id}")),
        id,
        name: c.settings.name.clone(),
        status: labels::campaign_badge(lang, c.status()),
        facts,
        overrides,
        bodies: confirmed(OrganisationKind::CertificationBody),
        units: confirmed(OrganisationKind::SupportUnit),
        counts: by_state
            .into_iter()
            .map(|(k, n)| (labels::state_badge(lang, &k), n))
            .collect(),
        links,
        can_open: role.may(Permission::ManageCampaigns) && c.status() == CampaignStatus::Draft,
        can_close: role.may(Permission::ManageCampaigns) && open,
        closed: c.status() == CampaignStatus::Closed,
        form_error,
    })
}

async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = show_page(&state, &auth.ctx, &auth.user, id, None).await?;
    Ok(render(&page)?.into_response())
}

async fn status_change(state: AppState, auth: Auth, id: i64, open: bool) -> AppResult<Response> {
    let result = if open {
        campaigns::open(&state.app, &auth.user, id).await
    } else {
        campaigns::close(&state.app, &auth.user, id).await
    };
    match result.map_err(AppError::from) {
        Ok(_) => {
            let done = if open {
                "campaign_opened"
            } else {
                "campaign_closed"
            };
            Ok(Redirect::to(&format!("/campaigns/{id}?done={done}")).into_response())
        }
        Err(AppError {
            kind: ErrorKind::Refused(r),
            ..
        }) => {
            let message = refusal(auth.ctx.lang, &r);
            let page = show_page(&state, &auth.ctx, &auth.user, id, Some(message)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, render(&page)?).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn open(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    status_change(state, auth, id, true).await
}

async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    status_change(state, auth, id, false).await
}
