//! The figures 第四条 classifies on: X 从业人员, Y 营业收入, Z 资产总额.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::money::Money;

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

/// The figures 第四条 classifies on. 营业收入 here is the standard's 营业收入, not the
/// programme's 主营业务收入.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SmeFigures {
    pub employees: Option<u64>,
    pub operating_revenue: Option<Money>,
    pub total_assets: Option<Money>,
}
