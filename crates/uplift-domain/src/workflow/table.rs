//! THE transition table: every move of a participation, who may make it, what it needs.
//! Drawn from `../design/workflow.md`; where it departs from that sketch the row says why.

use super::Precondition::{
    BodyConfirmed, CityHasRoom, ConsentConfirmed, JustifiedIfIneligible, ListWithinRange,
    QuotaPlaceFree, ReasonGiven,
};
use super::{Action, ParticipationState, Party, Precondition};
use crate::role::Role;

use Action as A;
use ParticipationState as S;

/// One row: from `from`, `action` taken by one of `who` leads to `to`, provided every
/// precondition in `needs` holds (and the campaign is open, which every row needs).
/// `from: None` is an enterprise not yet in the campaign; `to: None` a participation that
/// ceases to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Option<ParticipationState>,
    pub action: Action,
    pub to: Option<ParticipationState>,
    pub who: &'static [Party],
    pub needs: &'static [Precondition],
}

const fn row(
    from: Option<ParticipationState>,
    action: Action,
    to: Option<ParticipationState>,
    who: &'static [Party],
    needs: &'static [Precondition],
) -> Transition {
    Transition {
        from,
        action,
        to,
        who,
        needs,
    }
}

const PUBLIC: &[Party] = &[Party::Public];
const CITY: &[Party] = &[Party::User(Role::City)];
const PROVINCE: &[Party] = &[Party::User(Role::Province)];
const BODY: &[Party] = &[Party::User(Role::CertificationBody)];
const ENTERPRISE: &[Party] = &[Party::User(Role::Enterprise)];
/// Diagnosis: "assigned body / support unit" (workflow.md) — the notice confirms both kinds
/// of organisation ("确认认证服务机构和技术支撑单位").
const BODY_OR_SUPPORT: &[Party] = &[
    Party::User(Role::CertificationBody),
    Party::User(Role::SupportUnit),
];
/// Whoever records an enterprise's first training: the notice has the cities organise
/// local training ("各市州局负责组织辖区内小微企业负责人、管理层参与") and the bodies train
/// ("组织认证机构…开展…培训"); support units lead the bodies (认证牵头机构).
const TRAINERS: &[Party] = &[
    Party::User(Role::City),
    Party::User(Role::CertificationBody),
    Party::User(Role::SupportUnit),
];
/// Leaving: the enterprise itself (participation is voluntary, "有意愿") or the province,
/// which answers for the list (workflow.md).
const LEAVERS: &[Party] = &[Party::User(Role::Enterprise), Party::User(Role::Province)];

/// A recommendation must fit the city's list and explain an ineligible enterprise.
const ONTO_THE_LIST: &[Precondition] = &[CityHasRoom, JustifiedIfIneligible];
/// Selecting and promoting both end in `Selected`: the same three conditions. workflow.md
/// asked only "quota not full" of promotion; but a promoted enterprise gets its body at that
/// moment, and its consent may have changed while it waited.
const INTO_A_PLACE: &[Precondition] = &[ConsentConfirmed, QuotaPlaceFree, BodyConfirmed];
const WITH_REASON: &[Precondition] = &[ReasonGiven];

const fn withdraw(from: ParticipationState) -> Transition {
    row(
        Some(from),
        A::Withdraw,
        Some(S::Withdrawn),
        LEAVERS,
        WITH_REASON,
    )
}

const fn complete(from: ParticipationState) -> Transition {
    row(Some(from), A::Complete, Some(S::Completed), PROVINCE, &[])
}

/// At most one row per (from, action): the machine is deterministic (tested).
pub const TRANSITIONS: &[Transition] = &[
    // Entry: the enterprise applies, or its city recommends it (notice: "推荐上报").
    row(None, A::Apply, Some(S::Applied), PUBLIC, &[]),
    row(
        None,
        A::Recommend,
        Some(S::Recommended),
        CITY,
        ONTO_THE_LIST,
    ),
    row(
        Some(S::Applied),
        A::Adopt,
        Some(S::Recommended),
        CITY,
        ONTO_THE_LIST,
    ),
    row(
        Some(S::Applied),
        A::Decline,
        Some(S::Declined),
        CITY,
        WITH_REASON,
    ),
    // The city's list, until it is submitted.
    row(
        Some(S::Recommended),
        A::Edit,
        Some(S::Recommended),
        CITY,
        &[JustifiedIfIneligible],
    ),
    // Nothing reached the province: the draft is deleted (the audit log keeps the trace),
    // and the city may recommend the same enterprise again.
    row(
        Some(S::Recommended),
        A::WithdrawRecommendation,
        None,
        CITY,
        &[],
    ),
    row(
        Some(S::Recommended),
        A::SubmitList,
        Some(S::Submitted),
        CITY,
        &[ListWithinRange],
    ),
    // The province decides (notice: "省市场监督管理局…遴选50家").
    row(
        Some(S::Submitted),
        A::Return,
        Some(S::Returned),
        PROVINCE,
        WITH_REASON,
    ),
    row(
        Some(S::Submitted),
        A::Select,
        Some(S::Selected),
        PROVINCE,
        INTO_A_PLACE,
    ),
    row(
        Some(S::Submitted),
        A::Waitlist,
        Some(S::Waitlisted),
        PROVINCE,
        &[ConsentConfirmed],
    ),
    row(
        Some(S::Waitlisted),
        A::Promote,
        Some(S::Selected),
        PROVINCE,
        INTO_A_PLACE,
    ),
    // The help: training, diagnosis, the tailored plan (notice §二).
    row(
        Some(S::Selected),
        A::StartTraining,
        Some(S::Training),
        TRAINERS,
        &[],
    ),
    row(
        Some(S::Training),
        A::SubmitDiagnosis,
        Some(S::Diagnosed),
        BODY_OR_SUPPORT,
        &[],
    ),
    // The body writes the plan (a record); the milestone is the enterprise's agreement.
    row(
        Some(S::Diagnosed),
        A::AgreePlan,
        Some(S::Building),
        ENTERPRISE,
        &[],
    ),
    // Certification (ISO/IEC 17021-1, CNCA-QMS-01: facts.md §5). The ≥ 3 months of
    // operation, the dishonest list, stage 2 and the decision maker's independence attach
    // here with the audit records.
    row(
        Some(S::Building),
        A::DeclareReady,
        Some(S::InAudit),
        BODY,
        &[],
    ),
    row(Some(S::InAudit), A::Certify, Some(S::Certified), BODY, &[]),
    row(
        Some(S::InAudit),
        A::Refuse,
        Some(S::NotCertified),
        BODY,
        WITH_REASON,
    ),
    row(
        Some(S::Certified),
        A::RecordSurveillance,
        Some(S::Surveillance),
        BODY,
        &[],
    ),
    // Cases (notice: "认证机构组织指导试点成效显著的小微企业编写优良实践案例").
    row(
        Some(S::Certified),
        A::SubmitCase,
        Some(S::CaseSubmitted),
        ENTERPRISE,
        &[],
    ),
    row(
        Some(S::Surveillance),
        A::SubmitCase,
        Some(S::CaseSubmitted),
        ENTERPRISE,
        &[],
    ),
    // Acceptance (notice: "项目完成后进行评估验收"); an enterprise that was not certified
    // was still helped and is completed too.
    complete(S::Certified),
    complete(S::Surveillance),
    complete(S::CaseSubmitted),
    complete(S::NotCertified),
    // Leaving, from every state that is not final.
    withdraw(S::Applied),
    withdraw(S::Recommended),
    withdraw(S::Submitted),
    withdraw(S::Waitlisted),
    withdraw(S::Selected),
    withdraw(S::Training),
    withdraw(S::Diagnosed),
    withdraw(S::Building),
    withdraw(S::InAudit),
    withdraw(S::Certified),
    withdraw(S::NotCertified),
    withdraw(S::Surveillance),
    withdraw(S::CaseSubmitted),
];
