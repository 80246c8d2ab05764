//! 小微企业质量管理体系认证提升行动 — one province's campaign of one year: its settings and the
//! rules that read them, as plain values.
//!
//! The first configuration is the 2022 Hunan notice (`../mission/000_0ab8c0dd2796cba4.txt`);
//! every figure here is that notice's default, which a province changes for its own year.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::Lang;
use crate::cst;
use crate::division::DivisionCode;
use crate::workflow::Refusal;

/// The notice's quota: "今年继续在全省范围内遴选50家小微企业" (line 5).
pub const DEFAULT_QUOTA: u32 = 50;

/// The notice's range per city: "遴选3~5家比较优秀的小微企业上报省市场监管局" (line 8).
pub const DEFAULT_RANGE: RecommendationRange = RecommendationRange { min: 3, max: 5 };

/// The campaign's name unless the province writes another.
pub fn default_name(year: u16) -> String {
    format!("{year}年小微企业质量管理体系认证提升行动")
}

/// The phase-report deadlines: "请各市州市场监管局分别于2022年5月20日和11月20日前，分阶段
/// 向省市场监管局报送…工作开展情况" (notice, line 16): 20 May and 20 November of the
/// campaign's year, each met by a report made on that day, China time ([`is_late`]).
pub fn default_report_deadlines(year: u16) -> Vec<NaiveDate> {
    [(5, 20), (11, 20)]
        .into_iter()
        .filter_map(|(month, day)| NaiveDate::from_ymd_opt(i32::from(year), month, day))
        .collect()
}

/// Is something made at `submitted_at` late for a deadline date? A deadline date lasts
/// until 23:59:59 China Standard Time: the notice writes dates, and its readers are in
/// China. An official working past midnight UTC+8 is late; one at 23:59 is not, whatever
/// the server's clock says.
pub fn is_late(deadline: NaiveDate, submitted_at: DateTime<Utc>) -> bool {
    cst::date_cst(submitted_at) > deadline
}

/// 草稿 → 进行中 → 已结束.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    /// The province configures it; nobody else sees it.
    #[default]
    Draft,
    /// Running: cities recommend, the province selects, bodies help and certify.
    Open,
    /// Accepted and archived: its record no longer changes.
    Closed,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 3] = [
        CampaignStatus::Draft,
        CampaignStatus::Open,
        CampaignStatus::Closed,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CampaignStatus::Draft => "draft",
            CampaignStatus::Open => "open",
            CampaignStatus::Closed => "closed",
        }
    }

    pub fn from_key(key: &str) -> Option<CampaignStatus> {
        CampaignStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            CampaignStatus::Draft => lang.pick("筹备中", "Draft"),
            CampaignStatus::Open => lang.pick("进行中", "Open"),
            CampaignStatus::Closed => lang.pick("已结束", "Closed"),
        }
    }

    /// Only forward, one step at a time. A closed campaign is not reopened: its figures
    /// went into the cities' annual assessment (notice: "纳入…考核指标"); a draft is not
    /// closed unopened (delete it instead).
    pub fn may_become(self, next: CampaignStatus) -> bool {
        matches!(
            (self, next),
            (CampaignStatus::Draft, CampaignStatus::Open)
                | (CampaignStatus::Open, CampaignStatus::Closed)
        )
    }

    pub fn change_to(self, next: CampaignStatus) -> Result<CampaignStatus, Refusal> {
        if self.may_become(next) {
            Ok(next)
        } else {
            Err(Refusal::CampaignStatusChange {
                from: self,
                to: next,
            })
        }
    }

    /// Participations move only in an open campaign: a draft has not started, and a closed
    /// campaign refuses every action (workflow.md).
    pub fn admits_actions(self) -> Result<(), Refusal> {
        match self {
            CampaignStatus::Draft => Err(Refusal::CampaignNotOpen),
            CampaignStatus::Open => Ok(()),
            CampaignStatus::Closed => Err(Refusal::CampaignClosed),
        }
    }
}

/// How many enterprises a city recommends, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RecommendationRange {
    pub min: u32,
    pub max: u32,
}

impl Default for RecommendationRange {
    fn default() -> Self {
        DEFAULT_RANGE
    }
}

impl RecommendationRange {
    /// `None` when `min > max` (no list could be submitted) or `max == 0` (the city could
    /// recommend nobody: leave it out of the campaign instead).
    pub fn new(min: u32, max: u32) -> Option<RecommendationRange> {
        (min <= max && max > 0).then_some(RecommendationRange { min, max })
    }

    pub fn contains(self, count: u32) -> bool {
        (self.min..=self.max).contains(&count)
    }
}

/// The province's range for every city, with overrides: a large city may be asked for more,
/// a small one for fewer, in the same campaign.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RecommendationRanges {
    pub default: RecommendationRange,
    /// Keyed by the city's (prefecture's) six-digit code, e.g. `430100`.
    pub per_city: BTreeMap<String, RecommendationRange>,
}

impl RecommendationRanges {
    /// The range of the city a division code lies in: a county's code (430102) finds its
    /// city's (430100) override.
    pub fn range_for(&self, city_code: &str) -> RecommendationRange {
        let city = DivisionCode::parse(city_code)
            .ok()
            .and_then(|code| code.prefecture());
        let key = city.as_ref().map_or(city_code.trim(), |c| c.as_str());
        self.per_city.get(key).copied().unwrap_or(self.default)
    }
}

/// May the city add one more recommendation to its list of `current_count`? Never beyond
/// its maximum, whatever the province's quota.
pub fn may_add_recommendation(
    current_count: u32,
    range: RecommendationRange,
) -> Result<(), Refusal> {
    if current_count < range.max {
        Ok(())
    } else {
        Err(Refusal::CityMaximumReached { max: range.max })
    }
}

/// May the city submit a list of `count`? Only within its range: the notice asks for 3 to
/// 5, not "up to 5".
pub fn may_submit(count: u32, range: RecommendationRange) -> Result<(), Refusal> {
    if range.contains(count) {
        Ok(())
    } else {
        Err(Refusal::ListOutOfRange { count, range })
    }
}

/// May the province fill one more place, with `selected_count` places held?
pub fn may_select(selected_count: u32, quota: u32) -> Result<(), Refusal> {
    if selected_count < quota {
        Ok(())
    } else {
        Err(Refusal::QuotaFull { quota })
    }
}

/// Places still free for the waiting list.
pub fn free_places(selected_count: u32, quota: u32) -> u32 {
    quota.saturating_sub(selected_count)
}

/// 候补 — one enterprise on the province's waiting list; rank 1 is promoted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaitingPlace<T> {
    pub rank: u32,
    pub participation: T,
}

/// Who takes the next freed place: the best rank; between equal ranks, the one listed
/// first (the caller lists in the order they were waitlisted).
pub fn promote_next<T>(waiting: &[WaitingPlace<T>]) -> Option<&WaitingPlace<T>> {
    waiting.iter().min_by_key(|place| place.rank)
}

/// The rank of the next enterprise put on the waiting list: after everyone already there.
pub fn next_rank<T>(waiting: &[WaitingPlace<T>]) -> u32 {
    waiting
        .iter()
        .map(|place| place.rank)
        .max()
        .map_or(1, |rank| rank.saturating_add(1))
}

/// One campaign's settings. Eligibility rules are kept beside them
/// ([`crate::eligibility::EligibilityRules`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSettings {
    pub year: u16,
    pub name: String,
    pub status: CampaignStatus,
    /// Places the province fills (遴选…家).
    pub quota: u32,
    pub ranges: RecommendationRanges,
    /// The last day cities submit their lists, if the province sets one.
    pub recommendation_deadline: Option<NaiveDate>,
    /// Phase-report deadlines, in order.
    pub report_deadlines: Vec<NaiveDate>,
}

impl CampaignSettings {
    /// A draft campaign of `year` with the notice's defaults.
    pub fn new(year: u16) -> CampaignSettings {
        CampaignSettings {
            year,
            name: default_name(year),
            status: CampaignStatus::Draft,
            quota: DEFAULT_QUOTA,
            ranges: RecommendationRanges::default(),
            recommendation_deadline: None,
            report_deadlines: default_report_deadlines(year),
        }
    }

    pub fn range_for(&self, city_code: &str) -> RecommendationRange {
        self.ranges.range_for(city_code)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::lang::Localized;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn the_defaults_are_the_2022_hunan_notice() {
        let c = CampaignSettings::new(2022);
        assert_eq!(c.name, "2022年小微企业质量管理体系认证提升行动");
        assert_eq!(c.quota, 50);
        assert_eq!(c.ranges.default, RecommendationRange { min: 3, max: 5 });
        assert_eq!(c.status, CampaignStatus::Draft);
        assert_eq!(c.report_deadlines, [date(2022, 5, 20), date(2022, 11, 20)]);
        assert_eq!(
            default_report_deadlines(2026),
            [date(2026, 5, 20), date(2026, 11, 20)]
        );
    }

    #[test]
    fn a_city_cannot_recommend_more_than_its_maximum() {
        let range = DEFAULT_RANGE;
        for count in 0..5 {
            assert_eq!(may_add_recommendation(count, range), Ok(()), "{count}");
        }
        let refused = may_add_recommendation(5, range).unwrap_err();
        assert_eq!(refused, Refusal::CityMaximumReached { max: 5 });
        assert_eq!(refused.message(Lang::Zh), "本市州推荐数量已达上限（5家）");
        assert!(may_add_recommendation(9, range).is_err());
    }

    #[test]
    fn a_city_submits_between_its_minimum_and_maximum() {
        let range = DEFAULT_RANGE;
        for (count, ok) in [(0, false), (2, false), (3, true), (5, true), (6, false)] {
            assert_eq!(may_submit(count, range).is_ok(), ok, "{count}");
        }
        assert_eq!(
            may_submit(2, range).unwrap_err().message(Lang::Zh),
            "推荐名单应为3～5家，当前为2家"
        );
    }

    #[test]
    fn a_city_may_have_its_own_range_and_its_counties_share_it() {
        let mut ranges = RecommendationRanges::default();
        let changsha = RecommendationRange::new(5, 8).unwrap();
        ranges.per_city.insert("430100".into(), changsha);
        assert_eq!(ranges.range_for("430100"), changsha);
        assert_eq!(ranges.range_for("430102"), changsha);
        assert_eq!(ranges.range_for("430200"), DEFAULT_RANGE);
        assert_eq!(ranges.range_for("not a code"), DEFAULT_RANGE);
        assert_eq!(
            may_add_recommendation(5, ranges.range_for("430104")),
            Ok(())
        );
        assert!(may_add_recommendation(5, ranges.range_for("430211")).is_err());
    }

    #[test]
    fn a_range_must_admit_some_list() {
        assert_eq!(RecommendationRange::new(5, 3), None);
        assert_eq!(RecommendationRange::new(0, 0), None);
        assert_eq!(
            RecommendationRange::new(0, 2),
            Some(RecommendationRange { min: 0, max: 2 })
        );
    }

    #[test]
    fn the_province_never_selects_beyond_its_quota() {
        assert_eq!(may_select(49, 50), Ok(()));
        assert_eq!(may_select(50, 50), Err(Refusal::QuotaFull { quota: 50 }));
        assert_eq!(free_places(47, 50), 3);
        assert_eq!(free_places(52, 50), 0);
    }

    #[test]
    fn a_submission_at_23_59_59_china_time_on_the_deadline_is_on_time() {
        let deadline = date(2022, 5, 20);
        // 23:59:59 CST = 15:59:59 UTC.
        assert!(!is_late(deadline, utc(2022, 5, 20, 15, 59, 59)));
        assert!(!is_late(
            deadline,
            utc(2022, 5, 20, 15, 59, 59) + chrono::TimeDelta::milliseconds(999)
        ));
        assert!(!is_late(deadline, cst::end_of_day_utc(deadline)));
    }

    #[test]
    fn a_submission_one_second_after_midnight_china_time_is_late() {
        let deadline = date(2022, 5, 20);
        // 00:00:00 CST on 21 May = 16:00:00 UTC on 20 May: still the 20th in UTC, yet late.
        assert!(is_late(deadline, utc(2022, 5, 20, 16, 0, 0)));
        assert!(is_late(deadline, utc(2022, 5, 20, 16, 0, 1)));
    }

    #[test]
    fn a_submission_early_on_the_deadline_day_in_china_is_on_time_though_utc_says_the_day_before() {
        // 07:30 CST on 20 May is 23:30 UTC on 19 May.
        assert!(!is_late(date(2022, 5, 20), utc(2022, 5, 19, 23, 30, 0)));
    }

    #[test]
    fn a_campaign_goes_from_draft_to_open_to_closed_and_never_back() {
        use CampaignStatus::*;
        let mut allowed = Vec::new();
        for from in CampaignStatus::ALL {
            for to in CampaignStatus::ALL {
                if from.may_become(to) {
                    allowed.push((from, to));
                    assert_eq!(from.change_to(to), Ok(to));
                } else {
                    assert_eq!(
                        from.change_to(to),
                        Err(Refusal::CampaignStatusChange { from, to })
                    );
                }
            }
        }
        assert_eq!(allowed, [(Draft, Open), (Open, Closed)]);
        assert_eq!(
            Closed.change_to(Open).unwrap_err().message(Lang::Zh),
            "提升行动状态不能由“已结束”改为“进行中”"
        );
    }

    #[test]
    fn only_an_open_campaign_admits_actions() {
        assert_eq!(CampaignStatus::Open.admits_actions(), Ok(()));
        assert_eq!(
            CampaignStatus::Closed.admits_actions(),
            Err(Refusal::CampaignClosed)
        );
        assert_eq!(
            CampaignStatus::Draft.admits_actions(),
            Err(Refusal::CampaignNotOpen)
        );
    }

    #[test]
    fn campaign_status_keys_round_trip() {
        for status in CampaignStatus::ALL {
            assert_eq!(CampaignStatus::from_key(status.key()), Some(status));
            assert_ne!(status.name(Lang::Zh), status.name(Lang::En));
        }
    }

    #[test]
    fn the_best_ranked_waiting_enterprise_is_promoted_first() {
        let waiting = [
            WaitingPlace {
                rank: 2,
                participation: "B",
            },
            WaitingPlace {
                rank: 1,
                participation: "A",
            },
            WaitingPlace {
                rank: 2,
                participation: "C",
            },
        ];
        assert_eq!(promote_next(&waiting).unwrap().participation, "A");
        assert_eq!(promote_next(&waiting[..1]).unwrap().participation, "B");
        assert_eq!(
            promote_next(&[waiting[0], waiting[2]])
                .unwrap()
                .participation,
            "B"
        );
        assert_eq!(promote_next::<&str>(&[]), None);
        assert_eq!(next_rank(&waiting), 3);
        assert_eq!(next_rank::<&str>(&[]), 1);
    }
}
