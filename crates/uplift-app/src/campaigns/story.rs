//! One enterprise's whole story, campaign by campaign, for the timeline of its page: the
//! screening verdict it had in each campaign, its own applications, and every recorded
//! step of its participation (recommendation, consent, selection, assignment …) with who
//! and when.

use std::collections::HashMap;

use uplift_domain::campaign::CampaignStatus;
use uplift_domain::eligibility::Rule;
use uplift_domain::permission::Permission;
use uplift_store::applications::{self, Application};
use uplift_store::participations as stored;
use uplift_store::{campaigns as store_campaigns, organisations};

use super::{Campaign, Event, Participation};
use crate::{App, AppResult, CurrentUser, require};

/// The screening verdict an enterprise had in one campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryVerdict {
    pub eligible: Option<bool>,
    pub failed: Vec<Rule>,
    /// Kept as it was when the campaign closed (`false`: the open campaign's verdict,
    /// which follows the directory and the rules in force).
    pub frozen: bool,
}

/// The enterprise in one campaign.
#[derive(Debug, Clone)]
pub struct CampaignStory {
    pub campaign: Campaign,
    pub verdict: Option<StoryVerdict>,
    /// Its own applications through the public form.
    pub applications: Vec<Application>,
    pub participation: Option<Participation>,
    /// Every step recorded for it, oldest first.
    pub events: Vec<Event>,
}

#[derive(Debug, Clone)]
pub struct Story {
    /// Oldest campaign first.
    pub campaigns: Vec<CampaignStory>,
    /// Names of the bodies and units the steps mention.
    pub organisations: HashMap<i64, String>,
}

fn failed(keys: Option<&str>) -> Vec<Rule> {
    keys.unwrap_or("")
        .split(',')
        .filter_map(Rule::from_key)
        .collect()
}

/// The story of an enterprise the user may see (`NotFound` otherwise). Campaigns still
/// being configured tell nothing yet and are left out.
pub async fn story(app: &App, user: &CurrentUser, uscc: &str) -> AppResult<Story> {
    require(user, Permission::ReadEnterprises)?;
    let db = app.store().db();
    let e = uplift_store::enterprises::get_by_uscc(app.store(), user.scope(), uscc).await?;
    let mut events = stored::events_for_enterprise(db, e.id).await?;
    let participations = stored::for_enterprise(db, e.id).await?;
    let mut own_applications = applications::for_uscc(db, &e.uscc).await?;
    let mut campaigns = store_campaigns::for_province(db, &e.province_code).await?;
    campaigns.sort_by_key(|c| (c.settings.year, c.id));
    let mut out = Vec::new();
    for c in campaigns {
        let verdict =
            match c.status() {
                CampaignStatus::Draft => continue,
                CampaignStatus::Open => Some(StoryVerdict {
                    eligible: e.eligible,
                    failed: e.failed(),
                    frozen: false,
                }),
                CampaignStatus::Closed => store_campaigns::frozen_verdict(db, c.id, e.id)
                    .await?
                    .map(|s| StoryVerdict {
                        eligible: s.eligible,
                        failed: failed(s.failed_rules.as_deref()),
                        frozen: true,
                    }),
            };
        let (mine, rest): (Vec<Event>, Vec<Event>) =
            events.into_iter().partition(|ev| ev.campaign_id == c.id);
        events = rest;
        let (apps, rest): (Vec<Application>, Vec<Application>) = own_applications
            .into_iter()
            .partition(|a| a.campaign_id == c.id);
        own_applications = rest;
        out.push(CampaignStory {
            participation: participations
                .iter()
                .find(|p| p.campaign_id == c.id)
                .cloned(),
            campaign: c,
            verdict,
            applications: apps,
            events: mine,
        });
    }
    let organisations = organisations::list(app.store())
        .await?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    Ok(Story {
        campaigns: out,
        organisations,
    })
}
