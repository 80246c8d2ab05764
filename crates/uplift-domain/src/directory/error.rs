//! What can be wrong with a directory row's cells, in the words of the error report.

use std::fmt;

use super::column::Column;
use super::row::{MAX_CONTACT_NAME_CHARS, MAX_NAME_CHARS};
use crate::division::DivisionError;
use crate::lang::{Lang, Localized};
use crate::money::MoneyError;
use crate::uscc::UsccError;

/// One problem of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub column: Column,
    /// The cell as found (untrimmed), for the error report.
    pub value: String,
    pub kind: RowErrorKind,
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowErrorKind {
    /// A required cell (credit code, name, division, industry) is empty.
    RequiredMissing,
    UsccInvalid(UsccError),
    NameTooLong,
    DivisionInvalid(DivisionError),
    /// Not one of the 31 provinces, or (where tabulated) not one of its prefectures.
    DivisionUnknown,
    /// A province-level code (xx0000): an enterprise lies in a prefecture.
    DivisionProvinceLevel,
    IndustryUnknown,
    EmployeesInvalid,
    MoneyInvalid(MoneyError),
    StatusUnknown,
    ContactNameTooLong,
    PhoneInvalid,
}

impl RowErrorKind {
    pub fn key(&self) -> &'static str {
        match self {
            RowErrorKind::RequiredMissing => "row.required_missing",
            RowErrorKind::UsccInvalid(_) => "row.uscc_invalid",
            RowErrorKind::NameTooLong => "row.name_too_long",
            RowErrorKind::DivisionInvalid(_) => "row.division_invalid",
            RowErrorKind::DivisionUnknown => "row.division_unknown",
            RowErrorKind::DivisionProvinceLevel => "row.division_province_level",
            RowErrorKind::IndustryUnknown => "row.industry_unknown",
            RowErrorKind::EmployeesInvalid => "row.employees_invalid",
            RowErrorKind::MoneyInvalid(_) => "row.money_invalid",
            RowErrorKind::StatusUnknown => "row.status_unknown",
            RowErrorKind::ContactNameTooLong => "row.contact_name_too_long",
            RowErrorKind::PhoneInvalid => "row.phone_invalid",
        }
    }
}

impl RowError {
    pub(super) fn new(column: Column, value: &str, kind: RowErrorKind) -> RowError {
        RowError {
            column,
            value: value.to_string(),
            kind,
        }
    }

    pub fn key(&self) -> &'static str {
        self.kind.key()
    }
}

impl Localized for RowError {
    /// The text of the error report's message column (the column and value are shown beside
    /// it).
    fn message(&self, lang: Lang) -> String {
        let value = self.value.trim();
        match (&self.kind, lang) {
            (RowErrorKind::RequiredMissing, _) => lang
                .pick("必填项为空", "required value is empty")
                .to_string(),
            (RowErrorKind::UsccInvalid(error), _) => error.message(lang),
            (RowErrorKind::NameTooLong, Lang::Zh) => format!(
                "名称过长：最多{MAX_NAME_CHARS}个字符，实际{}个",
                value.chars().count()
            ),
            (RowErrorKind::NameTooLong, Lang::En) => format!(
                "the name is too long: at most {MAX_NAME_CHARS} characters, found {}",
                value.chars().count()
            ),
            (RowErrorKind::DivisionInvalid(error), _) => error.message(lang),
            (RowErrorKind::DivisionUnknown, Lang::Zh) => {
                format!("行政区划代码“{value}”不在已知的行政区划内")
            }
            (RowErrorKind::DivisionUnknown, Lang::En) => {
                format!("the division code '{value}' is not a known division")
            }
            (RowErrorKind::DivisionProvinceLevel, Lang::Zh) => {
                format!("行政区划代码“{value}”是省级代码，请填写企业所在市州或区县的代码")
            }
            (RowErrorKind::DivisionProvinceLevel, Lang::En) => format!(
                "the division code '{value}' is a province; give the code of the prefecture or county the enterprise lies in"
            ),
            (RowErrorKind::IndustryUnknown, Lang::Zh) => format!(
                "行业“{value}”无法识别（请填写《中小企业划型标准规定》中的行业名称，如：工业、批发业、软件和信息技术服务业）"
            ),
            (RowErrorKind::IndustryUnknown, Lang::En) => format!(
                "the industry '{value}' is not recognised (give an industry key or name, e.g. industry, wholesale, software_it)"
            ),
            (RowErrorKind::EmployeesInvalid, _) => lang
                .pick(
                    "从业人员须为非负整数",
                    "employees must be a whole number, zero or more",
                )
                .to_string(),
            (
                RowErrorKind::MoneyInvalid(
                    error @ (MoneyError::TooManyDecimals(_) | MoneyError::TooLarge),
                ),
                _,
            ) => error.message(lang),
            (RowErrorKind::MoneyInvalid(_), _) => lang
                .pick(
                    "金额须为非负数",
                    "the amount must be a number, zero or more",
                )
                .to_string(),
            (RowErrorKind::StatusUnknown, Lang::Zh) => format!(
                "经营状态“{value}”无法识别（可填写：存续、在业、开业、正常、注销、吊销、停业、清算）"
            ),
            (RowErrorKind::StatusUnknown, Lang::En) => format!(
                "the operating status '{value}' is not recognised (use e.g. operating, active, deregistered, revoked, suspended, liquidation)"
            ),
            (RowErrorKind::ContactNameTooLong, Lang::Zh) => {
                format!("联系人姓名过长：最多{MAX_CONTACT_NAME_CHARS}个字符")
            }
            (RowErrorKind::ContactNameTooLong, Lang::En) => {
                format!("the contact name is too long: at most {MAX_CONTACT_NAME_CHARS} characters")
            }
            (RowErrorKind::PhoneInvalid, _) => lang
                .pick(
                    "联系电话格式不正确",
                    "the contact phone number is not valid",
                )
                .to_string(),
        }
    }
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for RowError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_error_has_a_message_in_both_languages_and_a_distinct_key() {
        let kinds = [
            RowErrorKind::RequiredMissing,
            RowErrorKind::UsccInvalid(UsccError::Empty),
            RowErrorKind::NameTooLong,
            RowErrorKind::DivisionInvalid(DivisionError::Empty),
            RowErrorKind::DivisionUnknown,
            RowErrorKind::DivisionProvinceLevel,
            RowErrorKind::IndustryUnknown,
            RowErrorKind::EmployeesInvalid,
            RowErrorKind::MoneyInvalid(MoneyError::Negative),
            RowErrorKind::StatusUnknown,
            RowErrorKind::ContactNameTooLong,
            RowErrorKind::PhoneInvalid,
        ];
        let mut keys = std::collections::BTreeSet::new();
        for kind in kinds {
            let error = RowError::new(Column::Name, "x", kind);
            assert!(keys.insert(error.key()));
            assert!(error.key().starts_with("row."));
            let (zh, en) = (error.message(Lang::Zh), error.message(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty());
            assert_ne!(zh, en);
            assert_eq!(error.to_string(), en);
        }
    }
}
