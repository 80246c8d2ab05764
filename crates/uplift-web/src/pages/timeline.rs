//! The enterprise page's timeline (`templates/timeline.html`): its whole story campaign by
//! campaign — the screening verdict it had, its own applications, and every recorded step
//! (recommendation, submission, consent, selection, assignment …) with who, when and why.
//! State and action names are the domain's, in both languages.

use chrono::{DateTime, Utc};
use uplift_app::campaigns::{Action, CampaignStory, Consent, ParticipationState, Story};
use uplift_domain::Lang;
use uplift_domain::role::Role;

use super::labels::{self, Badge};
use crate::i18n::t;

pub struct TimelineEntry {
    pub at: String,
    pub title: String,
    pub badge: Option<Badge>,
    pub detail: Option<String>,
    pub who: Option<String>,
    pub href: Option<String>,
}

pub struct TimelineCampaign {
    pub name: String,
    pub status: Badge,
    pub href: String,
    pub entries: Vec<TimelineEntry>,
}

fn verdict_entry(lang: Lang, c: &CampaignStory) -> Option<TimelineEntry> {
    let v = c.verdict.as_ref()?;
    let badge = match v.eligible {
        Some(true) => Badge::new("good", t(lang, "verdict.eligible")),
        Some(false) => Badge::new("bad", t(lang, "verdict.ineligible")),
        None => Badge::new("neutral", t(lang, "enterprise.not_screened")),
    };
    let failed: Vec<&str> = v.failed.iter().map(|r| r.name(lang)).collect();
    let mut detail = Vec::new();
    if !failed.is_empty() {
        detail.push(format!(
            "{}{}{}",
            t(lang, "recommend.fails"),
            lang.pick("", " "),
            failed.join(lang.pick("、", ", "))
        ));
    }
    detail.push(
        t(
            lang,
            if v.frozen {
                "timeline.verdict_frozen"
            } else {
                "timeline.verdict_current"
            },
        )
        .to_string(),
    );
    Some(TimelineEntry {
        at: match (v.frozen, c.campaign.closed_at) {
            (true, Some(at)) => labels::minute(at),
            _ => t(lang, "timeline.now").to_string(),
        },
        title: t(lang, "enterprise.screening").to_string(),
        badge: Some(badge),
        detail: Some(detail.join(lang.pick("；", "; "))),
        who: None,
        href: None,
    })
}

fn state_name(lang: Lang, key: Option<&str>) -> Option<&'static str> {
    key.and_then(ParticipationState::from_key)
        .map(|s| s.name(lang))
}

fn who(lang: Lang, username: Option<&str>, role: Option<&str>) -> Option<String> {
    let role = role.and_then(Role::from_key).map(|r| r.name(lang));
    match (username, role) {
        (Some(u), Some(r)) => Some(match lang {
            Lang::Zh => format!("{u}（{r}）"),
            Lang::En => format!("{u} ({r})"),
        }),
        (Some(u), None) => Some(u.to_string()),
        (None, Some(r)) => Some(r.to_string()),
        (None, None) => None,
    }
}

/// The timeline of a story, oldest campaign first; in each, the verdict, then the steps
/// in the order they happened.
pub fn timeline(lang: Lang, story: &Story) -> Vec<TimelineCampaign> {
    let org = |id: &str| -> String {
        id.trim()
            .parse::<i64>()
            .ok()
            .and_then(|id| story.organisations.get(&id).cloned())
            .unwrap_or_else(|| id.trim().to_string())
    };
    story
        .campaigns
        .iter()
        .map(|c| {
            let mut dated: Vec<(DateTime<Utc>, TimelineEntry)> = Vec::new();
            let form_href = c
                .participation
                .as_ref()
                .map(|p| format!("/recommendations/{}", p.id));
            for a in &c.applications {
                dated.push((
                    a.created_at,
                    TimelineEntry {
                        at: labels::minute(a.created_at),
                        title: Action::Apply.name(lang).to_string(),
                        badge: Some(labels::state_badge(lang, ParticipationState::Applied.key())),
                        detail: Some(format!(
                            "{}{}{}",
                            t(lang, "applications.reference"),
                            lang.pick("：", ": "),
                            a.reference
                        )),
                        who: Some(t(lang, "timeline.the_enterprise").to_string()),
                        href: None,
                    },
                ));
                if a.status == "declined" {
                    let at = a.decided_at.unwrap_or(a.created_at);
                    dated.push((
                        at,
                        TimelineEntry {
                            at: labels::minute(at),
                            title: Action::Decline.name(lang).to_string(),
                            badge: Some(labels::state_badge(
                                lang,
                                ParticipationState::Declined.key(),
                            )),
                            detail: a.decision_reason.clone(),
                            who: None,
                            href: None,
                        },
                    ));
                }
            }
            for ev in &c.events {
                let (title, badge, detail) = match ev.action.as_str() {
                    "assign" => (
                        t(lang, "timeline.assign").to_string(),
                        None,
                        ev.note
                            .as_deref()
                            .map(|n| n.split('/').map(org).collect::<Vec<_>>().join(" / ")),
                    ),
                    key if key.starts_with("consent.") => {
                        let consent = Consent::from_key(key.trim_start_matches("consent."));
                        (
                            t(lang, "consent.title").to_string(),
                            consent.map(|c| labels::consent_badge(lang, c.key())),
                            ev.note.clone(),
                        )
                    }
                    key => {
                        let title = Action::from_key(key)
                            .map(|a| a.name(lang).to_string())
                            .unwrap_or_else(|| key.to_string());
                        let moved = match (
                            state_name(lang, ev.from_state.as_deref()),
                            state_name(lang, ev.to_state.as_deref()),
                        ) {
                            (Some(a), Some(b)) if a != b => Some(format!("{a} → {b}")),
                            _ => None,
                        };
                        let note = match ev.note.as_deref() {
                            Some("late") => Some(t(lang, "recommend.late").to_string()),
                            other => other.map(str::to_string),
                        };
                        let detail = match (moved, note) {
                            (Some(m), Some(n)) => Some(format!("{m}{}{n}", lang.pick("；", "; "))),
                            (m, n) => m.or(n),
                        };
                        (
                            title,
                            ev.to_state.as_deref().map(|s| labels::state_badge(lang, s)),
                            detail,
                        )
                    }
                };
                let href = ev
                    .participation_id
                    .filter(|id| c.participation.as_ref().is_some_and(|p| p.id == *id))
                    .and(form_href.clone());
                dated.push((
                    ev.at,
                    TimelineEntry {
                        at: labels::minute(ev.at),
                        title,
                        badge,
                        detail,
                        who: who(lang, ev.username.as_deref(), ev.role.as_deref()),
                        href,
                    },
                ));
            }
            dated.sort_by_key(|(at, _)| *at);
            let mut entries: Vec<TimelineEntry> = verdict_entry(lang, c).into_iter().collect();
            entries.extend(dated.into_iter().map(|(_, e)| e));
            TimelineCampaign {
                name: c.campaign.settings.name.clone(),
                status: labels::campaign_badge(lang, c.campaign.status()),
                href: format!("/campaigns/{}", c.campaign.id),
                entries,
            }
        })
        .collect()
}
