//! One directory row, validated cell by cell.

use super::column::{Column, ColumnMap};
use super::error::{RowError, RowErrorKind};
use super::status::OperatingStatus;
use crate::division::{self, DivisionCode, DivisionLevel};
use crate::money::Money;
use crate::sme::{Classification, Industry, SmeError, SmeFigures, classify};
use crate::text::fold_full_width;
use crate::uscc::{Uscc, UsccWarning};

/// Longest enterprise name accepted (characters, not bytes). Registered names are far shorter;
/// anything longer is a pasted paragraph.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest contact-person name accepted (characters).
pub const MAX_CONTACT_NAME_CHARS: usize = 50;
/// Digits a phone number may have once `+86`, spaces, hyphens and brackets are stripped: 7 (a
/// local landline without area code) to 15 (ITU-T E.164's maximum).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// A validated directory row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryRow {
    pub uscc: Uscc,
    /// Oddities of an accepted code, to show next to the row (not errors).
    pub uscc_warnings: Vec<UsccWarning>,
    /// Trimmed, 1..=200 characters.
    pub name: String,
    /// As given (a prefecture or a county code); see [`DirectoryRow::prefecture`].
    pub division: DivisionCode,
    pub industry: Industry,
    pub employees: Option<u64>,
    /// 营业收入 — the 划型 figure of 第四条.
    pub operating_revenue: Option<Money>,
    /// 主营业务收入 — the notice's "年主营业务收入2000万以上".
    pub main_revenue: Option<Money>,
    pub total_assets: Option<Money>,
    pub operating_status: OperatingStatus,
    pub contact_name: Option<String>,
    /// Digits only, `+86`/`0086` dropped ("138 0013-8000" -> "13800138000").
    pub contact_phone: Option<String>,
}

impl DirectoryRow {
    /// The prefecture (市州) the enterprise lies in: 430104 -> 430100. None only for a code
    /// that [`parse_row`] would have rejected.
    pub fn prefecture(&self) -> Option<DivisionCode> {
        self.division.prefecture()
    }

    /// The figures 第四条 classifies on.
    pub fn sme_figures(&self) -> SmeFigures {
        SmeFigures {
            employees: self.employees,
            operating_revenue: self.operating_revenue,
            total_assets: self.total_assets,
        }
    }

    /// 划型 of this row by its industry and figures.
    pub fn classify(&self) -> Result<Classification, SmeError> {
        classify(self.industry, &self.sme_figures())
    }
}

/// Validate one row; every problem of the row is reported, in column order.
pub fn parse_row<S: AsRef<str>>(
    map: &ColumnMap,
    cells: &[S],
) -> Result<DirectoryRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let get = |col| map.get(cells, col);

    let uscc = required(&mut errors, Column::Uscc, get(Column::Uscc), |text| {
        Uscc::parse(text).map_err(RowErrorKind::UsccInvalid)
    });
    let name = required(&mut errors, Column::Name, get(Column::Name), |text| {
        if text.chars().count() > MAX_NAME_CHARS {
            Err(RowErrorKind::NameTooLong)
        } else {
            Ok(text.to_string())
        }
    });
    let division = required(
        &mut errors,
        Column::Division,
        get(Column::Division),
        check_division,
    );
    let industry = required(
        &mut errors,
        Column::Industry,
        get(Column::Industry),
        |text| Industry::parse(text).ok_or(RowErrorKind::IndustryUnknown),
    );
    let employees = optional(
        &mut errors,
        Column::Employees,
        get(Column::Employees),
        |text| parse_employees(text).ok_or(RowErrorKind::EmployeesInvalid),
    );
    let mut money = |col| {
        optional(&mut errors, col, get(col), |text| {
            Money::parse_in(text, map.unit(col)).map_err(RowErrorKind::MoneyInvalid)
        })
    };
    let operating_revenue = money(Column::OperatingRevenue);
    let main_revenue = money(Column::MainRevenue);
    let total_assets = money(Column::TotalAssets);
    let status_text = get(Column::OperatingStatus);
    let operating_status = match OperatingStatus::parse(status_text) {
        Some(status) => status,
        None => {
            errors.push(RowError::new(
                Column::OperatingStatus,
                status_text,
                RowErrorKind::StatusUnknown,
            ));
            OperatingStatus::Unknown
        }
    };
    let contact_name = optional(
        &mut errors,
        Column::ContactName,
        get(Column::ContactName),
        |text| {
            if text.chars().count() > MAX_CONTACT_NAME_CHARS {
                Err(RowErrorKind::ContactNameTooLong)
            } else {
                Ok(text.to_string())
            }
        },
    );
    let contact_phone = optional(
        &mut errors,
        Column::ContactPhone,
        get(Column::ContactPhone),
        |text| normalise_phone(text).ok_or(RowErrorKind::PhoneInvalid),
    );

    match (uscc, name, division, industry) {
        (Some(parsed), Some(name), Some(division), Some(industry)) if errors.is_empty() => {
            Ok(DirectoryRow {
                uscc: parsed.uscc,
                uscc_warnings: parsed.warnings,
                name,
                division,
                industry,
                employees,
                operating_revenue,
                main_revenue,
                total_assets,
                operating_status,
                contact_name,
                contact_phone,
            })
        }
        _ => Err(errors),
    }
}

/// A required cell: empty is [`RowErrorKind::RequiredMissing`], otherwise `check` on the
/// trimmed text.
fn required<T>(
    errors: &mut Vec<RowError>,
    column: Column,
    raw: &str,
    check: impl FnOnce(&str) -> Result<T, RowErrorKind>,
) -> Option<T> {
    let text = raw.trim();
    if text.is_empty() {
        errors.push(RowError::new(column, raw, RowErrorKind::RequiredMissing));
        return None;
    }
    check(text)
        .map_err(|kind| errors.push(RowError::new(column, raw, kind)))
        .ok()
}

/// An optional cell: empty is None, otherwise `check` on the trimmed text.
fn optional<T>(
    errors: &mut Vec<RowError>,
    column: Column,
    raw: &str,
    check: impl FnOnce(&str) -> Result<T, RowErrorKind>,
) -> Option<T> {
    let text = raw.trim();
    if text.is_empty() {
        return None;
    }
    check(text)
        .map_err(|kind| errors.push(RowError::new(column, raw, kind)))
        .ok()
}

/// The division rule: 6 digits (or a 2-/4-digit prefix, as [`DivisionCode::parse`] allows),
/// in one of the 31 provinces, below province level, and where the province's prefectures
/// are tabulated (today Hunan only, [`division::prefectures_of`]) in one of them; county
/// codes are accepted under a known prefecture ([`division::known_prefecture`]), since county
/// codes change between GB/T 2260 vintages.
fn check_division(text: &str) -> Result<DivisionCode, RowErrorKind> {
    let code = DivisionCode::parse(text).map_err(RowErrorKind::DivisionInvalid)?;
    if division::province(code.as_str()).is_none() {
        return Err(RowErrorKind::DivisionUnknown);
    }
    if code.level() == DivisionLevel::Province {
        return Err(RowErrorKind::DivisionProvinceLevel);
    }
    // xx00yy: a county-level code directly under the province has no prefecture to file it
    // under; none exists in the tabulated province.
    if code.prefecture().is_none() {
        return Err(RowErrorKind::DivisionUnknown);
    }
    let tabulated = !division::prefectures_of(code.province().as_str()).is_empty();
    if tabulated && division::known_prefecture(code.as_str()).is_none() {
        return Err(RowErrorKind::DivisionUnknown);
    }
    Ok(code)
}

/// 从业人员: a whole number ≥ 0. Full-width digits and a trailing 人 are accepted; so is a
/// fraction of zeros ("12.0"), which is how spreadsheets export a number cell. "12.5",
/// negative numbers and thousands separators are not.
fn parse_employees(text: &str) -> Option<u64> {
    let folded: String = text
        .chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let number = folded.strip_suffix('人').unwrap_or(&folded);
    let whole = match number.split_once('.') {
        Some((whole, fraction)) if fraction.bytes().all(|b| b == b'0') => whole,
        Some(_) => return None,
        None => number,
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    whole.parse().ok()
}

/// A mainland phone number: optional `+86` / `(+86)` / `0086` prefix, then digits, with
/// spaces, hyphens and brackets allowed as separators; 7–15 digits. Stored as digits only,
/// without the country prefix, so that "138-0013-8000" and "+86 13800138000" compare equal.
/// Extensions (转, ext), several numbers in one cell and other country codes are rejected:
/// the contact person must be reachable at one number.
fn normalise_phone(text: &str) -> Option<String> {
    // The common case, plain digits, needs no folding (0086 is a prefix to strip below).
    if text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with("0086") {
        return PHONE_DIGITS.contains(&text.len()).then(|| text.to_owned());
    }
    // Two numbers in one cell ("13800138000/0731-84567890"): the first that is a number
    // is the contact's; the cell is not wrong for holding a second.
    const SEPARATORS: [char; 6] = ['/', ',', '，', ';', '；', '、'];
    if text.contains(SEPARATORS) {
        return text
            .split(SEPARATORS)
            .map(str::trim)
            .filter(|part| !part.is_empty() && !part.contains(SEPARATORS))
            .find_map(normalise_phone);
    }
    let folded: String = text
        .chars()
        .map(fold_full_width)
        .filter(|c| !c.is_whitespace())
        .collect();
    let rest = ["(+86)", "+86", "0086"]
        .iter()
        .find_map(|prefix| folded.strip_prefix(prefix))
        .unwrap_or(&folded);
    let mut digits = String::with_capacity(rest.len());
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    PHONE_DIGITS.contains(&digits.len()).then_some(digits)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::division::DivisionError;
    use crate::lang::{Lang, Localized};
    use crate::money::{MoneyError, MoneyUnit};

    /// The Chinese template header, in template order.
    fn template() -> Vec<&'static str> {
        Column::ALL.iter().map(|c| c.header_zh()).collect()
    }

    fn map() -> ColumnMap {
        ColumnMap::from_header(&template()).unwrap()
    }

    /// A valid row in template order (Changsha, Yuelu district; 工业, small).
    fn good() -> Vec<String> {
        [
            "91110000600037341L",
            "长沙某某精密制造有限公司",
            "430104",
            "工业",
            "120",
            "5000",
            "4800.5",
            "3000",
            "存续",
            "张三",
            "138-0013-8000",
        ]
        .map(String::from)
        .to_vec()
    }

    fn with(column: Column, value: &str) -> Vec<String> {
        let mut row = good();
        row[map().index(column).unwrap()] = value.to_string();
        row
    }

    fn errors_of(row: &[String]) -> Vec<RowError> {
        parse_row(&map(), row).unwrap_err()
    }

    fn single_error(column: Column, value: &str) -> RowError {
        let errors = errors_of(&with(column, value));
        assert_eq!(errors.len(), 1, "{value}: {errors:?}");
        let error = errors.into_iter().next().unwrap();
        assert_eq!(error.column, column);
        assert_eq!(error.value, value);
        error
    }

    #[test]
    fn a_valid_row_is_read_with_every_field() {
        let row = parse_row(&map(), &good()).unwrap();
        assert_eq!(row.uscc.as_str(), "91110000600037341L");
        assert!(row.uscc_warnings.is_empty());
        assert_eq!(row.name, "长沙某某精密制造有限公司");
        assert_eq!(row.division.as_str(), "430104");
        assert_eq!(row.industry, Industry::Industry);
        assert_eq!(row.employees, Some(120));
        assert_eq!(row.operating_revenue, Some(Money::from_wan(5000)));
        assert_eq!(row.main_revenue, Some(Money::from_yuan(48_005_000)));
        assert_eq!(row.total_assets, Some(Money::from_wan(3000)));
        assert_eq!(row.operating_status, OperatingStatus::Operating);
        assert_eq!(row.contact_name.as_deref(), Some("张三"));
        assert_eq!(row.contact_phone.as_deref(), Some("13800138000"));
        assert_eq!(row.classify().unwrap().class, crate::sme::SizeClass::Small);
    }

    #[test]
    fn optional_cells_may_be_empty_or_absent() {
        let short =
            ColumnMap::from_header(&["统一社会信用代码", "企业名称", "行政区划代码", "行业"])
                .unwrap();
        let row = parse_row(
            &short,
            &["91110000600037341L", " 某某公司 ", "430100", "批发业"],
        )
        .unwrap();
        assert_eq!(row.name, "某某公司");
        assert_eq!(row.employees, None);
        assert_eq!(row.main_revenue, None);
        assert_eq!(row.operating_status, OperatingStatus::Unknown);
        assert_eq!(row.contact_name, None);
        assert_eq!(row.contact_phone, None);
        let blank = with(Column::ContactPhone, "  ");
        assert_eq!(parse_row(&map(), &blank).unwrap().contact_phone, None);
    }

    #[test]
    fn a_county_code_of_hunan_is_accepted_and_lies_in_its_prefecture() {
        let row = parse_row(&map(), &with(Column::Division, "430104")).unwrap();
        assert_eq!(row.division.as_str(), "430104");
        assert_eq!(row.prefecture().unwrap().as_str(), "430100");
        let row = parse_row(&map(), &with(Column::Division, "433127")).unwrap();
        assert_eq!(row.prefecture().unwrap().as_str(), "433100");
        let row = parse_row(&map(), &with(Column::Division, "4302")).unwrap();
        assert_eq!(row.division.as_str(), "430200");
    }

    #[test]
    fn an_unknown_hunan_prefecture_is_rejected() {
        for code in ["439900", "439901", "432000"] {
            let error = single_error(Column::Division, code);
            assert_eq!(error.kind, RowErrorKind::DivisionUnknown);
            assert_eq!(error.key(), "row.division_unknown");
        }
        let error = single_error(Column::Division, "439900");
        assert_eq!(
            error.message(Lang::Zh),
            "行政区划代码“439900”不在已知的行政区划内"
        );
    }

    #[test]
    fn a_code_outside_the_31_provinces_is_rejected() {
        for code in ["990100", "710100", "810000"] {
            assert_eq!(
                single_error(Column::Division, code).kind,
                RowErrorKind::DivisionUnknown,
                "{code}"
            );
        }
    }

    #[test]
    fn a_province_code_is_rejected_because_an_enterprise_lies_in_a_prefecture() {
        for code in ["430000", "43", "440000"] {
            let error = single_error(Column::Division, code);
            assert_eq!(error.kind, RowErrorKind::DivisionProvinceLevel, "{code}");
            assert_eq!(error.key(), "row.division_province_level");
            assert!(error.message(Lang::Zh).contains("省级代码"));
        }
    }

    #[test]
    fn other_provinces_are_checked_at_province_granularity_until_tabulated() {
        let row = parse_row(&map(), &with(Column::Division, "440305")).unwrap();
        assert_eq!(row.prefecture().unwrap().as_str(), "440300");
        assert!(parse_row(&map(), &with(Column::Division, "110101")).is_ok());
        // A county directly under the province (xx00yy) has no prefecture to file it under.
        assert_eq!(
            single_error(Column::Division, "440001").kind,
            RowErrorKind::DivisionUnknown
        );
    }

    #[test]
    fn a_malformed_division_code_says_so() {
        let error = single_error(Column::Division, "43010x");
        assert_eq!(
            error.kind,
            RowErrorKind::DivisionInvalid(DivisionError::NotSixDigits("43010x".into()))
        );
        assert_eq!(error.key(), "row.division_invalid");
    }

    #[test]
    fn every_required_cell_left_empty_is_reported_with_its_column() {
        let mut row = good();
        for column in [
            Column::Uscc,
            Column::Name,
            Column::Division,
            Column::Industry,
        ] {
            row[map().index(column).unwrap()] = " ".to_string();
        }
        let errors = errors_of(&row);
        let columns: Vec<Column> = errors.iter().map(|e| e.column).collect();
        assert_eq!(
            columns,
            [
                Column::Uscc,
                Column::Name,
                Column::Division,
                Column::Industry
            ]
        );
        for error in &errors {
            assert_eq!(error.kind, RowErrorKind::RequiredMissing);
            assert_eq!(error.key(), "row.required_missing");
            assert_eq!(error.message(Lang::Zh), "必填项为空");
        }
    }

    #[test]
    fn a_wrong_check_character_is_reported_as_the_standard_words_it() {
        let error = single_error(Column::Uscc, "91350100M000100Y4Z");
        assert_eq!(error.key(), "row.uscc_invalid");
        assert_eq!(
            error.message(Lang::Zh),
            "统一社会信用代码校验位错误：第18位应为“3”，实际为“Z”"
        );
        assert_eq!(
            error.message(Lang::En),
            "check character is wrong: position 18 should be '3', found 'Z'"
        );
    }

    #[test]
    fn a_code_with_a_broken_organisation_check_is_accepted_with_a_warning() {
        let first17 = "91310115MA1K3BTP3";
        let code = format!("{first17}{}", Uscc::check_char(first17).unwrap());
        let row = parse_row(&map(), &with(Column::Uscc, &code)).unwrap();
        assert_eq!(row.uscc_warnings.len(), 1);
    }

    #[test]
    fn a_name_longer_than_200_characters_is_rejected() {
        let long = "某".repeat(MAX_NAME_CHARS + 1);
        let error = single_error(Column::Name, &long);
        assert_eq!(error.key(), "row.name_too_long");
        assert_eq!(
            error.message(Lang::Zh),
            "名称过长：最多200个字符，实际201个"
        );
        let just_fits = "某".repeat(MAX_NAME_CHARS);
        assert!(parse_row(&map(), &with(Column::Name, &just_fits)).is_ok());
    }

    #[test]
    fn an_unknown_industry_is_rejected_with_examples() {
        let error = single_error(Column::Industry, "xx");
        assert_eq!(error.key(), "row.industry_unknown");
        assert_eq!(
            error.message(Lang::Zh),
            "行业“xx”无法识别（请填写《中小企业划型标准规定》中的行业名称，如：工业、批发业、软件和信息技术服务业）"
        );
        for industry in ["制造业", "software_it", "软件和信息技术服务业"] {
            assert!(parse_row(&map(), &with(Column::Industry, industry)).is_ok());
        }
    }

    #[test]
    fn employees_must_be_a_whole_number_of_zero_or_more() {
        for bad in ["-1", "12.5", "abc", "1e3", "1,200", "."] {
            let error = single_error(Column::Employees, bad);
            assert_eq!(error.key(), "row.employees_invalid");
            assert_eq!(error.message(Lang::Zh), "从业人员须为非负整数");
        }
        for (good, expected) in [
            ("0", 0),
            ("12.0", 12),
            ("１２", 12),
            ("35人", 35),
            (" 7 ", 7),
        ] {
            let row = parse_row(&map(), &with(Column::Employees, good)).unwrap();
            assert_eq!(row.employees, Some(expected), "{good}");
        }
    }

    #[test]
    fn amounts_must_be_non_negative_numbers_in_wan() {
        for column in [
            Column::OperatingRevenue,
            Column::MainRevenue,
            Column::TotalAssets,
        ] {
            for bad in ["-5", "abc", "1.2.3"] {
                let error = single_error(column, bad);
                assert_eq!(error.key(), "row.money_invalid");
                assert_eq!(error.message(Lang::Zh), "金额须为非负数");
            }
        }
        let error = single_error(Column::MainRevenue, "1.00001");
        assert_eq!(
            error.kind,
            RowErrorKind::MoneyInvalid(MoneyError::TooManyDecimals(MoneyUnit::Wan))
        );
        assert!(error.message(Lang::Zh).contains("4位小数"));
        let row = parse_row(&map(), &with(Column::MainRevenue, "２，０００万元")).unwrap();
        assert_eq!(row.main_revenue, Some(Money::from_wan(2000)));
    }

    #[test]
    fn an_unknown_operating_status_is_rejected_with_the_accepted_words() {
        let error = single_error(Column::OperatingStatus, "xx");
        assert_eq!(error.key(), "row.status_unknown");
        assert_eq!(
            error.message(Lang::Zh),
            "经营状态“xx”无法识别（可填写：存续、在业、开业、正常、注销、吊销、停业、清算）"
        );
    }

    #[test]
    fn phone_numbers_are_stored_as_digits_without_the_country_code() {
        let cases = [
            ("13800138000", "13800138000"),
            ("138 0013 8000", "13800138000"),
            ("+86 138-0013-8000", "13800138000"),
            ("+86-13800138000", "13800138000"),
            ("(+86)13800138000", "13800138000"),
            ("008613800138000", "13800138000"),
            ("0731-84567890", "073184567890"),
            ("(0731)84567890", "073184567890"),
            ("１３８００１３８０００", "13800138000"),
            ("8456789", "8456789"),
            ("13800138000/0731-84567890", "13800138000"),
            ("0731-84567890，13800138000", "073184567890"),
            ("办公室；13800138000", "13800138000"),
        ];
        for (text, expected) in cases {
            let row = parse_row(&map(), &with(Column::ContactPhone, text)).unwrap();
            assert_eq!(row.contact_phone.as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn a_malformed_phone_number_is_rejected() {
        for bad in [
            "123456",
            "1234567890123456",
            "138001380OO",
            "0731-8456789转123",
            "1.38001E+10",
            "无/暂无",
            "+1 4155550100",
        ] {
            let error = single_error(Column::ContactPhone, bad);
            assert_eq!(error.key(), "row.phone_invalid", "{bad}");
            assert_eq!(error.message(Lang::Zh), "联系电话格式不正确");
        }
    }

    #[test]
    fn a_contact_name_longer_than_50_characters_is_rejected() {
        let error = single_error(Column::ContactName, &"张".repeat(51));
        assert_eq!(error.key(), "row.contact_name_too_long");
    }

    #[test]
    fn every_problem_of_a_row_is_reported_not_just_the_first() {
        let mut row = good();
        let map = map();
        let set = |row: &mut Vec<String>, column, value: &str| {
            row[map.index(column).unwrap()] = value.to_string();
        };
        set(&mut row, Column::Uscc, "91350100M000100Y4Z");
        set(&mut row, Column::Division, "439900");
        set(&mut row, Column::Industry, "金融业");
        set(&mut row, Column::Employees, "-3");
        set(&mut row, Column::MainRevenue, "两千");
        set(&mut row, Column::OperatingStatus, "良好");
        set(&mut row, Column::ContactPhone, "12");
        let keys: Vec<&str> = parse_row(&map, &row)
            .unwrap_err()
            .iter()
            .map(RowError::key)
            .collect();
        assert_eq!(
            keys,
            [
                "row.uscc_invalid",
                "row.division_unknown",
                "row.industry_unknown",
                "row.employees_invalid",
                "row.money_invalid",
                "row.status_unknown",
                "row.phone_invalid",
            ]
        );
    }
}
