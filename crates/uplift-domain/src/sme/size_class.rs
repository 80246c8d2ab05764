//! 大型 / 中型 / 小型 / 微型, and their order by size.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sme::Figure;

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
}
