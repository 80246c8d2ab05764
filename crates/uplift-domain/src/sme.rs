//! Enterprise size classes under 《中小企业划型标准规定》(工信部联企业〔2011〕300号).
//!
//! 第四条 gives, per industry, the ceiling of the whole SME band and the lower bounds of the
//! 中型 and 小型 tiers. The text's logic: the SME ceiling uses 或 (an enterprise below *any*
//! ceiling is an SME, so "large" means *every* ceiling is reached); the 中型 and 小型 bounds
//! use 且 (all must be met); 微型 uses 或 (below any 小型 bound). The 2017 statistical method
//! states the same: "须同时满足所列指标的下限，否则下划一档".
//!
//! So: `Large` if every ceiling is reached; else `Medium` if all 中型 bounds are met; else
//! `Small` if all 小型 bounds are met; else `Micro`.

use std::cmp::Ordering;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::lang::{Lang, Localized};
use crate::money::Money;

/// The sixteen industry rows of 第四条, in the order of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    Agriculture,
    Industry,
    Construction,
    Wholesale,
    Retail,
    Transport,
    Warehousing,
    Postal,
    Accommodation,
    Catering,
    InformationTransmission,
    SoftwareIt,
    RealEstateDevelopment,
    PropertyManagement,
    LeasingBusiness,
    Other,
}

/// An indicator of 第四条: X 从业人员, Y 营业收入, Z 资产总额.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    Employees,
    OperatingRevenue,
    TotalAssets,
}

impl Figure {
    pub fn key(self) -> &'static str {
        match self {
            Figure::Employees => "employees",
            Figure::OperatingRevenue => "operating_revenue",
            Figure::TotalAssets => "total_assets",
        }
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            Figure::Employees => lang.pick("从业人员", "Employees"),
            Figure::OperatingRevenue => lang.pick("营业收入", "Operating revenue"),
            Figure::TotalAssets => lang.pick("资产总额", "Total assets"),
        }
    }
}

/// Lower bounds that must all be reached (且). `None`: the industry's rule does not use that
/// indicator. Amounts in 万元 as in the text.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    employees: Option<u64>,
    revenue_wan: Option<i64>,
    assets_wan: Option<i64>,
}

const fn xy(x: u64, y: i64) -> Bounds {
    Bounds {
        employees: Some(x),
        revenue_wan: Some(y),
        assets_wan: None,
    }
}
const fn yz(y: i64, z: i64) -> Bounds {
    Bounds {
        employees: None,
        revenue_wan: Some(y),
        assets_wan: Some(z),
    }
}
const fn xz(x: u64, z: i64) -> Bounds {
    Bounds {
        employees: Some(x),
        revenue_wan: None,
        assets_wan: Some(z),
    }
}
const fn x(x: u64) -> Bounds {
    Bounds {
        employees: Some(x),
        revenue_wan: None,
        assets_wan: None,
    }
}
const fn y(y: i64) -> Bounds {
    Bounds {
        employees: None,
        revenue_wan: Some(y),
        assets_wan: None,
    }
}

/// One row of 第四条: `large` holds the SME ceilings (reaching all of them = 大型).
struct Row {
    industry: Industry,
    large: Bounds,
    medium: Bounds,
    small: Bounds,
}

use Industry as I;

/// 《中小企业划型标准规定》(工信部联企业〔2011〕300号) 第四条, rows (一)–(十六), as tabulated in
/// facts.md §1.2 (X persons, Y and Z 万元). The 中型 bounds of 物业管理, 租赁和商务服务业 and
/// 其他未列明行业 were read only in secondary copies of the text ([S] there).
/// Indexed by `Industry as usize`: keep the order of the enum.
#[rustfmt::skip]
static TABLE: [Row; 16] = [
    // (一) 农、林、牧、渔业: Y < 20000 is SME; 中型 Y ≥ 500; 小型 Y ≥ 50.
    Row { industry: I::Agriculture, large: y(20_000), medium: y(500), small: y(50) },
    // (二) 工业 (采矿业，制造业，电力、热力、燃气及水生产和供应业).
    Row { industry: I::Industry, large: xy(1000, 40_000), medium: xy(300, 2000), small: xy(20, 300) },
    // (三) 建筑业: Y = 营业收入, Z = 资产总额.
    Row { industry: I::Construction, large: yz(80_000, 80_000), medium: yz(6000, 5000), small: yz(300, 300) },
    // (四) 批发业.
    Row { industry: I::Wholesale, large: xy(200, 40_000), medium: xy(20, 5000), small: xy(5, 1000) },
    // (五) 零售业.
    Row { industry: I::Retail, large: xy(300, 20_000), medium: xy(50, 500), small: xy(10, 100) },
    // (六) 交通运输业.
    Row { industry: I::Transport, large: xy(1000, 30_000), medium: xy(300, 3000), small: xy(20, 200) },
    // (七) 仓储业.
    Row { industry: I::Warehousing, large: xy(200, 30_000), medium: xy(100, 1000), small: xy(20, 100) },
    // (八) 邮政业.
    Row { industry: I::Postal, large: xy(1000, 30_000), medium: xy(300, 2000), small: xy(20, 100) },
    // (九) 住宿业.
    Row { industry: I::Accommodation, large: xy(300, 10_000), medium: xy(100, 2000), small: xy(10, 100) },
    // (十) 餐饮业.
    Row { industry: I::Catering, large: xy(300, 10_000), medium: xy(100, 2000), small: xy(10, 100) },
    // (十一) 信息传输业.
    Row { industry: I::InformationTransmission, large: xy(2000, 100_000), medium: xy(100, 1000), small: xy(10, 100) },
    // (十二) 软件和信息技术服务业.
    Row { industry: I::SoftwareIt, large: xy(300, 10_000), medium: xy(100, 1000), small: xy(10, 50) },
    // (十三) 房地产开发经营: Y = 营业收入, Z = 资产总额.
    Row { industry: I::RealEstateDevelopment, large: yz(200_000, 10_000), medium: yz(1000, 5000), small: yz(100, 2000) },
    // (十四) 物业管理.
    Row { industry: I::PropertyManagement, large: xy(1000, 5000), medium: xy(300, 1000), small: xy(100, 500) },
    // (十五) 租赁和商务服务业: X = 从业人员, Z = 资产总额.
    Row { industry: I::LeasingBusiness, large: xz(300, 120_000), medium: xz(100, 8000), small: xz(10, 100) },
    // (十六) 其他未列明行业: 从业人员 only.
    Row { industry: I::Other, large: x(300), medium: x(100), small: x(10) },
];

// Compile-time proof that `TABLE[industry as usize]` is that industry's row.
const _: () = {
    let mut index = 0;
    while index < TABLE.len() {
        assert!(
            TABLE[index].industry as usize == index,
            "TABLE must follow the order of Industry"
        );
        index += 1;
    }
};

/// Extra names people type for an industry, compared after [`normalise`]. 工业's scope is
/// 第三条's: 采矿业，制造业，电力、热力、燃气及水生产和供应业.
const ALIASES: &[(&str, Industry)] = &[
    ("农林牧渔业", I::Agriculture),
    ("农林牧渔", I::Agriculture),
    ("农业", I::Agriculture),
    ("林业", I::Agriculture),
    ("牧业", I::Agriculture),
    ("畜牧业", I::Agriculture),
    ("渔业", I::Agriculture),
    ("采矿业", I::Industry),
    ("制造业", I::Industry),
    ("电力热力燃气及水生产和供应业", I::Industry),
    ("建筑", I::Construction),
    ("批发", I::Wholesale),
    ("零售", I::Retail),
    ("交通运输", I::Transport),
    ("运输业", I::Transport),
    ("仓储", I::Warehousing),
    ("邮政", I::Postal),
    ("住宿", I::Accommodation),
    ("餐饮", I::Catering),
    ("信息传输", I::InformationTransmission),
    ("软件和信息技术服务", I::SoftwareIt),
    ("软件业", I::SoftwareIt),
    ("软件", I::SoftwareIt),
    ("信息技术服务业", I::SoftwareIt),
    ("房地产开发", I::RealEstateDevelopment),
    ("房地产开发经营业", I::RealEstateDevelopment),
    ("物业", I::PropertyManagement),
    ("物业管理业", I::PropertyManagement),
    ("租赁和商务服务", I::LeasingBusiness),
    ("租赁业", I::LeasingBusiness),
    ("商务服务业", I::LeasingBusiness),
    ("其他", I::Other),
    ("其它", I::Other),
    ("其他行业", I::Other),
    ("其它行业", I::Other),
    ("其他未列明", I::Other),
    ("其它未列明行业", I::Other),
];

/// Lower-case ASCII and drop whitespace and list punctuation, so "农、林、牧、渔业",
/// "农,林,牧,渔业" and "Software_IT " compare equal to their table forms.
fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '、' | ',' | '，' | '.' | '。'))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const NEEDS_X: &[Figure] = &[Figure::Employees];
const NEEDS_Y: &[Figure] = &[Figure::OperatingRevenue];
const NEEDS_Z: &[Figure] = &[Figure::TotalAssets];
const NEEDS_XY: &[Figure] = &[Figure::Employees, Figure::OperatingRevenue];
const NEEDS_YZ: &[Figure] = &[Figure::OperatingRevenue, Figure::TotalAssets];
const NEEDS_XZ: &[Figure] = &[Figure::Employees, Figure::TotalAssets];
const NEEDS_XYZ: &[Figure] = &[
    Figure::Employees,
    Figure::OperatingRevenue,
    Figure::TotalAssets,
];

impl Industry {
    pub const ALL: [Industry; 16] = [
        I::Agriculture,
        I::Industry,
        I::Construction,
        I::Wholesale,
        I::Retail,
        I::Transport,
        I::Warehousing,
        I::Postal,
        I::Accommodation,
        I::Catering,
        I::InformationTransmission,
        I::SoftwareIt,
        I::RealEstateDevelopment,
        I::PropertyManagement,
        I::LeasingBusiness,
        I::Other,
    ];

    fn row(self) -> &'static Row {
        // TABLE follows the enum's order (checked at compile time above), so this index is
        // always in range and lands on this industry's row.
        &TABLE[self as usize]
    }

    /// (key, Chinese name as in 第四条, English name), one line per industry.
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            I::Agriculture => ("agriculture", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
            I::Industry => ("industry", "工业", "Industry"),
            I::Construction => ("construction", "建筑业", "Construction"),
            I::Wholesale => ("wholesale", "批发业", "Wholesale"),
            I::Retail => ("retail", "零售业", "Retail"),
            I::Transport => ("transport", "交通运输业", "Transport"),
            I::Warehousing => ("warehousing", "仓储业", "Warehousing"),
            I::Postal => ("postal", "邮政业", "Postal services"),
            I::Accommodation => ("accommodation", "住宿业", "Accommodation"),
            I::Catering => ("catering", "餐饮业", "Catering"),
            I::InformationTransmission => ("information_transmission", "信息传输业", "Information transmission"),
            I::SoftwareIt => ("software_it", "软件和信息技术服务业", "Software and information technology services"),
            I::RealEstateDevelopment => ("real_estate_development", "房地产开发经营", "Real estate development"),
            I::PropertyManagement => ("property_management", "物业管理", "Property management"),
            I::LeasingBusiness => ("leasing_business", "租赁和商务服务业", "Leasing and business services"),
            I::Other => ("other", "其他未列明行业", "Other industries not listed"),
        }
    }

    /// The stable key, also the serde form.
    pub fn key(self) -> &'static str {
        self.names().0
    }

    pub fn from_key(key: &str) -> Option<Industry> {
        Industry::ALL.into_iter().find(|i| i.key() == key)
    }

    /// The row name of 第四条.
    pub fn name_zh(self) -> &'static str {
        self.names().1
    }

    pub fn name_en(self) -> &'static str {
        self.names().2
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.name_zh(),
            Lang::En => self.name_en(),
        }
    }

    /// Accepts the key, the Chinese or English name, or common short forms (农林牧渔业, 农业,
    /// 软件业, 其他 …); whitespace, case and list punctuation are ignored.
    pub fn parse(input: &str) -> Option<Industry> {
        let wanted = normalise(input);
        if wanted.is_empty() {
            return None;
        }
        // Every accepted spelling, normalised once: an import asks this for every row.
        static LOOKUP: std::sync::LazyLock<std::collections::HashMap<String, Industry>> =
            std::sync::LazyLock::new(|| {
                let mut map = std::collections::HashMap::new();
                for (alias, i) in ALIASES.iter().rev() {
                    map.insert(normalise(alias), *i);
                }
                for i in Industry::ALL.into_iter().rev() {
                    for name in [i.name_en(), i.name_zh(), i.key()] {
                        map.insert(normalise(name), i);
                    }
                }
                map
            });
        LOOKUP.get(&wanted).copied()
    }

    /// Which figures the rule for this industry needs (read off the threshold table).
    pub fn needs(self) -> &'static [Figure] {
        let bounds = self.row().small;
        match (
            bounds.employees.is_some(),
            bounds.revenue_wan.is_some(),
            bounds.assets_wan.is_some(),
        ) {
            (true, false, false) => NEEDS_X,
            (false, true, false) => NEEDS_Y,
            (false, false, true) => NEEDS_Z,
            (true, true, false) => NEEDS_XY,
            (false, true, true) => NEEDS_YZ,
            (true, false, true) => NEEDS_XZ,
            (true, true, true) => NEEDS_XYZ,
            (false, false, false) => &[],
        }
    }
}

/// 大型 / 中型 / 小型 / 微型. Ordered by size: `Micro < Small < Medium < Large`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SizeClass {
    Large,
    Medium,
    Small,
    Micro,
}

impl SizeClass {
    pub const ALL: [SizeClass; 4] = [
        SizeClass::Large,
        SizeClass::Medium,
        SizeClass::Small,
        SizeClass::Micro,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SizeClass::Large => "large",
            SizeClass::Medium => "medium",
            SizeClass::Small => "small",
            SizeClass::Micro => "micro",
        }
    }

    pub fn from_key(key: &str) -> Option<SizeClass> {
        SizeClass::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            SizeClass::Large => lang.pick("大型", "Large"),
            SizeClass::Medium => lang.pick("中型", "Medium"),
            SizeClass::Small => lang.pick("小型", "Small"),
            SizeClass::Micro => lang.pick("微型", "Micro"),
        }
    }

    /// The programme serves 小微企业: small or micro.
    pub fn is_small_or_micro(self) -> bool {
        matches!(self, SizeClass::Small | SizeClass::Micro)
    }

    fn rank(self) -> u8 {
        match self {
            SizeClass::Micro => 0,
            SizeClass::Small => 1,
            SizeClass::Medium => 2,
            SizeClass::Large => 3,
        }
    }

    /// The tier's bounds in a row; `Micro` has none (it is whatever meets no tier).
    fn bounds(self, row: &Row) -> Option<&Bounds> {
        match self {
            SizeClass::Large => Some(&row.large),
            SizeClass::Medium => Some(&row.medium),
            SizeClass::Small => Some(&row.small),
            SizeClass::Micro => None,
        }
    }
}

impl PartialOrd for SizeClass {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SizeClass {
    fn cmp(&self, other: &Self) -> Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// The figures 第四条 classifies on. 营业收入 here is the standard's 营业收入, not the
/// programme's 主营业务收入.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SmeFigures {
    pub employees: Option<u64>,
    pub operating_revenue: Option<Money>,
    pub total_assets: Option<Money>,
}

/// Bounds of a tier that the figures do not reach (empty = tier met). A missing figure
/// counts as not reaching its bound.
fn shortfalls(bounds: &Bounds, figures: &SmeFigures) -> Vec<Figure> {
    let reaches_count = |bound: u64, value: Option<u64>| value.is_some_and(|v| v >= bound);
    let reaches_money =
        |bound: i64, value: Option<Money>| value.is_some_and(|v| v >= Money::from_wan(bound));
    let mut short = Vec::new();
    if let Some(bound) = bounds.employees
        && !reaches_count(bound, figures.employees)
    {
        short.push(Figure::Employees);
    }
    if let Some(bound) = bounds.revenue_wan
        && !reaches_money(bound, figures.operating_revenue)
    {
        short.push(Figure::OperatingRevenue);
    }
    if let Some(bound) = bounds.assets_wan
        && !reaches_money(bound, figures.total_assets)
    {
        short.push(Figure::TotalAssets);
    }
    short
}

/// The outcome of [`classify`], with what is needed to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub class: SizeClass,
    pub industry: Industry,
    /// The figures the rule used; figures the industry does not need are dropped (None).
    pub figures: SmeFigures,
}

impl Classification {
    /// Which tier's bounds were met and which (next) tier's were not, with the figures, e.g.
    /// "工业：从业人员 250 人，营业收入 5000 万元；满足小型标准（从业人员 ≥ 20 且营业收入 ≥
    /// 300 万元），未达到中型标准（从业人员 ≥ 300 且营业收入 ≥ 2000 万元），其中从业人员不满足".
    pub fn reason(&self, lang: Lang) -> String {
        let row = self.industry.row();
        let mut text = format!("{}{}", self.industry.name(lang), lang.pick("：", ": "));
        let figures: Vec<String> = self
            .industry
            .needs()
            .iter()
            .map(|&figure| describe_figure(figure, &self.figures, lang))
            .collect();
        text.push_str(&figures.join(lang.pick("，", ", ")));
        text.push_str(lang.pick("；", "; "));

        let (met, unmet) = match self.class {
            SizeClass::Large => (Some(SizeClass::Large), None),
            SizeClass::Medium => (Some(SizeClass::Medium), Some(SizeClass::Large)),
            SizeClass::Small => (Some(SizeClass::Small), Some(SizeClass::Medium)),
            SizeClass::Micro => (None, Some(SizeClass::Small)),
        };
        if let Some(tier) = met {
            let bounds = describe_bounds(tier.bounds(row), lang);
            let _ = match lang {
                Lang::Zh => write!(text, "满足{}标准（{bounds}）", tier.name(lang)),
                Lang::En => write!(text, "meets the {} bounds ({bounds})", tier.key()),
            };
        }
        if met.is_some() && unmet.is_some() {
            text.push_str(lang.pick("，", ", "));
        }
        if let Some(tier) = unmet {
            let tier_bounds = tier.bounds(row);
            let bounds = describe_bounds(tier_bounds, lang);
            let _ = match lang {
                Lang::Zh => write!(text, "未达到{}标准（{bounds}）", tier.name(lang)),
                Lang::En => write!(text, "does not meet the {} bounds ({bounds})", tier.key()),
            };
            // With two bounds under 且, say which one fell short.
            if let Some(b) = tier_bounds.filter(|_| self.industry.needs().len() > 1) {
                let short: Vec<String> = shortfalls(b, &self.figures)
                    .into_iter()
                    .map(|f| figure_in_sentence(f, lang))
                    .collect();
                let _ = match lang {
                    Lang::Zh => write!(text, "，其中{}不满足", short.join("、")),
                    Lang::En => write!(text, ", short on {}", short.join(" and ")),
                };
            }
        }
        if self.class == SizeClass::Large {
            text.push_str(lang.pick("，不属于中小微企业", ", so it is not an SME"));
        }
        text
    }
}

fn figure_in_sentence(figure: Figure, lang: Lang) -> String {
    match lang {
        Lang::Zh => figure.name(lang).to_string(),
        Lang::En => figure.name(lang).to_lowercase(),
    }
}

fn describe_figure(figure: Figure, figures: &SmeFigures, lang: Lang) -> String {
    let name = figure_in_sentence(figure, lang);
    match figure {
        Figure::Employees => {
            let value = figures.employees.unwrap_or_default();
            match lang {
                Lang::Zh => format!("{name} {value} 人"),
                Lang::En => format!("{name} {value}"),
            }
        }
        Figure::OperatingRevenue | Figure::TotalAssets => {
            let value = if figure == Figure::OperatingRevenue {
                figures.operating_revenue
            } else {
                figures.total_assets
            };
            let value = value.unwrap_or(Money::ZERO).to_wan_string();
            format!("{name} {value}{}", lang.pick(" 万元", " × 10,000 CNY"))
        }
    }
}

fn describe_bounds(bounds: Option<&Bounds>, lang: Lang) -> String {
    let Some(bounds) = bounds else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(b) = bounds.employees {
        parts.push(format!(
            "{} ≥ {b}",
            figure_in_sentence(Figure::Employees, lang)
        ));
    }
    let unit = lang.pick(" 万元", " × 10,000 CNY");
    if let Some(b) = bounds.revenue_wan {
        parts.push(format!(
            "{} ≥ {b}{unit}",
            figure_in_sentence(Figure::OperatingRevenue, lang)
        ));
    }
    if let Some(b) = bounds.assets_wan {
        parts.push(format!(
            "{} ≥ {b}{unit}",
            figure_in_sentence(Figure::TotalAssets, lang)
        ));
    }
    parts.join(lang.pick(" 且", " and "))
}

/// Why figures could not be classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum SmeError {
    #[error("industry '{}' needs the figure '{}'", .industry.key(), .figure.key())]
    MissingFigure { industry: Industry, figure: Figure },
}

impl SmeError {
    /// A stable machine key for the error.
    pub fn key(&self) -> &'static str {
        match self {
            SmeError::MissingFigure { .. } => "sme.missing_figure",
        }
    }
}

impl Localized for SmeError {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (SmeError::MissingFigure { industry, figure }, Lang::Zh) => {
                format!("{}划型需要“{}”", industry.name_zh(), figure.name(Lang::Zh))
            }
        }
    }
}

/// Classify an enterprise by 第四条. Figures the industry does not need are ignored; the
/// first needed figure that is missing is an error.
pub fn classify(industry: Industry, figures: &SmeFigures) -> Result<Classification, SmeError> {
    let needs = industry.needs();
    let mut used = SmeFigures::default();
    for &figure in needs {
        let present = match figure {
            Figure::Employees => {
                used.employees = figures.employees;
                used.employees.is_some()
            }
            Figure::OperatingRevenue => {
                used.operating_revenue = figures.operating_revenue;
                used.operating_revenue.is_some()
            }
            Figure::TotalAssets => {
                used.total_assets = figures.total_assets;
                used.total_assets.is_some()
            }
        };
        if !present {
            return Err(SmeError::MissingFigure { industry, figure });
        }
    }
    let row = industry.row();
    let class = [SizeClass::Large, SizeClass::Medium, SizeClass::Small]
        .into_iter()
        .find(|tier| {
            tier.bounds(row)
                .is_some_and(|b| shortfalls(b, &used).is_empty())
        })
        .unwrap_or(SizeClass::Micro);
    Ok(Classification {
        class,
        industry,
        figures: used,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn xy_figures(employees: u64, revenue_wan: i64) -> SmeFigures {
        SmeFigures {
            employees: Some(employees),
            operating_revenue: Some(Money::from_wan(revenue_wan)),
            total_assets: None,
        }
    }

    fn class_of(industry: Industry, figures: SmeFigures) -> SizeClass {
        classify(industry, &figures).unwrap().class
    }

    /// 第四条 transcribed a second time from facts.md §1.2, independently of `TABLE`:
    /// (key, [SME ceiling, 中型 bounds, 小型 bounds]) with [X persons, Y 万元, Z 万元].
    type Tiers = [[Option<i64>; 3]; 3];
    const N: Option<i64> = None;
    const fn s(v: i64) -> Option<i64> {
        Some(v)
    }
    #[rustfmt::skip]
    const EXPECTED: [(&str, Tiers); 16] = [
        ("agriculture",              [[N, s(20000), N],         [N, s(500), N],        [N, s(50), N]]),
        ("industry",                 [[s(1000), s(40000), N],   [s(300), s(2000), N],  [s(20), s(300), N]]),
        ("construction",             [[N, s(80000), s(80000)],  [N, s(6000), s(5000)], [N, s(300), s(300)]]),
        ("wholesale",                [[s(200), s(40000), N],    [s(20), s(5000), N],   [s(5), s(1000), N]]),
        ("retail",                   [[s(300), s(20000), N],    [s(50), s(500), N],    [s(10), s(100), N]]),
        ("transport",                [[s(1000), s(30000), N],   [s(300), s(3000), N],  [s(20), s(200), N]]),
        ("warehousing",              [[s(200), s(30000), N],    [s(100), s(1000), N],  [s(20), s(100), N]]),
        ("postal",                   [[s(1000), s(30000), N],   [s(300), s(2000), N],  [s(20), s(100), N]]),
        ("accommodation",            [[s(300), s(10000), N],    [s(100), s(2000), N],  [s(10), s(100), N]]),
        ("catering",                 [[s(300), s(10000), N],    [s(100), s(2000), N],  [s(10), s(100), N]]),
        ("information_transmission", [[s(2000), s(100000), N],  [s(100), s(1000), N],  [s(10), s(100), N]]),
        ("software_it",              [[s(300), s(10000), N],    [s(100), s(1000), N],  [s(10), s(50), N]]),
        ("real_estate_development",  [[N, s(200000), s(10000)], [N, s(1000), s(5000)], [N, s(100), s(2000)]]),
        ("property_management",      [[s(1000), s(5000), N],    [s(300), s(1000), N],  [s(100), s(500), N]]),
        ("leasing_business",         [[s(300), N, s(120000)],   [s(100), N, s(8000)],  [s(10), N, s(100)]]),
        ("other",                    [[s(300), N, N],           [s(100), N, N],        [s(10), N, N]]),
    ];
    const TIERS: [SizeClass; 3] = [SizeClass::Large, SizeClass::Medium, SizeClass::Small];
    const FIGURES: [Figure; 3] = [
        Figure::Employees,
        Figure::OperatingRevenue,
        Figure::TotalAssets,
    ];

    /// Figures far above every bound of every industry.
    fn comfortably_above() -> SmeFigures {
        SmeFigures {
            employees: Some(1_000_000),
            operating_revenue: Some(Money::from_wan(100_000_000)),
            total_assets: Some(Money::from_wan(100_000_000)),
        }
    }

    /// `figures` with one indicator set to its bound plus `delta` (persons, or yuan).
    fn with(figures: SmeFigures, figure: Figure, bound: i64, delta: i64) -> SmeFigures {
        let mut figures = figures;
        match figure {
            Figure::Employees => figures.employees = Some(u64::try_from(bound + delta).unwrap()),
            Figure::OperatingRevenue => {
                figures.operating_revenue =
                    Some(Money::from_yuan(Money::from_wan(bound).yuan() + delta));
            }
            Figure::TotalAssets => {
                figures.total_assets =
                    Some(Money::from_yuan(Money::from_wan(bound).yuan() + delta));
            }
        }
        figures
    }

    fn one_tier_down(tier: SizeClass) -> SizeClass {
        match tier {
            SizeClass::Large => SizeClass::Medium,
            SizeClass::Medium => SizeClass::Small,
            SizeClass::Small | SizeClass::Micro => SizeClass::Micro,
        }
    }

    #[test]
    fn the_table_follows_the_order_of_the_industries() {
        for (index, industry) in Industry::ALL.into_iter().enumerate() {
            assert_eq!(TABLE[index].industry, industry);
            assert_eq!(EXPECTED[index].0, industry.key());
        }
    }

    #[test]
    fn each_industry_needs_exactly_the_indicators_its_row_uses() {
        for (key, tiers) in EXPECTED {
            let industry = Industry::from_key(key).unwrap();
            let expected: Vec<Figure> = FIGURES
                .into_iter()
                .zip(tiers[2])
                .filter(|(_, b)| b.is_some())
                .map(|(f, _)| f)
                .collect();
            assert_eq!(industry.needs(), expected.as_slice(), "{key}");
            for tier in tiers {
                let used: Vec<bool> = tier.iter().map(Option::is_some).collect();
                assert_eq!(
                    used,
                    tiers[2].iter().map(Option::is_some).collect::<Vec<_>>(),
                    "{key}"
                );
            }
        }
    }

    #[test]
    fn each_indicator_rises_strictly_from_small_to_medium_to_the_ceiling() {
        // Needed for "one above" a bound to stay inside its tier in the boundary test.
        for (key, [large, medium, small]) in EXPECTED {
            for i in 0..3 {
                if let (Some(l), Some(m), Some(s)) = (large[i], medium[i], small[i]) {
                    assert!(s + 1 < m && m + 1 < l, "{key} indicator {i}");
                }
            }
        }
    }

    /// Every industry, every tier, every bound: one below / at / one above (one person, one
    /// yuan), with the other indicators comfortably above.
    #[test]
    fn every_bound_of_every_industry_holds_one_below_at_and_one_above_the_threshold() {
        let mut checked = 0;
        for (key, tiers) in EXPECTED {
            let industry = Industry::from_key(key).unwrap();
            for (tier, bounds) in TIERS.into_iter().zip(tiers) {
                for (figure, bound) in FIGURES.into_iter().zip(bounds) {
                    let Some(bound) = bound else { continue };
                    for (delta, expected) in [(-1, one_tier_down(tier)), (0, tier), (1, tier)] {
                        let figures = with(comfortably_above(), figure, bound, delta);
                        assert_eq!(
                            class_of(industry, figures),
                            expected,
                            "{key}: {} {figure:?} at bound {bound} {delta:+}",
                            tier.key()
                        );
                        checked += 1;
                    }
                }
            }
        }
        // 14 two-indicator rows × 3 tiers × 2 bounds, plus 农业 and 其他 × 3 tiers × 1 bound.
        assert_eq!(checked, (14 * 3 * 2 + 2 * 3) * 3);
    }

    #[test]
    fn an_industrial_enterprise_with_300_staff_and_2000_wan_is_medium() {
        assert_eq!(
            class_of(I::Industry, xy_figures(300, 2000)),
            SizeClass::Medium
        );
    }

    #[test]
    fn an_industrial_enterprise_with_250_staff_and_5000_wan_is_small() {
        let result = classify(I::Industry, &xy_figures(250, 5000)).unwrap();
        assert_eq!(result.class, SizeClass::Small);
        assert!(result.class.is_small_or_micro());
        assert_eq!(
            result.reason(Lang::Zh),
            "工业：从业人员 250 人，营业收入 5000 万元；满足小型标准（从业人员 ≥ 20 且营业收入 ≥ 300 万元），\
             未达到中型标准（从业人员 ≥ 300 且营业收入 ≥ 2000 万元），其中从业人员不满足"
        );
        assert_eq!(
            result.reason(Lang::En),
            "Industry: employees 250, operating revenue 5000 × 10,000 CNY; meets the small bounds \
             (employees ≥ 20 and operating revenue ≥ 300 × 10,000 CNY), does not meet the medium \
             bounds (employees ≥ 300 and operating revenue ≥ 2000 × 10,000 CNY), short on employees"
        );
    }

    #[test]
    fn an_industrial_enterprise_over_2000_wan_is_small_only_below_300_staff() {
        // The programme selects 小微 enterprises with 年主营业务收入 ≥ 2000 万元 (facts.md §1.2).
        assert_eq!(
            class_of(I::Industry, xy_figures(299, 2000)),
            SizeClass::Small
        );
        assert_eq!(
            class_of(I::Industry, xy_figures(300, 2000)),
            SizeClass::Medium
        );
    }

    #[test]
    fn an_industrial_enterprise_reaching_only_one_sme_ceiling_is_still_medium() {
        // The SME ceiling is 或: below either ceiling is enough to be an SME.
        assert_eq!(
            class_of(I::Industry, xy_figures(5000, 39_999)),
            SizeClass::Medium
        );
        assert_eq!(
            class_of(I::Industry, xy_figures(999, 400_000)),
            SizeClass::Medium
        );
        assert_eq!(
            class_of(I::Industry, xy_figures(1000, 40_000)),
            SizeClass::Large
        );
    }

    #[test]
    fn a_retailer_below_10_staff_is_micro_whatever_its_revenue() {
        // 微型 is 或: below any 小型 bound.
        assert_eq!(class_of(I::Retail, xy_figures(9, 19_999)), SizeClass::Micro);
        assert_eq!(class_of(I::Retail, xy_figures(10, 99)), SizeClass::Micro);
        assert_eq!(class_of(I::Retail, xy_figures(10, 100)), SizeClass::Small);
    }

    #[test]
    fn a_large_enterprise_is_explained_as_not_an_sme() {
        let result = classify(I::Industry, &xy_figures(1000, 40_000)).unwrap();
        assert_eq!(result.class, SizeClass::Large);
        assert!(!result.class.is_small_or_micro());
        assert!(
            result.reason(Lang::Zh).contains(
                "满足大型标准（从业人员 ≥ 1000 且营业收入 ≥ 40000 万元），不属于中小微企业"
            )
        );
        assert!(result.reason(Lang::En).ends_with("so it is not an SME"));
    }

    #[test]
    fn a_micro_enterprise_is_told_which_small_bound_it_misses() {
        let result = classify(I::Wholesale, &xy_figures(30, 999)).unwrap();
        assert_eq!(result.class, SizeClass::Micro);
        assert_eq!(
            result.reason(Lang::Zh),
            "批发业：从业人员 30 人，营业收入 999 万元；未达到小型标准（从业人员 ≥ 5 且营业收入 ≥ 1000 万元），其中营业收入不满足"
        );
        assert!(
            result
                .reason(Lang::En)
                .ends_with("short on operating revenue")
        );
    }

    #[test]
    fn a_farm_is_classified_by_revenue_alone_and_staff_are_ignored() {
        let figures = SmeFigures {
            employees: Some(5000),
            operating_revenue: Some(Money::parse_wan("499.9999").unwrap()),
            total_assets: None,
        };
        let result = classify(I::Agriculture, &figures).unwrap();
        assert_eq!(result.class, SizeClass::Small);
        assert_eq!(result.figures.employees, None);
        assert_eq!(
            result.reason(Lang::Zh),
            "农、林、牧、渔业：营业收入 499.9999 万元；满足小型标准（营业收入 ≥ 50 万元），未达到中型标准（营业收入 ≥ 500 万元）"
        );
    }

    #[test]
    fn an_unlisted_industry_is_classified_by_staff_alone() {
        let figures = SmeFigures {
            employees: Some(99),
            ..SmeFigures::default()
        };
        assert_eq!(class_of(I::Other, figures), SizeClass::Small);
    }

    #[test]
    fn builders_and_developers_need_revenue_and_total_assets_and_lessors_staff_and_assets() {
        assert_eq!(
            I::Construction.needs(),
            &[Figure::OperatingRevenue, Figure::TotalAssets]
        );
        assert_eq!(
            I::RealEstateDevelopment.needs(),
            &[Figure::OperatingRevenue, Figure::TotalAssets]
        );
        assert_eq!(
            I::LeasingBusiness.needs(),
            &[Figure::Employees, Figure::TotalAssets]
        );
        assert_eq!(I::Agriculture.needs(), &[Figure::OperatingRevenue]);
        assert_eq!(I::Other.needs(), &[Figure::Employees]);
    }

    #[test]
    fn a_missing_needed_figure_is_an_error_naming_it() {
        let figures = SmeFigures {
            employees: None,
            ..xy_figures(0, 5000)
        };
        let error = classify(I::Industry, &figures).unwrap_err();
        assert_eq!(
            error,
            SmeError::MissingFigure {
                industry: I::Industry,
                figure: Figure::Employees
            }
        );
        assert_eq!(error.message(Lang::Zh), "工业划型需要“从业人员”");
        assert_eq!(
            error.message(Lang::En),
            "industry 'industry' needs the figure 'employees'"
        );
        assert_eq!(error.key(), "sme.missing_figure");

        let error = classify(I::Construction, &xy_figures(10, 5000)).unwrap_err();
        assert_eq!(
            error,
            SmeError::MissingFigure {
                industry: I::Construction,
                figure: Figure::TotalAssets
            }
        );
        assert_eq!(error.message(Lang::Zh), "建筑业划型需要“资产总额”");

        let error = classify(I::Agriculture, &SmeFigures::default()).unwrap_err();
        assert_eq!(
            error.message(Lang::En),
            "industry 'agriculture' needs the figure 'operating_revenue'"
        );
    }

    #[test]
    fn every_industry_and_class_has_a_reason_in_both_languages() {
        for industry in Industry::ALL {
            for scale in [0, 1, 20, 400, 5_000, 1_000_000] {
                let figures = SmeFigures {
                    employees: Some(u64::try_from(scale).unwrap()),
                    operating_revenue: Some(Money::from_wan(scale)),
                    total_assets: Some(Money::from_wan(scale)),
                };
                let result = classify(industry, &figures).unwrap();
                let (zh, en) = (result.reason(Lang::Zh), result.reason(Lang::En));
                assert!(zh.starts_with(industry.name_zh()), "{zh}");
                assert!(en.starts_with(industry.name_en()), "{en}");
                assert!(zh.contains("标准") && en.contains("bounds"), "{zh} / {en}");
            }
        }
    }

    #[test]
    fn industry_keys_and_names_are_as_published() {
        let keys: Vec<&str> = Industry::ALL.iter().map(|i| i.key()).collect();
        assert_eq!(
            keys,
            [
                "agriculture",
                "industry",
                "construction",
                "wholesale",
                "retail",
                "transport",
                "warehousing",
                "postal",
                "accommodation",
                "catering",
                "information_transmission",
                "software_it",
                "real_estate_development",
                "property_management",
                "leasing_business",
                "other",
            ]
        );
        let names: Vec<&str> = Industry::ALL.iter().map(|i| i.name(Lang::Zh)).collect();
        assert_eq!(
            names,
            [
                "农、林、牧、渔业",
                "工业",
                "建筑业",
                "批发业",
                "零售业",
                "交通运输业",
                "仓储业",
                "邮政业",
                "住宿业",
                "餐饮业",
                "信息传输业",
                "软件和信息技术服务业",
                "房地产开发经营",
                "物业管理",
                "租赁和商务服务业",
                "其他未列明行业",
            ]
        );
        for industry in Industry::ALL {
            assert_eq!(Industry::from_key(industry.key()), Some(industry));
            assert_eq!(Industry::parse(industry.key()), Some(industry));
            assert_eq!(Industry::parse(industry.name_zh()), Some(industry));
            assert_eq!(Industry::parse(industry.name_en()), Some(industry));
            let serialised =
                serde::de::value::StrDeserializer::<serde::de::value::Error>::new(industry.key());
            assert_eq!(Industry::deserialize(serialised), Ok(industry));
        }
        assert_eq!(Industry::from_key("Industry"), None);
    }

    #[test]
    fn industries_parse_from_common_short_forms() {
        let cases = [
            (" 农林牧渔业 ", I::Agriculture),
            ("农业", I::Agriculture),
            ("农, 林, 牧, 渔业", I::Agriculture),
            ("制造业", I::Industry),
            ("软件业", I::SoftwareIt),
            ("SOFTWARE_IT", I::SoftwareIt),
            ("房地产开发", I::RealEstateDevelopment),
            ("物业", I::PropertyManagement),
            ("租赁和商务服务", I::LeasingBusiness),
            ("其他", I::Other),
            ("其它", I::Other),
        ];
        for (input, industry) in cases {
            assert_eq!(Industry::parse(input), Some(industry), "{input}");
        }
        for input in ["", "  ", "金融业", "房地产"] {
            assert_eq!(Industry::parse(input), None, "{input}");
        }
    }

    #[test]
    fn size_classes_have_keys_names_and_an_order_by_size() {
        for class in SizeClass::ALL {
            assert_eq!(SizeClass::from_key(class.key()), Some(class));
            let serialised =
                serde::de::value::StrDeserializer::<serde::de::value::Error>::new(class.key());
            assert_eq!(SizeClass::deserialize(serialised), Ok(class));
        }
        assert_eq!(SizeClass::Small.name(Lang::Zh), "小型");
        assert_eq!(SizeClass::Micro.name(Lang::En), "Micro");
        assert!(SizeClass::Micro < SizeClass::Small);
        assert!(SizeClass::Small < SizeClass::Medium);
        assert!(SizeClass::Medium < SizeClass::Large);
        assert!(!SizeClass::Medium.is_small_or_micro());
        assert_eq!(Figure::TotalAssets.name(Lang::Zh), "资产总额");
        assert_eq!(Figure::OperatingRevenue.name(Lang::En), "Operating revenue");
    }

    fn figures_strategy() -> impl Strategy<Value = SmeFigures> {
        (
            0u64..5_000,
            0i64..3_000_000_000_000,
            0i64..3_000_000_000_000,
        )
            .prop_map(|(x, y, z)| SmeFigures {
                employees: Some(x),
                operating_revenue: Some(Money::from_yuan(y)),
                total_assets: Some(Money::from_yuan(z)),
            })
    }

    proptest! {
        #[test]
        fn raising_any_figure_never_lowers_the_class(
            industry in proptest::sample::select(Industry::ALL.to_vec()),
            figures in figures_strategy(),
            which in 0usize..3,
            raise in 0i64..2_000_000_000_000,
        ) {
            let mut raised = figures;
            match which {
                0 => raised.employees = figures.employees.map(|e| e + u64::try_from(raise % 3000).unwrap()),
                1 => raised.operating_revenue = figures.operating_revenue.map(|m| Money::from_yuan(m.yuan() + raise)),
                _ => raised.total_assets = figures.total_assets.map(|m| Money::from_yuan(m.yuan() + raise)),
            }
            let before = classify(industry, &figures).unwrap().class;
            let after = classify(industry, &raised).unwrap().class;
            prop_assert!(after >= before, "{:?}: {:?} -> {:?}", industry, before, after);
        }
    }
}
