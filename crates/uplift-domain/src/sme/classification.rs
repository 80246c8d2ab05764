//! Classifying an enterprise by 第四条, and explaining the outcome in a sentence.

use std::fmt::Write as _;

use serde::Serialize;
use thiserror::Error;

use super::figures::{Figure, SmeFigures};
use super::industry::Industry;
use super::size_class::SizeClass;
use super::table::Bounds;
use crate::lang::{Lang, Localized};
use crate::money::Money;
use crate::number::thousands;

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
            let value = thousands(figures.employees.unwrap_or_default());
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
            format!("{name} {}", value.unwrap_or(Money::ZERO).display(lang))
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
            "{} ≥ {}",
            figure_in_sentence(Figure::Employees, lang),
            thousands(b)
        ));
    }
    if let Some(b) = bounds.revenue_wan {
        parts.push(format!(
            "{} ≥ {}",
            figure_in_sentence(Figure::OperatingRevenue, lang),
            Money::from_wan(b).display(lang)
        ));
    }
    if let Some(b) = bounds.assets_wan {
        parts.push(format!(
            "{} ≥ {}",
            figure_in_sentence(Figure::TotalAssets, lang),
            Money::from_wan(b).display(lang)
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
    use crate::sme::Industry as I;
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
            "工业：从业人员 250 人，营业收入 5,000 万元；满足小型标准（从业人员 ≥ 20 且营业收入 ≥ 300 万元），\
             未达到中型标准（从业人员 ≥ 300 且营业收入 ≥ 2,000 万元），其中从业人员不满足"
        );
        assert_eq!(
            result.reason(Lang::En),
            "Industrial sector: employees 250, operating revenue 50 million CNY; meets the small \
             bounds (employees ≥ 20 and operating revenue ≥ 3 million CNY), does not meet the \
             medium bounds (employees ≥ 300 and operating revenue ≥ 20 million CNY), short on \
             employees"
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
        assert!(result.reason(Lang::Zh).contains(
            "满足大型标准（从业人员 ≥ 1,000 且营业收入 ≥ 40,000 万元），不属于中小微企业"
        ));
        assert!(result.reason(Lang::En).ends_with("so it is not an SME"));
    }

    #[test]
    fn a_micro_enterprise_is_told_which_small_bound_it_misses() {
        let result = classify(I::Wholesale, &xy_figures(30, 999)).unwrap();
        assert_eq!(result.class, SizeClass::Micro);
        assert_eq!(
            result.reason(Lang::Zh),
            "批发业：从业人员 30 人，营业收入 999 万元；未达到小型标准（从业人员 ≥ 5 且营业收入 ≥ 1,000 万元），其中营业收入不满足"
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
