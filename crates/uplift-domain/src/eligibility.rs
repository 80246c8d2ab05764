//! 遴选条件 — the campaign's screening rules, as data a province can change per campaign.
//!
//! The 2022 Hunan notice (mission source document, line 7): "小微企业的遴选应符合《中小企业
//! 划型标准规定》，年主营业务收入2000万以上，具备相关法定资质、资格，未列入严重违法失信名单；
//! 企业处于正常生产运营状态，具备质量管理体系建设的基本条件；企业高层提升意愿强烈……并指定
//! 专人负责". Encoded here are the conditions that records can decide:
//!
//! | rule | notice | default |
//! |---|---|---|
//! | [`Rule::SizeClass`] | 符合《中小企业划型标准规定》 (小微企业) | small or micro |
//! | [`Rule::MainRevenue`] | 年主营业务收入2000万以上 | ≥ 2000 万元 |
//! | [`Rule::Operating`] | 处于正常生产运营状态 | required |
//! | [`Rule::NotDishonest`] | 未列入严重违法失信名单 | required |
//! | [`Rule::Contact`] | 指定专人负责 | name and phone |
//! | [`Rule::SelectedBefore`] | (see below) | ineligible |
//!
//! [`Rule::SelectedBefore`] is not in the notice's list: the notice continues the action
//! year after year ("今年继续在全省范围内遴选50家", line 5), and the Campaign issue asks that an
//! enterprise already selected in an earlier campaign be flagged, ineligible by default so
//! that the places reach enterprises not yet helped, and configurable (a warning only, or
//! not checked) for a province that wants to help some again.
//!
//! "具备相关法定资质、资格", "具备质量管理体系建设的基本条件" and "高层提升意愿强烈" need a
//! person's judgement (licences, a visit, a conversation); the city records them when it
//! recommends, they are not screened here.
//!
//! "以上" includes the figure itself (《中华人民共和国民法典》第一千二百五十九条: "民法所称的
//! '以上'……包括本数"), so exactly 2000 万元 passes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::date::format_date;
use crate::directory::{DirectoryRow, OperatingStatus};
use crate::dishonest::DishonestEntry;
use crate::lang::{Lang, Localized};
use crate::money::Money;
use crate::sme::{Classification, SizeClass, SmeError};

/// The notice's revenue floor: 年主营业务收入2000万以上.
pub const DEFAULT_MIN_MAIN_REVENUE: Money = Money::from_wan(2000);

/// The screening rules of one campaign. Each rule can be switched off: `size_classes` empty,
/// `min_main_revenue` None, or the flag false. Missing fields deserialise to the notice's
/// defaults, so a stored campaign only needs what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct EligibilityRules {
    /// Admitted size classes; empty switches the rule off (an empty set would exclude every
    /// enterprise, which no campaign means).
    pub size_classes: Vec<SizeClass>,
    /// Minimum 主营业务收入, inclusive ("以上"); serialised as whole yuan, like [`Money`].
    pub min_main_revenue: Option<Money>,
    pub require_operating: bool,
    pub exclude_dishonest: bool,
    /// A contact person with both name and phone.
    pub require_contact: bool,
    /// What an earlier campaign's selection means for this one.
    pub selected_before: PriorSelection,
}

/// How a campaign treats an enterprise selected in an earlier campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorSelection {
    /// Ineligible: the places go to enterprises the programme has not helped yet.
    #[default]
    Ineligible,
    /// Shown as a warning beside the verdict; the enterprise stays eligible.
    Warning,
    /// Not checked.
    Ignored,
}

impl PriorSelection {
    pub const ALL: [PriorSelection; 3] = [
        PriorSelection::Ineligible,
        PriorSelection::Warning,
        PriorSelection::Ignored,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PriorSelection::Ineligible => "ineligible",
            PriorSelection::Warning => "warning",
            PriorSelection::Ignored => "ignored",
        }
    }

    pub fn from_key(key: &str) -> Option<PriorSelection> {
        PriorSelection::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The choice as the rules page offers it.
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            PriorSelection::Ineligible => lang.pick("视为不符合条件", "Ineligible"),
            PriorSelection::Warning => lang.pick("仅提示", "Warning only"),
            PriorSelection::Ignored => lang.pick("不检查", "Not checked"),
        }
    }
}

impl Default for EligibilityRules {
    /// The 2022 Hunan notice's conditions.
    fn default() -> Self {
        EligibilityRules {
            size_classes: vec![SizeClass::Small, SizeClass::Micro],
            min_main_revenue: Some(DEFAULT_MIN_MAIN_REVENUE),
            require_operating: true,
            exclude_dishonest: true,
            require_contact: true,
            selected_before: PriorSelection::Ineligible,
        }
    }
}

impl EligibilityRules {
    /// Is this rule switched on?
    pub fn applies(&self, rule: Rule) -> bool {
        match rule {
            Rule::SizeClass => !self.size_classes.is_empty(),
            Rule::MainRevenue => self.min_main_revenue.is_some(),
            Rule::Operating => self.require_operating,
            Rule::NotDishonest => self.exclude_dishonest,
            Rule::Contact => self.require_contact,
            Rule::SelectedBefore => self.selected_before != PriorSelection::Ignored,
        }
    }

    /// Does a failure of this rule only warn, leaving the enterprise eligible?
    pub fn warns_only(&self, rule: Rule) -> bool {
        rule == Rule::SelectedBefore && self.selected_before == PriorSelection::Warning
    }

    /// Does a failure of this rule make the enterprise ineligible?
    fn excludes(&self, rule: Rule) -> bool {
        self.applies(rule) && !self.warns_only(rule)
    }
}

/// One screening rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    SizeClass,
    MainRevenue,
    Operating,
    NotDishonest,
    Contact,
    /// 往年已入选 — selected in an earlier campaign.
    SelectedBefore,
}

impl Rule {
    /// In the order of the notice, the campaign's own rule last.
    pub const ALL: [Rule; 6] = [
        Rule::SizeClass,
        Rule::MainRevenue,
        Rule::Operating,
        Rule::NotDishonest,
        Rule::Contact,
        Rule::SelectedBefore,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Rule::SizeClass => "size_class",
            Rule::MainRevenue => "main_revenue",
            Rule::Operating => "operating",
            Rule::NotDishonest => "not_dishonest",
            Rule::Contact => "contact",
            Rule::SelectedBefore => "selected_before",
        }
    }

    pub fn from_key(key: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Rule::SizeClass => lang.pick("企业规模", "Size class"),
            Rule::MainRevenue => lang.pick("年主营业务收入", "Annual main-business revenue"),
            Rule::Operating => lang.pick("正常生产经营", "Operating normally"),
            Rule::NotDishonest => lang.pick(
                "未列入严重违法失信名单",
                "Not on the serious illegal and dishonest list",
            ),
            Rule::Contact => lang.pick("指定专人负责", "Designated contact person"),
            Rule::SelectedBefore => {
                lang.pick("往年未入选提升行动", "Not selected in an earlier campaign")
            }
        }
    }
}

/// What is known about one enterprise, borrowed from wherever it is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts<'a> {
    /// The 划型 result, or why it could not be made (a figure the industry needs is missing);
    /// the error is shown as the reason. From a stored or declared class: `Ok(class)`.
    pub size: Result<SizeClass, &'a SmeError>,
    /// 主营业务收入, None when not reported.
    pub main_revenue: Option<Money>,
    pub operating_status: OperatingStatus,
    /// The enterprise's *active* entry on the list, if any. Matching entries to enterprises
    /// (by code, else by name) and dropping removed ones is the caller's job:
    /// [`DishonestEntry::concerns`], [`DishonestEntry::is_active`].
    pub dishonest: Option<DishonestHit<'a>>,
    pub contact_name: Option<&'a str>,
    pub contact_phone: Option<&'a str>,
    /// The year of an earlier campaign that selected the enterprise (the latest, if
    /// several); None if none did. Known from past participations, not from the directory.
    pub selected_in_earlier_campaign: Option<u16>,
}

impl<'a> Facts<'a> {
    /// The facts of a directory row, with its 划型 result (`row.classify()`, kept by the
    /// caller so that the error can be borrowed) and its active dishonest-list entry. An
    /// earlier selection is not in a directory row: the caller sets
    /// `selected_in_earlier_campaign` from past participations.
    pub fn from_row(
        row: &'a DirectoryRow,
        classification: &'a Result<Classification, SmeError>,
        dishonest: Option<DishonestHit<'a>>,
    ) -> Facts<'a> {
        Facts {
            size: classification.as_ref().map(|c| c.class),
            main_revenue: row.main_revenue,
            operating_status: row.operating_status,
            dishonest,
            contact_name: row.contact_name.as_deref(),
            contact_phone: row.contact_phone.as_deref(),
            selected_in_earlier_campaign: None,
        }
    }
}

/// The listing that excludes an enterprise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DishonestHit<'a> {
    pub listed_on: NaiveDate,
    pub reason: &'a str,
    pub authority: &'a str,
}

impl<'a> From<&'a DishonestEntry> for DishonestHit<'a> {
    fn from(entry: &'a DishonestEntry) -> Self {
        DishonestHit {
            listed_on: entry.listed_on,
            reason: &entry.reason,
            authority: &entry.authority,
        }
    }
}

/// Why a rule passed or failed, kept to render in either language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Finding {
    SwitchedOff,
    Size {
        class: SizeClass,
        admitted: Vec<SizeClass>,
    },
    SizeUnknown(SmeError),
    Revenue {
        revenue: Money,
        min: Money,
    },
    RevenueMissing,
    Status(OperatingStatus),
    NotListed,
    Listed {
        listed_on: NaiveDate,
        reason: String,
        authority: String,
    },
    Contact {
        name: Option<String>,
        has_phone: bool,
    },
    NotSelectedBefore,
    SelectedBefore {
        year: u16,
    },
}

/// The result of one rule for one enterprise; [`Localized::message`] says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleOutcome {
    pub rule: Rule,
    /// True for a switched-off rule.
    pub passed: bool,
    /// False when the campaign switched the rule off; it then does not count.
    pub applied: bool,
    /// True when the campaign made the rule a warning: a failure is shown but the enterprise
    /// stays eligible ([`PriorSelection::Warning`]).
    pub warning_only: bool,
    finding: Finding,
}

impl RuleOutcome {
    /// A stable key of the reason, for filtering and statistics, e.g.
    /// `eligibility.main_revenue.below`.
    pub fn reason_key(&self) -> &'static str {
        match &self.finding {
            Finding::SwitchedOff => "eligibility.switched_off",
            Finding::Size { .. } if self.passed => "eligibility.size_class.admitted",
            Finding::Size { .. } => "eligibility.size_class.not_admitted",
            Finding::SizeUnknown(_) => "eligibility.size_class.unknown",
            Finding::Revenue { .. } if self.passed => "eligibility.main_revenue.reached",
            Finding::Revenue { .. } => "eligibility.main_revenue.below",
            Finding::RevenueMissing => "eligibility.main_revenue.missing",
            Finding::Status(OperatingStatus::Operating) => "eligibility.operating.yes",
            Finding::Status(OperatingStatus::NotOperating) => "eligibility.operating.no",
            Finding::Status(OperatingStatus::Unknown) => "eligibility.operating.unknown",
            Finding::NotListed => "eligibility.not_dishonest.not_listed",
            Finding::Listed { .. } => "eligibility.not_dishonest.listed",
            Finding::Contact {
                name: None,
                has_phone: false,
            } => "eligibility.contact.none",
            Finding::Contact { name: None, .. } => "eligibility.contact.name_missing",
            Finding::Contact {
                has_phone: false, ..
            } => "eligibility.contact.phone_missing",
            Finding::Contact { .. } => "eligibility.contact.designated",
            Finding::NotSelectedBefore => "eligibility.selected_before.no",
            Finding::SelectedBefore { .. } => "eligibility.selected_before.yes",
        }
    }
}

fn wan(money: Money, lang: Lang) -> String {
    money.display(lang)
}

impl Localized for RuleOutcome {
    fn message(&self, lang: Lang) -> String {
        match (&self.finding, lang) {
            (Finding::SwitchedOff, _) => lang
                .pick(
                    "本次遴选未启用此条件",
                    "this rule is not applied in this campaign",
                )
                .to_string(),
            (Finding::Size { class, admitted }, _) => {
                let names: Vec<&str> = admitted.iter().map(|c| c.name(lang)).collect();
                match (lang, self.passed) {
                    (Lang::Zh, true) => {
                        format!("规模为{}，属于{}企业", class.name(lang), names.join("或"))
                    }
                    (Lang::Zh, false) => {
                        format!("规模为{}，不属于{}企业", class.name(lang), names.join("或"))
                    }
                    (Lang::En, passed) => {
                        let admitted: Vec<&str> = admitted.iter().map(|c| c.key()).collect();
                        format!(
                            "size class is {}, {} {}",
                            class.key(),
                            if passed { "one of" } else { "not" },
                            admitted.join(" or ")
                        )
                    }
                }
            }
            (Finding::SizeUnknown(error), Lang::Zh) => {
                format!("无法划型：{}", error.message(lang))
            }
            (Finding::SizeUnknown(error), Lang::En) => {
                format!("size class unknown: {}", error.message(lang))
            }
            (Finding::Revenue { revenue, min }, Lang::Zh) => format!(
                "主营业务收入 {}，{} {}",
                wan(*revenue, lang),
                if self.passed { "不低于" } else { "低于" },
                wan(*min, lang)
            ),
            (Finding::Revenue { revenue, min }, Lang::En) => format!(
                "main-business revenue {}, {} {}",
                wan(*revenue, lang),
                if self.passed { "at least" } else { "below" },
                wan(*min, lang)
            ),
            (Finding::RevenueMissing, _) => lang
                .pick("主营业务收入未填报", "main-business revenue not reported")
                .to_string(),
            (Finding::Status(status), _) => match status {
                OperatingStatus::Operating => lang.pick("经营状态正常", "operating normally"),
                OperatingStatus::NotOperating => lang.pick(
                    "经营状态为注销/吊销等，非正常经营",
                    "deregistered, revoked or otherwise not operating",
                ),
                OperatingStatus::Unknown => lang.pick("经营状态未知", "operating status unknown"),
            }
            .to_string(),
            (Finding::NotListed, _) => lang
                .pick(
                    "未列入严重违法失信名单",
                    "not on the serious illegal and dishonest list",
                )
                .to_string(),
            (
                Finding::Listed {
                    listed_on,
                    reason,
                    authority,
                },
                _,
            ) => {
                let date = format_date(*listed_on, lang);
                match lang {
                    Lang::Zh => {
                        let mut detail = date;
                        if !authority.is_empty() {
                            detail.push('，');
                            detail.push_str(authority);
                        }
                        if !reason.is_empty() {
                            detail.push('：');
                            detail.push_str(reason);
                        }
                        format!("列入严重违法失信名单（{detail}）")
                    }
                    Lang::En => {
                        let mut detail = format!("listed {date}");
                        if !authority.is_empty() {
                            detail.push_str(" by ");
                            detail.push_str(authority);
                        }
                        if !reason.is_empty() {
                            detail.push_str(": ");
                            detail.push_str(reason);
                        }
                        format!("on the serious illegal and dishonest list ({detail})")
                    }
                }
            }
            (
                Finding::Contact {
                    name: None,
                    has_phone: false,
                },
                _,
            ) => lang
                .pick("未指定联系人", "no contact person designated")
                .to_string(),
            (Finding::Contact { name: None, .. }, _) => lang
                .pick("未填写联系人姓名", "the contact person's name is missing")
                .to_string(),
            (
                Finding::Contact {
                    name: Some(name),
                    has_phone: false,
                },
                Lang::Zh,
            ) => format!("联系人“{name}”未留联系电话"),
            (
                Finding::Contact {
                    name: Some(name),
                    has_phone: false,
                },
                Lang::En,
            ) => format!("the contact person {name} has no phone number"),
            (
                Finding::Contact {
                    name: Some(name), ..
                },
                Lang::Zh,
            ) => {
                format!("联系人已指定：{name}")
            }
            (
                Finding::Contact {
                    name: Some(name), ..
                },
                Lang::En,
            ) => {
                format!("contact person designated: {name}")
            }
            (Finding::NotSelectedBefore, _) => lang
                .pick("往年未入选提升行动", "not selected in an earlier campaign")
                .to_string(),
            (Finding::SelectedBefore { year }, Lang::Zh) => format!(
                "已在{year}年提升行动中入选{}",
                if self.warning_only {
                    "（仅提示，不影响资格）"
                } else {
                    ""
                }
            ),
            (Finding::SelectedBefore { year }, Lang::En) => format!(
                "selected in the {year} campaign{}",
                if self.warning_only {
                    " (a warning only: still eligible)"
                } else {
                    ""
                }
            ),
        }
    }
}

/// The screening result: every rule's outcome, in [`Rule::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// True iff every applied rule that is not a warning passed.
    pub eligible: bool,
    pub outcomes: Vec<RuleOutcome>,
}

impl Verdict {
    /// The applied rules that failed and make the enterprise ineligible, in [`Rule::ALL`]
    /// order.
    pub fn failed(&self) -> impl Iterator<Item = Rule> + '_ {
        self.outcomes
            .iter()
            .filter(|o| o.applied && !o.passed && !o.warning_only)
            .map(|o| o.rule)
    }

    /// The rules that failed but only warn.
    pub fn warnings(&self) -> impl Iterator<Item = Rule> + '_ {
        self.outcomes
            .iter()
            .filter(|o| o.applied && !o.passed && o.warning_only)
            .map(|o| o.rule)
    }

    pub fn outcome(&self, rule: Rule) -> Option<&RuleOutcome> {
        self.outcomes.iter().find(|o| o.rule == rule)
    }
}

/// Screen one enterprise. Every rule is reported, switched-off ones with `applied: false`;
/// the enterprise is eligible iff every applied rule passes, warnings aside. Facts that are unknown fail
/// their rule (an unknown status is not "正常生产运营", an unreported revenue is not "2000万
/// 以上"): the city completes the record or the enterprise is not recommended.
pub fn screen(rules: &EligibilityRules, facts: &Facts<'_>) -> Verdict {
    let outcomes: Vec<RuleOutcome> = Rule::ALL
        .into_iter()
        .map(|rule| {
            if rules.applies(rule) {
                let (passed, finding) = judge(rule, rules, facts);
                RuleOutcome {
                    rule,
                    passed,
                    applied: true,
                    warning_only: rules.warns_only(rule),
                    finding,
                }
            } else {
                RuleOutcome {
                    rule,
                    passed: true,
                    applied: false,
                    warning_only: false,
                    finding: Finding::SwitchedOff,
                }
            }
        })
        .collect();
    Verdict {
        eligible: outcomes
            .iter()
            .all(|o| !o.applied || o.passed || o.warning_only),
        outcomes,
    }
}

fn judge(rule: Rule, rules: &EligibilityRules, facts: &Facts<'_>) -> (bool, Finding) {
    (passes(rule, rules, facts), finding(rule, rules, facts))
}

/// Whether the facts meet one rule: the only place a rule's condition is written, so the
/// explained verdict and [`failed_rules`] cannot disagree.
fn passes(rule: Rule, rules: &EligibilityRules, facts: &Facts<'_>) -> bool {
    match rule {
        Rule::SizeClass => facts
            .size
            .as_ref()
            .is_ok_and(|class| rules.size_classes.contains(class)),
        Rule::MainRevenue => match (facts.main_revenue, rules.min_main_revenue) {
            (Some(revenue), Some(min)) => revenue >= min,
            (None, _) => false,
            // Not reached: `applies` is false without a threshold.
            (Some(_), None) => true,
        },
        Rule::Operating => facts.operating_status == OperatingStatus::Operating,
        Rule::NotDishonest => facts.dishonest.is_none(),
        Rule::Contact => {
            present(facts.contact_name).is_some() && present(facts.contact_phone).is_some()
        }
        Rule::SelectedBefore => facts.selected_in_earlier_campaign.is_none(),
    }
}

/// What the rule found, for the explanation.
fn finding(rule: Rule, rules: &EligibilityRules, facts: &Facts<'_>) -> Finding {
    match rule {
        Rule::SizeClass => match facts.size {
            Ok(class) => Finding::Size {
                class,
                admitted: rules.size_classes.clone(),
            },
            Err(error) => Finding::SizeUnknown(*error),
        },
        Rule::MainRevenue => match (facts.main_revenue, rules.min_main_revenue) {
            (Some(revenue), Some(min)) => Finding::Revenue { revenue, min },
            (None, _) => Finding::RevenueMissing,
            (Some(_), None) => Finding::SwitchedOff,
        },
        Rule::Operating => Finding::Status(facts.operating_status),
        Rule::NotDishonest => match &facts.dishonest {
            None => Finding::NotListed,
            Some(hit) => Finding::Listed {
                listed_on: hit.listed_on,
                reason: hit.reason.trim().to_string(),
                authority: hit.authority.trim().to_string(),
            },
        },
        Rule::Contact => Finding::Contact {
            name: present(facts.contact_name).map(str::to_string),
            has_phone: present(facts.contact_phone).is_some(),
        },
        Rule::SelectedBefore => match facts.selected_in_earlier_campaign {
            None => Finding::NotSelectedBefore,
            Some(year) => Finding::SelectedBefore { year },
        },
    }
}

/// The rules the facts fail that make the enterprise ineligible (applied, not a warning), in
/// [`Rule::ALL`] order, without explaining them: what an import stores for each of a
/// province's million rows.
pub fn failed_rules<'a>(
    rules: &'a EligibilityRules,
    facts: &'a Facts<'a>,
) -> impl Iterator<Item = Rule> + 'a {
    Rule::ALL
        .into_iter()
        .filter(move |&rule| rules.excludes(rule) && !passes(rule, rules, facts))
}

/// A text that is there and not blank.
fn present(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::sme::{Figure, Industry};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// An enterprise that meets every default rule.
    fn eligible() -> Facts<'static> {
        Facts {
            size: Ok(SizeClass::Small),
            main_revenue: Some(Money::from_wan(2500)),
            operating_status: OperatingStatus::Operating,
            dishonest: None,
            contact_name: Some("张三"),
            contact_phone: Some("13800138000"),
            selected_in_earlier_campaign: None,
        }
    }

    fn outcome(facts: &Facts<'_>, rule: Rule) -> RuleOutcome {
        screen(&EligibilityRules::default(), facts)
            .outcome(rule)
            .unwrap()
            .clone()
    }

    const MISSING_STAFF: SmeError = SmeError::MissingFigure {
        industry: Industry::Industry,
        figure: Figure::Employees,
    };

    #[test]
    fn the_defaults_are_the_notices_conditions() {
        let rules = EligibilityRules::default();
        assert_eq!(rules.size_classes, [SizeClass::Small, SizeClass::Micro]);
        assert_eq!(rules.min_main_revenue, Some(Money::from_wan(2000)));
        assert!(rules.require_operating && rules.exclude_dishonest && rules.require_contact);
        for rule in Rule::ALL {
            assert!(rules.applies(rule));
        }
    }

    #[test]
    fn an_enterprise_meeting_every_rule_is_eligible_and_told_why() {
        let verdict = screen(&EligibilityRules::default(), &eligible());
        assert!(verdict.eligible);
        assert_eq!(verdict.failed().count(), 0);
        let rules: Vec<Rule> = verdict.outcomes.iter().map(|o| o.rule).collect();
        assert_eq!(rules, Rule::ALL);
        let zh: Vec<String> = verdict
            .outcomes
            .iter()
            .map(|o| o.message(Lang::Zh))
            .collect();
        assert_eq!(
            zh,
            [
                "规模为小型，属于小型或微型企业",
                "主营业务收入 2,500 万元，不低于 2,000 万元",
                "经营状态正常",
                "未列入严重违法失信名单",
                "联系人已指定：张三",
                "往年未入选提升行动",
            ]
        );
    }

    #[test]
    fn the_quick_list_of_failed_rules_agrees_with_the_explained_verdict() {
        let hit = DishonestHit {
            listed_on: date(2024, 3, 1),
            reason: "虚假宣传",
            authority: "某市市场监督管理局",
        };
        let sizes = [
            Ok(SizeClass::Micro),
            Ok(SizeClass::Medium),
            Err(&MISSING_STAFF),
        ];
        let revenues = [
            None,
            Some(Money::from_wan(1999)),
            Some(Money::from_wan(2000)),
        ];
        let statuses = [OperatingStatus::Operating, OperatingStatus::NotOperating];
        let dishonest = [None, Some(hit)];
        let contacts = [
            (Some("张三"), Some("13800138000")),
            (Some(" "), Some("13800138000")),
            (Some("张三"), None),
        ];
        let earlier = [None, Some(2021)];
        let rule_sets = [
            EligibilityRules::default(),
            EligibilityRules {
                size_classes: Vec::new(),
                min_main_revenue: None,
                require_operating: false,
                exclude_dishonest: false,
                require_contact: false,
                selected_before: PriorSelection::Ignored,
            },
            EligibilityRules {
                min_main_revenue: None,
                require_contact: false,
                selected_before: PriorSelection::Warning,
                ..EligibilityRules::default()
            },
        ];
        let mut checked = 0;
        for rules in &rule_sets {
            for size in &sizes {
                for main_revenue in revenues {
                    for operating_status in statuses {
                        for listed in &dishonest {
                            for (contact_name, contact_phone) in contacts {
                                for selected_in_earlier_campaign in earlier {
                                    let facts = Facts {
                                        size: *size,
                                        main_revenue,
                                        operating_status,
                                        dishonest: *listed,
                                        contact_name,
                                        contact_phone,
                                        selected_in_earlier_campaign,
                                    };
                                    let verdict = screen(rules, &facts);
                                    let quick: Vec<Rule> = failed_rules(rules, &facts).collect();
                                    assert_eq!(quick, verdict.failed().collect::<Vec<_>>());
                                    assert_eq!(quick.is_empty(), verdict.eligible);
                                    checked += 1;
                                }
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(checked, 3 * 3 * 3 * 2 * 2 * 3 * 2);
    }

    #[test]
    fn main_revenue_of_2000_wan_or_more_passes_and_a_yuan_less_fails() {
        for (text, passes) in [("1999.9999", false), ("2000", true), ("2000.0001", true)] {
            let facts = Facts {
                main_revenue: Some(Money::parse_wan(text).unwrap()),
                ..eligible()
            };
            let verdict = screen(&EligibilityRules::default(), &facts);
            assert_eq!(verdict.eligible, passes, "{text}");
            let outcome = verdict.outcome(Rule::MainRevenue).unwrap();
            assert_eq!(outcome.passed, passes, "{text}");
        }
        let facts = Facts {
            main_revenue: Some(Money::from_wan(1500)),
            ..eligible()
        };
        let outcome = outcome(&facts, Rule::MainRevenue);
        assert_eq!(
            outcome.message(Lang::Zh),
            "主营业务收入 1,500 万元，低于 2,000 万元"
        );
        assert_eq!(
            outcome.message(Lang::En),
            "main-business revenue 15 million CNY, below 20 million CNY"
        );
        assert_eq!(outcome.reason_key(), "eligibility.main_revenue.below");
    }

    #[test]
    fn unreported_main_revenue_fails() {
        let facts = Facts {
            main_revenue: None,
            ..eligible()
        };
        let outcome = outcome(&facts, Rule::MainRevenue);
        assert!(!outcome.passed);
        assert_eq!(outcome.message(Lang::Zh), "主营业务收入未填报");
        assert_eq!(outcome.reason_key(), "eligibility.main_revenue.missing");
    }

    #[test]
    fn a_campaign_may_lower_the_revenue_threshold() {
        let rules = EligibilityRules {
            min_main_revenue: Some(Money::from_wan(1000)),
            ..EligibilityRules::default()
        };
        let facts = Facts {
            main_revenue: Some(Money::from_wan(1000)),
            ..eligible()
        };
        assert!(screen(&rules, &facts).eligible);
        let below = Facts {
            main_revenue: Some(Money::parse_wan("999.9999").unwrap()),
            ..eligible()
        };
        assert_eq!(
            screen(&rules, &below).failed().collect::<Vec<_>>(),
            [Rule::MainRevenue]
        );
    }

    #[test]
    fn only_small_and_micro_enterprises_pass_the_size_rule() {
        for (class, passes) in [
            (SizeClass::Large, false),
            (SizeClass::Medium, false),
            (SizeClass::Small, true),
            (SizeClass::Micro, true),
        ] {
            let facts = Facts {
                size: Ok(class),
                ..eligible()
            };
            assert_eq!(outcome(&facts, Rule::SizeClass).passed, passes, "{class:?}");
        }
        let facts = Facts {
            size: Ok(SizeClass::Medium),
            ..eligible()
        };
        let medium = outcome(&facts, Rule::SizeClass);
        assert_eq!(medium.message(Lang::Zh), "规模为中型，不属于小型或微型企业");
        assert_eq!(
            medium.message(Lang::En),
            "size class is medium, not small or micro"
        );
    }

    #[test]
    fn an_enterprise_that_cannot_be_classified_fails_the_size_rule_naming_the_missing_figure() {
        let facts = Facts {
            size: Err(&MISSING_STAFF),
            ..eligible()
        };
        let outcome = outcome(&facts, Rule::SizeClass);
        assert!(!outcome.passed);
        assert_eq!(
            outcome.message(Lang::Zh),
            "无法划型：工业划型需要“从业人员”"
        );
        assert_eq!(
            outcome.message(Lang::En),
            "size class unknown: industry 'industry' needs the figure 'employees'"
        );
    }

    #[test]
    fn a_campaign_may_admit_micro_enterprises_only() {
        let rules = EligibilityRules {
            size_classes: vec![SizeClass::Micro],
            ..EligibilityRules::default()
        };
        let verdict = screen(&rules, &eligible());
        assert_eq!(verdict.failed().collect::<Vec<_>>(), [Rule::SizeClass]);
        assert_eq!(
            verdict.outcome(Rule::SizeClass).unwrap().message(Lang::Zh),
            "规模为小型，不属于微型企业"
        );
    }

    #[test]
    fn only_an_operating_enterprise_passes_and_an_unknown_status_fails() {
        for (status, passes, zh) in [
            (OperatingStatus::Operating, true, "经营状态正常"),
            (
                OperatingStatus::NotOperating,
                false,
                "经营状态为注销/吊销等，非正常经营",
            ),
            (OperatingStatus::Unknown, false, "经营状态未知"),
        ] {
            let facts = Facts {
                operating_status: status,
                ..eligible()
            };
            let outcome = outcome(&facts, Rule::Operating);
            assert_eq!(outcome.passed, passes);
            assert_eq!(outcome.message(Lang::Zh), zh);
        }
    }

    #[test]
    fn an_enterprise_on_an_active_dishonest_entry_is_ineligible() {
        let facts = Facts {
            dishonest: Some(DishonestHit {
                listed_on: date(2021, 3, 5),
                reason: "提交虚假材料",
                authority: "长沙市市场监督管理局",
            }),
            ..eligible()
        };
        let verdict = screen(&EligibilityRules::default(), &facts);
        assert!(!verdict.eligible);
        assert_eq!(verdict.failed().collect::<Vec<_>>(), [Rule::NotDishonest]);
        let outcome = verdict.outcome(Rule::NotDishonest).unwrap();
        assert_eq!(
            outcome.message(Lang::Zh),
            "列入严重违法失信名单（2021年3月5日，长沙市市场监督管理局：提交虚假材料）"
        );
        assert_eq!(
            outcome.message(Lang::En),
            "on the serious illegal and dishonest list (listed 2021-03-05 by 长沙市市场监督管理局: 提交虚假材料)"
        );
        let bare = Facts {
            dishonest: Some(DishonestHit {
                listed_on: date(2021, 3, 5),
                reason: "",
                authority: " ",
            }),
            ..eligible()
        };
        assert_eq!(
            outcome_message(&bare, Rule::NotDishonest),
            "列入严重违法失信名单（2021年3月5日）"
        );
    }

    fn outcome_message(facts: &Facts<'_>, rule: Rule) -> String {
        outcome(facts, rule).message(Lang::Zh)
    }

    #[test]
    fn a_removed_dishonest_entry_is_not_active_and_is_not_passed_to_screening() {
        let mut entry = DishonestEntry {
            name: "湖南某某建材有限公司".into(),
            uscc: None,
            registration_number: Some("430100000123456".into()),
            listed_on: date(2021, 3, 5),
            reason: "提交虚假材料".into(),
            authority: "长沙市市场监督管理局".into(),
            removed_on: None,
            removal_reason: None,
            removal_authority: None,
        };
        assert!(entry.is_active());
        let hit = DishonestHit::from(&entry);
        assert_eq!(hit.reason, "提交虚假材料");
        assert_eq!(hit.listed_on, date(2021, 3, 5));
        entry.removed_on = Some(date(2024, 3, 6));
        assert!(!entry.is_active());
        let hits: Vec<DishonestHit<'_>> = [&entry]
            .into_iter()
            .filter(|e| e.is_active())
            .map(DishonestHit::from)
            .collect();
        let facts = Facts {
            dishonest: hits.first().copied(),
            ..eligible()
        };
        assert!(screen(&EligibilityRules::default(), &facts).eligible);
    }

    #[test]
    fn a_contact_person_needs_both_name_and_phone() {
        let cases = [
            (None, None, false, "未指定联系人"),
            (Some(" "), Some(""), false, "未指定联系人"),
            (None, Some("13800138000"), false, "未填写联系人姓名"),
            (Some("张三"), None, false, "联系人“张三”未留联系电话"),
            (
                Some("张三"),
                Some("13800138000"),
                true,
                "联系人已指定：张三",
            ),
        ];
        for (name, phone, passes, zh) in cases {
            let facts = Facts {
                contact_name: name,
                contact_phone: phone,
                ..eligible()
            };
            let outcome = outcome(&facts, Rule::Contact);
            assert_eq!(outcome.passed, passes, "{name:?} {phone:?}");
            assert_eq!(outcome.message(Lang::Zh), zh);
        }
    }

    #[test]
    fn a_switched_off_rule_does_not_count_but_is_still_reported() {
        let failing = Facts {
            size: Ok(SizeClass::Medium),
            main_revenue: None,
            operating_status: OperatingStatus::Unknown,
            dishonest: Some(DishonestHit {
                listed_on: date(2021, 3, 5),
                reason: "",
                authority: "",
            }),
            contact_name: None,
            contact_phone: None,
            selected_in_earlier_campaign: Some(2021),
        };
        let all_off = EligibilityRules {
            size_classes: vec![],
            min_main_revenue: None,
            require_operating: false,
            exclude_dishonest: false,
            require_contact: false,
            selected_before: PriorSelection::Ignored,
        };
        let verdict = screen(&all_off, &failing);
        assert!(verdict.eligible);
        assert_eq!(verdict.outcomes.len(), Rule::ALL.len());
        for outcome in &verdict.outcomes {
            assert!(!outcome.applied && outcome.passed);
            assert_eq!(outcome.message(Lang::Zh), "本次遴选未启用此条件");
            assert_eq!(outcome.reason_key(), "eligibility.switched_off");
        }
        let verdict = screen(&EligibilityRules::default(), &failing);
        assert_eq!(verdict.failed().collect::<Vec<_>>(), Rule::ALL);
        for rule in Rule::ALL {
            let mut rules = EligibilityRules::default();
            match rule {
                Rule::SizeClass => rules.size_classes.clear(),
                Rule::MainRevenue => rules.min_main_revenue = None,
                Rule::Operating => rules.require_operating = false,
                Rule::NotDishonest => rules.exclude_dishonest = false,
                Rule::Contact => rules.require_contact = false,
                Rule::SelectedBefore => rules.selected_before = PriorSelection::Ignored,
            }
            let facts = match rule {
                Rule::SizeClass => Facts {
                    size: Ok(SizeClass::Medium),
                    ..eligible()
                },
                Rule::MainRevenue => Facts {
                    main_revenue: None,
                    ..eligible()
                },
                Rule::Operating => Facts {
                    operating_status: OperatingStatus::NotOperating,
                    ..eligible()
                },
                Rule::NotDishonest => Facts {
                    dishonest: failing.dishonest,
                    ..eligible()
                },
                Rule::Contact => Facts {
                    contact_phone: None,
                    ..eligible()
                },
                Rule::SelectedBefore => Facts {
                    selected_in_earlier_campaign: Some(2021),
                    ..eligible()
                },
            };
            assert!(
                !screen(&EligibilityRules::default(), &facts).eligible,
                "{rule:?}"
            );
            let verdict = screen(&rules, &facts);
            assert!(verdict.eligible, "{rule:?}");
            assert!(!verdict.outcome(rule).unwrap().applied);
        }
    }

    #[test]
    fn facts_are_read_from_a_directory_row() {
        use crate::directory::{Column, ColumnMap, parse_row};
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.header_zh()).collect();
        let map = ColumnMap::from_header(&header).unwrap();
        let cells = [
            "91110000600037341L",
            "长沙某某精密制造有限公司",
            "430104",
            "工业",
            "120",
            "5000",
            "2000",
            "3000",
            "存续",
            "张三",
            "13800138000",
        ];
        let row = parse_row(&map, &cells).unwrap();
        let classification = row.classify();
        let facts = Facts::from_row(&row, &classification, None);
        assert_eq!(facts.size, Ok(SizeClass::Small));
        assert!(screen(&EligibilityRules::default(), &facts).eligible);
    }

    #[test]
    fn every_outcome_explains_itself_in_both_languages() {
        let hit = DishonestHit {
            listed_on: date(2021, 3, 5),
            reason: "事由",
            authority: "某某局",
        };
        let variants = [
            eligible(),
            Facts {
                size: Ok(SizeClass::Large),
                main_revenue: Some(Money::from_wan(1)),
                operating_status: OperatingStatus::NotOperating,
                dishonest: Some(hit),
                contact_name: Some("李四"),
                contact_phone: None,
                selected_in_earlier_campaign: Some(2021),
            },
            Facts {
                size: Err(&MISSING_STAFF),
                main_revenue: None,
                operating_status: OperatingStatus::Unknown,
                dishonest: None,
                contact_name: None,
                contact_phone: Some("13800138000"),
                selected_in_earlier_campaign: None,
            },
            Facts {
                contact_name: None,
                contact_phone: None,
                ..eligible()
            },
        ];
        let mut reasons = std::collections::BTreeSet::new();
        for facts in &variants {
            for outcome in screen(&EligibilityRules::default(), facts).outcomes {
                let (zh, en) = (outcome.message(Lang::Zh), outcome.message(Lang::En));
                assert!(!zh.is_empty() && !en.is_empty());
                assert_ne!(zh, en);
                assert!(outcome.reason_key().starts_with("eligibility."));
                reasons.insert(outcome.reason_key());
            }
        }
        assert_eq!(reasons.len(), 17);
    }

    #[test]
    fn rules_have_stable_keys_and_names() {
        let keys: Vec<&str> = Rule::ALL.iter().map(|r| r.key()).collect();
        assert_eq!(
            keys,
            [
                "size_class",
                "main_revenue",
                "operating",
                "not_dishonest",
                "contact",
                "selected_before"
            ]
        );
        for rule in Rule::ALL {
            assert_eq!(Rule::from_key(rule.key()), Some(rule));
            assert_ne!(rule.name(Lang::Zh), rule.name(Lang::En));
        }
        assert_eq!(Rule::from_key("Contact"), None);
    }

    #[test]
    fn an_enterprise_selected_in_an_earlier_campaign_is_ineligible_by_default() {
        assert_eq!(
            EligibilityRules::default().selected_before,
            PriorSelection::Ineligible
        );
        let facts = Facts {
            selected_in_earlier_campaign: Some(2021),
            ..eligible()
        };
        let verdict = screen(&EligibilityRules::default(), &facts);
        assert!(!verdict.eligible);
        assert_eq!(verdict.failed().collect::<Vec<_>>(), [Rule::SelectedBefore]);
        assert_eq!(verdict.warnings().count(), 0);
        let outcome = verdict.outcome(Rule::SelectedBefore).unwrap();
        assert_eq!(outcome.message(Lang::Zh), "已在2021年提升行动中入选");
        assert_eq!(outcome.message(Lang::En), "selected in the 2021 campaign");
        assert_eq!(outcome.reason_key(), "eligibility.selected_before.yes");
        assert_eq!(
            failed_rules(&EligibilityRules::default(), &facts).collect::<Vec<_>>(),
            [Rule::SelectedBefore]
        );
    }

    #[test]
    fn a_campaign_may_make_an_earlier_selection_a_warning_only() {
        let rules = EligibilityRules {
            selected_before: PriorSelection::Warning,
            ..EligibilityRules::default()
        };
        let facts = Facts {
            selected_in_earlier_campaign: Some(2023),
            ..eligible()
        };
        let verdict = screen(&rules, &facts);
        assert!(verdict.eligible);
        assert_eq!(verdict.failed().count(), 0);
        assert_eq!(
            verdict.warnings().collect::<Vec<_>>(),
            [Rule::SelectedBefore]
        );
        assert_eq!(failed_rules(&rules, &facts).count(), 0);
        let outcome = verdict.outcome(Rule::SelectedBefore).unwrap();
        assert!(outcome.applied && !outcome.passed && outcome.warning_only);
        assert_eq!(
            outcome.message(Lang::Zh),
            "已在2023年提升行动中入选（仅提示，不影响资格）"
        );
        assert_eq!(
            outcome.message(Lang::En),
            "selected in the 2023 campaign (a warning only: still eligible)"
        );
        // A warning does not hide a real failure.
        let poor = Facts {
            main_revenue: Some(Money::from_wan(100)),
            ..facts
        };
        let verdict = screen(&rules, &poor);
        assert!(!verdict.eligible);
        assert_eq!(verdict.failed().collect::<Vec<_>>(), [Rule::MainRevenue]);
    }

    #[test]
    fn a_campaign_may_ignore_earlier_selections() {
        let rules = EligibilityRules {
            selected_before: PriorSelection::Ignored,
            ..EligibilityRules::default()
        };
        assert!(!rules.applies(Rule::SelectedBefore));
        let facts = Facts {
            selected_in_earlier_campaign: Some(2022),
            ..eligible()
        };
        assert!(screen(&rules, &facts).eligible);
    }

    #[test]
    fn rules_stored_before_the_earlier_selection_rule_existed_read_as_ineligible() {
        let stored = r#"{"size_classes":["small","micro"],"min_main_revenue":20000000,
            "require_operating":true,"exclude_dishonest":true,"require_contact":true}"#;
        let rules: EligibilityRules = serde_json::from_str(stored).unwrap();
        assert_eq!(rules, EligibilityRules::default());
        let warning: EligibilityRules =
            serde_json::from_str(r#"{"selected_before":"warning"}"#).unwrap();
        assert_eq!(warning.selected_before, PriorSelection::Warning);
        for choice in PriorSelection::ALL {
            assert_eq!(PriorSelection::from_key(choice.key()), Some(choice));
            assert_eq!(serde_json::to_value(choice).unwrap(), choice.key());
            assert_ne!(choice.name(Lang::Zh), choice.name(Lang::En));
        }
    }
}
