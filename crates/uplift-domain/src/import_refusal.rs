//! Why an import refuses a row that is well-formed in itself: it lies outside the
//! importer's jurisdiction, it repeats a credit code, or the enterprise it names belongs to
//! another jurisdiction. Each explains itself in the uploader's language, in the error
//! report beside the row.

use crate::lang::{Lang, Localized};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportRefusal {
    /// The row's division lies outside the importing province (`--province`, or the
    /// province administrator's own).
    OutsideProvince { province: String },
    /// The row's division lies outside the importing city: a city loads only its own.
    OutsideCity { city: String },
    /// The division is a province code, which names no city.
    NoCity,
    /// The same credit code appeared earlier in this file, on `first_row`.
    DuplicateOf { first_row: u64 },
    /// The credit code belongs to an enterprise registered in another jurisdiction. Which
    /// one is not said: a city must not learn another's directory through its uploads.
    RegisteredElsewhere,
}

impl ImportRefusal {
    pub fn key(&self) -> &'static str {
        match self {
            ImportRefusal::OutsideProvince { .. } => "outside_province",
            ImportRefusal::OutsideCity { .. } => "outside_city",
            ImportRefusal::NoCity => "no_city",
            ImportRefusal::DuplicateOf { .. } => "duplicate",
            ImportRefusal::RegisteredElsewhere => "registered_elsewhere",
        }
    }
}

impl Localized for ImportRefusal {
    fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ImportRefusal::OutsideProvince { province }, Lang::Zh) => {
                format!("不在本次导入的省份（{province}）范围内")
            }
            (ImportRefusal::OutsideProvince { province }, Lang::En) => {
                format!("not in the province this import is for ({province})")
            }
            (ImportRefusal::OutsideCity { city }, Lang::Zh) => {
                format!("不在本辖区（{city}）范围内，市州只能导入本辖区的企业")
            }
            (ImportRefusal::OutsideCity { city }, Lang::En) => format!(
                "not in your jurisdiction ({city}); a city imports only its own enterprises"
            ),
            (ImportRefusal::NoCity, Lang::Zh) => "行政区划代码不在任何市州内".to_string(),
            (ImportRefusal::NoCity, Lang::En) => {
                "the division code lies in no prefecture-level city".to_string()
            }
            (ImportRefusal::DuplicateOf { first_row }, Lang::Zh) => {
                format!("与第 {first_row} 行的统一社会信用代码重复")
            }
            (ImportRefusal::DuplicateOf { first_row }, Lang::En) => {
                format!("the same credit code as row {first_row}")
            }
            (ImportRefusal::RegisteredElsewhere, Lang::Zh) => {
                "该统一社会信用代码的企业已在其他辖区登记，本辖区不能修改；如企业已迁入本辖区，请联系省级管理员办理迁移"
                    .to_string()
            }
            (ImportRefusal::RegisteredElsewhere, Lang::En) => {
                "an enterprise with this credit code is registered in another jurisdiction and \
                 cannot be changed from yours; if it has moved here, ask the province to move it"
                    .to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_for_another_jurisdiction_does_not_name_it() {
        for lang in [Lang::Zh, Lang::En] {
            let text = ImportRefusal::RegisteredElsewhere.message(lang);
            assert!(!text.contains("43"), "{text}");
            assert!(!text.contains("株洲") && !text.contains("长沙"), "{text}");
        }
    }

    #[test]
    fn every_refusal_explains_itself_in_both_languages() {
        let all = [
            ImportRefusal::OutsideProvince {
                province: "430000".into(),
            },
            ImportRefusal::OutsideCity {
                city: "430100".into(),
            },
            ImportRefusal::NoCity,
            ImportRefusal::DuplicateOf { first_row: 3 },
            ImportRefusal::RegisteredElsewhere,
        ];
        for r in &all {
            assert_ne!(r.message(Lang::Zh), r.message(Lang::En));
            assert!(!r.message(Lang::En).chars().any(|c| c > '\u{2000}'));
        }
    }
}
