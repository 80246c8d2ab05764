//! An enterprise's change history as an official reads it, in the page's language:
//! "主营业务收入：1,500 万元 → 2,500 万元；联系电话：138****1234 → 139****5678".
//!
//! History rows store JSON, `{"field": [before, after]}`, written by imports (figures)
//! and re-screening (verdicts). Values are written as the rest of the page writes them
//! (its own formatters), phone numbers as the viewer may see them; the stored JSON itself
//! never reaches the page.

use serde_json::Value;
use uplift_domain::Lang;
use uplift_domain::directory::Column;
use uplift_domain::eligibility::Rule;
use uplift_domain::money::Money;
use uplift_domain::privacy::phone_as_seen_by;
use uplift_domain::role::Role;
use uplift_domain::sme::SizeClass;

use super::enterprises::{employees_label, industry_label, money, status_label};
use crate::i18n::t;

/// One history row's changes as a sentence; "—" when the row cannot be read.
pub fn describe(changes: &str, lang: Lang, viewer: Role) -> String {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(changes) else {
        return "—".into();
    };
    let parts: Vec<String> = fields
        .iter()
        .filter_map(|(field, pair)| {
            let [before, after] = pair.as_array()?.as_slice() else {
                return None;
            };
            Some(format!(
                "{}{}{} → {}",
                label(field, lang),
                lang.pick("：", ": "),
                value(field, before, lang, viewer),
                value(field, after, lang, viewer)
            ))
        })
        .collect();
    if parts.is_empty() {
        return "—".into();
    }
    parts.join(lang.pick("；", "; "))
}

fn label(field: &str, lang: Lang) -> String {
    match field {
        "eligible" => t(lang, "history.eligible").into(),
        "failed_rules" => t(lang, "history.failed_rules").into(),
        "size_class" => t(lang, "history.size_class").into(),
        other => Column::from_key(other).map_or_else(|| other.to_string(), |c| c.name(lang).into()),
    }
}

fn value(field: &str, v: &Value, lang: Lang, viewer: Role) -> String {
    if v.is_null() {
        return "—".into();
    }
    let text = v.as_str().unwrap_or_default();
    match field {
        "employees" => match v.as_i64() {
            Some(n) => employees_label(lang, Some(n)),
            None => v.to_string(),
        },
        "operating_revenue" | "main_revenue" | "total_assets" => match v.as_i64() {
            Some(yuan) => money(lang, Some(Money::from_yuan(yuan))),
            None => v.to_string(),
        },
        "industry" => industry_label(lang, text),
        "operating_status" => status_label(lang, text).to_string(),
        "contact_phone" => phone_as_seen_by(viewer, text),
        "size_class" => {
            SizeClass::from_key(text).map_or_else(|| text.to_string(), |c| c.name(lang).to_string())
        }
        "eligible" => match v.as_bool() {
            Some(true) => t(lang, "verdict.eligible").into(),
            Some(false) => t(lang, "verdict.ineligible").into(),
            None => v.to_string(),
        },
        "failed_rules" => {
            let names: Vec<&str> = text
                .split(',')
                .filter_map(Rule::from_key)
                .map(|r| r.name(lang))
                .collect();
            if names.is_empty() {
                t(lang, "history.none_failed").into()
            } else {
                names.join(lang.pick("、", ", "))
            }
        }
        _ => match v.as_str() {
            Some(s) => s.to_string(),
            None => v.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imports_changes_read_as_before_and_after_with_units() {
        let changes = r#"{"main_revenue":[15000000,25000000],"employees":[8,12],"industry":["industry","software_it"]}"#;
        assert_eq!(
            describe(changes, Lang::Zh, Role::Province),
            "从业人员：8 人 → 12 人；行业：工业 → 软件和信息技术服务业；主营业务收入：1,500 万元 → 2,500 万元"
        );
    }

    #[test]
    fn a_phone_is_masked_for_a_viewer_who_may_not_see_it() {
        let changes = r#"{"contact_phone":["13812341234","13956785678"]}"#;
        assert_eq!(
            describe(changes, Lang::Zh, Role::SupportUnit),
            "联系电话：138****1234 → 139****5678"
        );
        assert_eq!(
            describe(changes, Lang::Zh, Role::City),
            "联系电话：13812341234 → 13956785678"
        );
    }

    #[test]
    fn a_rescreening_reads_as_a_verdict_and_the_rules_failed() {
        let changes = r#"{"eligible":[true,false],"failed_rules":["",",main_revenue,contact,"],"size_class":["small","small"]}"#;
        assert_eq!(
            describe(changes, Lang::Zh, Role::City),
            "遴选结论：符合条件 → 不符合；未满足的遴选条件：无 → 年主营业务收入、指定专人负责；企业规模：小型 → 小型"
        );
        assert_eq!(
            describe(changes, Lang::En, Role::City),
            "Screening verdict: Eligible → Not eligible; Conditions not met: none → Annual main-business revenue, Designated contact person; Size class: Small → Small"
        );
    }

    #[test]
    fn an_unreadable_row_shows_nothing_of_itself() {
        assert_eq!(
            describe("not json 13812341234", Lang::Zh, Role::Expert),
            "—"
        );
        assert_eq!(describe(r#"{"name":"x"}"#, Lang::Zh, Role::Expert), "—");
        assert_eq!(
            describe(r#"{"name":[null,"长沙甲"]}"#, Lang::Zh, Role::Expert),
            "企业名称：— → 长沙甲"
        );
    }
}
