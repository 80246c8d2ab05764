//! The directory's columns: their keys and names, the header spellings that name them, and
//! the money unit a header may declare.

use serde::{Deserialize, Serialize};

use crate::header::{
    HeaderMap, HeaderProblem, SheetColumn, cell, header_matches, normalise_header, trailing_groups,
};
use crate::lang::Lang;
use crate::money::MoneyUnit;

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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::directory::parse_row;
    use crate::lang::Localized;
    use crate::money::Money;

    /// The Chinese template header, in template order.
    fn template() -> Vec<&'static str> {
        Column::ALL.iter().map(|c| c.header_zh()).collect()
    }

    fn map() -> ColumnMap {
        ColumnMap::from_header(&template()).unwrap()
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
}
