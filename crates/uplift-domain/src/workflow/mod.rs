//! 参与 — the lifecycle of one participation (one enterprise in one campaign) as data.
//!
//! A participation moves through [`ParticipationState`]s by named [`Action`]s that only
//! given [`Party`]s may take, each with its [`Precondition`]s. All of it is one table,
//! [`TRANSITIONS`]; [`transition`] reads it and nothing else decides a state. The sketch it
//! comes from is `../design/workflow.md`; the notice's steps are in `../mission/README.md`.
//!
//! ```text
//!            apply          adopt                 submit_list            select
//!   (none) ───────▶ applied ─────▶ recommended ─────────────▶ submitted ──────▶ selected
//!      └──────────── recommend ────────▲                        │  waitlist       ▲
//!                                                              ▼                 │ promote
//!                                                         waitlisted ────────────┘
//!   selected ─▶ training ─▶ diagnosed ─▶ building ─▶ in_audit ─▶ certified ─▶ surveillance
//!                                                       └──────▶ not_certified
//!   certified/surveillance ─▶ case_submitted;  certified/surveillance/case_submitted/
//!   not_certified ─▶ completed;  any non-final ─▶ withdrawn
//!   applied ─decline▶ declined;  submitted ─return▶ returned;
//!   recommended ─edit▶ recommended;  recommended ─withdraw_recommendation▶ (none)
//! ```
//!
//! The caller (a use case) knows the campaign, the city's list and the participation, and
//! fills [`Facts`]; the domain judges. Scope (may this user see this participation at all?)
//! is checked before, by the caller, as for every object.

mod action;
mod refusal;
mod state;
mod table;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use action::Action;
pub use refusal::Refusal;
pub use state::ParticipationState;
pub use table::{TRANSITIONS, Transition};

use crate::Lang;
use crate::campaign::{self, CampaignStatus, RecommendationRange};
use crate::role::Role;

/// Who takes an action. The public applicant has no account, hence no [`Role`]: a
/// dedicated variant rather than `Option<Role>`, so that the table reads `Party::Public`
/// instead of a bare `None`, and so that a signed-in user can never be mistaken for the
/// public. (Named `Party`, not `Actor`: `uplift_store::audit::Actor` is the person in the
/// audit log, a different thing the same handler holds.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// Anyone using the public application form, without logging in.
    Public,
    /// A signed-in user of this role.
    User(Role),
}

impl Party {
    pub const ALL: [Party; 9] = [
        Party::Public,
        Party::User(Role::Province),
        Party::User(Role::City),
        Party::User(Role::CertificationBody),
        Party::User(Role::SupportUnit),
        Party::User(Role::Expert),
        Party::User(Role::Enterprise),
        Party::User(Role::SystemAdmin),
        Party::User(Role::AuditAdmin),
    ];

    pub fn key(self) -> &'static str {
        match self {
            Party::Public => "public",
            Party::User(role) => role.key(),
        }
    }

    pub fn from_key(key: &str) -> Option<Party> {
        Party::ALL.into_iter().find(|p| p.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Party::Public => lang.pick("公众", "The public"),
            Party::User(role) => role.name(lang),
        }
    }
}

impl From<Role> for Party {
    fn from(role: Role) -> Self {
        Party::User(role)
    }
}

/// 确认参与 — the enterprise's consent: a property checked as a precondition, not a state
/// (workflow.md), because it can be given or taken back at any point before selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    #[default]
    Pending,
    Confirmed,
    Declined,
}

impl Consent {
    pub const ALL: [Consent; 3] = [Consent::Pending, Consent::Confirmed, Consent::Declined];

    pub fn key(self) -> &'static str {
        match self {
            Consent::Pending => "pending",
            Consent::Confirmed => "confirmed",
            Consent::Declined => "declined",
        }
    }

    pub fn from_key(key: &str) -> Option<Consent> {
        Consent::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Consent::Pending => lang.pick("待确认", "Pending"),
            Consent::Confirmed => lang.pick("已确认参与", "Confirmed"),
            Consent::Declined => lang.pick("不参与", "Declined"),
        }
    }
}

/// What the caller knows when an action is asked for; the preconditions read it. The
/// default is a draft campaign, which refuses everything: a caller that forgets to say the
/// campaign is open cannot move anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts<'a> {
    pub campaign: CampaignStatus,
    /// The city's participations that count toward its list
    /// ([`ParticipationState::counts_toward_city_list`]), this one included if it counts.
    /// For a new recommendation: before it is added.
    pub city_count: u32,
    /// The city's range ([`campaign::RecommendationRanges::range_for`]).
    pub city_range: RecommendationRange,
    /// Participations holding a quota place ([`ParticipationState::holds_quota_place`]).
    pub selected_count: u32,
    /// The province's quota for the campaign.
    pub quota: u32,
    /// The screening verdict (eligibility::screen); an enterprise never screened is not
    /// known to be eligible.
    pub eligible: bool,
    pub consent: Consent,
    /// The certification body chosen for selection is confirmed for this campaign.
    pub body_confirmed: bool,
    /// The text given with the action: the justification of a recommendation (推荐理由),
    /// the reason of a decline, return, refusal or withdrawal.
    pub reason: Option<&'a str>,
}

/// One condition a row of the table needs, beyond an open campaign and a permitted party.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Precondition {
    /// The city's list is below its maximum (notice: "遴选3~5家").
    CityHasRoom,
    /// The city's list is within its range when submitted.
    ListWithinRange,
    /// An enterprise failing the eligibility rules is recommended only with a reason.
    JustifiedIfIneligible,
    /// A reason is given (decline, return, refuse, withdraw).
    ReasonGiven,
    /// The enterprise confirmed it takes part.
    ConsentConfirmed,
    /// A place of the province's quota is free.
    QuotaPlaceFree,
    /// The assigned certification body is confirmed for the campaign.
    BodyConfirmed,
}

impl Precondition {
    pub fn key(self) -> &'static str {
        match self {
            Precondition::CityHasRoom => "city_has_room",
            Precondition::ListWithinRange => "list_within_range",
            Precondition::JustifiedIfIneligible => "justified_if_ineligible",
            Precondition::ReasonGiven => "reason_given",
            Precondition::ConsentConfirmed => "consent_confirmed",
            Precondition::QuotaPlaceFree => "quota_place_free",
            Precondition::BodyConfirmed => "body_confirmed",
        }
    }

    pub fn check(self, facts: &Facts<'_>) -> Result<(), Refusal> {
        let given = facts.reason.is_some_and(|r| !r.trim().is_empty());
        match self {
            Precondition::CityHasRoom => {
                campaign::may_add_recommendation(facts.city_count, facts.city_range)
            }
            Precondition::ListWithinRange => {
                campaign::may_submit(facts.city_count, facts.city_range)
            }
            Precondition::JustifiedIfIneligible if facts.eligible || given => Ok(()),
            Precondition::JustifiedIfIneligible => Err(Refusal::JustificationMissing),
            Precondition::ReasonGiven if given => Ok(()),
            Precondition::ReasonGiven => Err(Refusal::ReasonMissing),
            Precondition::ConsentConfirmed if facts.consent == Consent::Confirmed => Ok(()),
            Precondition::ConsentConfirmed => Err(Refusal::ConsentNotConfirmed {
                consent: facts.consent,
            }),
            Precondition::QuotaPlaceFree => campaign::may_select(facts.selected_count, facts.quota),
            Precondition::BodyConfirmed if facts.body_confirmed => Ok(()),
            Precondition::BodyConfirmed => Err(Refusal::BodyNotConfirmed),
        }
    }
}

/// The row for this move, if the table has one.
pub fn row_for(from: Option<ParticipationState>, action: Action) -> Option<&'static Transition> {
    TRANSITIONS
        .iter()
        .find(|row| row.from == from && row.action == action)
}

/// Take `action` from `from` (`None`: the enterprise is not in the campaign yet) as `party`.
/// `Ok(None)` means the participation ceases to exist (a draft recommendation withdrawn).
///
/// Checked in this order, the first failure answering: the campaign is open; the table
/// has the move; the party is named in it; the row's preconditions, in the row's order.
pub fn transition(
    from: Option<ParticipationState>,
    action: Action,
    party: Party,
    facts: &Facts<'_>,
) -> Result<Option<ParticipationState>, Refusal> {
    facts.campaign.admits_actions()?;
    let row = row_for(from, action).ok_or(Refusal::NotFromThisState { from, action })?;
    if !row.who.contains(&party) {
        return Err(Refusal::NotPermitted { action, party });
    }
    for need in row.needs {
        need.check(facts)?;
    }
    Ok(row.to)
}

/// The actions the table offers this party from this state (the buttons a page shows);
/// preconditions are judged when the action is taken, so that the refusal can say why.
pub fn actions_for(from: Option<ParticipationState>, party: Party) -> impl Iterator<Item = Action> {
    TRANSITIONS
        .iter()
        .filter(move |row| row.from == from && row.who.contains(&party))
        .map(|row| row.action)
}
