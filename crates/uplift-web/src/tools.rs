//! The rules as user-facing tools: the same answer for `uplift check …` on the command
//! line and `/api/v1/tools/…` over HTTP.

use serde::Serialize;
use uplift_domain::Lang;
use uplift_domain::lang::Localized;
use uplift_domain::money::Money;
use uplift_domain::sme::{self, Industry, SmeFigures};
use uplift_domain::uscc::{Uscc, UsccError};
use utoipa::ToSchema;

/// The verdict on one credit code.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct UsccReport {
    /// The code as normalised (trimmed, upper case), or as given when it could not be.
    pub code: String,
    pub valid: bool,
    /// The check character the standard expects, when only the check character is wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_check: Option<String>,
    /// Warnings that do not make the code invalid (e.g. the embedded organisation code's check).
    pub warnings: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub fn uscc_report(input: &str, lang: Lang) -> UsccReport {
    match Uscc::parse(input) {
        Ok(parsed) => UsccReport {
            code: parsed.uscc.as_str().to_string(),
            valid: true,
            expected_check: None,
            warnings: parsed.warnings.iter().map(|w| w.message(lang)).collect(),
            error: None,
        },
        Err(err) => UsccReport {
            code: input.trim().to_uppercase(),
            valid: false,
            expected_check: match err {
                UsccError::Checksum { expected, .. } => Some(expected.to_string()),
                _ => None,
            },
            warnings: Vec::new(),
            error: Some(err.message(lang)),
        },
    }
}

/// The size class of an enterprise and why.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct SmeReport {
    /// `large`, `medium`, `small` or `micro`.
    pub class: String,
    pub reason: String,
}

/// A refusal to classify, naming what is wrong.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct SmeRefusal {
    pub error: String,
    /// The missing figure's key (`employees`, `operating_revenue`, `total_assets`), if that is the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

pub struct SmeInput<'a> {
    pub industry: &'a str,
    pub employees: Option<&'a str>,
    pub revenue_wan: Option<&'a str>,
    pub assets_wan: Option<&'a str>,
}

fn refusal(error: String) -> SmeRefusal {
    SmeRefusal {
        error,
        missing: None,
    }
}

pub fn sme_report(input: &SmeInput<'_>, lang: Lang) -> Result<SmeReport, SmeRefusal> {
    let industry = Industry::parse(input.industry).ok_or_else(|| {
        refusal(match lang {
            Lang::Zh => format!("未知行业“{}”", input.industry),
            Lang::En => format!("unknown industry '{}'", input.industry),
        })
    })?;
    let employees = match input.employees.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.parse::<u64>().map_err(|_| {
            refusal(match lang {
                Lang::Zh => format!("从业人员须为非负整数（收到“{s}”）"),
                Lang::En => format!("employees must be a whole number ≥ 0 (got '{s}')"),
            })
        })?),
        None => None,
    };
    let money = |v: Option<&str>| -> Result<Option<Money>, SmeRefusal> {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Money::parse_wan(s)
                .map(Some)
                .map_err(|e| refusal(e.message(lang))),
            None => Ok(None),
        }
    };
    let figures = SmeFigures {
        employees,
        operating_revenue: money(input.revenue_wan)?,
        total_assets: money(input.assets_wan)?,
    };
    match sme::classify(industry, &figures) {
        Ok(c) => Ok(SmeReport {
            class: c.class.key().to_string(),
            reason: c.reason(lang),
        }),
        Err(err) => Err(SmeRefusal {
            error: err.message(lang),
            missing: match &err {
                sme::SmeError::MissingFigure { figure, .. } => Some(figure.key().to_string()),
            },
        }),
    }
}
