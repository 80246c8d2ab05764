//! The enterprise list's query parameters, shared by the pages, the exports and the API.
//! Parsed leniently (a malformed value is dropped, never an error page). A well-formed
//! city or county is passed on as asked: the use case refuses one outside the user's
//! jurisdiction rather than quietly showing the user's own.

use serde::Deserialize;
use uplift_app::PageRequest;
use uplift_app::enterprises::{EnterpriseFilter, Sort};
use uplift_domain::division::{DivisionCode, DivisionLevel};
use uplift_domain::eligibility::Rule;
use uplift_domain::sme::{Industry, SizeClass};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EnterpriseQuery {
    /// A 市州 code (`prefecture` is its older name, still read).
    #[serde(alias = "prefecture")]
    pub city: Option<String>,
    pub county: Option<String>,
    pub industry: Option<String>,
    pub size_class: Option<String>,
    /// `eligible` or `ineligible`.
    pub verdict: Option<String>,
    /// A rule key: the enterprises failing it.
    pub failed: Option<String>,
    pub q: Option<String>,
    pub sort: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl EnterpriseQuery {
    pub fn filter(&self) -> EnterpriseFilter {
        let prefecture = non_empty(&self.city)
            .and_then(|p| DivisionCode::parse(p).ok())
            .and_then(|d| d.prefecture())
            .map(|d| d.as_str().to_string());
        EnterpriseFilter {
            prefecture,
            county: non_empty(&self.county)
                .and_then(|c| DivisionCode::parse(c).ok())
                .filter(|d| d.level() == DivisionLevel::County)
                .map(|d| d.as_str().to_string()),
            industry: non_empty(&self.industry).and_then(Industry::parse),
            size_class: non_empty(&self.size_class).and_then(SizeClass::from_key),
            eligible: match non_empty(&self.verdict) {
                Some("eligible") => Some(true),
                Some("ineligible") => Some(false),
                _ => None,
            },
            failed_rule: non_empty(&self.failed).and_then(Rule::from_key),
            q: non_empty(&self.q).map(|q| q.chars().take(100).collect()),
            sort: non_empty(&self.sort)
                .and_then(Sort::from_key)
                .unwrap_or_default(),
        }
    }

    pub fn page_request(&self) -> PageRequest {
        PageRequest::new(
            non_empty(&self.page).and_then(|p| p.parse().ok()),
            non_empty(&self.per_page).and_then(|p| p.parse().ok()),
        )
    }

    /// The filters as they will appear in links (page excluded).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        let v = |o: &Option<String>| non_empty(o).unwrap_or("").to_string();
        vec![
            ("city", v(&self.city)),
            ("county", v(&self.county)),
            ("industry", v(&self.industry)),
            ("size_class", v(&self.size_class)),
            ("verdict", v(&self.verdict)),
            ("failed", v(&self.failed)),
            ("q", v(&self.q)),
            ("sort", v(&self.sort)),
        ]
    }
}
