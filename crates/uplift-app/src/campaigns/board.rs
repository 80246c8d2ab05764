//! What the campaign pages show beside the participations themselves: the organisations
//! confirmed for a campaign with their current load, and the province's selection board
//! (every city's list side by side with the enterprises named, the places taken, the
//! waiting list).

use std::collections::HashMap;

use uplift_domain::permission::Permission;
use uplift_domain::role::OrganisationKind;
use uplift_store::organisations;
use uplift_store::participations as stored;

use super::{Campaign, CityOverview, Participation, ParticipationState, overview, visible};
use crate::enterprises::Enterprise;
use crate::{App, AppResult, CurrentUser, require};

/// A certification body or support unit as a campaign page names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CampaignOrganisation {
    pub id: i64,
    pub name: String,
    pub kind: OrganisationKind,
    /// Confirmed for the campaign (认证牵头机构 / 技术支撑单位 named in its settings).
    pub confirmed: bool,
    /// Enterprises holding a place that it is assigned in this campaign; shown to the
    /// province only, which balances the work between bodies.
    pub load: Option<usize>,
}

/// A body or a unit; `None` for regulators and expert groups.
fn kind_of(key: &str) -> Option<OrganisationKind> {
    OrganisationKind::from_key(key).filter(|k| {
        matches!(
            k,
            OrganisationKind::CertificationBody | OrganisationKind::SupportUnit
        )
    })
}

/// The bodies and units a campaign page may name: those confirmed for it and those
/// assigned in it (a body dropped from the settings keeps its enterprises). The province
/// sees every body and unit of the platform, confirmed or not, with its load.
pub async fn organisations(
    app: &App,
    user: &CurrentUser,
    campaign_id: i64,
) -> AppResult<Vec<CampaignOrganisation>> {
    require(user, Permission::ReadCampaigns)?;
    let c = visible(app, user, campaign_id).await?;
    let province = user.role().may(Permission::SelectEnterprises);
    let all = stored::for_campaign(app.store().db(), c.id, None).await?;
    let mut load: HashMap<i64, usize> = HashMap::new();
    for p in &all {
        if stored::state_of(p)?.holds_quota_place() {
            for org in [p.certification_body_id, p.support_unit_id]
                .into_iter()
                .flatten()
            {
                *load.entry(org).or_default() += 1;
            }
        }
    }
    let named: Vec<i64> = all
        .iter()
        .flat_map(|p| [p.certification_body_id, p.support_unit_id])
        .flatten()
        .collect();
    let mut out = Vec::new();
    for o in organisations::list(app.store()).await? {
        let Some(kind) = kind_of(&o.kind) else {
            continue;
        };
        let confirmed = c.organisations.contains(&o.id);
        if province || confirmed || named.contains(&o.id) {
            out.push(CampaignOrganisation {
                load: province.then(|| load.get(&o.id).copied().unwrap_or(0)),
                id: o.id,
                name: o.name,
                kind,
                confirmed,
            });
        }
    }
    Ok(out)
}

/// Every body and unit the province may confirm for a new campaign.
pub async fn organisation_choices(
    app: &App,
    user: &CurrentUser,
) -> AppResult<Vec<CampaignOrganisation>> {
    require(user, Permission::ManageCampaigns)?;
    Ok(organisations::list(app.store())
        .await?
        .into_iter()
        .filter_map(|o| {
            Some(CampaignOrganisation {
                kind: kind_of(&o.kind)?,
                id: o.id,
                name: o.name,
                confirmed: false,
                load: None,
            })
        })
        .collect())
}

/// The province's selection board for one campaign.
#[derive(Debug, Clone)]
pub struct Board {
    pub campaign: Campaign,
    /// Every city of the province, in code order.
    pub cities: Vec<CityOverview>,
    /// The enterprises the board names, by id.
    pub enterprises: HashMap<i64, Enterprise>,
    /// Holding a place, by selection rank.
    pub selected: Vec<Participation>,
    /// On the waiting list, by rank (the first is offered the next free place).
    pub waiting: Vec<Participation>,
    /// Returned to their cities, with the reason.
    pub returned: Vec<Participation>,
    pub organisations: Vec<CampaignOrganisation>,
}

impl Board {
    pub fn places_taken(&self) -> usize {
        self.selected.len()
    }

    /// Submitted and not yet decided.
    pub fn undecided(&self) -> usize {
        self.cities
            .iter()
            .flat_map(|c| &c.recommendations)
            .filter(|p| p.state == ParticipationState::Submitted.key())
            .count()
    }
}

/// All of the campaign the province decides on, in one read.
pub async fn board(app: &App, user: &CurrentUser, campaign_id: i64) -> AppResult<Board> {
    require(user, Permission::SelectEnterprises)?;
    let campaign = visible(app, user, campaign_id).await?;
    let cities = overview(app, user, campaign_id).await?;
    let all = stored::for_campaign(app.store().db(), campaign.id, None).await?;
    let ids: Vec<i64> = all.iter().map(|p| p.enterprise_id).collect();
    let enterprises = uplift_store::enterprises::by_ids(app.store(), &ids)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let mut selected = Vec::new();
    let mut waiting = Vec::new();
    let mut returned = Vec::new();
    for p in all {
        let state = stored::state_of(&p)?;
        if state.holds_quota_place() {
            selected.push(p);
        } else if state == ParticipationState::Waitlisted {
            waiting.push(p);
        } else if state == ParticipationState::Returned {
            returned.push(p);
        }
    }
    selected.sort_by_key(|p| (p.selection_rank.unwrap_or(i32::MAX), p.id));
    waiting.sort_by_key(|p| (p.waitlist_rank.unwrap_or(i32::MAX), p.id));
    let organisations = organisations(app, user, campaign_id).await?;
    Ok(Board {
        campaign,
        cities,
        enterprises,
        selected,
        waiting,
        returned,
        organisations,
    })
}
