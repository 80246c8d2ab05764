//! The sentences audit rows carry as free text — written by the store in fixed English
//! forms, or by an earlier version before summaries became data — recognised and put into
//! the reader's words. A sentence not recognised is left to show as it was written.

use chrono::{DateTime, NaiveDate, Utc};

use crate::Lang;
use crate::division;
use crate::eligibility::{EligibilityRules, Rule};
use crate::number::thousands;
use crate::role::{OrganisationKind, Role};
use crate::sme::Industry;

use super::note::{AuditNote, FilterTerm, LoginRefusal, ReportKind};

/// The summary of a row of `action` in the reader's language, when its sentence is one the
/// platform writes; `None` otherwise.
pub fn describe_legacy(action: &str, summary: &str, lang: Lang) -> Option<String> {
    let s = summary.trim();
    let note = |n: AuditNote| Some(n.describe(lang));
    match action {
        "login.success" => note(AuditNote::LoggedIn {
            session: s.strip_suffix(" session opened")?.to_string(),
        }),
        "login.failure" => note(AuditNote::LoginRefused {
            reason: match s {
                "unknown user" => LoginRefusal::UnknownUser,
                "wrong password" => LoginRefusal::WrongPassword,
                "account disabled" => LoginRefusal::AccountDisabled,
                "account locked" => LoginRefusal::AccountLocked,
                _ => return None,
            },
        }),
        "login.locked" => {
            let (failures, until) = s.split_once(" failed logins; locked until ")?;
            note(AuditNote::Locked {
                failures: failures.parse().ok()?,
                until: DateTime::parse_from_rfc3339(until)
                    .ok()?
                    .with_timezone(&Utc),
            })
        }
        "logout" if s == "session closed" => Some(lang.pick("会话已结束", "session closed").into()),
        "user.create" => {
            let (name, role) = s.strip_prefix("created ")?.rsplit_once(" as ")?;
            let role = Role::from_key(role)?.name(lang);
            Some(match lang {
                Lang::Zh => format!("创建账号 {name}，角色：{role}"),
                Lang::En => format!("account {name} created as {role}"),
            })
        }
        "user.disable" | "user.enable" => {
            let (was, now) = s.strip_prefix("disabled: ")?.split_once(" -> ")?;
            let word = |b: &str| match b {
                "true" => Some(lang.pick("已停用", "disabled")),
                "false" => Some(lang.pick("正常", "active")),
                _ => None,
            };
            Some(format!(
                "{}{}{} → {}",
                lang.pick("账号状态", "status"),
                lang.pick("：", ": "),
                word(was)?,
                word(now)?
            ))
        }
        "user.reset_password" if s.starts_with("password reset;") => Some(
            lang.pick(
                "密码已重置；锁定已解除；其会话已结束；下次登录须修改密码",
                "password reset; lockout cleared; sessions ended; to be changed at the next login",
            )
            .into(),
        ),
        "user.change_password" if s.starts_with("password changed by its owner") => Some(
            lang.pick(
                "本人修改了密码；其他会话已结束",
                "password changed by its owner; other sessions ended",
            )
            .into(),
        ),
        "user.unlock" => {
            let failures = s.strip_suffix(" -> 0; lock lifted")?;
            let n: u64 = failures.parse().ok()?;
            Some(match lang {
                Lang::Zh => format!("连续失败次数 {n} → 0，已解锁"),
                Lang::En => format!("failed logins {n} → 0; lock lifted"),
            })
        }
        "enterprise.import.finish" => {
            // "<stored file name>: read …": the stored name is the platform's own, not the
            // user's; the object (the job) names the file.
            let (_, counts) = s.rsplit_once(": read ")?;
            import_counts(&format!("read {counts}"), lang)
        }
        "dishonest.import" => import_counts(s, lang),
        "enterprise.import.batch" => {
            let (rows, counts) = s.strip_prefix("rows ")?.split_once(": ")?;
            let (first, last) = rows.split_once('–')?;
            let (first, last): (u64, u64) = (first.parse().ok()?, last.parse().ok()?);
            let counts = batch_counts(counts, lang)?;
            Some(match lang {
                Lang::Zh => format!("第 {}–{} 行：{counts}", thousands(first), thousands(last)),
                Lang::En => format!("rows {}–{}: {counts}", thousands(first), thousands(last)),
            })
        }
        "enterprise.import.bulk" if s.starts_with("empty directory") => Some(
            lang.pick(
                "名录为空：为批量载入暂时删除索引，结束时重建",
                "empty directory: indexes dropped for a bulk load, rebuilt at the end",
            )
            .into(),
        ),
        "enterprise.move" => {
            let (codes, job) = s.strip_prefix("division ")?.split_once(" (job ")?;
            let (from, to) = codes.split_once(" -> ")?;
            let job = job.strip_suffix(')')?;
            Some(match lang {
                Lang::Zh => format!(
                    "行政区划 {} → {}（导入任务 #{job}）",
                    division::full_name(from),
                    division::full_name(to)
                ),
                Lang::En => format!(
                    "division {} → {} (import #{job})",
                    division::full_name(from),
                    division::full_name(to)
                ),
            })
        }
        "enterprise.create" => {
            let (name, code) = s.strip_prefix("created ")?.rsplit_once(" in ")?;
            let place = division::full_name(code);
            Some(match lang {
                Lang::Zh => format!("新增企业 {name}（{place}）"),
                Lang::En => format!("enterprise {name} added ({place})"),
            })
        }
        "organisation.create" => {
            let rest = s.strip_prefix("created ")?;
            let (kind, rest) = rest.split_once(' ')?;
            let (name, division_code) = rest.rsplit_once(" (")?;
            let division_code = division_code.strip_suffix(')')?;
            let kind = OrganisationKind::from_key(kind)?.name(lang);
            let place = match division_code {
                "-" => String::new(),
                code => format!(
                    "{}{}{}",
                    lang.pick("（", " ("),
                    division::full_name(code),
                    lang.pick("）", ")")
                ),
            };
            Some(match lang {
                Lang::Zh => format!("创建{kind}“{name}”{place}"),
                Lang::En => format!("{kind} \"{name}\" created{place}"),
            })
        }
        "assignment.create" => {
            let (id, name) = s
                .strip_prefix("assigned to organisation ")?
                .split_once(" (")?;
            let name = name.strip_suffix(')')?;
            Some(match lang {
                Lang::Zh => format!("分配给机构 #{id}（{name}）"),
                Lang::En => format!("assigned to organisation #{id} ({name})"),
            })
        }
        "dishonest.create" => {
            let (name, date) = s.rsplit_once(" listed ")?;
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            Some(match lang {
                Lang::Zh => format!("{name}，{}列入", crate::cst::format_date_zh(date)),
                Lang::En => format!("{name}, listed on {date}"),
            })
        }
        "dishonest.update" => {
            let (_, change) = s.strip_prefix("entry ")?.split_once(": removed_on ")?;
            let (before, after) = change.split_once(" -> ")?;
            Some(format!(
                "{}{}{} → {}",
                lang.pick("移出日期", "removed on"),
                lang.pick("：", ": "),
                debug_date(before, lang)?,
                debug_date(after, lang)?
            ))
        }
        "eligibility_rules.update" => {
            let (before, after) = s.split_once("} -> {")?;
            let before: EligibilityRules = serde_json::from_str(&format!("{before}}}")).ok()?;
            let after: EligibilityRules = serde_json::from_str(&format!("{{{after}")).ok()?;
            Some(rules_change(&before, &after, lang))
        }
        "screening.rescreen" => {
            let (n, _) = s.split_once(" verdicts changed")?;
            let n: u64 = n.parse().ok()?;
            Some(match lang {
                Lang::Zh => format!("{} 家企业的审查结论发生变化", thousands(n)),
                Lang::En => format!("{} verdicts changed", thousands(n)),
            })
        }
        "demo.passwords" => note(AuditNote::DemoPasswords {
            accounts: s
                .strip_suffix(" demo accounts given the UPLIFT_DEMO_PASSWORD password")?
                .parse()
                .ok()?,
        }),
        "demo.load" => note(AuditNote::DemoLoaded {
            enterprises: s
                .strip_prefix("demo province loaded: ")?
                .strip_suffix(" enterprises")?
                .parse()
                .ok()?,
        }),
        "import.error_report.download" if s == "error report downloaded" => {
            note(AuditNote::Downloaded {
                report: ReportKind::Errors,
            })
        }
        "enterprise.export" => {
            // "xlsx; filter [(\"city\", \"430100\"), …]; 2 rows"
            let (format, rest) = s.split_once("; filter ")?;
            let (filter, rows) = rest.rsplit_once("; ")?;
            note(AuditNote::Exported {
                format: format.to_string(),
                rows: rows.strip_suffix(" rows")?.parse().ok()?,
                filter: debug_filter(filter),
            })
        }
        "audit_log.view" => {
            // "page 1 [(\"action\", \"login.\"), (\"user\", \"\")]"
            let (page, filter) = s.strip_prefix("page ")?.split_once(' ')?;
            note(AuditNote::Viewed {
                page: page.parse().ok()?,
                filter: debug_filter(filter),
            })
        }
        _ => None,
    }
}

/// "read 6, inserted 4, updated 1, unchanged 0, rejected 1".
fn import_counts(s: &str, lang: Lang) -> Option<String> {
    let (read, rest) = s.strip_prefix("read ")?.split_once(", ")?;
    let read: u64 = read.parse().ok()?;
    let rest = batch_counts(rest, lang)?;
    Some(match lang {
        Lang::Zh => format!("读取 {} 行：{rest}", thousands(read)),
        Lang::En => format!("{} rows read: {rest}", thousands(read)),
    })
}

/// "inserted 4, updated 1, unchanged 0, rejected 1".
fn batch_counts(s: &str, lang: Lang) -> Option<String> {
    let mut parts = Vec::new();
    for part in s.split(", ") {
        let (word, n) = part.split_once(' ')?;
        let n: u64 = n.parse().ok()?;
        let word = match word {
            "inserted" => lang.pick("新增", "inserted"),
            "updated" => lang.pick("更新", "updated"),
            "unchanged" => lang.pick("未变化", "unchanged"),
            "rejected" => lang.pick("拒绝", "rejected"),
            _ => return None,
        };
        parts.push(format!("{word} {}", thousands(n)));
    }
    Some(parts.join(lang.pick("，", ", ")))
}

/// `None` or `Some(2022-05-01)`, as Rust's debug form writes an optional date.
fn debug_date(text: &str, lang: Lang) -> Option<String> {
    if text == "None" {
        return Some("—".into());
    }
    let date = text.strip_prefix("Some(")?.strip_suffix(')')?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some(match lang {
        Lang::Zh => crate::cst::format_date_zh(date),
        Lang::En => date.to_string(),
    })
}

/// The filter an older version wrote as Rust's debug form of its query pairs:
/// `[("city", "430100"), ("county", ""), …]`; empty values and the sort order dropped.
fn debug_filter(text: &str) -> Vec<FilterTerm> {
    let mut terms = Vec::new();
    for pair in text.split("(\"").skip(1) {
        let Some((key, rest)) = pair.split_once("\", \"") else {
            continue;
        };
        let Some((value, _)) = rest.split_once("\")") else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        let value = value.to_string();
        let term = match key {
            "city" | "prefecture" => FilterTerm::City(value),
            "county" => FilterTerm::County(value),
            "industry" => {
                FilterTerm::Industry(Industry::parse(&value).map_or(value, |i| i.key().to_string()))
            }
            "size_class" => FilterTerm::SizeClass(value),
            "verdict" => FilterTerm::Verdict(value == "eligible"),
            "failed" => FilterTerm::FailedRule(value),
            "q" => FilterTerm::Search(value),
            "action" => FilterTerm::Action(value),
            "user" => FilterTerm::User(value),
            _ => continue,
        };
        terms.push(term);
    }
    terms
}

/// What changed between two sets of rules, rule by rule.
fn rules_change(before: &EligibilityRules, after: &EligibilityRules, lang: Lang) -> String {
    let on_off = |b: bool| {
        lang.pick(
            if b { "启用" } else { "未启用" },
            if b { "on" } else { "off" },
        )
    };
    let sizes = |r: &EligibilityRules| {
        if r.size_classes.is_empty() {
            lang.pick("不限", "any").to_string()
        } else {
            let names: Vec<&str> = r.size_classes.iter().map(|c| c.name(lang)).collect();
            names.join(lang.pick("、", ", "))
        }
    };
    let revenue = |r: &EligibilityRules| match r.min_main_revenue {
        Some(m) => m.display(lang),
        None => lang.pick("不限", "none").to_string(),
    };
    let mut parts = Vec::new();
    let mut change = |rule: Rule, was: String, now: String| {
        if was != now {
            parts.push(format!(
                "{}{}{was} → {now}",
                rule.name(lang),
                lang.pick("：", ": ")
            ));
        }
    };
    change(Rule::SizeClass, sizes(before), sizes(after));
    change(Rule::MainRevenue, revenue(before), revenue(after));
    change(
        Rule::Operating,
        on_off(before.require_operating).into(),
        on_off(after.require_operating).into(),
    );
    change(
        Rule::NotDishonest,
        on_off(before.exclude_dishonest).into(),
        on_off(after.exclude_dishonest).into(),
    );
    change(
        Rule::Contact,
        on_off(before.require_contact).into(),
        on_off(after.require_contact).into(),
    );
    change(
        Rule::SelectedBefore,
        before.selected_before.name(lang).into(),
        after.selected_before.name(lang).into(),
    );
    if parts.is_empty() {
        return lang
            .pick("遴选条件未变（重新保存）", "rules saved unchanged")
            .into();
    }
    parts.join(lang.pick("；", "; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(action: &str, summary: &str) -> Option<String> {
        describe_legacy(action, summary, Lang::Zh)
    }

    #[test]
    fn the_stores_login_sentences_read_in_chinese() {
        assert_eq!(
            zh("login.success", "web session opened").as_deref(),
            Some("网页登录")
        );
        assert_eq!(
            zh("login.failure", "wrong password").as_deref(),
            Some("密码错误")
        );
        assert_eq!(
            zh(
                "login.locked",
                "5 failed logins; locked until 2026-11-28T23:30:00+00:00"
            )
            .as_deref(),
            Some("连续 5 次登录失败，锁定至 2026-11-29 07:30（北京时间）")
        );
        assert_eq!(
            zh("logout", "session closed").as_deref(),
            Some("会话已结束")
        );
    }

    #[test]
    fn an_older_export_row_names_its_filter_and_rows() {
        let old = r#"csv; filter [("city", "430100"), ("county", ""), ("industry", ""), ("size_class", ""), ("verdict", "eligible"), ("failed", ""), ("q", ""), ("sort", "")]; 2 rows"#;
        assert_eq!(
            zh("enterprise.export", old).as_deref(),
            Some("导出 CSV，共 2 行；筛选条件：市州 长沙市、审查结论 符合条件")
        );
    }

    #[test]
    fn import_counts_and_accounts_read_in_chinese() {
        assert_eq!(
            zh(
                "enterprise.import.finish",
                "20260101-abcd.csv: read 6, inserted 4, updated 1, unchanged 0, rejected 1"
            )
            .as_deref(),
            Some("读取 6 行：新增 4，更新 1，未变化 0，拒绝 1")
        );
        assert_eq!(
            zh(
                "enterprise.import.batch",
                "rows 2–5001: inserted 4999, updated 0, unchanged 0, rejected 1"
            )
            .as_deref(),
            Some("第 2–5,001 行：新增 4,999，更新 0，未变化 0，拒绝 1")
        );
        assert_eq!(
            zh("user.create", "created city-430100 as city").as_deref(),
            Some("创建账号 city-430100，角色：市州管理员")
        );
        assert_eq!(
            zh("user.disable", "disabled: false -> true").as_deref(),
            Some("账号状态：正常 → 已停用")
        );
        assert_eq!(
            zh(
                "organisation.create",
                "created city_regulator 长沙市市场监督管理局 (430100)"
            )
            .as_deref(),
            Some("创建市州市场监管局“长沙市市场监督管理局”（长沙市）")
        );
        assert_eq!(
            zh("enterprise.move", "division 430100 -> 430102 (job 7)").as_deref(),
            Some("行政区划 长沙市 → 长沙市芙蓉区（导入任务 #7）")
        );
    }

    #[test]
    fn a_change_of_rules_names_the_rules_that_changed() {
        let before = EligibilityRules::default();
        let after = EligibilityRules {
            min_main_revenue: Some(crate::money::Money::from_wan(1500)),
            require_contact: false,
            ..EligibilityRules::default()
        };
        let stored = format!(
            "{} -> {}",
            serde_json::to_string(&before).unwrap_or_default(),
            serde_json::to_string(&after).unwrap_or_default()
        );
        assert_eq!(
            zh("eligibility_rules.update", &stored).as_deref(),
            Some("年主营业务收入：2,000 万元 → 1,500 万元；指定专人负责：启用 → 未启用")
        );
    }

    #[test]
    fn a_sentence_not_recognised_is_left_alone() {
        assert_eq!(zh("login.success", "something else"), None);
        assert_eq!(zh("no.such.action", "read 1"), None);
    }
}
