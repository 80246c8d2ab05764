//! 参与: participations (campaign × enterprise) as stored, the cities' submitted lists,
//! and the timeline of every step. The workflow (`uplift_domain::workflow`) decides every
//! state; the use cases write the outcome here, in the transaction that carries its audit
//! row and its timeline event.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uplift_domain::workflow::{Consent, ParticipationState};

use crate::audit::WriteTx;
use crate::entity::{assignment, city_submission, participation, participation_event};
use crate::{StoreError, StoreResult, now};

pub use crate::entity::participation::Model as Participation;
pub use crate::entity::participation_event::Model as Event;

/// Enterprises selected in a campaign other than the province's open one, by credit code,
/// with the latest such year: the facts of the rule that the programme reaches new
/// enterprises (`Rule::SelectedBefore`).
pub async fn earlier_selections<C: ConnectionTrait>(
    conn: &C,
) -> StoreResult<std::collections::HashMap<String, u16>> {
    use crate::entity::{campaign, enterprise};
    let selected = participation::Entity::find()
        .filter(participation::Column::SelectedAt.is_not_null())
        .all(conn)
        .await?;
    let mut out = std::collections::HashMap::new();
    if selected.is_empty() {
        return Ok(out);
    }
    let campaigns = campaign::Entity::find().all(conn).await?;
    for p in selected {
        let Some(c) = campaigns.iter().find(|c| c.id == p.campaign_id) else {
            continue;
        };
        if c.status == uplift_domain::campaign::CampaignStatus::Open.key() {
            continue;
        }
        let Some(e) = enterprise::Entity::find_by_id(p.enterprise_id)
            .one(conn)
            .await?
        else {
            continue;
        };
        let year = u16::try_from(c.year).unwrap_or(0);
        let latest = out.entry(e.uscc).or_insert(year);
        *latest = (*latest).max(year);
    }
    Ok(out)
}

/// The stored state, read back into the domain's.
pub fn state_of(p: &Participation) -> StoreResult<ParticipationState> {
    ParticipationState::from_key(&p.state)
        .ok_or_else(|| StoreError::Internal(format!("unknown participation state {}", p.state)))
}

pub fn consent_of(p: &Participation) -> StoreResult<Consent> {
    Consent::from_key(&p.consent)
        .ok_or_else(|| StoreError::Internal(format!("unknown consent {}", p.consent)))
}

pub async fn get<C: ConnectionTrait>(conn: &C, id: i64) -> StoreResult<Participation> {
    participation::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

pub async fn find<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    enterprise_id: i64,
) -> StoreResult<Option<Participation>> {
    Ok(participation::Entity::find()
        .filter(participation::Column::CampaignId.eq(campaign_id))
        .filter(participation::Column::EnterpriseId.eq(enterprise_id))
        .one(conn)
        .await?)
}

/// A campaign's participations (of one city, if given), in the city's order.
pub async fn for_campaign<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    city: Option<&str>,
) -> StoreResult<Vec<Participation>> {
    let mut query =
        participation::Entity::find().filter(participation::Column::CampaignId.eq(campaign_id));
    if let Some(city) = city {
        query = query.filter(participation::Column::CityCode.eq(city));
    }
    Ok(query
        .order_by_asc(participation::Column::CityCode)
        .order_by_asc(participation::Column::CityRank)
        .order_by_asc(participation::Column::Id)
        .all(conn)
        .await?)
}

/// One enterprise's participations, in every campaign.
pub async fn for_enterprise<C: ConnectionTrait>(
    conn: &C,
    enterprise_id: i64,
) -> StoreResult<Vec<Participation>> {
    Ok(participation::Entity::find()
        .filter(participation::Column::EnterpriseId.eq(enterprise_id))
        .order_by_asc(participation::Column::CampaignId)
        .all(conn)
        .await?)
}

/// The participations an organisation is assigned, in every campaign.
pub async fn for_organisation<C: ConnectionTrait>(
    conn: &C,
    organisation_id: i64,
) -> StoreResult<Vec<Participation>> {
    Ok(participation::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(participation::Column::CertificationBodyId.eq(organisation_id))
                .add(participation::Column::SupportUnitId.eq(organisation_id)),
        )
        .order_by_desc(participation::Column::SelectedAt)
        .order_by_asc(participation::Column::Id)
        .all(conn)
        .await?)
}

pub async fn insert(tx: &WriteTx, p: participation::ActiveModel) -> StoreResult<Participation> {
    Ok(p.insert(tx.conn()).await?)
}

/// Save a changed participation (its `updated_at` set now).
pub async fn save(tx: &WriteTx, mut p: participation::ActiveModel) -> StoreResult<Participation> {
    p.updated_at = Set(now());
    Ok(p.update(tx.conn()).await?)
}

/// A draft recommendation withdrawn by its city: nothing of it reached the province, so
/// the row goes (the timeline and the audit log keep the trace).
pub async fn delete(tx: &WriteTx, id: i64) -> StoreResult<()> {
    participation::Entity::delete_by_id(id)
        .exec(tx.conn())
        .await?;
    Ok(())
}

/// One step for the timeline, written by the use case that took it.
#[derive(Debug, Clone, Default)]
pub struct NewEvent {
    pub campaign_id: i64,
    pub participation_id: Option<i64>,
    pub enterprise_id: Option<i64>,
    pub application_id: Option<i64>,
    pub action: String,
    pub from_state: Option<ParticipationState>,
    pub to_state: Option<ParticipationState>,
    pub note: Option<String>,
}

pub async fn record(tx: &WriteTx, e: NewEvent) -> StoreResult<()> {
    let actor = tx.actor().clone();
    participation_event::ActiveModel {
        campaign_id: Set(e.campaign_id),
        participation_id: Set(e.participation_id),
        enterprise_id: Set(e.enterprise_id),
        application_id: Set(e.application_id),
        action: Set(e.action),
        from_state: Set(e.from_state.map(|s| s.key().to_string())),
        to_state: Set(e.to_state.map(|s| s.key().to_string())),
        user_id: Set(actor.user_id),
        username: Set(actor.username),
        role: Set(actor.role.map(|r| r.key().to_string())),
        note: Set(e.note),
        at: Set(now()),
        ..Default::default()
    }
    .insert(tx.conn())
    .await?;
    Ok(())
}

/// An enterprise's timeline, oldest first.
pub async fn events_for_enterprise<C: ConnectionTrait>(
    conn: &C,
    enterprise_id: i64,
) -> StoreResult<Vec<Event>> {
    Ok(participation_event::Entity::find()
        .filter(participation_event::Column::EnterpriseId.eq(enterprise_id))
        .order_by_asc(participation_event::Column::Id)
        .all(conn)
        .await?)
}

/// The city's submitted list, if it submitted.
pub async fn submission<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    city: &str,
) -> StoreResult<Option<city_submission::Model>> {
    Ok(
        city_submission::Entity::find_by_id((campaign_id, city.to_string()))
            .one(conn)
            .await?,
    )
}

pub async fn submissions<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
) -> StoreResult<Vec<city_submission::Model>> {
    Ok(city_submission::Entity::find()
        .filter(city_submission::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?)
}

/// Record a city's submission. A later submission (of a replacement) keeps the first
/// time and stays late once it was late.
pub async fn record_submission(
    tx: &WriteTx,
    campaign_id: i64,
    city: &str,
    late: bool,
) -> StoreResult<()> {
    match submission(tx.conn(), campaign_id, city).await? {
        Some(found) if found.late || !late => Ok(()),
        Some(found) => {
            let mut active: city_submission::ActiveModel = found.into();
            active.late = Set(true);
            active.update(tx.conn()).await?;
            Ok(())
        }
        None => {
            city_submission::ActiveModel {
                campaign_id: Set(campaign_id),
                city_code: Set(city.to_string()),
                submitted_at: Set(now()),
                late: Set(late),
                user_id: Set(tx.actor().user_id),
            }
            .insert(tx.conn())
            .await?;
            Ok(())
        }
    }
}

/// The organisations an enterprise is assigned to become its scope for them: keep the
/// assignments in step with the participation's body and support unit. Call after the
/// participation is saved. An organisation dropped from this participation keeps the
/// enterprise while another participation (another year) still names it.
pub async fn sync_assignments(
    tx: &WriteTx,
    enterprise_id: i64,
    dropped: &[Option<i64>],
    added: &[Option<i64>],
) -> StoreResult<()> {
    let named: Vec<i64> = for_enterprise(tx.conn(), enterprise_id)
        .await?
        .iter()
        .flat_map(|p| [p.certification_body_id, p.support_unit_id])
        .flatten()
        .collect();
    for org in dropped.iter().flatten().filter(|o| !named.contains(o)) {
        assignment::Entity::delete_many()
            .filter(assignment::Column::EnterpriseId.eq(enterprise_id))
            .filter(assignment::Column::OrganisationId.eq(*org))
            .exec(tx.conn())
            .await?;
    }
    for org in added.iter().flatten() {
        let exists = assignment::Entity::find()
            .filter(assignment::Column::EnterpriseId.eq(enterprise_id))
            .filter(assignment::Column::OrganisationId.eq(*org))
            .one(tx.conn())
            .await?
            .is_some();
        if !exists {
            assignment::ActiveModel {
                enterprise_id: Set(enterprise_id),
                organisation_id: Set(*org),
                created_at: Set(now()),
                ..Default::default()
            }
            .insert(tx.conn())
            .await?;
        }
    }
    Ok(())
}
