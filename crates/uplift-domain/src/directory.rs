//! 企业名录 — one row of a city's enterprise directory, as imported from XLSX or CSV.
//!
//! The programme's step 2 ("摸清辖区内小微企业基本情况") starts from a list the city already
//! holds: credit code, name, division, industry, the three 划型 figures of
//! 《中小企业划型标准规定》 (从业人员, 营业收入, 资产总额), the notice's own 主营业务收入,
//! the 经营状态 of the registration system and a contact person. This module knows those
//! columns, matches the headers people actually type, and validates a row, reporting *every*
//! problem of the row in the words of the downloadable error report.
//!
//! Decisions worth knowing:
//! - Headers are matched as whole names after normalisation ([`normalise_header`]), never as
//!   substrings: "营业收入" is a suffix of "主营业务收入", and must not catch it.
//! - Money columns are in 万元 unless the header names another unit: "营业收入(元)",
//!   "资产总额(千元)" or "(亿元)" are converted exactly (a unit is never guessed from the
//!   figures). A unit the platform does not know ("(美元)") leaves the header unmatched
//!   and the column ignored (listed by [`ColumnMap::ignored`]).
//! - A division must lie in a prefecture (an enterprise is never "in a province" only); where a
//!   province's prefectures are tabulated (today only Hunan, the pilot), the prefecture must be
//!   one of them. Other provinces are checked at province granularity until their prefecture
//!   tables are added to [`crate::division`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::division::{self, DivisionCode, DivisionError, DivisionLevel};
use crate::header::{HeaderMap, HeaderProblem, SheetColumn, cell, header_matches, trailing_groups};
use crate::lang::{Lang, Localized};
use crate::money::{Money, MoneyError, MoneyUnit};
use crate::sme::{Classification, Industry, SmeError, SmeFigures, classify};
use crate::text::fold_full_width;
use crate::uscc::{Uscc, UsccError, UsccWarning};

// Header normalisation is shared by every kind of import and lives in `crate::header`;
// it stays reachable here, where the directory's header rules are described.
pub use crate::header::normalise_header;

/// Longest enterprise name accepted (characters, not bytes). Registered names are far shorter;
/// anything longer is a pasted paragraph.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest contact-person name accepted (characters).
pub const MAX_CONTACT_NAME_CHARS: usize = 50;
/// Digits a phone number may have once `+86`, spaces, hyphens and brackets are stripped: 7 (a
/// local landline without area code) to 15 (ITU-T E.164's maximum).
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=15;

/// A column of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Uscc,
    Name,
    Division,
    Industry,
    Employees,
    OperatingRevenue,
    MainRevenue,
    TotalAssets,
    OperatingStatus,
    ContactName,
    ContactPhone,
}

impl Column {
    /// In the order of the import template.
    pub const ALL: [Column; 11] = [
        Column::Uscc,
        Column::Name,
        Column::Division,
        Column::Industry,
        Column::Employees,
        Column::OperatingRevenue,
        Column::MainRevenue,
        Column::TotalAssets,
        Column::OperatingStatus,
        Column::ContactName,
        Column::ContactPhone,
    ];

    /// (key, canonical Chinese header, Chinese name, English name).
    #[rustfmt::skip]
    fn names(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Column::Uscc => ("uscc", "统一社会信用代码", "统一社会信用代码", "Unified social credit code"),
            Column::Name => ("name", "企业名称", "企业名称", "Enterprise name"),
            Column::Division => ("division_code", "行政区划代码", "行政区划代码", "Division code"),
            Column::Industry => ("industry", "行业", "行业", "Industry"),
            Column::Employees => ("employees", "从业人员", "从业人员", "Employees"),
            Column::OperatingRevenue => ("operating_revenue", "营业收入(万元)", "营业收入", "Operating revenue"),
            Column::MainRevenue => ("main_revenue", "主营业务收入(万元)", "主营业务收入", "Main-business revenue"),
            Column::TotalAssets => ("total_assets", "资产总额(万元)", "资产总额", "Total assets"),
            Column::OperatingStatus => ("operating_status", "经营状态", "经营状态", "Operating status"),
            Column::ContactName => ("contact_name", "联系人", "联系人", "Contact person"),
            Column::ContactPhone => ("contact_phone", "联系电话", "联系电话", "Contact phone"),
        }
    }

    /// The stable key, also the serde form and the English template header.
    pub fn key(self) -> &'static str {
        self.names().0
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The header of the Chinese import template, e.g. "营业收入(万元)".
    pub fn header_zh(self) -> &'static str {
        self.names().1
    }

    /// The column's name in a sentence (without the unit).
    pub fn name(self, lang: Lang) -> &'static str {
        let (_, _, zh, en) = self.names();
        lang.pick(zh, en)
    }

    /// Without credit code, name, division and industry a row can be neither identified,
    /// placed in a city's jurisdiction nor classified (第四条 classifies per industry).
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::Uscc | Column::Name | Column::Division | Column::Industry
        )
    }

    /// Header spellings besides the canonical ones, compared after [`normalise_header`].
    #[rustfmt::skip]
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Uscc => &["统一社会信用代码", "信用代码", "社会信用代码", "uscc", "credit_code", "unified_social_credit_code", "social_credit_code"],
            Column::Name => &["企业名称", "名称", "单位名称", "公司名称", "name", "enterprise_name", "company_name"],
            Column::Division => &["行政区划代码", "区划代码", "所在地行政区划代码", "division_code", "division", "region_code", "area_code"],
            Column::Industry => &["行业", "所属行业", "行业类别", "industry"],
            Column::Employees => &["从业人员", "从业人数", "从业人员数", "职工人数", "employees", "staff", "headcount"],
            Column::OperatingRevenue => &["营业收入", "operating_revenue", "revenue"],
            Column::MainRevenue => &["主营业务收入", "年主营业务收入", "main_revenue", "main_business_revenue"],
            Column::TotalAssets => &["资产总额", "总资产", "total_assets", "assets"],
            Column::OperatingStatus => &["经营状态", "登记状态", "企业状态", "operating_status", "status"],
            Column::ContactName => &["联系人", "联系人姓名", "contact_name", "contact", "contact_person"],
            Column::ContactPhone => &["联系电话", "联系人电话", "电话", "手机", "手机号", "手机号码", "contact_phone", "phone", "mobile", "telephone"],
        }
    }

    /// Does a trailing bracket of the header name a unit of this column, "营业收入（万元）"?
    /// Money columns take the units of [`MONEY_UNITS`]; any other unit leaves the header
    /// unmatched.
    fn is_unit(self, group: &str) -> bool {
        match self {
            Column::OperatingRevenue | Column::MainRevenue | Column::TotalAssets => {
                money_unit_named(group).is_some()
            }
            Column::Employees => ["人", "单位:人", "persons", "people"]
                .iter()
                .any(|u| normalise_header(u) == group),
            _ => false,
        }
    }

    fn matches_header(self, normalised: &str) -> bool {
        header_matches(normalised, self.aliases(), |group| self.is_unit(group))
    }
}

/// The units a money header may name, and what each means. One table decides both whether
/// the header is a money column's and how its figures are read, so the two cannot drift
/// apart (a unit accepted but read as 万元 would be off by a factor of 10,000).
#[rustfmt::skip]
const MONEY_UNITS: &[(&str, MoneyUnit)] = &[
    ("万元", MoneyUnit::Wan), ("万", MoneyUnit::Wan), ("万元人民币", MoneyUnit::Wan),
    ("单位:万元", MoneyUnit::Wan), ("10kcny", MoneyUnit::Wan), ("10000cny", MoneyUnit::Wan),
    ("10,000cny", MoneyUnit::Wan),
    ("元", MoneyUnit::Yuan), ("人民币元", MoneyUnit::Yuan), ("单位:元", MoneyUnit::Yuan),
    ("cny", MoneyUnit::Yuan), ("yuan", MoneyUnit::Yuan), ("rmb", MoneyUnit::Yuan),
    ("千元", MoneyUnit::ThousandYuan), ("单位:千元", MoneyUnit::ThousandYuan),
    ("1000cny", MoneyUnit::ThousandYuan), ("1,000cny", MoneyUnit::ThousandYuan),
    ("亿元", MoneyUnit::HundredMillionYuan), ("单位:亿元", MoneyUnit::HundredMillionYuan),
];

/// The unit a (normalised) bracket group names, if it is one of [`MONEY_UNITS`].
fn money_unit_named(group: &str) -> Option<MoneyUnit> {
    MONEY_UNITS
        .iter()
        .find(|(name, _)| normalise_header(name) == group)
        .map(|(_, unit)| *unit)
}

/// Which header cell holds which directory column, and the unit of each money column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnMap {
    headers: HeaderMap<Column>,
    /// Operating revenue, main-business revenue, total assets.
    units: [MoneyUnit; 3],
}

impl ColumnMap {
    /// Match the header row (see [`HeaderMap::from_header`]) and read the unit each money
    /// column's header names.
    pub fn from_header<S: AsRef<str>>(header: &[S]) -> Result<ColumnMap, HeaderError> {
        let headers = HeaderMap::from_header(header)?;
        let unit = |col| {
            let index = headers.index(col);
            money_unit(&normalise_header(cell(header, index)))
        };
        let units = [
            unit(Column::OperatingRevenue),
            unit(Column::MainRevenue),
            unit(Column::TotalAssets),
        ];
        Ok(ColumnMap { headers, units })
    }

    pub fn index(&self, col: Column) -> Option<usize> {
        self.headers.index(col)
    }

    pub fn get<'a, S: AsRef<str>>(&self, row: &'a [S], col: Column) -> &'a str {
        self.headers.get(row, col)
    }

    pub fn ignored(&self) -> &[usize] {
        self.headers.ignored()
    }

    /// The unit of a money column (万元 for any other column, and when none is named).
    pub fn unit(&self, col: Column) -> MoneyUnit {
        match col {
            Column::OperatingRevenue => self.units[0],
            Column::MainRevenue => self.units[1],
            Column::TotalAssets => self.units[2],
            _ => MoneyUnit::Wan,
        }
    }
}

/// The unit a normalised money header names in its brackets: "营业收入(元)" is in 元,
/// "营业收入(万元)(必填)" and a bare "营业收入" in 万元.
fn money_unit(normalised: &str) -> MoneyUnit {
    trailing_groups(normalised)
        .find_map(|(_, group)| money_unit_named(group))
        .unwrap_or(MoneyUnit::Wan)
}

/// Why a directory's header row cannot be imported.
pub type HeaderError = HeaderProblem<Column>;

impl SheetColumn for Column {
    const MISSING_KEY: &'static str = "header.missing";
    const DUPLICATE_KEY: &'static str = "header.duplicate";

    fn all() -> &'static [Column] {
        &Column::ALL
    }

    fn required(self) -> bool {
        Column::required(self)
    }

    fn matches_header(self, normalised: &str) -> bool {
        Column::matches_header(self, normalised)
    }

    fn name(self, lang: Lang) -> &'static str {
        Column::name(self, lang)
    }
}

/// 经营状态 as the registration system (国家企业信用信息公示系统) reports it, reduced to what
/// screening needs: the notice asks for enterprises "处于正常生产运营状态".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OperatingStatus {
    Operating,
    NotOperating,
    Unknown,
}

/// Spellings of "operating": gsxt shows 存续（在营、开业、在册）; directories also write 在业,
/// 正常, 正常经营.
#[rustfmt::skip]
const OPERATING: &[&str] = &[
    "存续", "在业", "开业", "正常", "在营", "在册", "营业", "正常经营",
    "operating", "active", "open", "normal", "inoperation", "inbusiness",
];

/// Spellings of "not operating". Decisions: 吊销未注销 (licence revoked, entity not yet
/// deregistered) and 撤销 (registration revoked) cannot operate lawfully; 歇业 (the
/// suspension that 《市场主体登记管理条例》(2022) 第三十条 allows) and 停业 do not produce;
/// 迁出 (registration moved to another authority) is no longer in this directory's
/// jurisdiction, so the city cannot recommend it either.
#[rustfmt::skip]
const NOT_OPERATING: &[&str] = &[
    "注销", "已注销", "吊销", "已吊销", "吊销未注销", "吊销已注销", "撤销", "已撤销",
    "停业", "歇业", "清算", "清算中", "迁出", "已迁出", "责令关闭", "关闭", "解散", "破产",
    "closed", "deregistered", "revoked", "suspended", "liquidation", "inliquidation",
    "dissolved", "cancelled", "canceled", "movedout", "bankrupt",
];

const UNKNOWN: &[&str] = &["", "未知", "不详", "unknown"];

impl OperatingStatus {
    pub fn key(self) -> &'static str {
        match self {
            OperatingStatus::Operating => "operating",
            OperatingStatus::NotOperating => "not_operating",
            OperatingStatus::Unknown => "unknown",
        }
    }

    pub fn from_key(key: &str) -> Option<OperatingStatus> {
        [
            OperatingStatus::Operating,
            OperatingStatus::NotOperating,
            OperatingStatus::Unknown,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            OperatingStatus::Operating => lang.pick("正常经营", "Operating"),
            OperatingStatus::NotOperating => lang.pick(
                "非正常经营（注销、吊销等）",
                "Not operating (deregistered, revoked…)",
            ),
            OperatingStatus::Unknown => lang.pick("未知", "Unknown"),
        }
    }

    /// Read a status as typed. Empty (or 未知) is `Unknown`; anything unrecognised is None.
    /// Whitespace, case, full-width forms and list punctuation are ignored ("吊销，未注销"),
    /// and a bracketed explanation is dropped ("存续（在营、开业、在册）" -> 存续).
    pub fn parse(input: &str) -> Option<OperatingStatus> {
        let normalised: String = input
            .chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '、' | '_' | '-' | '.' | '。'))
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let word = match normalised.split_once('(') {
            Some((before, _)) if !before.is_empty() => before,
            _ => normalised.as_str(),
        };
        if OPERATING.contains(&word) {
            Some(OperatingStatus::Operating)
        } else if NOT_OPERATING.contains(&word) {
            Some(OperatingStatus::NotOperating)
        } else if UNKNOWN.contains(&word) {
            Some(OperatingStatus::Unknown)
        } else {
            None
        }
    }
}

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
    fn new(column: Column, value: &str, kind: RowErrorKind) -> RowError {
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
    fn the_chinese_template_header_maps_every_column_in_order() {
        let map = map();
        for (index, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(map.index(column), Some(index), "{column:?}");
        }
        assert!(map.ignored().is_empty());
    }

    #[test]
    fn columns_have_stable_keys_and_names_in_both_languages() {
        let keys: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
        assert_eq!(
            keys,
            [
                "uscc",
                "name",
                "division_code",
                "industry",
                "employees",
                "operating_revenue",
                "main_revenue",
                "total_assets",
                "operating_status",
                "contact_name",
                "contact_phone",
            ]
        );
        for column in Column::ALL {
            assert_eq!(Column::from_key(column.key()), Some(column));
            assert_ne!(column.name(Lang::Zh), column.name(Lang::En));
        }
        assert_eq!(Column::OperatingRevenue.header_zh(), "营业收入(万元)");
        let required: Vec<Column> = Column::ALL.into_iter().filter(|c| c.required()).collect();
        assert_eq!(
            required,
            [
                Column::Uscc,
                Column::Name,
                Column::Division,
                Column::Industry
            ]
        );
    }

    #[test]
    fn no_header_spelling_names_two_columns() {
        for column in Column::ALL {
            for alias in column.aliases() {
                let normalised = normalise_header(alias);
                let matching: Vec<Column> = Column::ALL
                    .into_iter()
                    .filter(|c| c.matches_header(&normalised))
                    .collect();
                assert_eq!(matching, [column], "{alias}");
            }
        }
    }

    #[test]
    fn full_width_brackets_spaces_and_a_bom_are_ignored_in_headers() {
        let header = [
            "\u{FEFF}统一社会信用代码",
            " 企业名称 ",
            "行政区划代码",
            "行业",
            "营业收入（万元）",
            "主营业务收入 (万元)",
            "资产总额【万元】",
            "从业人员（人）",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        assert_eq!(map.index(Column::Uscc), Some(0));
        assert_eq!(map.index(Column::OperatingRevenue), Some(4));
        assert_eq!(map.index(Column::MainRevenue), Some(5));
        assert_eq!(map.index(Column::TotalAssets), Some(6));
        assert_eq!(map.index(Column::Employees), Some(7));
    }

    #[test]
    fn money_headers_match_with_or_without_the_wan_unit() {
        for header in [
            "营业收入",
            "营业收入(万元)",
            "营业收入（万元）",
            "营业收入（单位：万元）",
        ] {
            let map = ColumnMap::from_header(&[
                "统一社会信用代码",
                "企业名称",
                "行政区划代码",
                "行业",
                header,
            ])
            .unwrap();
            assert_eq!(map.index(Column::OperatingRevenue), Some(4), "{header}");
        }
    }

    #[test]
    fn main_business_revenue_is_never_taken_for_operating_revenue() {
        let header = [
            "信用代码",
            "名称",
            "区划代码",
            "所属行业",
            "主营业务收入（万元）",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        assert_eq!(map.index(Column::OperatingRevenue), None);
        assert_eq!(map.index(Column::MainRevenue), Some(4));
    }

    #[test]
    fn money_in_the_unit_its_header_names_is_converted_exactly() {
        let header = [
            "统一社会信用代码",
            "企业名称",
            "行政区划代码",
            "行业",
            "营业收入(元)",
            "主营业务收入（单位：千元）",
            "资产总额（亿元）",
            "备注",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        assert_eq!(map.unit(Column::OperatingRevenue), MoneyUnit::Yuan);
        assert_eq!(map.unit(Column::MainRevenue), MoneyUnit::ThousandYuan);
        assert_eq!(map.unit(Column::TotalAssets), MoneyUnit::HundredMillionYuan);
        assert_eq!(map.ignored(), &[7]);
        let cells = [
            "91350100M000100Y43",
            "福州某某有限公司",
            "350100",
            "工业",
            "20,000,000.50",
            "19999.999",
            "0.3",
        ];
        let row = parse_row(&map, &cells).unwrap();
        // 分 round half up to the yuan; 千元 and 亿元 land on whole yuan exactly.
        assert_eq!(row.operating_revenue, Some(Money::from_yuan(20_000_001)));
        assert_eq!(row.main_revenue, Some(Money::from_yuan(19_999_999)));
        assert_eq!(row.total_assets, Some(Money::from_wan(3_000)));
        // The template's 万元, and a header without a unit, stay 万元.
        assert_eq!(self::map().unit(Column::MainRevenue), MoneyUnit::Wan);
        let bare = ColumnMap::from_header(&[
            "统一社会信用代码",
            "企业名称",
            "行政区划代码",
            "行业",
            "营业收入",
        ])
        .unwrap();
        assert_eq!(bare.unit(Column::OperatingRevenue), MoneyUnit::Wan);
    }

    #[test]
    fn a_money_header_in_an_unknown_unit_is_ignored_not_imported() {
        let header = [
            "统一社会信用代码",
            "企业名称",
            "行政区划代码",
            "行业",
            "营业收入(美元)",
            "资产总额（万美元）",
            "备注",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        assert_eq!(map.index(Column::OperatingRevenue), None);
        assert_eq!(map.index(Column::TotalAssets), None);
        assert_eq!(map.ignored(), &[4, 5, 6]);
    }

    #[test]
    fn too_many_decimals_name_the_columns_unit() {
        let header = [
            "统一社会信用代码",
            "企业名称",
            "行政区划代码",
            "行业",
            "营业收入(元)",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        let cells = [
            "91350100M000100Y43",
            "福州某某有限公司",
            "350100",
            "工业",
            "100.005",
        ];
        let errors = parse_row(&map, &cells).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message(Lang::Zh),
            "金额（元）最多保留2位小数（精确到1元）"
        );
    }

    #[test]
    fn english_aliases_match_ignoring_case_spaces_underscores_and_hyphens() {
        let header = [
            "Unified Social Credit Code",
            "company-name",
            "REGION_CODE",
            "Industry",
            "headcount",
            "Revenue",
            "main business revenue",
            "assets",
            "status",
            "Contact Person",
            "Mobile",
            "extra",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        for (index, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(map.index(column), Some(index), "{column:?}");
        }
        assert_eq!(map.ignored(), &[11]);
    }

    #[test]
    fn english_keys_of_the_template_match_their_columns() {
        let header: Vec<&str> = Column::ALL.iter().map(|c| c.key()).collect();
        let map = ColumnMap::from_header(&header).unwrap();
        for (index, column) in Column::ALL.into_iter().enumerate() {
            assert_eq!(map.index(column), Some(index));
        }
    }

    #[test]
    fn required_markers_and_annotations_on_headers_are_ignored() {
        let header = [
            "*统一社会信用代码",
            "企业名称（必填）",
            "行政区划代码*",
            "行业(必填)",
            "营业收入（万元）（选填）",
        ];
        let map = ColumnMap::from_header(&header).unwrap();
        assert_eq!(map.index(Column::Name), Some(1));
        assert_eq!(map.index(Column::OperatingRevenue), Some(4));
    }

    #[test]
    fn a_header_without_required_columns_lists_every_missing_one() {
        let error = ColumnMap::from_header(&["企业名称", "营业收入"]).unwrap_err();
        assert_eq!(
            error,
            HeaderError::Missing(vec![Column::Uscc, Column::Division, Column::Industry])
        );
        assert_eq!(error.key(), "header.missing");
        assert_eq!(
            error.message(Lang::Zh),
            "缺少必填列：统一社会信用代码、行政区划代码、行业"
        );
        assert_eq!(
            error.message(Lang::En),
            "missing required columns: Unified social credit code, Division code, Industry"
        );
        let empty: [&str; 0] = [];
        assert_eq!(
            ColumnMap::from_header(&empty),
            Err(HeaderError::Missing(vec![
                Column::Uscc,
                Column::Name,
                Column::Division,
                Column::Industry
            ]))
        );
    }

    #[test]
    fn two_headers_for_one_column_are_rejected() {
        let header = [
            "统一社会信用代码",
            "企业名称",
            "行政区划代码",
            "行业",
            "信用代码",
        ];
        let error = ColumnMap::from_header(&header).unwrap_err();
        assert_eq!(error, HeaderError::Duplicate(Column::Uscc));
        assert_eq!(error.key(), "header.duplicate");
        assert!(error.message(Lang::Zh).contains("统一社会信用代码"));
        assert!(error.message(Lang::En).contains("more than once"));
        let header = ["营业收入", "营业收入（万元）", "企业名称"];
        assert_eq!(
            ColumnMap::from_header(&header),
            Err(HeaderError::Duplicate(Column::OperatingRevenue))
        );
    }

    #[test]
    fn get_returns_an_empty_cell_for_absent_columns_and_short_rows() {
        let map = ColumnMap::from_header(&["统一社会信用代码", "企业名称", "行政区划代码", "行业"])
            .unwrap();
        let row = ["91110000600037341L", "某某公司"];
        assert_eq!(map.get(&row, Column::Name), "某某公司");
        assert_eq!(map.get(&row, Column::Industry), "");
        assert_eq!(map.get(&row, Column::ContactPhone), "");
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
    fn operating_statuses_are_read_in_the_words_officials_use() {
        use OperatingStatus::*;
        let cases = [
            ("存续", Operating),
            ("在业", Operating),
            ("开业", Operating),
            ("正常", Operating),
            ("在营", Operating),
            ("正常经营", Operating),
            ("存续（在营、开业、在册）", Operating),
            ("Active", Operating),
            ("operating", Operating),
            ("注销", NotOperating),
            ("吊销", NotOperating),
            ("吊销，未注销", NotOperating),
            ("停业", NotOperating),
            ("歇业", NotOperating),
            ("清算", NotOperating),
            ("撤销", NotOperating),
            ("迁出", NotOperating),
            ("Deregistered", NotOperating),
            ("in liquidation", NotOperating),
            ("suspended", NotOperating),
            ("", Unknown),
            ("  ", Unknown),
            ("未知", Unknown),
        ];
        for (text, expected) in cases {
            assert_eq!(OperatingStatus::parse(text), Some(expected), "{text}");
        }
        assert_eq!(OperatingStatus::parse("良好"), None);
        for status in [Operating, NotOperating, Unknown] {
            assert_eq!(OperatingStatus::from_key(status.key()), Some(status));
            assert_ne!(status.name(Lang::Zh), status.name(Lang::En));
        }
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
