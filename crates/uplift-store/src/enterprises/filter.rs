//! What a list may be narrowed by, and how it is sorted.

use sea_orm::{ColumnTrait, Condition};
use uplift_domain::eligibility::Rule;
use uplift_domain::sme::{Industry, SizeClass};

use crate::entity::enterprise;
use crate::search_index::FacetFilter;

/// What a list may be narrowed by. Never widens the scope: it is ANDed with it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnterpriseFilter {
    /// A prefecture (市州) code, e.g. `430200`.
    pub prefecture: Option<String>,
    /// A county-level code, e.g. `430104`.
    pub county: Option<String>,
    pub industry: Option<Industry>,
    pub size_class: Option<SizeClass>,
    /// Screening verdict: eligible or not.
    pub eligible: Option<bool>,
    /// Enterprises that fail this rule.
    pub failed_rule: Option<Rule>,
    /// A name substring or a USCC prefix.
    pub q: Option<String>,
    pub sort: Sort,
}

/// The orders a list can be sorted in; the id breaks ties so pages never overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Id,
    Name,
    EmployeesDesc,
    RevenueDesc,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Id, Sort::Name, Sort::EmployeesDesc, Sort::RevenueDesc];

    pub fn key(self) -> &'static str {
        match self {
            Sort::Id => "id",
            Sort::Name => "name",
            Sort::EmployeesDesc => "employees_desc",
            Sort::RevenueDesc => "revenue_desc",
        }
    }

    pub fn from_key(key: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == key)
    }
}

impl EnterpriseFilter {
    pub fn condition(&self) -> Condition {
        let mut cond = Condition::all();
        if let Some(p) = &self.prefecture {
            cond = cond.add(enterprise::Column::PrefectureCode.eq(p.as_str()));
        }
        if let Some(c) = &self.county {
            cond = cond.add(enterprise::Column::DivisionCode.eq(c.as_str()));
        }
        if let Some(e) = self.eligible {
            cond = cond.add(enterprise::Column::Eligible.eq(e));
        }
        if let Some(rule) = self.failed_rule {
            cond = cond.add(enterprise::Column::FailedRules.contains(format!(",{},", rule.key())));
        }
        if let Some(i) = self.industry {
            cond = cond.add(enterprise::Column::Industry.eq(i.key()));
        }
        if let Some(s) = self.size_class {
            cond = cond.add(enterprise::Column::SizeClass.eq(s.key()));
        }
        cond
    }

    /// The search term, trimmed; `None` when blank.
    pub(crate) fn term(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// The filters besides place, as the search index applies them.
    pub(crate) fn facets(&self) -> FacetFilter {
        FacetFilter {
            industry: self.industry,
            size_class: self.size_class,
            eligible: self.eligible,
            failed_rule: self.failed_rule,
        }
    }
}
