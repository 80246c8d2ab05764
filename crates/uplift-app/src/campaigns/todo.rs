//! 待办: what waits on each role, with deadlines and counts — the first thing every home
//! page shows, and the count in the top bar.

use chrono::NaiveDate;
use uplift_domain::campaign::CampaignStatus;
use uplift_domain::role::Scope;
use uplift_domain::workflow::{Consent, ParticipationState};
use uplift_store::{applications, campaigns as store_campaigns, participations as stored, scope};

use crate::{App, AppResult, CurrentUser};

/// One thing to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Todo {
    /// What kind of work: the interface's translation key's tail.
    pub kind: TodoKind,
    pub campaign_id: i64,
    pub count: u64,
    pub deadline: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TodoKind {
    /// A city: recommendations to make and submit.
    SubmitRecommendations,
    /// A city: applications waiting for its decision.
    ReviewApplications,
    /// The province: cities' submitted recommendations not yet decided.
    DecideRecommendations,
    /// The province: selected enterprises without a certification body.
    AssignBodies,
    /// An enterprise: confirm or decline its participation.
    GiveConsent,
    /// A body or unit: enterprises newly assigned to it.
    NewlyAssigned,
}

impl TodoKind {
    pub fn key(self) -> &'static str {
        match self {
            TodoKind::SubmitRecommendations => "submit_recommendations",
            TodoKind::ReviewApplications => "review_applications",
            TodoKind::DecideRecommendations => "decide_recommendations",
            TodoKind::AssignBodies => "assign_bodies",
            TodoKind::GiveConsent => "give_consent",
            TodoKind::NewlyAssigned => "newly_assigned",
        }
    }
}

/// The user's to-do list for the open campaigns it takes part in.
pub async fn todos(app: &App, user: &CurrentUser) -> AppResult<Vec<Todo>> {
    let db = app.store().db();
    let mut out = Vec::new();
    let open: Vec<store_campaigns::Campaign> = match scope::province_of(user.scope()) {
        Some(p) => store_campaigns::open_in(db, &p)
            .await?
            .into_iter()
            .collect(),
        None => {
            let mut open = Vec::new();
            for p in store_campaigns::provinces(db).await? {
                open.extend(store_campaigns::open_in(db, &p).await?);
            }
            open
        }
    };
    for c in open
        .into_iter()
        .filter(|c| c.status() == CampaignStatus::Open)
    {
        let all = stored::for_campaign(db, c.id, None).await?;
        let state = |p: &stored::Participation| stored::state_of(p).ok();
        let mut push = |kind, count: usize, deadline| {
            if count > 0 {
                out.push(Todo {
                    kind,
                    campaign_id: c.id,
                    count: count as u64,
                    deadline,
                });
            }
        };
        match user.scope() {
            Scope::City(city) => {
                let mine: Vec<_> = all.iter().filter(|p| &p.city_code == city).collect();
                let counting = mine
                    .iter()
                    .filter(|p| state(p).is_some_and(ParticipationState::counts_toward_city_list))
                    .count();
                let drafts = mine
                    .iter()
                    .filter(|p| state(p) == Some(ParticipationState::Recommended))
                    .count();
                let range = c.settings.range_for(city);
                let submitted = stored::submission(db, c.id, city).await?.is_some();
                // Still to do: reach the minimum, or send what is drafted.
                let missing = (range.min as usize).saturating_sub(counting);
                let to_send = if submitted {
                    drafts
                } else {
                    missing.max(drafts)
                };
                push(
                    TodoKind::SubmitRecommendations,
                    to_send,
                    c.settings.recommendation_deadline,
                );
                let pending = applications::for_city(db, c.id, Some(city), true)
                    .await?
                    .len();
                push(
                    TodoKind::ReviewApplications,
                    pending,
                    c.settings.recommendation_deadline,
                );
            }
            Scope::Province(_) => {
                let undecided = all
                    .iter()
                    .filter(|p| state(p) == Some(ParticipationState::Submitted))
                    .count();
                push(TodoKind::DecideRecommendations, undecided, None);
                let unassigned = all
                    .iter()
                    .filter(|p| state(p).is_some_and(ParticipationState::holds_quota_place))
                    .filter(|p| p.certification_body_id.is_none())
                    .count();
                push(TodoKind::AssignBodies, unassigned, None);
            }
            Scope::Enterprise(id) => {
                let waiting = all
                    .iter()
                    .filter(|p| p.enterprise_id == *id)
                    .filter(|p| p.consent == Consent::Pending.key())
                    .filter(|p| {
                        state(p).is_some_and(|s| {
                            matches!(
                                s,
                                ParticipationState::Recommended
                                    | ParticipationState::Submitted
                                    | ParticipationState::Waitlisted
                            )
                        })
                    })
                    .count();
                push(TodoKind::GiveConsent, waiting, None);
            }
            Scope::Assigned(org) => {
                let fresh = all
                    .iter()
                    .filter(|p| {
                        p.certification_body_id == Some(*org) || p.support_unit_id == Some(*org)
                    })
                    .filter(|p| state(p) == Some(ParticipationState::Selected))
                    .count();
                push(TodoKind::NewlyAssigned, fresh, None);
            }
            Scope::Nothing => {}
        }
    }
    Ok(out)
}
