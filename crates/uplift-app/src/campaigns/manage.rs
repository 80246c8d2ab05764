//! The province sets up its campaign, opens it and closes it; everyone who takes part
//! sees it; the province compares its cities side by side.

use chrono::NaiveDate;
use uplift_domain::campaign::{
    CampaignSettings, CampaignStatus, RecommendationRange, RecommendationRanges,
};
use uplift_domain::permission::Permission;
use uplift_domain::role::OrganisationKind;
use uplift_store::campaigns as stored;
use uplift_store::participations as parts;
use uplift_store::{organisations, scope, screening};

use super::{Campaign, Participation, sees, visible};
use crate::enterprises::{Enterprise, EnterpriseFilter};
use crate::{App, AppResult, CurrentUser, Error, Page, PageRequest, Refusal, require};

/// A campaign as the province fills it in.
#[derive(Debug, Clone)]
pub struct CampaignForm {
    pub year: u16,
    pub name: Option<String>,
    pub quota: u32,
    pub recommend_min: u32,
    pub recommend_max: u32,
    /// Overrides of the range for some cities: (city code, min, max).
    pub city_ranges: Vec<(String, u32, u32)>,
    pub recommendation_deadline: Option<NaiveDate>,
    pub report_deadlines: Option<Vec<NaiveDate>>,
    /// `None`: every certification body and support unit of the province takes part.
    pub certification_body_ids: Option<Vec<i64>>,
    pub support_unit_ids: Option<Vec<i64>>,
    /// Start from this earlier campaign's rules and confirmed organisations.
    pub from_campaign: Option<i64>,
}

fn province(user: &CurrentUser) -> AppResult<String> {
    scope::province_of(user.scope()).ok_or(Error::NotFound)
}

fn ranges(form: &CampaignForm) -> AppResult<RecommendationRanges> {
    let default = RecommendationRange::new(form.recommend_min, form.recommend_max)
        .ok_or(Refusal::CampaignSettingsInvalid)?;
    let mut per_city = std::collections::BTreeMap::new();
    for (city, min, max) in &form.city_ranges {
        let range = RecommendationRange::new(*min, *max).ok_or(Refusal::CampaignSettingsInvalid)?;
        per_city.insert(city.clone(), range);
    }
    Ok(RecommendationRanges { default, per_city })
}

/// The organisations of a kind the form names, checked to be of that kind; all of them
/// (in the province's organisation list) when the form names none.
async fn organisations_of_kind(
    app: &App,
    kind: OrganisationKind,
    wanted: Option<&[i64]>,
) -> AppResult<Vec<i64>> {
    let all = organisations::list(app.store()).await?;
    let of_kind: Vec<i64> = all
        .iter()
        .filter(|o| o.kind == kind.key())
        .map(|o| o.id)
        .collect();
    match wanted {
        None => Ok(of_kind),
        Some(ids) => {
            if ids.iter().all(|id| of_kind.contains(id)) {
                Ok(ids.to_vec())
            } else {
                Err(Refusal::OrganisationKindMismatch.into())
            }
        }
    }
}

async fn settings_from(
    app: &App,
    form: &CampaignForm,
    status: CampaignStatus,
) -> AppResult<(CampaignSettings, Vec<i64>)> {
    if form.quota == 0 || !(2000..=2100).contains(&form.year) {
        return Err(Refusal::CampaignSettingsInvalid.into());
    }
    let mut settings = CampaignSettings::new(form.year);
    settings.status = status;
    if let Some(name) = super::text(&form.name, 200) {
        settings.name = name;
    }
    settings.quota = form.quota;
    settings.ranges = ranges(form)?;
    settings.recommendation_deadline = form.recommendation_deadline;
    if let Some(deadlines) = &form.report_deadlines {
        settings.report_deadlines = deadlines.clone();
    }
    let mut orgs = organisations_of_kind(
        app,
        OrganisationKind::CertificationBody,
        form.certification_body_ids.as_deref(),
    )
    .await?;
    orgs.extend(
        organisations_of_kind(
            app,
            OrganisationKind::SupportUnit,
            form.support_unit_ids.as_deref(),
        )
        .await?,
    );
    Ok((settings, orgs))
}

/// Create a draft campaign for the user's province.
pub async fn create(app: &App, user: &CurrentUser, form: &CampaignForm) -> AppResult<Campaign> {
    require(user, Permission::ManageCampaigns)?;
    let province = province(user)?;
    let (settings, mut orgs) = settings_from(app, form, CampaignStatus::Draft).await?;
    let mut rules = screening::load_rules(app.store().db()).await?;
    if let Some(from) = form.from_campaign {
        let earlier = visible(app, user, from).await?;
        rules = earlier.rules.clone();
        if form.certification_body_ids.is_none() && form.support_unit_ids.is_none() {
            orgs = earlier.organisations.clone();
        }
    }
    let mut tx = app.store().write(&user.actor()).await?;
    let created = stored::create(&mut tx, &province, &settings, &rules, &orgs).await?;
    tx.commit().await?;
    Ok(created)
}

/// Change a campaign's settings: a draft freely; an open campaign's deadlines, ranges and
/// organisations (the quota may grow, never below the places taken); a closed one never.
pub async fn update(
    app: &App,
    user: &CurrentUser,
    id: i64,
    form: &CampaignForm,
) -> AppResult<Campaign> {
    require(user, Permission::ManageCampaigns)?;
    let current = visible(app, user, id).await?;
    if current.status() == CampaignStatus::Closed {
        return Err(Refusal::Workflow(uplift_domain::workflow::Refusal::CampaignClosed).into());
    }
    let (mut settings, orgs) = settings_from(app, form, current.status()).await?;
    settings.year = current.settings.year;
    let mut tx = app.store().write(&user.actor()).await?;
    let taken = super::counts(&tx, &current, "").await?.selected_count;
    if settings.quota < taken {
        return Err(Refusal::CampaignSettingsInvalid.into());
    }
    let updated = Campaign {
        settings,
        organisations: orgs,
        ..current
    };
    stored::update(&mut tx, &updated).await?;
    tx.commit().await?;
    Ok(updated)
}

/// Open the campaign: one open campaign per province; its eligibility rules become the
/// rules the directory is screened by, and a re-screening starts.
pub async fn open(app: &App, user: &CurrentUser, id: i64) -> AppResult<Campaign> {
    require(user, Permission::ManageCampaigns)?;
    let c = visible(app, user, id).await?;
    let next = c
        .status()
        .change_to(CampaignStatus::Open)
        .map_err(Refusal::Workflow)?;
    let mut tx = app.store().write(&user.actor()).await?;
    if stored::open_in(tx.conn(), &c.province_code)
        .await?
        .is_some()
    {
        return Err(Refusal::AnotherCampaignOpen.into());
    }
    stored::set_status(&mut tx, c.id, next).await?;
    let version = screening::save_rules(&mut tx, &c.rules).await?;
    tx.commit().await?;
    crate::screening::start_rescreen(app, Some(user.user_id()), user.actor(), version).await?;
    visible(app, user, id).await
}

/// Close the campaign: from now on it is read-only everywhere, and its verdicts are kept
/// as they are at this moment.
pub async fn close(app: &App, user: &CurrentUser, id: i64) -> AppResult<Campaign> {
    require(user, Permission::ManageCampaigns)?;
    let c = visible(app, user, id).await?;
    let next = c
        .status()
        .change_to(CampaignStatus::Closed)
        .map_err(Refusal::Workflow)?;
    let mut tx = app.store().write(&user.actor()).await?;
    stored::set_status(&mut tx, c.id, next).await?;
    stored::freeze_screenings(&mut tx, c.id, &c.province_code).await?;
    tx.commit().await?;
    visible(app, user, id).await
}

/// The campaigns the user may see, newest first.
pub async fn list(app: &App, user: &CurrentUser) -> AppResult<Vec<Campaign>> {
    require(user, Permission::ReadCampaigns)?;
    let provinces: Vec<String> = match scope::province_of(user.scope()) {
        Some(p) => vec![p],
        // Bodies, units and enterprises: the provinces of the campaigns they are in.
        None => stored::provinces(app.store().db()).await?,
    };
    let mut out = Vec::new();
    for p in provinces {
        for c in stored::for_province(app.store().db(), &p).await? {
            if sees(app, user, &c).await? {
                out.push(c);
            }
        }
    }
    Ok(out)
}

/// One campaign, if the user may see it.
pub async fn get(app: &App, user: &CurrentUser, id: i64) -> AppResult<Campaign> {
    require(user, Permission::ReadCampaigns)?;
    visible(app, user, id).await
}

/// A campaign's candidates: the screened-eligible enterprises of the user's jurisdiction.
/// For the open campaign, the directory's current verdicts; for a closed one, the
/// verdicts it closed with.
pub struct Candidates {
    pub page: Page<Enterprise>,
    /// The campaign is closed: the page shows the frozen verdicts.
    pub frozen: bool,
}

pub async fn candidates(
    app: &App,
    user: &CurrentUser,
    id: i64,
    filter: &EnterpriseFilter,
    page: PageRequest,
) -> AppResult<Candidates> {
    require(user, Permission::Recommend)
        .or_else(|_| require(user, Permission::SelectEnterprises))?;
    let c = visible(app, user, id).await?;
    let filter = EnterpriseFilter {
        eligible: Some(true),
        ..filter.clone()
    };
    match c.status() {
        CampaignStatus::Closed => Ok(Candidates {
            page: uplift_store::enterprises::frozen_candidates(
                app.store(),
                user.scope(),
                c.id,
                &filter,
                page,
            )
            .await?,
            frozen: true,
        }),
        _ => Ok(Candidates {
            page: crate::enterprises::list(app, user, &filter, page).await?,
            frozen: false,
        }),
    }
}

/// One city's part of a campaign, for the province's side-by-side view.
#[derive(Debug, Clone)]
pub struct CityOverview {
    pub city_code: String,
    pub range: RecommendationRange,
    /// Participations that count toward the city's list, in its order.
    pub recommendations: Vec<Participation>,
    pub submitted_at: Option<chrono::DateTime<chrono::Utc>>,
    pub late: bool,
    /// Applications still waiting for the city's decision.
    pub pending_applications: usize,
}

/// Every city of the province side by side (the province), or the user's own city.
pub async fn overview(app: &App, user: &CurrentUser, id: i64) -> AppResult<Vec<CityOverview>> {
    require(user, Permission::SelectEnterprises)
        .or_else(|_| require(user, Permission::Recommend))?;
    let c = visible(app, user, id).await?;
    let db = app.store().db();
    let all = parts::for_campaign(db, c.id, None).await?;
    let submissions = parts::submissions(db, c.id).await?;
    let pending = uplift_store::applications::for_city(db, c.id, None, true).await?;
    let cities: Vec<String> = match user.scope() {
        uplift_domain::role::Scope::City(code) => vec![code.clone()],
        _ => uplift_domain::division::prefectures_of(&c.province_code)
            .iter()
            .map(|d| d.code.to_string())
            .collect(),
    };
    let mut out = Vec::with_capacity(cities.len());
    for city in cities {
        let mut recommendations = Vec::new();
        for p in all.iter().filter(|p| p.city_code == city) {
            if parts::state_of(p)?.counts_toward_city_list() {
                recommendations.push(p.clone());
            }
        }
        let submission = submissions.iter().find(|s| s.city_code == city);
        out.push(CityOverview {
            range: c.settings.range_for(&city),
            submitted_at: submission.map(|s| s.submitted_at),
            late: submission.is_some_and(|s| s.late),
            pending_applications: pending.iter().filter(|a| a.city_code == city).count(),
            recommendations,
            city_code: city,
        });
    }
    Ok(out)
}
