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
    /// 系统 — the operator's and the demo's acts.
    System,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Login,
        Category::Account,
        Category::Organisation,
        Category::Import,
        Category::Export,
        Category::Eligibility,
        Category::Directory,
        Category::AuditLog,
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
    a("user.create", "创建用户", "User created", Category::Account),
    a("user.disable", "停用用户", "User disabled", Category::Account),
    a("user.enable", "启用用户", "User enabled", Category::Account),
    a("user.unlock", "解锁用户", "User unlocked", Category::Account),
    a("user.reset_password", "重置密码", "Password reset", Category::Account),
    a("user.change_password", "修改本人密码", "Own password changed", Category::Account),
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
    a("import.error_report.download", "下载错误报告", "Error report downloaded", Category::Export),
    a("import.rejected_rows.download", "下载被拒绝的行", "Rejected rows downloaded", Category::Export),
    a("audit_log.export", "导出审计日志", "Audit log exported", Category::Export),
    a("eligibility_rules.update", "修改遴选条件", "Eligibility rules changed", Category::Eligibility),
    a("screening.rescreen", "重新审查", "Re-screening", Category::Eligibility),
    a("enterprise.create", "新增企业", "Enterprise added", Category::Directory),
    a("audit_log.view", "查看审计日志", "Audit log viewed", Category::AuditLog),
    a("demo.load", "载入演示数据", "Demo data loaded", Category::System),
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
            ["login.success", "login.failure", "login.locked", "logout"]
        );
    }

    #[test]
    fn an_unknown_key_shows_as_itself() {
        assert_eq!(action_name("login.success", Lang::Zh), "登录成功");
        assert_eq!(action_name("login.success", Lang::En), "Logged in");
        assert_eq!(action_name("campaign.open", Lang::Zh), "campaign.open");
    }
}
