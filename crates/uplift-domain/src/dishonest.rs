//! 严重违法失信名单 — entries of the serious illegal and dishonest list, as imported from the
//! lists a market-regulation bureau exports.
//!
//! The notice admits only enterprises "未列入严重违法失信名单". The fields follow the listing
//! and removal decisions of 《严重违法失信企业名单管理暂行办法》(国家工商总局令第83号) 第七条
//! and 第九条 (facts.md §9): 企业名称、统一社会信用代码/注册号、列入日期、列入事由、作出决定机关;
//! 移出日期、移出事由、作出决定机关. The current rule is 国家市场监督管理总局令第44号 (2021),
//! whose decision contents were not verified; the columns are the same in the lists seen.
//!
//! An entry is active while it has no removal date. Old entries carry a 15-digit 注册号
//! instead of a credit code; entries without a valid credit code are matched to enterprises
//! by [`normalise_name`].

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::directory::{fold_full_width, header_matches};
use crate::header::{HeaderMap, HeaderProblem, SheetColumn};
use crate::lang::{Lang, Localized};
use crate::uscc::{Uscc, UsccError};

/// Longest enterprise name accepted (characters), as in the directory.
pub const MAX_NAME_CHARS: usize = crate::directory::MAX_NAME_CHARS;
/// Longest registration number accepted (characters). 工商注册号 have 15 digits (13 before
/// 2007); a longer "number" is a pasted sentence.
const MAX_REGISTRATION_NUMBER_CHARS: usize = 30;

/// A column of a dishonest-list export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DishonestColumn {
    Name,
    /// 统一社会信用代码/注册号 — one column in the decision (第七条).
    UsccOrRegNo,
    ListedOn,
    Reason,
    /// 作出决定机关 of the listing decision.
    Authority,
    RemovedOn,
    RemovalReason,
    /// 作出决定机关 of the removal decision (第九条); optional.
    RemovalAuthority,
}

impl DishonestColumn {
    pub const ALL: [DishonestColumn; 8] = [
        DishonestColumn::Name,
        DishonestColumn::UsccOrRegNo,
        DishonestColumn::ListedOn,
        DishonestColumn::Reason,
        DishonestColumn::Authority,
        DishonestColumn::RemovedOn,
        DishonestColumn::RemovalReason,
        DishonestColumn::RemovalAuthority,
    ];

    /// (key, Chinese header, English name).
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            DishonestColumn::Name => ("name", "企业名称", "Enterprise name"),
            DishonestColumn::UsccOrRegNo => ("uscc", "统一社会信用代码/注册号", "Credit code or registration number"),
            DishonestColumn::ListedOn => ("listed_on", "列入日期", "Listed on"),
            DishonestColumn::Reason => ("reason", "列入事由", "Reason for listing"),
            DishonestColumn::Authority => ("authority", "作出决定机关", "Deciding authority"),
            DishonestColumn::RemovedOn => ("removed_on", "移出日期", "Removed on"),
            DishonestColumn::RemovalReason => ("removal_reason", "移出事由", "Reason for removal"),
            DishonestColumn::RemovalAuthority => ("removal_authority", "移出决定机关", "Authority deciding the removal"),
        }
    }

    pub fn key(self) -> &'static str {
        self.names().0
    }

    pub fn from_key(key: &str) -> Option<DishonestColumn> {
        DishonestColumn::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The header of the Chinese import template.
    pub fn header_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name(self, lang: Lang) -> &'static str {
        let (_, zh, en) = self.names();
        lang.pick(zh, en)
    }

    /// Without name, code column and listing date an entry can be neither matched nor dated.
    pub fn required(self) -> bool {
        matches!(
            self,
            DishonestColumn::Name | DishonestColumn::UsccOrRegNo | DishonestColumn::ListedOn
        )
    }

    /// Header spellings, compared as whole names after
    /// [`crate::directory::normalise_header`]. gsxt labels the two authorities
    /// "作出决定机关（列入）" and "作出决定机关（移出）"; plain "作出决定机关" is the listing's.
    #[rustfmt::skip]
    fn aliases(self) -> &'static [&'static str] {
        match self {
            DishonestColumn::Name => &[
                "企业名称", "名称", "单位名称", "主体名称", "市场主体名称",
                "name", "enterprise_name",
            ],
            DishonestColumn::UsccOrRegNo => &[
                "统一社会信用代码", "注册号", "统一社会信用代码/注册号", "注册号/统一社会信用代码", "统一社会信用代码(注册号)", "信用代码",
                "uscc", "credit_code", "registration_number", "reg_no",
            ],
            DishonestColumn::ListedOn => &[
                "列入日期", "列入时间",
                "listed_on", "listing_date", "put_in_date",
            ],
            DishonestColumn::Reason => &[
                "列入事由", "列入原因", "列入严重违法失信名单事由", "列入严重违法失信企业名单原因", "列入严重违法失信企业名单(黑名单)原因",
                "reason", "listing_reason", "put_in_reason",
            ],
            DishonestColumn::Authority => &[
                "作出决定机关", "列入决定机关", "决定机关", "作出决定机关(列入)",
                "authority", "put_in_organ",
            ],
            DishonestColumn::RemovedOn => &[
                "移出日期", "移出时间",
                "removed_on", "removal_date", "remove_date",
            ],
            DishonestColumn::RemovalReason => &[
                "移出事由", "移出原因", "移出严重违法失信名单事由", "移出严重违法失信企业名单原因", "移出严重违法失信企业名单(黑名单)原因",
                "removal_reason", "remove_reason",
            ],
            DishonestColumn::RemovalAuthority => &[
                "移出决定机关", "作出决定机关(移出)",
                "removal_authority", "remove_organ",
            ],
        }
    }

    fn matches_header(self, normalised: &str) -> bool {
        header_matches(normalised, self.aliases(), |_| false)
    }
}

/// Which header cell holds which column of a dishonest-list export.
pub type DishonestColumnMap = HeaderMap<DishonestColumn>;

/// Why a dishonest-list header row cannot be imported.
pub type DishonestHeaderError = HeaderProblem<DishonestColumn>;

impl SheetColumn for DishonestColumn {
    const MISSING_KEY: &'static str = "dishonest_header.missing";
    const DUPLICATE_KEY: &'static str = "dishonest_header.duplicate";

    fn all() -> &'static [DishonestColumn] {
        &DishonestColumn::ALL
    }

    fn required(self) -> bool {
        DishonestColumn::required(self)
    }

    fn matches_header(self, normalised: &str) -> bool {
        DishonestColumn::matches_header(self, normalised)
    }

    fn name(self, lang: Lang) -> &'static str {
        DishonestColumn::name(self, lang)
    }
}

/// One entry of the list: a listing decision and, once removed, its removal decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DishonestEntry {
    /// Trimmed, as published.
    pub name: String,
    /// When the code column holds a valid credit code.
    pub uscc: Option<Uscc>,
    /// When it holds something else (the old 15-digit 工商注册号 and the like): upper-cased,
    /// without spaces. Both None when the cell was empty.
    pub registration_number: Option<String>,
    pub listed_on: NaiveDate,
    /// "" when the export has no reason.
    pub reason: String,
    /// "" when the export has no authority.
    pub authority: String,
    pub removed_on: Option<NaiveDate>,
    pub removal_reason: Option<String>,
    pub removal_authority: Option<String>,
}

impl DishonestEntry {
    /// Still on the list: no removal date (facts.md §9).
    pub fn is_active(&self) -> bool {
        self.removed_on.is_none()
    }

    /// On the list on `day`: listed on or before it and not removed by then (the removal
    /// date itself is the first day off the list).
    pub fn is_active_on(&self, day: NaiveDate) -> bool {
        self.listed_on <= day && self.removed_on.is_none_or(|removed| day < removed)
    }

    /// Does the entry concern this enterprise? By credit code when the entry has one; by
    /// [`normalise_name`] otherwise (old entries with a 注册号, or no code at all).
    pub fn concerns(&self, uscc: &Uscc, name: &str) -> bool {
        match &self.uscc {
            Some(code) => code == uscc,
            None => {
                let own = normalise_name(&self.name);
                !own.is_empty() && own == normalise_name(name)
            }
        }
    }
}

/// One problem of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DishonestRowError {
    pub column: DishonestColumn,
    /// The cell as found (untrimmed).
    pub value: String,
    pub kind: DishonestRowErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DishonestRowErrorKind {
    /// Name or listing date empty.
    RequiredMissing,
    NameTooLong,
    /// An 18-character code that fails GB 32100: a mistyped credit code, which would never
    /// match (a 注册号 has 15 digits, or 13 before 2007, so it is not taken for one).
    UsccInvalid(UsccError),
    /// Neither a credit code nor a plausible registration number.
    CodeInvalid,
    DateInvalid,
    RemovedBeforeListed {
        listed_on: NaiveDate,
        removed_on: NaiveDate,
    },
    /// A removal reason or authority without a removal date: is the entry active or not?
    RemovalDateMissing,
}

impl DishonestRowErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            DishonestRowErrorKind::RequiredMissing => "dishonest_row.required_missing",
            DishonestRowErrorKind::NameTooLong => "dishonest_row.name_too_long",
            DishonestRowErrorKind::UsccInvalid(_) => "dishonest_row.uscc_invalid",
            DishonestRowErrorKind::CodeInvalid => "dishonest_row.code_invalid",
            DishonestRowErrorKind::DateInvalid => "dishonest_row.date_invalid",
            DishonestRowErrorKind::RemovedBeforeListed { .. } => {
                "dishonest_row.removed_before_listed"
            }
            DishonestRowErrorKind::RemovalDateMissing => "dishonest_row.removal_date_missing",
        }
    }
}

impl DishonestRowError {
    fn new(column: DishonestColumn, value: &str, kind: DishonestRowErrorKind) -> Self {
        DishonestRowError {
            column,
            value: value.to_string(),
            kind,
        }
    }

    pub fn key(&self) -> &'static str {
        self.kind.key()
    }
}

/// "2021年3月5日" in Chinese, "2021-03-05" in English.
pub(crate) fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => crate::cst::format_date_zh(date),
        Lang::En => date.to_string(),
    }
}

impl Localized for DishonestRowError {
    fn message(&self, lang: Lang) -> String {
        let value = self.value.trim();
        match (&self.kind, lang) {
            (DishonestRowErrorKind::RequiredMissing, _) => lang
                .pick("必填项为空", "required value is empty")
                .to_string(),
            (DishonestRowErrorKind::NameTooLong, Lang::Zh) => format!(
                "名称过长：最多{MAX_NAME_CHARS}个字符，实际{}个",
                value.chars().count()
            ),
            (DishonestRowErrorKind::NameTooLong, Lang::En) => format!(
                "the name is too long: at most {MAX_NAME_CHARS} characters, found {}",
                value.chars().count()
            ),
            (DishonestRowErrorKind::UsccInvalid(error), _) => error.message(lang),
            (DishonestRowErrorKind::CodeInvalid, Lang::Zh) => {
                format!("“{value}”既不是统一社会信用代码，也不是注册号")
            }
            (DishonestRowErrorKind::CodeInvalid, Lang::En) => format!(
                "'{value}' is neither a unified social credit code nor a registration number"
            ),
            (DishonestRowErrorKind::DateInvalid, Lang::Zh) => format!(
                "日期“{value}”无法识别（可填写如：2021-03-05、2021/3/5、2021.3.5、2021年3月5日、20210305）"
            ),
            (DishonestRowErrorKind::DateInvalid, Lang::En) => format!(
                "the date '{value}' is not recognised (use e.g. 2021-03-05, 2021/3/5, 2021.3.5, 20210305)"
            ),
            (
                DishonestRowErrorKind::RemovedBeforeListed {
                    listed_on,
                    removed_on,
                },
                _,
            ) => match lang {
                Lang::Zh => format!(
                    "移出日期（{}）早于列入日期（{}）",
                    format_date(*removed_on, lang),
                    format_date(*listed_on, lang)
                ),
                Lang::En => format!(
                    "the removal date ({removed_on}) is before the listing date ({listed_on})"
                ),
            },
            (DishonestRowErrorKind::RemovalDateMissing, _) => lang
                .pick(
                    "已填写移出事由或移出决定机关，但缺少移出日期",
                    "a removal reason or authority is given without a removal date",
                )
                .to_string(),
        }
    }
}

impl fmt::Display for DishonestRowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DishonestRowError {}

/// Validate one row of a dishonest-list export; every problem is reported, in column order.
/// The code cell may be empty (the entry is then matched by name).
pub fn parse_dishonest_row<S: AsRef<str>>(
    map: &DishonestColumnMap,
    cells: &[S],
) -> Result<DishonestEntry, Vec<DishonestRowError>> {
    use DishonestColumn as C;
    use DishonestRowErrorKind as K;
    let mut errors = Vec::new();
    let get = |col| map.get(cells, col);
    let mut fail = |col, kind| errors.push(DishonestRowError::new(col, get(col), kind));

    let name = get(C::Name).trim();
    if name.is_empty() {
        fail(C::Name, K::RequiredMissing);
    } else if name.chars().count() > MAX_NAME_CHARS {
        fail(C::Name, K::NameTooLong);
    }

    let (uscc, registration_number) = match read_code(get(C::UsccOrRegNo)) {
        Ok(code) => code,
        Err(kind) => {
            fail(C::UsccOrRegNo, kind);
            (None, None)
        }
    };

    let listed_text = get(C::ListedOn).trim();
    let listed_on = if listed_text.is_empty() {
        fail(C::ListedOn, K::RequiredMissing);
        None
    } else {
        let date = parse_date(listed_text);
        if date.is_none() {
            fail(C::ListedOn, K::DateInvalid);
        }
        date
    };

    let optional_text = |col| {
        let text = get(col).trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let removal_reason = optional_text(C::RemovalReason);
    let removal_authority = optional_text(C::RemovalAuthority);
    let removed_text = get(C::RemovedOn).trim();
    let removed_on = if removed_text.is_empty() {
        if removal_reason.is_some() || removal_authority.is_some() {
            fail(C::RemovedOn, K::RemovalDateMissing);
        }
        None
    } else {
        match parse_date(removed_text) {
            None => {
                fail(C::RemovedOn, K::DateInvalid);
                None
            }
            Some(removed_on) => {
                if let Some(listed_on) = listed_on
                    && removed_on < listed_on
                {
                    fail(
                        C::RemovedOn,
                        K::RemovedBeforeListed {
                            listed_on,
                            removed_on,
                        },
                    );
                }
                Some(removed_on)
            }
        }
    };

    match listed_on {
        Some(listed_on) if errors.is_empty() => Ok(DishonestEntry {
            name: name.to_string(),
            uscc,
            registration_number,
            listed_on,
            reason: get(C::Reason).trim().to_string(),
            authority: get(C::Authority).trim().to_string(),
            removed_on,
            removal_reason,
            removal_authority,
        }),
        _ => Err(errors),
    }
}

type Code = (Option<Uscc>, Option<String>);

/// A valid credit code, else (unless it is 18 characters long: a mistyped credit code) a
/// registration number; empty is neither.
fn read_code(text: &str) -> Result<Code, DishonestRowErrorKind> {
    let compact: String = text
        .chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        return Ok((None, None));
    }
    let length = compact.chars().count();
    match Uscc::parse(&compact) {
        Ok(parsed) => Ok((Some(parsed.uscc), None)),
        Err(error) if length == 18 => Err(DishonestRowErrorKind::UsccInvalid(error)),
        Err(_) if length <= MAX_REGISTRATION_NUMBER_CHARS => Ok((None, Some(compact))),
        Err(_) => Err(DishonestRowErrorKind::CodeInvalid),
    }
}

/// Dates as officials type them: 2021-03-05, 2021/3/5, 2021.3.5, 2021年3月5日, 20210305, and
/// with a time as databases and Excel export them ("2021-03-05 00:00:00",
/// "2021-03-05T08:30:00", "2021/3/5 0:00"). Full-width digits are folded. The year has four
/// digits, month and day one or two; the date must exist (no 2 月 30 日). Excel serial numbers
/// (44260) are not dates here: converting them is the spreadsheet reader's job.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let folded: String = s.chars().map(fold_full_width).collect();
    let text = folded.trim();
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (text, None),
    };
    if let Some(time) = time
        && !is_time(time)
    {
        return None;
    }
    let (year, month, day) = if let Some(rest) = date.strip_suffix('日') {
        let (year, rest) = rest.split_once('年')?;
        let (month, day) = rest.split_once('月')?;
        (year, month, day)
    } else if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        (date.get(0..4)?, date.get(4..6)?, date.get(6..8)?)
    } else {
        let separator = date.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = date.split(separator);
        let parts = (parts.next()?, parts.next()?, parts.next()?, parts.next());
        match parts {
            (year, month, day, None) => (year, month, day),
            _ => return None,
        }
    };
    let number = |text: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(number(year, 4..=4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month, 1..=2)?, number(day, 1..=2)?)
}

/// H:MM, H:MM:SS or H:MM:SS.fff within a day.
fn is_time(text: &str) -> bool {
    let mut parts = text.split(':');
    let field = |part: Option<&str>, max: u32| {
        part.is_some_and(|p| {
            (1..=2).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|v| v <= max)
        })
    };
    let hours_ok = field(parts.next(), 23);
    let minutes_ok = field(parts.next(), 59);
    let seconds_ok = match parts.next() {
        None => true,
        Some(seconds) => {
            let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
            field(Some(whole), 59)
                && !fraction.is_empty()
                && fraction.bytes().all(|b| b.is_ascii_digit())
        }
    };
    hours_ok && minutes_ok && seconds_ok && parts.next().is_none()
}

/// For matching entries without a credit code to enterprises by name: trim, fold full-width
/// forms to half-width (so （） become ()), drop all whitespace, upper-case ASCII.
/// "长沙某某科技有限公司（分公司）" and " 长沙某某科技有限公司 (分公司)" compare equal.
pub fn normalise_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalise_name_into(s, &mut out);
    out
}

/// [`normalise_name`] appended to `out`, for callers normalising a million names into one
/// buffer (the directory's search index). NUL characters are dropped too, so a normalised
/// name never contains the byte the index separates names with.
pub fn normalise_name_into(s: &str, out: &mut String) {
    out.extend(
        s.chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && *c != '\0')
            .map(|c| c.to_ascii_uppercase()),
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn map() -> DishonestColumnMap {
        let header: Vec<&str> = DishonestColumn::ALL.iter().map(|c| c.header_zh()).collect();
        DishonestColumnMap::from_header(&header).unwrap()
    }

    /// A listed, not removed entry in template order.
    fn row() -> Vec<String> {
        [
            "湖南某某建材有限公司",
            "91110000600037341L",
            "2021-03-05",
            "提交虚假材料取得市场主体登记",
            "长沙市市场监督管理局",
            "",
            "",
            "",
        ]
        .map(String::from)
        .to_vec()
    }

    fn with(changes: &[(DishonestColumn, &str)]) -> Vec<String> {
        let mut cells = row();
        for (column, value) in changes {
            cells[map().index(*column).unwrap()] = value.to_string();
        }
        cells
    }

    fn parse(cells: &[String]) -> Result<DishonestEntry, Vec<DishonestRowError>> {
        parse_dishonest_row(&map(), cells)
    }

    #[test]
    fn dates_are_read_in_every_form_officials_type() {
        let expected = date(2021, 3, 5);
        for text in [
            "2021-03-05",
            "2021-3-5",
            "2021/3/5",
            "2021/03/05",
            "2021.3.5",
            "2021年3月5日",
            "2021年03月05日",
            "20210305",
            "2021-03-05 00:00:00",
            "2021-03-05 08:30",
            "2021-03-05T08:30:00",
            "2021-03-05 00:00:00.000",
            "2021/3/5 0:00",
            " ２０２１年３月５日 ",
        ] {
            assert_eq!(parse_date(text), Some(expected), "{text}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for text in [
            "",
            "2021-02-30",
            "2021-13-01",
            "21-3-5",
            "2021-3",
            "2021-3-5-1",
            "2021/3-5",
            "2021年3月5",
            "20211305",
            "2021030",
            "44260",
            "2021-03-05 25:00",
            "2021-03-05 noon",
            "March 5, 2021",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn the_gsxt_header_spellings_map_to_their_columns() {
        let header = [
            "序号",
            "企业名称",
            "统一社会信用代码/注册号",
            "列入严重违法失信企业名单（黑名单）原因",
            "列入日期",
            "作出决定机关（列入）",
            "移出严重违法失信企业名单（黑名单）原因",
            "移出日期",
            "作出决定机关（移出）",
        ];
        let map = DishonestColumnMap::from_header(&header).unwrap();
        use DishonestColumn as C;
        assert_eq!(map.index(C::Name), Some(1));
        assert_eq!(map.index(C::UsccOrRegNo), Some(2));
        assert_eq!(map.index(C::Reason), Some(3));
        assert_eq!(map.index(C::ListedOn), Some(4));
        assert_eq!(map.index(C::Authority), Some(5));
        assert_eq!(map.index(C::RemovalReason), Some(6));
        assert_eq!(map.index(C::RemovedOn), Some(7));
        assert_eq!(map.index(C::RemovalAuthority), Some(8));
        assert_eq!(map.ignored(), &[0]);
    }

    #[test]
    fn no_header_spelling_names_two_dishonest_columns() {
        for column in DishonestColumn::ALL {
            for alias in column.aliases() {
                let normalised = crate::directory::normalise_header(alias);
                let matching: Vec<DishonestColumn> = DishonestColumn::ALL
                    .into_iter()
                    .filter(|c| c.matches_header(&normalised))
                    .collect();
                assert_eq!(matching, [column], "{alias}");
            }
            assert!(column.matches_header(&crate::directory::normalise_header(column.header_zh())));
        }
    }

    #[test]
    fn short_and_english_headers_are_accepted() {
        use DishonestColumn as C;
        let map = DishonestColumnMap::from_header(&[
            "注册号",
            "名称",
            "列入原因",
            "决定机关",
            "列入时间",
        ])
        .unwrap();
        assert_eq!(map.index(C::UsccOrRegNo), Some(0));
        assert_eq!(map.index(C::Reason), Some(2));
        assert_eq!(map.index(C::Authority), Some(3));
        let header: Vec<&str> = C::ALL.iter().map(|c| c.key()).collect();
        let map = DishonestColumnMap::from_header(&header).unwrap();
        for (index, column) in C::ALL.into_iter().enumerate() {
            assert_eq!(map.index(column), Some(index));
            assert_eq!(C::from_key(column.key()), Some(column));
        }
        let map =
            DishonestColumnMap::from_header(&["Name", "Registration Number", "Listed-On"]).unwrap();
        assert_eq!(map.index(C::ListedOn), Some(2));
    }

    #[test]
    fn missing_and_duplicate_dishonest_columns_are_rejected() {
        use DishonestColumn as C;
        let error = DishonestColumnMap::from_header(&["企业名称", "列入事由"]).unwrap_err();
        assert_eq!(
            error,
            DishonestHeaderError::Missing(vec![C::UsccOrRegNo, C::ListedOn])
        );
        assert_eq!(error.key(), "dishonest_header.missing");
        assert_eq!(
            error.message(Lang::Zh),
            "缺少必填列：统一社会信用代码/注册号、列入日期"
        );
        let error = DishonestColumnMap::from_header(&["统一社会信用代码", "注册号"]).unwrap_err();
        assert_eq!(error, DishonestHeaderError::Duplicate(C::UsccOrRegNo));
        assert!(error.message(Lang::En).contains("more than once"));
    }

    #[test]
    fn an_entry_with_a_credit_code_is_read_and_active() {
        let entry = parse(&row()).unwrap();
        assert_eq!(entry.name, "湖南某某建材有限公司");
        assert_eq!(
            entry.uscc.as_ref().map(Uscc::as_str),
            Some("91110000600037341L")
        );
        assert_eq!(entry.registration_number, None);
        assert_eq!(entry.listed_on, date(2021, 3, 5));
        assert_eq!(entry.reason, "提交虚假材料取得市场主体登记");
        assert_eq!(entry.authority, "长沙市市场监督管理局");
        assert_eq!(entry.removed_on, None);
        assert!(entry.is_active());
    }

    #[test]
    fn an_old_entry_keeps_its_registration_number() {
        use DishonestColumn as C;
        let entry = parse(&with(&[(C::UsccOrRegNo, " 430100000123456 ")])).unwrap();
        assert_eq!(entry.uscc, None);
        assert_eq!(
            entry.registration_number.as_deref(),
            Some("430100000123456")
        );
        let entry = parse(&with(&[(C::UsccOrRegNo, "")])).unwrap();
        assert_eq!((entry.uscc, entry.registration_number), (None, None));
        let entry = parse(&with(&[(
            C::UsccOrRegNo,
            "９１１１００００６０００３７３４１ｌ",
        )]))
        .unwrap();
        assert!(entry.uscc.is_some());
    }

    #[test]
    fn a_mistyped_credit_code_is_rejected_not_taken_for_a_registration_number() {
        use DishonestColumn as C;
        let errors = parse(&with(&[(C::UsccOrRegNo, "91350100M000100Y4Z")])).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].key(), "dishonest_row.uscc_invalid");
        assert_eq!(
            errors[0].message(Lang::Zh),
            "统一社会信用代码校验位错误：第18位应为“3”，实际为“Z”"
        );
        let long = "1".repeat(31);
        let errors = parse(&with(&[(C::UsccOrRegNo, &long)])).unwrap_err();
        assert_eq!(errors[0].key(), "dishonest_row.code_invalid");
    }

    #[test]
    fn a_removed_entry_is_no_longer_active() {
        use DishonestColumn as C;
        let entry = parse(&with(&[
            (C::RemovedOn, "2024年3月6日"),
            (C::RemovalReason, "期满移出"),
            (C::RemovalAuthority, "长沙市市场监督管理局"),
        ]))
        .unwrap();
        assert_eq!(entry.removed_on, Some(date(2024, 3, 6)));
        assert_eq!(entry.removal_reason.as_deref(), Some("期满移出"));
        assert!(!entry.is_active());
        assert!(entry.is_active_on(date(2024, 3, 5)));
        assert!(!entry.is_active_on(date(2024, 3, 6)));
        assert!(!entry.is_active_on(date(2021, 3, 4)));
        assert!(entry.is_active_on(date(2021, 3, 5)));
    }

    #[test]
    fn a_removal_date_before_the_listing_date_is_rejected() {
        use DishonestColumn as C;
        let errors = parse(&with(&[(C::RemovedOn, "2020/1/1")])).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].column, C::RemovedOn);
        assert_eq!(errors[0].key(), "dishonest_row.removed_before_listed");
        assert_eq!(
            errors[0].message(Lang::Zh),
            "移出日期（2020年1月1日）早于列入日期（2021年3月5日）"
        );
        assert_eq!(
            errors[0].message(Lang::En),
            "the removal date (2020-01-01) is before the listing date (2021-03-05)"
        );
        // Removal on the listing day itself is consistent.
        assert!(parse(&with(&[(C::RemovedOn, "20210305")])).is_ok());
    }

    #[test]
    fn a_removal_reason_without_a_removal_date_is_rejected() {
        use DishonestColumn as C;
        let errors = parse(&with(&[(C::RemovalReason, "信用修复")])).unwrap_err();
        assert_eq!(errors[0].key(), "dishonest_row.removal_date_missing");
    }

    #[test]
    fn every_problem_of_a_dishonest_row_is_reported() {
        use DishonestColumn as C;
        let errors = parse(&with(&[
            (C::Name, " "),
            (C::ListedOn, "2021-02-30"),
            (C::RemovedOn, "昨天"),
        ]))
        .unwrap_err();
        let found: Vec<(C, &str)> = errors.iter().map(|e| (e.column, e.key())).collect();
        assert_eq!(
            found,
            [
                (C::Name, "dishonest_row.required_missing"),
                (C::ListedOn, "dishonest_row.date_invalid"),
                (C::RemovedOn, "dishonest_row.date_invalid"),
            ]
        );
        let errors = parse(&with(&[(C::ListedOn, "")])).unwrap_err();
        assert_eq!(errors[0].key(), "dishonest_row.required_missing");
        assert!(errors[0].message(Lang::Zh).contains("必填项为空"));
    }

    #[test]
    fn names_are_normalised_for_matching() {
        assert_eq!(
            normalise_name(" 长沙某某科技有限公司（分公司） "),
            normalise_name("长沙某某科技有限公司 (分公司)")
        );
        assert_eq!(normalise_name("ａｂｃ 科技\u{3000}公司"), "ABC科技公司");
        assert_eq!(normalise_name("abc(Hunan)"), "ABC(HUNAN)");
    }

    #[test]
    fn an_entry_concerns_an_enterprise_by_code_or_else_by_name() {
        use DishonestColumn as C;
        let uscc: Uscc = "91110000600037341L".parse().unwrap();
        let other: Uscc = "91310115MA1K3BTP2B".parse().unwrap();
        let by_code = parse(&row()).unwrap();
        assert!(by_code.concerns(&uscc, "别的名字"));
        assert!(!by_code.concerns(&other, "湖南某某建材有限公司"));
        let by_name = parse(&with(&[(C::UsccOrRegNo, "430100000123456")])).unwrap();
        assert!(by_name.concerns(&other, "湖南某某建材有限公司 "));
        assert!(!by_name.concerns(&other, "湖南某某建材股份有限公司"));
    }

    #[test]
    fn every_dishonest_row_error_has_a_message_in_both_languages_and_a_distinct_key() {
        let kinds = [
            DishonestRowErrorKind::RequiredMissing,
            DishonestRowErrorKind::NameTooLong,
            DishonestRowErrorKind::UsccInvalid(UsccError::Empty),
            DishonestRowErrorKind::CodeInvalid,
            DishonestRowErrorKind::DateInvalid,
            DishonestRowErrorKind::RemovedBeforeListed {
                listed_on: date(2021, 3, 5),
                removed_on: date(2020, 1, 1),
            },
            DishonestRowErrorKind::RemovalDateMissing,
        ];
        let mut keys = std::collections::BTreeSet::new();
        for kind in kinds {
            let error = DishonestRowError::new(DishonestColumn::Name, "x", kind);
            assert!(keys.insert(error.key()));
            assert!(error.key().starts_with("dishonest_row."));
            let (zh, en) = (error.message(Lang::Zh), error.message(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en);
            assert_eq!(error.to_string(), en);
        }
    }
}
