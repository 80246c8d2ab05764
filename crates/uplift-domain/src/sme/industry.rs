//! The sixteen industries of 第四条, and the names people type for them.

use serde::{Deserialize, Serialize};

use super::figures::Figure;
use crate::lang::Lang;

use Industry as I;

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

    /// (key, Chinese name as in 第四条, English name), one line per industry.
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            I::Agriculture => ("agriculture", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"),
            I::Industry => ("industry", "工业", "Industrial sector"),
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

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
}
