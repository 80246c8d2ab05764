//! The programme year (提升行动): the province's campaign, the cities' recommendations,
//! enterprises' own applications and consent, the province's selection and assignment.
//!
//! Every move of a participation goes through `uplift_domain::workflow::transition`; the
//! use cases here gather the facts it judges (the campaign's status, the city's list, the
//! quota, the consent, the confirmed bodies), check that every object lies in the user's
//! scope, and write the outcome with its audit row and its timeline event in one
//! transaction.

mod apply;
mod board;
mod consent;
mod manage;
mod public;
mod recommend;
mod select;
mod sheet;
mod story;
mod timeline;
mod todo;

pub use apply::{ApplicationForm, ApplicationStatus, adopt, applications, apply, decline, status};
pub use board::{Board, CampaignOrganisation, board, organisation_choices, organisations};
pub use consent::{ConsentDecision, consent};
pub use manage::{
    CampaignForm, Candidates, CityOverview, candidates, close, create, get, list, open, overview,
    update,
};
pub use public::{OpenCampaign, open_campaigns};
pub use recommend::{RecommendationForm, edit, recommend, submit, withdraw_recommendation};
pub use select::{Selection, assign, promote, return_to_city, select, withdraw};
pub use sheet::{SheetFile, recommendation_sheet};
pub use story::{CampaignStory, Story, StoryVerdict, story};
pub use timeline::{Listed, participation, participations, timeline};
pub use todo::{Todo, TodoKind, todos};

pub use uplift_domain::campaign::{CampaignStatus, RecommendationRange, RecommendationRanges};
pub use uplift_domain::workflow::{Action, Consent, ParticipationState};
pub use uplift_store::applications::Application;
pub use uplift_store::campaigns::Campaign;
pub use uplift_store::participations::{Event, Participation};

use uplift_domain::role::Scope;
use uplift_domain::workflow::{self, Facts, Party};
use uplift_store::audit::WriteTx;
use uplift_store::participations::{self as stored, NewEvent};
use uplift_store::{campaigns as store_campaigns, scope};

use crate::{App, AppResult, CurrentUser, Error, Refusal};

/// May this user see this campaign? A regulator sees its province's; a body or unit the
/// campaigns it is confirmed for or assigned in; an enterprise contact the campaigns it
/// takes part in.
pub(crate) async fn sees(app: &App, user: &CurrentUser, c: &Campaign) -> AppResult<bool> {
    Ok(match user.scope() {
        Scope::Province(_) | Scope::City(_) => {
            scope::province_of(user.scope()).as_deref() == Some(c.province_code.as_str())
        }
        Scope::Assigned(org) => {
            c.organisations.contains(org)
                || stored::for_organisation(app.store().db(), *org)
                    .await?
                    .iter()
                    .any(|p| p.campaign_id == c.id)
        }
        Scope::Enterprise(id) => stored::find(app.store().db(), c.id, *id).await?.is_some(),
        Scope::Nothing => false,
    })
}

/// The campaign, if the user may see it; `NotFound` otherwise.
pub(crate) async fn visible(app: &App, user: &CurrentUser, id: i64) -> AppResult<Campaign> {
    let c = store_campaigns::get(app.store().db(), id).await?;
    if sees(app, user, &c).await? {
        Ok(c)
    } else {
        Err(Error::NotFound)
    }
}

/// A participation of the campaign, if it lies in the user's scope; `NotFound` otherwise.
pub(crate) fn in_scope(
    user: &CurrentUser,
    c: &Campaign,
    p: Participation,
) -> AppResult<Participation> {
    if p.campaign_id == c.id && scope::holds_participation(user.scope(), &p, &c.province_code) {
        Ok(p)
    } else {
        Err(Error::NotFound)
    }
}

/// What the workflow needs to know about a campaign and a city's list, counted from the
/// campaign's participations (a few hundred rows at most).
pub(crate) struct Counts {
    pub city_count: u32,
    pub selected_count: u32,
}

pub(crate) async fn counts(tx: &WriteTx, c: &Campaign, city: &str) -> AppResult<Counts> {
    let all = stored::for_campaign(tx.conn(), c.id, None).await?;
    let mut city_count = 0;
    let mut selected_count = 0;
    for p in &all {
        let state = stored::state_of(p)?;
        if p.city_code == city && state.counts_toward_city_list() {
            city_count += 1;
        }
        if state.holds_quota_place() {
            selected_count += 1;
        }
    }
    Ok(Counts {
        city_count,
        selected_count,
    })
}

/// The facts of a campaign for the workflow, the rest filled by the caller.
pub(crate) fn facts<'a>(c: &Campaign, city: &str, counts: &Counts) -> Facts<'a> {
    Facts {
        campaign: c.status(),
        city_count: counts.city_count,
        city_range: c.settings.range_for(city),
        selected_count: counts.selected_count,
        quota: c.settings.quota,
        ..Facts::default()
    }
}

/// Ask the workflow; its refusal becomes the use case's.
pub(crate) fn transition(
    from: Option<ParticipationState>,
    action: Action,
    user: &CurrentUser,
    facts: &Facts<'_>,
) -> AppResult<Option<ParticipationState>> {
    workflow::transition(from, action, Party::User(user.role()), facts)
        .map_err(|r| Error::Refused(Refusal::Workflow(r)))
}

/// Record a move on the timeline and in the audit log.
pub(crate) async fn record(
    tx: &mut WriteTx,
    p: &Participation,
    action: Action,
    from: Option<ParticipationState>,
    to: Option<ParticipationState>,
    note: Option<String>,
) -> AppResult<()> {
    stored::record(
        tx,
        NewEvent {
            campaign_id: p.campaign_id,
            participation_id: Some(p.id),
            enterprise_id: Some(p.enterprise_id),
            application_id: p.application_id,
            action: action.key().to_string(),
            from_state: from,
            to_state: to,
            note: note.clone(),
        },
    )
    .await?;
    tx.audit(
        &format!("participation.{}", action.key()),
        &format!("participation:{}", p.id),
        &format!(
            "campaign {} enterprise {}: {} -> {}{}",
            p.campaign_id,
            p.enterprise_id,
            from.map_or("—", ParticipationState::key),
            to.map_or("—", ParticipationState::key),
            note.map(|n| format!(" ({n})")).unwrap_or_default()
        ),
    )
    .await?;
    Ok(())
}

/// A text field of a form: trimmed, `None` when blank, at most `max` characters.
pub(crate) fn text(value: &Option<String>, max: usize) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(max).collect())
}

/// The city a city administrator acts for: its scope's.
pub(crate) fn city_of(user: &CurrentUser) -> AppResult<String> {
    match user.scope() {
        Scope::City(code) => Ok(code.clone()),
        _ => Err(Error::NotFound),
    }
}
