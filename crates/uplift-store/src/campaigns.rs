//! 提升行动: campaigns as stored, one per province and year, with the organisations
//! confirmed for them. The rules that decide what a campaign may do are the domain's
//! (`uplift_domain::campaign`); the use cases call them before writing here.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uplift_domain::campaign::{CampaignSettings, CampaignStatus, RecommendationRanges};
use uplift_domain::eligibility::EligibilityRules;

use crate::audit::WriteTx;
use crate::entity::{campaign, campaign_organisation, screening};
use crate::{Refusal, StoreError, StoreResult, now};

/// A campaign as callers see it: its settings in domain types.
#[derive(Debug, Clone, PartialEq)]
pub struct Campaign {
    pub id: i64,
    pub province_code: String,
    pub settings: CampaignSettings,
    pub rules: EligibilityRules,
    /// The certification bodies and support units confirmed for it.
    pub organisations: Vec<i64>,
    pub created_at: DateTime<Utc>,
    pub opened_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Campaign {
    pub fn status(&self) -> CampaignStatus {
        self.settings.status
    }

    pub fn year(&self) -> u16 {
        self.settings.year
    }
}

fn unreadable(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("stored campaign {what} unreadable: {e}"))
}

fn from_model(m: campaign::Model, organisations: Vec<i64>) -> StoreResult<Campaign> {
    let status =
        CampaignStatus::from_key(&m.status).ok_or_else(|| unreadable("status", &m.status))?;
    let ranges: RecommendationRanges =
        serde_json::from_str(&m.ranges).map_err(|e| unreadable("ranges", e))?;
    let report_deadlines: Vec<NaiveDate> =
        serde_json::from_str(&m.report_deadlines).map_err(|e| unreadable("deadlines", e))?;
    let rules: EligibilityRules =
        serde_json::from_str(&m.rules).map_err(|e| unreadable("rules", e))?;
    Ok(Campaign {
        id: m.id,
        province_code: m.province_code,
        settings: CampaignSettings {
            year: u16::try_from(m.year).map_err(|e| unreadable("year", e))?,
            name: m.name,
            status,
            quota: u32::try_from(m.quota).map_err(|e| unreadable("quota", e))?,
            ranges,
            recommendation_deadline: m.recommendation_deadline,
            report_deadlines,
        },
        rules,
        organisations,
        created_at: m.created_at,
        opened_at: m.opened_at,
        closed_at: m.closed_at,
    })
}

async fn organisations_of<C: ConnectionTrait>(conn: &C, id: i64) -> StoreResult<Vec<i64>> {
    Ok(campaign_organisation::Entity::find()
        .filter(campaign_organisation::Column::CampaignId.eq(id))
        .order_by_asc(campaign_organisation::Column::OrganisationId)
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.organisation_id)
        .collect())
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: i64) -> StoreResult<Campaign> {
    let m = campaign::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let orgs = organisations_of(conn, id).await?;
    from_model(m, orgs)
}

/// A province's campaigns, newest year first.
pub async fn for_province<C: ConnectionTrait>(
    conn: &C,
    province: &str,
) -> StoreResult<Vec<Campaign>> {
    let rows = campaign::Entity::find()
        .filter(campaign::Column::ProvinceCode.eq(province))
        .order_by_desc(campaign::Column::Year)
        .all(conn)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for m in rows {
        let orgs = organisations_of(conn, m.id).await?;
        out.push(from_model(m, orgs)?);
    }
    Ok(out)
}

/// The provinces that have campaigns (a body or an enterprise looks through them for
/// the campaigns it takes part in).
pub async fn provinces<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<String>> {
    let mut codes: Vec<String> = campaign::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.province_code)
        .collect();
    codes.sort();
    codes.dedup();
    Ok(codes)
}

/// The province's open campaign, if one is open (at most one is).
pub async fn open_in<C: ConnectionTrait>(
    conn: &C,
    province: &str,
) -> StoreResult<Option<Campaign>> {
    let found = campaign::Entity::find()
        .filter(campaign::Column::ProvinceCode.eq(province))
        .filter(campaign::Column::Status.eq(CampaignStatus::Open.key()))
        .one(conn)
        .await?;
    match found {
        Some(m) => {
            let orgs = organisations_of(conn, m.id).await?;
            Ok(Some(from_model(m, orgs)?))
        }
        None => Ok(None),
    }
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Internal(format!("campaign json: {e}")))
}

/// A new campaign (a draft). A province has one campaign per year.
pub async fn create(
    tx: &mut WriteTx,
    province: &str,
    settings: &CampaignSettings,
    rules: &EligibilityRules,
    organisations: &[i64],
) -> StoreResult<Campaign> {
    let model = campaign::ActiveModel {
        province_code: Set(province.to_string()),
        year: Set(i32::from(settings.year)),
        name: Set(settings.name.clone()),
        status: Set(settings.status.key().to_string()),
        quota: Set(i32::try_from(settings.quota).unwrap_or(i32::MAX)),
        ranges: Set(json(&settings.ranges)?),
        recommendation_deadline: Set(settings.recommendation_deadline),
        report_deadlines: Set(json(&settings.report_deadlines)?),
        rules: Set(json(rules)?),
        created_at: Set(now()),
        opened_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::unique_as(e, Refusal::CampaignYearTaken))?;
    set_organisations(tx, model.id, organisations).await?;
    tx.audit(
        "campaign.create",
        &format!("campaign:{}", model.id),
        &format!(
            "{} ({}, quota {})",
            model.name, model.province_code, model.quota
        ),
    )
    .await?;
    get(tx.conn(), model.id).await
}

async fn set_organisations(tx: &WriteTx, id: i64, organisations: &[i64]) -> StoreResult<()> {
    campaign_organisation::Entity::delete_many()
        .filter(campaign_organisation::Column::CampaignId.eq(id))
        .exec(tx.conn())
        .await?;
    for org in organisations {
        campaign_organisation::ActiveModel {
            campaign_id: Set(id),
            organisation_id: Set(*org),
        }
        .insert(tx.conn())
        .await?;
    }
    Ok(())
}

/// Replace a campaign's settings, rules and confirmed organisations (the use case has
/// checked that its status allows it).
pub async fn update(tx: &mut WriteTx, c: &Campaign) -> StoreResult<()> {
    campaign::Entity::update_many()
        .col_expr(campaign::Column::Name, Expr::value(c.settings.name.clone()))
        .col_expr(
            campaign::Column::Quota,
            Expr::value(i32::try_from(c.settings.quota).unwrap_or(i32::MAX)),
        )
        .col_expr(
            campaign::Column::Ranges,
            Expr::value(json(&c.settings.ranges)?),
        )
        .col_expr(
            campaign::Column::RecommendationDeadline,
            Expr::value(c.settings.recommendation_deadline),
        )
        .col_expr(
            campaign::Column::ReportDeadlines,
            Expr::value(json(&c.settings.report_deadlines)?),
        )
        .col_expr(campaign::Column::Rules, Expr::value(json(&c.rules)?))
        .filter(campaign::Column::Id.eq(c.id))
        .exec(tx.conn())
        .await?;
    set_organisations(tx, c.id, &c.organisations).await?;
    tx.audit(
        "campaign.update",
        &format!("campaign:{}", c.id),
        &format!(
            "quota {}, range {}-{}, deadline {:?}, {} organisations",
            c.settings.quota,
            c.settings.ranges.default.min,
            c.settings.ranges.default.max,
            c.settings.recommendation_deadline,
            c.organisations.len()
        ),
    )
    .await
}

/// Move a campaign to `status` (the domain has allowed the move).
pub async fn set_status(tx: &mut WriteTx, id: i64, status: CampaignStatus) -> StoreResult<()> {
    let at = now();
    let mut update = campaign::Entity::update_many()
        .col_expr(campaign::Column::Status, Expr::value(status.key()))
        .filter(campaign::Column::Id.eq(id));
    update = match status {
        CampaignStatus::Open => update.col_expr(campaign::Column::OpenedAt, Expr::value(Some(at))),
        CampaignStatus::Closed => {
            update.col_expr(campaign::Column::ClosedAt, Expr::value(Some(at)))
        }
        CampaignStatus::Draft => update,
    };
    update.exec(tx.conn()).await?;
    tx.audit(
        "campaign.status",
        &format!("campaign:{id}"),
        &format!("status -> {}", status.key()),
    )
    .await
}

/// When a campaign closes, its verdicts are the directory's current ones: keep them as
/// they are, so that the closed campaign's figures never change afterwards. One
/// INSERT … SELECT, however large the province.
pub async fn freeze_screenings(tx: &mut WriteTx, id: i64, province: &str) -> StoreResult<u64> {
    let select = sea_orm::sea_query::Query::select()
        .expr(Expr::val(id))
        .column(crate::entity::enterprise::Column::Id)
        .column(crate::entity::enterprise::Column::PrefectureCode)
        .column(crate::entity::enterprise::Column::Eligible)
        .column(crate::entity::enterprise::Column::FailedRules)
        .column(crate::entity::enterprise::Column::SizeClass)
        .from(crate::entity::enterprise::Entity)
        .and_where(Expr::col(crate::entity::enterprise::Column::ProvinceCode).eq(province))
        .to_owned();
    let insert = sea_orm::sea_query::Query::insert()
        .into_table(screening::Entity)
        .columns([
            screening::Column::CampaignId,
            screening::Column::EnterpriseId,
            screening::Column::CityCode,
            screening::Column::Eligible,
            screening::Column::FailedRules,
            screening::Column::SizeClass,
        ])
        .select_from(select)
        .map_err(|e| StoreError::Internal(format!("freeze screenings: {e}")))?
        .to_owned();
    let done = tx.conn().execute(&insert).await?;
    tx.audit(
        "campaign.freeze",
        &format!("campaign:{id}"),
        &format!(
            "{} verdicts kept as they were at closing",
            done.rows_affected()
        ),
    )
    .await?;
    Ok(done.rows_affected())
}

/// A closed campaign's frozen verdict on one enterprise.
pub async fn frozen_verdict<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    enterprise_id: i64,
) -> StoreResult<Option<screening::Model>> {
    Ok(screening::Entity::find_by_id((campaign_id, enterprise_id))
        .one(conn)
        .await?)
}
