//! The named actions that move a participation.

use serde::{Deserialize, Serialize};

use crate::Lang;

/// One thing a party does to a participation. Which party may do it from which state, and
/// where it leads, is the table in [`super::TRANSITIONS`], not this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 企业申报 — an enterprise applies through the public form.
    Apply,
    /// 采纳申报 — the city puts an application on its list.
    Adopt,
    /// 不予采纳 — the city declines an application, with a reason.
    Decline,
    /// 推荐 — the city recommends an enterprise (推荐表).
    Recommend,
    /// 修改推荐表 — the city changes a recommendation still on its list.
    Edit,
    /// 撤回推荐 — the city takes a recommendation off its list before submitting it.
    WithdrawRecommendation,
    /// 上报推荐名单 — the city submits its whole list to the province.
    SubmitList,
    /// 退回 — the province returns a recommendation to the city, with a reason.
    Return,
    /// 遴选 — the province selects, assigning a certification body.
    Select,
    /// 列入候补 — the province ranks the enterprise on the waiting list.
    Waitlist,
    /// 候补递补 — a waiting enterprise takes a freed place.
    Promote,
    /// 开始培训 — the first training of the enterprise is recorded.
    StartTraining,
    /// 提交现场评估 — the body submits its on-site diagnosis (难点、痛点).
    SubmitDiagnosis,
    /// 确认一企一策 — the enterprise agrees the body's tailored plan.
    AgreePlan,
    /// 申请认证审核 — the body declares the system ready for audit.
    DeclareReady,
    /// 认证通过 — the certification decision grants a certificate.
    Certify,
    /// 不予认证 — the certification decision refuses, with a reason.
    Refuse,
    /// 完成监督审核 — the first surveillance audit is recorded.
    RecordSurveillance,
    /// 提交案例 — the enterprise submits its best-practice case.
    SubmitCase,
    /// 退出 — the enterprise leaves, or the province takes it out, with a reason.
    Withdraw,
    /// 完成 — the province completes the participation at acceptance.
    Complete,
}

impl Action {
    /// In the order of the lifecycle.
    pub const ALL: [Action; 21] = [
        Action::Apply,
        Action::Adopt,
        Action::Decline,
        Action::Recommend,
        Action::Edit,
        Action::WithdrawRecommendation,
        Action::SubmitList,
        Action::Return,
        Action::Select,
        Action::Waitlist,
        Action::Promote,
        Action::StartTraining,
        Action::SubmitDiagnosis,
        Action::AgreePlan,
        Action::DeclareReady,
        Action::Certify,
        Action::Refuse,
        Action::RecordSurveillance,
        Action::SubmitCase,
        Action::Withdraw,
        Action::Complete,
    ];

    /// Key (stable, stored in the timeline), Chinese name, English name.
    fn info(self) -> (&'static str, &'static str, &'static str) {
        use Action as A;
        match self {
            A::Apply => ("apply", "企业申报", "Apply"),
            A::Adopt => ("adopt", "采纳申报", "Adopt the application"),
            A::Decline => ("decline", "不予采纳", "Decline the application"),
            A::Recommend => ("recommend", "推荐", "Recommend"),
            A::Edit => ("edit", "修改推荐表", "Edit the recommendation"),
            A::WithdrawRecommendation => (
                "withdraw_recommendation",
                "撤回推荐",
                "Withdraw the recommendation",
            ),
            A::SubmitList => ("submit_list", "上报推荐名单", "Submit the list"),
            A::Return => ("return", "退回", "Return to the city"),
            A::Select => ("select", "遴选", "Select"),
            A::Waitlist => ("waitlist", "列入候补", "Put on the waiting list"),
            A::Promote => ("promote", "候补递补", "Promote from the waiting list"),
            A::StartTraining => ("start_training", "开始培训", "Start training"),
            A::SubmitDiagnosis => ("submit_diagnosis", "提交现场评估", "Submit the diagnosis"),
            A::AgreePlan => ("agree_plan", "确认一企一策方案", "Agree the tailored plan"),
            A::DeclareReady => ("declare_ready", "申请认证审核", "Declare ready for audit"),
            A::Certify => ("certify", "认证通过", "Certify"),
            A::Refuse => ("refuse", "不予认证", "Refuse certification"),
            A::RecordSurveillance => (
                "record_surveillance",
                "完成监督审核",
                "Record the surveillance audit",
            ),
            A::SubmitCase => ("submit_case", "提交案例", "Submit the case"),
            A::Withdraw => ("withdraw", "退出", "Withdraw"),
            A::Complete => ("complete", "完成", "Complete"),
        }
    }

    pub fn key(self) -> &'static str {
        self.info().0
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The name on buttons and the timeline.
    pub fn name(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.info();
        lang.pick(zh, en)
    }
}
