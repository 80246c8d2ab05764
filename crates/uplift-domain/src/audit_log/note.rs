//! Summaries as data: what a login, an upload, an export or a viewing of the log records,
//! stored as JSON (`{"note":"exported","format":"xlsx","rows":2,…}`) and worded for the
//! reader in either language.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::cst;
use crate::division::{self, known_prefecture};
use crate::eligibility::Rule;
use crate::number::{file_size, thousands};
use crate::sme::{Industry, SizeClass};

use super::action::{Category, action_name};

/// What one audit row says beside its action and object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum AuditNote {
    /// A session opened: `web` (the login page) or `api` (a bearer token).
    LoggedIn { session: String },
    /// A login refused, and why (the reader is the audit administrator, who may know).
    LoginRefused { reason: LoginRefusal },
    /// Too many failed logins in a row: locked until `until`.
    Locked { failures: i64, until: DateTime<Utc> },
    /// A file uploaded for an import, by the name it had on the user's computer.
    Uploaded {
        /// `enterprises` or `dishonest`.
        kind: String,
        file: String,
        bytes: u64,
    },
    /// Rows that left the platform as a file: the format (`csv`, `xlsx`), how many rows,
    /// and the filter that chose them.
    Exported {
        format: String,
        rows: u64,
        filter: Vec<FilterTerm>,
    },
    /// A report downloaded: of which kind, and for which import job.
    Downloaded { report: ReportKind },
    /// A page of the audit log read, with the filter.
    Viewed { page: u64, filter: Vec<FilterTerm> },
    /// The demo's accounts given the operator's password.
    DemoPasswords { accounts: u64 },
    /// The demo province loaded.
    DemoLoaded { enterprises: u64 },
}

/// Why a login was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginRefusal {
    UnknownUser,
    WrongPassword,
    AccountDisabled,
    AccountLocked,
    /// The account needs its second factor and has none yet (the API cannot enrol).
    SecondFactorNotEnrolled,
    /// The one-time code (or recovery code) was wrong or used already.
    WrongSecondFactor,
}

/// The reports an import leaves for its uploader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// The list of problems: row, column, value, explanation.
    Errors,
    /// The rejected rows themselves, in the input's format, to fix and upload again.
    RejectedRows,
}

/// One condition of a filter, as the user chose it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum FilterTerm {
    /// A 市州 code.
    City(String),
    /// A 县市区 code.
    County(String),
    /// An industry key.
    Industry(String),
    /// A size-class key.
    SizeClass(String),
    /// Eligible (true) or not.
    Verdict(bool),
    /// A rule key: the enterprises failing it.
    FailedRule(String),
    /// A name or credit-code search.
    Search(String),
    /// An audit-log category key.
    Category(String),
    /// An action key, or the start of one (older viewers filtered by prefix).
    Action(String),
    /// A username.
    User(String),
    /// From this date (China time), inclusive.
    From(NaiveDate),
    /// Up to this date (China time), inclusive.
    Until(NaiveDate),
}

impl AuditNote {
    /// The note a stored summary holds; `None` for free text (older rows, the store's own
    /// sentences).
    pub fn parse(summary: &str) -> Option<AuditNote> {
        if !summary.starts_with('{') {
            return None;
        }
        serde_json::from_str(summary).ok()
    }

    /// The form stored in the audit row.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (AuditNote::LoggedIn { session }, _) if session == "api" => lang
                .pick("API 令牌登录", "Signed in for an API token")
                .into(),
            (AuditNote::LoggedIn { .. }, _) => lang.pick("网页登录", "Signed in on the web").into(),
            (AuditNote::LoginRefused { reason }, _) => reason.describe(lang).into(),
            (AuditNote::Locked { failures, until }, Lang::Zh) => format!(
                "连续 {failures} 次登录失败，锁定至 {}（北京时间）",
                cst::format_minute(*until)
            ),
            (AuditNote::Locked { failures, until }, Lang::En) => format!(
                "{failures} failed logins in a row; locked until {} China time",
                cst::format_minute(*until)
            ),
            (AuditNote::Uploaded { kind, file, bytes }, Lang::Zh) => format!(
                "上传{}文件“{file}”（{}）",
                upload_kind(kind, lang),
                file_size(*bytes)
            ),
            (AuditNote::Uploaded { kind, file, bytes }, Lang::En) => format!(
                "uploaded the {} file \"{file}\" ({})",
                upload_kind(kind, lang),
                file_size(*bytes)
            ),
            (
                AuditNote::Exported {
                    format,
                    rows,
                    filter,
                },
                Lang::Zh,
            ) => format!(
                "导出 {}，共 {} 行；{}",
                format_name(format),
                thousands(*rows),
                describe_filter(filter, lang)
            ),
            (
                AuditNote::Exported {
                    format,
                    rows,
                    filter,
                },
                Lang::En,
            ) => format!(
                "{} {} exported as {}; {}",
                thousands(*rows),
                if *rows == 1 { "row" } else { "rows" },
                format_name(format),
                describe_filter(filter, lang)
            ),
            (AuditNote::Downloaded { report }, _) => match report {
                ReportKind::Errors => lang.pick("错误报告（问题清单）", "the error list"),
                ReportKind::RejectedRows => lang.pick(
                    "被拒绝的行（原文件格式，可修改后重新导入）",
                    "the rejected rows, in the input's format, to fix and upload again",
                ),
            }
            .into(),
            (AuditNote::Viewed { page, filter }, Lang::Zh) => {
                format!(
                    "第 {} 页；{}",
                    thousands(*page),
                    describe_filter(filter, lang)
                )
            }
            (AuditNote::Viewed { page, filter }, Lang::En) => {
                format!(
                    "page {}; {}",
                    thousands(*page),
                    describe_filter(filter, lang)
                )
            }
            (AuditNote::DemoPasswords { accounts }, Lang::Zh) => format!(
                "{} 个演示账号的密码设为 UPLIFT_DEMO_PASSWORD",
                thousands(*accounts)
            ),
            (AuditNote::DemoPasswords { accounts }, Lang::En) => format!(
                "{} demo accounts given the UPLIFT_DEMO_PASSWORD password",
                thousands(*accounts)
            ),
            (AuditNote::DemoLoaded { enterprises }, Lang::Zh) => {
                format!("演示省份已载入：{} 家企业", thousands(*enterprises))
            }
            (AuditNote::DemoLoaded { enterprises }, Lang::En) => {
                format!(
                    "demo province loaded: {} enterprises",
                    thousands(*enterprises)
                )
            }
        }
    }
}

impl LoginRefusal {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            LoginRefusal::UnknownUser => lang.pick("用户名不存在", "unknown username"),
            LoginRefusal::WrongPassword => lang.pick("密码错误", "wrong password"),
            LoginRefusal::AccountDisabled => lang.pick("账号已停用", "account disabled"),
            LoginRefusal::AccountLocked => lang.pick("账号已锁定", "account locked"),
            LoginRefusal::SecondFactorNotEnrolled => {
                lang.pick("尚未启用动态验证码", "second factor not enrolled")
            }
            LoginRefusal::WrongSecondFactor => {
                lang.pick("动态验证码错误或已使用", "wrong or used one-time code")
            }
        }
    }
}

fn upload_kind(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "dishonest" => lang.pick("严重违法失信名单", "dishonest-list"),
        _ => lang.pick("企业名录", "enterprise directory"),
    }
}

fn format_name(format: &str) -> &str {
    match format {
        "xlsx" => "Excel",
        "csv" => "CSV",
        other => other,
    }
}

/// A city by name in the reader's language.
pub(super) fn city_name(code: &str, lang: Lang) -> String {
    match (lang, known_prefecture(code)) {
        (Lang::En, Some(city)) if city.code == code => city.name_en.to_string(),
        _ => division::full_name(code),
    }
}

impl FilterTerm {
    pub fn describe(&self, lang: Lang) -> String {
        let (label, value) = match self {
            FilterTerm::City(code) => (lang.pick("市州", "city"), city_name(code, lang)),
            FilterTerm::County(code) => (lang.pick("县市区", "county"), division::full_name(code)),
            FilterTerm::Industry(key) => (
                lang.pick("行业", "industry"),
                Industry::from_key(key).map_or_else(|| key.clone(), |i| i.name(lang).into()),
            ),
            FilterTerm::SizeClass(key) => (
                lang.pick("规模", "size class"),
                SizeClass::from_key(key).map_or_else(|| key.clone(), |c| c.name(lang).into()),
            ),
            FilterTerm::Verdict(eligible) => (
                lang.pick("审查结论", "screening"),
                if *eligible {
                    lang.pick("符合条件", "eligible").into()
                } else {
                    lang.pick("不符合", "not eligible").into()
                },
            ),
            FilterTerm::FailedRule(key) => (
                lang.pick("不符合的条件", "failing"),
                Rule::from_key(key).map_or_else(|| key.clone(), |r| r.name(lang).into()),
            ),
            FilterTerm::Search(q) => (
                lang.pick("搜索", "search"),
                match lang {
                    Lang::Zh => format!("“{q}”"),
                    Lang::En => format!("\"{q}\""),
                },
            ),
            FilterTerm::Category(key) => (
                lang.pick("类别", "category"),
                Category::from_key(key).map_or_else(|| key.clone(), |c| c.name(lang).into()),
            ),
            FilterTerm::Action(key) => (lang.pick("操作", "action"), action_name(key, lang)),
            FilterTerm::User(name) => (lang.pick("用户", "user"), name.clone()),
            FilterTerm::From(date) => (lang.pick("起始日期", "from"), date_text(*date, lang)),
            FilterTerm::Until(date) => (lang.pick("截止日期", "until"), date_text(*date, lang)),
        };
        format!("{label} {value}")
    }
}

fn date_text(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => cst::format_date_zh(date),
        Lang::En => date.format("%Y-%m-%d").to_string(),
    }
}

/// A filter in words: "筛选条件：市州 长沙市、行业 工业"; "未筛选（全部）" when empty.
pub fn describe_filter(filter: &[FilterTerm], lang: Lang) -> String {
    if filter.is_empty() {
        return lang.pick("未筛选（全部）", "no filter (everything)").into();
    }
    let terms: Vec<String> = filter.iter().map(|t| t.describe(lang)).collect();
    match lang {
        Lang::Zh => format!("筛选条件：{}", terms.join("、")),
        Lang::En => format!("filter: {}", terms.join(", ")),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn an_export_names_its_filter_in_words_and_its_row_count() {
        let note = AuditNote::Exported {
            format: "xlsx".into(),
            rows: 1234,
            filter: vec![
                FilterTerm::City("430100".into()),
                FilterTerm::County("430102".into()),
                FilterTerm::Industry("industry".into()),
                FilterTerm::Verdict(true),
            ],
        };
        let stored = note.to_json();
        assert_eq!(AuditNote::parse(&stored), Some(note.clone()));
        assert_eq!(
            note.describe(Lang::Zh),
            "导出 Excel，共 1,234 行；筛选条件：市州 长沙市、县市区 长沙市芙蓉区、行业 工业、审查结论 符合条件"
        );
        assert_eq!(
            note.describe(Lang::En),
            "1,234 rows exported as Excel; filter: city Changsha, county 长沙市芙蓉区, industry Industrial sector, screening eligible"
        );
    }

    #[test]
    fn an_unfiltered_export_says_so() {
        let note = AuditNote::Exported {
            format: "csv".into(),
            rows: 1,
            filter: Vec::new(),
        };
        assert_eq!(note.describe(Lang::Zh), "导出 CSV，共 1 行；未筛选（全部）");
        assert_eq!(
            note.describe(Lang::En),
            "1 row exported as CSV; no filter (everything)"
        );
    }

    #[test]
    fn an_upload_names_the_file_as_the_user_had_it() {
        let note = AuditNote::Uploaded {
            kind: "enterprises".into(),
            file: "长沙市名录2022.xlsx".into(),
            bytes: 2_202_010,
        };
        assert_eq!(
            note.describe(Lang::Zh),
            "上传企业名录文件“长沙市名录2022.xlsx”（2.1 MB）"
        );
    }

    #[test]
    fn a_lockout_gives_its_end_in_china_time() {
        use chrono::TimeZone;
        let note = AuditNote::Locked {
            failures: 5,
            until: Utc.with_ymd_and_hms(2026, 11, 28, 23, 30, 0).unwrap(),
        };
        assert_eq!(
            note.describe(Lang::Zh),
            "连续 5 次登录失败，锁定至 2026-11-29 07:30（北京时间）"
        );
    }

    #[test]
    fn free_text_is_not_a_note() {
        assert_eq!(AuditNote::parse("web session opened"), None);
        assert_eq!(AuditNote::parse("{not json"), None);
        assert_eq!(
            AuditNote::parse(r#"{"note":"logged_in","session":"web"}"#),
            Some(AuditNote::LoggedIn {
                session: "web".into()
            })
        );
    }
}
