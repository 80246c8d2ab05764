//! How the campaign pages name things: states, consent and campaign status as badges with
//! text (never colour alone), dates as the reader writes them, cities and organisations by
//! name. The words come from the domain (both languages); the colours are decided here.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use uplift_app::campaigns::{CampaignOrganisation, CampaignStatus, Consent, ParticipationState};
use uplift_domain::Lang;
use uplift_domain::cst;
use uplift_domain::division;

/// A status badge: a CSS class tail (`good`, `warn`, `bad`, `info`, `neutral`) and its text.
#[derive(Debug, Clone)]
pub struct Badge {
    pub class: &'static str,
    pub text: String,
}

impl Badge {
    pub fn new(class: &'static str, text: impl Into<String>) -> Badge {
        Badge {
            class,
            text: text.into(),
        }
    }
}

pub fn state_badge(lang: Lang, key: &str) -> Badge {
    use ParticipationState as S;
    match ParticipationState::from_key(key) {
        Some(s) => {
            let class = match s {
                S::Applied | S::Submitted => "info",
                S::Recommended => "neutral",
                S::Waitlisted => "warn",
                S::Returned | S::Declined | S::Withdrawn | S::NotCertified => "bad",
                _ => "good",
            };
            Badge::new(class, s.name(lang))
        }
        None => Badge::new("neutral", key),
    }
}

pub fn consent_badge(lang: Lang, key: &str) -> Badge {
    match Consent::from_key(key) {
        Some(c @ Consent::Confirmed) => Badge::new("good", c.name(lang)),
        Some(c @ Consent::Declined) => Badge::new("bad", c.name(lang)),
        Some(c @ Consent::Pending) => Badge::new("warn", c.name(lang)),
        None => Badge::new("neutral", key),
    }
}

pub fn campaign_badge(lang: Lang, status: CampaignStatus) -> Badge {
    let class = match status {
        CampaignStatus::Draft => "neutral",
        CampaignStatus::Open => "good",
        CampaignStatus::Closed => "info",
    };
    Badge::new(class, status.name(lang))
}

/// `2022年5月20日` in Chinese (ui.md), `20 May 2022` in English.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Zh => cst::format_date_zh(d),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// The minute, China Standard Time.
pub fn minute(at: DateTime<Utc>) -> String {
    cst::format_minute(at)
}

/// Today in China: deadlines are China dates.
pub fn today() -> NaiveDate {
    cst::date_cst(uplift_app::now())
}

/// A deadline as a to-do list shows it: the date, and whether it has passed (a deadline
/// lasts until 23:59:59 China time on its day).
#[derive(Debug, Clone)]
pub struct Deadline {
    pub text: String,
    pub overdue: bool,
    /// Within the next seven days.
    pub soon: bool,
}

pub fn deadline(lang: Lang, d: Option<NaiveDate>) -> Option<Deadline> {
    let d = d?;
    let today = today();
    Some(Deadline {
        text: date(lang, d),
        overdue: today > d,
        soon: today <= d && (d - today).num_days() <= 7,
    })
}

/// A city (市州) by name in the reader's language; its code if the table lacks it.
pub fn city_name(lang: Lang, code: &str) -> String {
    division::known_prefecture(code)
        .map(|d| lang.pick(d.name_zh, d.name_en).to_string())
        .unwrap_or_else(|| division::full_name(code))
}

/// The regulator of a city, as a form names the recommending unit: 长沙市市场监督管理局.
pub fn bureau_name(lang: Lang, code: &str) -> String {
    match lang {
        Lang::Zh => format!("{}市场监督管理局", city_name(lang, code)),
        Lang::En => format!("{} Market Regulation Bureau", city_name(lang, code)),
    }
}

/// Organisations by id, for naming bodies and units in tables.
pub fn org_names(orgs: &[CampaignOrganisation]) -> HashMap<i64, String> {
    orgs.iter().map(|o| (o.id, o.name.clone())).collect()
}

pub fn org_name(names: &HashMap<i64, String>, id: Option<i64>) -> String {
    id.map(|id| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
        .unwrap_or_default()
}

/// A choice in a `<select>`: value, label, selected.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The bodies (or units) of a campaign as choices, each with its load when the province
/// sees it; only confirmed ones can be chosen.
pub fn org_choices(
    lang: Lang,
    orgs: &[CampaignOrganisation],
    kind: uplift_domain::role::OrganisationKind,
    current: Option<i64>,
) -> Vec<Choice> {
    orgs.iter()
        .filter(|o| o.kind == kind && o.confirmed)
        .map(|o| Choice {
            value: o.id.to_string(),
            label: match (o.load, lang) {
                (Some(n), Lang::Zh) => format!("{}（现承担{n}家）", o.name),
                (Some(n), Lang::En) => format!("{} (assigned: {n})", o.name),
                (None, _) => o.name.clone(),
            },
            selected: current == Some(o.id),
        })
        .collect()
}
