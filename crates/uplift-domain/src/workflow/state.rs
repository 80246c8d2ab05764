//! The milestones of one participation (参与: one enterprise in one campaign).

use serde::{Deserialize, Serialize};

use crate::Lang;

/// Where a participation stands. States are the milestones the province counts and
/// reports (`workflow.md`: "Milestones are states; activities are records"); training
/// sessions, visits, plan tasks and findings are records attached to the participation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationState {
    /// 已申报 — the enterprise applied through the public form; its city has not decided.
    Applied,
    /// 已推荐 — on the city's list, which the city may still change.
    Recommended,
    /// 已上报 — the city submitted its list; the province decides.
    Submitted,
    /// 已退回 — the province returned the recommendation to the city, with a reason.
    Returned,
    /// 未采纳 — the city did not take up the enterprise's application.
    Declined,
    /// 候补 — on the province's ranked waiting list.
    Waitlisted,
    /// 已遴选 — selected, with its certification body assigned; holds a quota place.
    Selected,
    /// 培训中 — training has begun (the notice's online and centralised training).
    Training,
    /// 已诊断 — the body's on-site diagnosis (现场评估) is in.
    Diagnosed,
    /// 体系建设中 — the tailored plan (一企一策) is agreed; the enterprise builds its QMS.
    Building,
    /// 审核中 — declared ready; the certification audit runs.
    InAudit,
    /// 已获证 — the certification decision granted a certificate.
    Certified,
    /// 未获证 — the decision refused certification; the enterprise still counts as helped.
    NotCertified,
    /// 监督中 — the first surveillance audit is done.
    Surveillance,
    /// 已提交案例 — the enterprise submitted a best-practice case.
    CaseSubmitted,
    /// 已完成 — the province completed the participation at acceptance (验收).
    Completed,
    /// 已退出 — the enterprise left the programme, or the province took it out.
    Withdrawn,
}

impl ParticipationState {
    /// In the order of the lifecycle, the side exits last.
    pub const ALL: [ParticipationState; 17] = [
        ParticipationState::Applied,
        ParticipationState::Recommended,
        ParticipationState::Submitted,
        ParticipationState::Waitlisted,
        ParticipationState::Selected,
        ParticipationState::Training,
        ParticipationState::Diagnosed,
        ParticipationState::Building,
        ParticipationState::InAudit,
        ParticipationState::Certified,
        ParticipationState::NotCertified,
        ParticipationState::Surveillance,
        ParticipationState::CaseSubmitted,
        ParticipationState::Completed,
        ParticipationState::Declined,
        ParticipationState::Returned,
        ParticipationState::Withdrawn,
    ];

    /// Key (stable, stored in the database), Chinese name, English name.
    fn info(self) -> (&'static str, &'static str, &'static str) {
        use ParticipationState as S;
        match self {
            S::Applied => ("applied", "已申报", "Applied"),
            S::Recommended => ("recommended", "已推荐", "Recommended"),
            S::Submitted => ("submitted", "已上报", "Submitted to the province"),
            S::Returned => ("returned", "已退回", "Returned to the city"),
            S::Declined => ("declined", "未采纳", "Application declined"),
            S::Waitlisted => ("waitlisted", "候补", "On the waiting list"),
            S::Selected => ("selected", "已遴选", "Selected"),
            S::Training => ("training", "培训中", "In training"),
            S::Diagnosed => ("diagnosed", "已诊断", "Diagnosed"),
            S::Building => ("building", "体系建设中", "Building the system"),
            S::InAudit => ("in_audit", "审核中", "In audit"),
            S::Certified => ("certified", "已获证", "Certified"),
            S::NotCertified => ("not_certified", "未获证", "Not certified"),
            S::Surveillance => ("surveillance", "监督中", "Under surveillance"),
            S::CaseSubmitted => ("case_submitted", "已提交案例", "Case submitted"),
            S::Completed => ("completed", "已完成", "Completed"),
            S::Withdrawn => ("withdrawn", "已退出", "Withdrawn"),
        }
    }

    pub fn key(self) -> &'static str {
        self.info().0
    }

    pub fn from_key(key: &str) -> Option<ParticipationState> {
        ParticipationState::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The name on badges and the timeline.
    pub fn name(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.info();
        lang.pick(zh, en)
    }

    /// No action leads out of a final state (`workflow.md`: "Final states: declined,
    /// returned, withdrawn, completed"). A returned enterprise is replaced, not revived:
    /// the city recommends another one until the deadline.
    pub fn is_final(self) -> bool {
        use ParticipationState as S;
        matches!(
            self,
            S::Declined | S::Returned | S::Withdrawn | S::Completed
        )
    }

    /// Does it count toward the city's 3–5 (notice: "遴选3~5家…上报省市场监管局")? Every
    /// enterprise the city put on its list and that is still there: a returned or withdrawn
    /// one leaves room for a replacement, an application the city has not adopted is not
    /// on the list yet.
    pub fn counts_toward_city_list(self) -> bool {
        use ParticipationState as S;
        !matches!(self, S::Applied | S::Declined | S::Returned | S::Withdrawn)
    }

    /// Does it hold one of the province's places (notice: "遴选50家")? Every selected
    /// participation until it is withdrawn: withdrawing frees the place for the waiting list.
    pub fn holds_quota_place(self) -> bool {
        use ParticipationState as S;
        matches!(
            self,
            S::Selected
                | S::Training
                | S::Diagnosed
                | S::Building
                | S::InAudit
                | S::Certified
                | S::NotCertified
                | S::Surveillance
                | S::CaseSubmitted
                | S::Completed
        )
    }
}
