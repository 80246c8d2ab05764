//! Every action the audit log records, by key, with its name in both languages and the
//! category the viewer filters by.

use crate::Lang;

/// What the audit administrator filters by: kinds of act, not the code's key prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// 登录 — logins, failed logins, lockouts, logouts.
    Login,
    /// 账户 — accounts created, disabled, unlocked, passwords reset or changed.
    Account,
    /// 机构 — organisations and the assignment of enterprises to them.
    Organisation,
    /// 导入 — uploads and imports of the directory and the dishonest list.
    Import,
    /// 导出 — data leaving the platform: exports and downloaded reports.
    Export,
    /// 遴选条件 — the eligibility rules and the re-screenings they set off.
    Eligibility,
    /// 企业名录 — enterprise records written outside an import.
    Directory,
    /// 审计日志 — the audit administrator's own reading.
    AuditLog,
    /// 提升行动 — campaigns, recommendations, applications, consent, selection.
    Campaign,
    /// 系统 — the operator's and the demo's acts.
    System,
}

impl Category {
    pub const ALL: [Category; 10] = [
        Category::Login,
        Category::Account,
        Category::Organisation,
        Category::Import,
        Category::Export,
        Category::Eligibility,
        Category::Directory,
        Category::AuditLog,
        Category::Campaign,
        Category::System,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Category::Login => "login",
            Category::Account => "account",
            Category::Organisation => "organisation",
            Category::Import => "import",
            Category::Export => "export",
            Category::Eligibility => "eligibility",
            Category::Directory => "directory",
            Category::AuditLog => "audit_log",
            Category::Campaign => "campaign",
            Category::System => "system",
        }
    }

    pub fn from_key(key: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Category::Login => lang.pick("登录", "Logins"),
            Category::Account => lang.pick("账户", "Accounts"),
            Category::Organisation => lang.pick("机构", "Organisations"),
            Category::Import => lang.pick("导入", "Imports"),
            Category::Export => lang.pick("导出", "Exports"),
            Category::Eligibility => lang.pick("遴选条件", "Eligibility rules"),
            Category::Directory => lang.pick("企业名录", "Directory"),
            Category::AuditLog => lang.pick("审计日志", "Audit log"),
            Category::Campaign => lang.pick("提升行动", "Campaigns"),
            Category::System => lang.pick("系统", "System"),
        }
    }

    /// The action keys of this category.
    pub fn actions(self) -> impl Iterator<Item = &'static str> {
        ACTIONS
            .iter()
            .filter(move |a| a.category == self)
            .map(|a| a.key)
    }
}

/// One action: its key as stored, its names, its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionName {
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub category: Category,
}

impl ActionName {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.zh, self.en)
    }
}

const fn a(
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    category: Category,
) -> ActionName {
    ActionName {
        key,
        zh,
        en,
        category,
    }
}

/// Every action key written anywhere (`tx.audit("…", …)`), in the viewer's category order.
#[rustfmt::skip]
pub const ACTIONS: &[ActionName] = &[
    a("login.success", "登录成功", "Logged in", Category::Login),
    a("login.failure", "登录失败", "Login failed", Category::Login),
    a("login.locked", "账号锁定", "Account locked", Category::Login),
    a("logout", "退出登录", "Logged out", Category::Login),
    a("login.password_ok", "密码正确，待第二步验证", "Password accepted, second factor pending", Category::Login),
    a("login.unlocked_by_owner", "本人双因素登录解除锁定", "Lock lifted by the owner's two-factor login", Category::Login),
    a("second_factor.recovery_code", "使用恢复码登录", "Recovery code used", Category::Login),
    a("session.end", "结束会话", "Session ended", Category::Login),
    a("user.create", "创建用户", "User created", Category::Account),
    a("user.disable", "停用用户", "User disabled", Category::Account),
    a("user.enable", "启用用户", "User enabled", Category::Account),
    a("user.unlock", "解锁用户", "User unlocked", Category::Account),
    a("user.reset_password", "重置密码", "Password reset", Category::Account),
    a("user.change_password", "修改本人密码", "Own password changed", Category::Account),
    a("second_factor.enrol", "启用动态验证码", "Second factor enrolled", Category::Account),
    a("session.end_all", "结束用户全部会话", "All of a user's sessions ended", Category::Account),
    a("organisation.create", "创建机构", "Organisation created", Category::Organisation),
    a("assignment.create", "分配企业", "Enterprise assigned", Category::Organisation),
    a("import.upload", "上传导入文件", "File uploaded for import", Category::Import),
    a("enterprise.import.bulk", "批量导入准备", "Bulk load prepared", Category::Import),
    a("enterprise.import.batch", "导入一批企业", "Import batch written", Category::Import),
    a("enterprise.import.finish", "导入企业名录", "Enterprise directory imported", Category::Import),
    a("enterprise.move", "企业迁移市州", "Enterprise moved to another city", Category::Import),
    a("dishonest.create", "失信名单新增条目", "Dishonest-list entry added", Category::Import),
    a("dishonest.update", "失信名单条目更新", "Dishonest-list entry updated", Category::Import),
    a("dishonest.import", "导入失信名单", "Dishonest list imported", Category::Import),
    a("enterprise.export", "导出企业名录", "Enterprise list exported", Category::Export),
    a("campaign.export", "导出推荐名单", "Recommendation list exported", Category::Export),
    a("import.error_report.download", "下载错误报告", "Error report downloaded", Category::Export),
    a("import.rejected_rows.download", "下载被拒绝的行", "Rejected rows downloaded", Category::Export),
    a("audit_log.export", "导出审计日志", "Audit log exported", Category::Export),
    a("eligibility_rules.update", "修改遴选条件", "Eligibility rules changed", Category::Eligibility),
    a("screening.rescreen", "重新审查", "Re-screening", Category::Eligibility),
    a("enterprise.create", "新增企业", "Enterprise added", Category::Directory),
    a("audit_log.view", "查看审计日志", "Audit log viewed", Category::AuditLog),
    a("campaign.create", "创建提升行动", "Campaign created", Category::Campaign),
    a("campaign.update", "修改提升行动设置", "Campaign settings changed", Category::Campaign),
    a("campaign.status", "提升行动状态变更", "Campaign status changed", Category::Campaign),
    a("campaign.freeze", "保存结束时的审查结论", "Verdicts kept at closing", Category::Campaign),
    a("application.create", "企业自主申报", "Enterprise applied", Category::Campaign),
    a("application.decline", "不予采纳申报", "Application declined", Category::Campaign),
    a("participation.apply", "企业申报", "Apply", Category::Campaign),
    a("participation.adopt", "采纳申报", "Adopt the application", Category::Campaign),
    a("participation.decline", "不予采纳", "Decline the application", Category::Campaign),
    a("participation.recommend", "推荐", "Recommend", Category::Campaign),
    a("participation.edit", "修改推荐表", "Edit the recommendation", Category::Campaign),
    a("participation.withdraw_recommendation", "撤回推荐", "Withdraw the recommendation", Category::Campaign),
    a("participation.submit_list", "上报推荐名单", "Submit the list", Category::Campaign),
    a("participation.return", "退回", "Return to the city", Category::Campaign),
    a("participation.select", "遴选", "Select", Category::Campaign),
    a("participation.waitlist", "列入候补", "Put on the waiting list", Category::Campaign),
    a("participation.promote", "候补递补", "Promote from the waiting list", Category::Campaign),
    a("participation.start_training", "开始培训", "Start training", Category::Campaign),
    a("participation.submit_diagnosis", "提交现场评估", "Submit the diagnosis", Category::Campaign),
    a("participation.agree_plan", "确认一企一策方案", "Agree the tailored plan", Category::Campaign),
    a("participation.declare_ready", "申请认证审核", "Declare ready for audit", Category::Campaign),
    a("participation.certify", "认证通过", "Certify", Category::Campaign),
    a("participation.refuse", "不予认证", "Refuse certification", Category::Campaign),
    a("participation.record_surveillance", "完成监督审核", "Record the surveillance audit", Category::Campaign),
    a("participation.submit_case", "提交案例", "Submit the case", Category::Campaign),
    a("participation.withdraw", "退出", "Withdraw", Category::Campaign),
    a("participation.complete", "完成", "Complete", Category::Campaign),
    a("participation.consent.confirmed", "企业确认参与", "Participation confirmed", Category::Campaign),
    a("participation.consent.declined", "企业不参与", "Participation declined", Category::Campaign),
    a("participation.assign", "分配认证机构", "Body assigned", Category::Campaign),
    a("demo.load", "载入演示数据", "Demo data loaded", Category::System),
    a("backup.create", "备份数据库", "Database backed up", Category::System),
    a("demo.passwords", "设置演示账号密码", "Demo passwords set", Category::System),
];

/// The action with this key, when the platform names it.
pub fn action(key: &str) -> Option<&'static ActionName> {
    ACTIONS.iter().find(|a| a.key == key)
}

/// An action's name in the reader's language; a key the table does not know (written by a
/// newer version) shows as itself.
pub fn action_name(key: &str, lang: Lang) -> String {
    action(key).map_or_else(|| key.to_string(), |a| a.name(lang).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_name_in_both_languages_and_a_unique_key() {
        for (i, a) in ACTIONS.iter().enumerate() {
            assert!(!a.zh.is_empty() && !a.en.is_empty(), "{}", a.key);
            assert!(!a.en.contains(['，', '。', '（', '）', '：']), "{}", a.key);
            assert!(
                ACTIONS[..i].iter().all(|b| b.key != a.key),
                "{} twice",
                a.key
            );
        }
    }

    #[test]
    fn every_category_has_actions_and_round_trips() {
        for c in Category::ALL {
            assert!(c.actions().next().is_some(), "{c:?}");
            assert_eq!(Category::from_key(c.key()), Some(c));
        }
        assert_eq!(
            Category::Login.actions().collect::<Vec<_>>(),
            [
                "login.success",
                "login.failure",
                "login.locked",
                "logout",
                "login.password_ok",
                "login.unlocked_by_owner",
                "second_factor.recovery_code",
                "session.end"
            ]
        );
    }

    #[test]
    fn every_move_of_the_workflow_and_both_consents_have_a_name() {
        // The use cases write `participation.<action>` for every move (campaigns/mod.rs).
        for act in crate::workflow::Action::ALL {
            let key = format!("participation.{}", act.key());
            assert!(action(&key).is_some(), "{key}");
        }
        for consent in crate::workflow::Consent::ALL {
            let key = format!("participation.consent.{}", consent.key());
            assert!(
                consent == crate::workflow::Consent::Pending || action(&key).is_some(),
                "{key}"
            );
        }
    }

    #[test]
    fn an_unknown_key_shows_as_itself() {
        assert_eq!(action_name("login.success", Lang::Zh), "登录成功");
        assert_eq!(action_name("login.success", Lang::En), "Logged in");
        assert_eq!(action_name("campaign.opened", Lang::Zh), "campaign.opened");
    }
}
