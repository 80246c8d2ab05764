//! Why an action was refused: one enum that is also the translation key (the lemmy habit in
//! `style.md`), so every page and the API say the same thing in zh-CN and en.

use std::fmt;

use super::{Action, Consent, ParticipationState, Party};
use crate::campaign::{CampaignStatus, RecommendationRange};
use crate::lang::{Lang, Localized};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The campaign is still being configured: nothing happens in it yet.
    CampaignNotOpen,
    /// The campaign is closed: its record is final, every action is refused.
    CampaignClosed,
    /// A campaign's status only moves forward: draft → open → closed.
    CampaignStatusChange {
        from: CampaignStatus,
        to: CampaignStatus,
    },
    /// No row of the table leads from this state by this action. `from: None` is a
    /// participation that does not exist yet.
    NotFromThisState {
        from: Option<ParticipationState>,
        action: Action,
    },
    /// The table has the move, but not for this party.
    NotPermitted { action: Action, party: Party },
    /// The city's list is full (notice: "遴选3~5家").
    CityMaximumReached { max: u32 },
    /// The city's list is shorter or longer than its range.
    ListOutOfRange {
        count: u32,
        range: RecommendationRange,
    },
    /// An enterprise that fails the eligibility rules is recommended only with a reason.
    JustificationMissing,
    /// Declining, returning, refusing and withdrawing say why.
    ReasonMissing,
    /// The enterprise has not confirmed (or has declined) its participation.
    ConsentNotConfirmed { consent: Consent },
    /// Every place of the province's quota is taken.
    QuotaFull { quota: u32 },
    /// The certification body is not among those the province confirmed for the campaign
    /// (notice: "确认认证服务机构和技术支撑单位").
    BodyNotConfirmed,
}

impl Refusal {
    /// A stable key, for the API and statistics, e.g. `workflow.quota_full`.
    pub fn key(&self) -> &'static str {
        match self {
            Refusal::CampaignNotOpen => "workflow.campaign_not_open",
            Refusal::CampaignClosed => "workflow.campaign_closed",
            Refusal::CampaignStatusChange { .. } => "workflow.campaign_status_change",
            Refusal::NotFromThisState { .. } => "workflow.not_from_this_state",
            Refusal::NotPermitted { .. } => "workflow.not_permitted",
            Refusal::CityMaximumReached { .. } => "workflow.city_maximum_reached",
            Refusal::ListOutOfRange { .. } => "workflow.list_out_of_range",
            Refusal::JustificationMissing => "workflow.justification_missing",
            Refusal::ReasonMissing => "workflow.reason_missing",
            Refusal::ConsentNotConfirmed { .. } => "workflow.consent_not_confirmed",
            Refusal::QuotaFull { .. } => "workflow.quota_full",
            Refusal::BodyNotConfirmed => "workflow.body_not_confirmed",
        }
    }
}

impl Localized for Refusal {
    fn message(&self, lang: Lang) -> String {
        match (*self, lang) {
            (Refusal::CampaignNotOpen, _) => lang
                .pick("本年度提升行动尚未启动", "the campaign has not opened yet")
                .to_string(),
            (Refusal::CampaignClosed, _) => lang
                .pick(
                    "本年度提升行动已结束，不能再办理",
                    "the campaign is closed: nothing more can be done in it",
                )
                .to_string(),
            (Refusal::CampaignStatusChange { from, to }, Lang::Zh) => format!(
                "提升行动状态不能由“{}”改为“{}”",
                from.name(lang),
                to.name(lang)
            ),
            (Refusal::CampaignStatusChange { from, to }, Lang::En) => format!(
                "a campaign cannot go from “{}” to “{}”",
                from.name(lang),
                to.name(lang)
            ),
            (Refusal::NotFromThisState { from: None, action }, Lang::Zh) => {
                format!("该企业尚未参与本次提升行动，不能“{}”", action.name(lang))
            }
            (Refusal::NotFromThisState { from: None, action }, Lang::En) => format!(
                "the enterprise is not in this campaign: “{}” is not possible",
                action.name(lang)
            ),
            (
                Refusal::NotFromThisState {
                    from: Some(from),
                    action,
                },
                Lang::Zh,
            ) => format!(
                "当前状态为“{}”，不能“{}”",
                from.name(lang),
                action.name(lang)
            ),
            (
                Refusal::NotFromThisState {
                    from: Some(from),
                    action,
                },
                Lang::En,
            ) => format!(
                "“{}” is not possible from “{}”",
                action.name(lang),
                from.name(lang)
            ),
            (Refusal::NotPermitted { action, party }, Lang::Zh) => {
                format!("{}无权“{}”", party.name(lang), action.name(lang))
            }
            (Refusal::NotPermitted { action, party }, Lang::En) => {
                format!("{} may not “{}”", party.name(lang), action.name(lang))
            }
            (Refusal::CityMaximumReached { max }, Lang::Zh) => {
                format!("本市州推荐数量已达上限（{max}家）")
            }
            (Refusal::CityMaximumReached { max }, Lang::En) => {
                format!("the city has already recommended its maximum of {max} enterprises")
            }
            (Refusal::ListOutOfRange { count, range }, Lang::Zh) => format!(
                "推荐名单应为{}～{}家，当前为{count}家",
                range.min, range.max
            ),
            (Refusal::ListOutOfRange { count, range }, Lang::En) => format!(
                "the list must hold {} to {} enterprises; it holds {count}",
                range.min, range.max
            ),
            (Refusal::JustificationMissing, _) => lang
                .pick(
                    "该企业不符合遴选条件，推荐须说明理由",
                    "the enterprise does not meet the eligibility rules: say why it is recommended",
                )
                .to_string(),
            (Refusal::ReasonMissing, _) => {
                lang.pick("请填写原因", "a reason is required").to_string()
            }
            (Refusal::ConsentNotConfirmed { consent }, _) => match consent {
                Consent::Declined => lang.pick(
                    "企业已表示不参与",
                    "the enterprise has declined to take part",
                ),
                Consent::Pending | Consent::Confirmed => lang.pick(
                    "企业尚未确认参与",
                    "the enterprise has not yet confirmed it takes part",
                ),
            }
            .to_string(),
            (Refusal::QuotaFull { quota }, Lang::Zh) => {
                format!("遴选名额已满（共{quota}家）")
            }
            (Refusal::QuotaFull { quota }, Lang::En) => {
                format!("all {quota} places of the quota are taken")
            }
            (Refusal::BodyNotConfirmed, _) => lang
                .pick(
                    "该认证机构未被确认承担本次提升行动",
                    "the certification body is not confirmed for this campaign",
                )
                .to_string(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Refusal {}
