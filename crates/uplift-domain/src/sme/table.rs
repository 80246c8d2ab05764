//! 第四条's bounds per industry and tier, as data.

use super::industry::Industry;
use super::size_class::SizeClass;

use Industry as I;

/// Lower bounds that must all be reached (且). `None`: the industry's rule does not use that
/// indicator. Amounts in 万元 as in the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub(super) employees: Option<u64>,
    pub(super) revenue_wan: Option<i64>,
    pub(super) assets_wan: Option<i64>,
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
pub(super) struct Row {
    pub(super) industry: Industry,
    pub(super) large: Bounds,
    pub(super) medium: Bounds,
    pub(super) small: Bounds,
}

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

impl Industry {
    pub(super) fn row(self) -> &'static Row {
        // TABLE follows the enum's order (checked at compile time above), so this index is
        // always in range and lands on this industry's row.
        &TABLE[self as usize]
    }
}

impl SizeClass {
    /// The tier's bounds in a row; `Micro` has none (it is whatever meets no tier).
    pub(super) fn bounds(self, row: &Row) -> Option<&Bounds> {
        match self {
            SizeClass::Large => Some(&row.large),
            SizeClass::Medium => Some(&row.medium),
            SizeClass::Small => Some(&row.small),
            SizeClass::Micro => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::money::Money;
    use crate::sme::{Figure, SmeFigures, classify};

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
}
