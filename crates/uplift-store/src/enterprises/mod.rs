//! The enterprise directory, always read through the caller's [`Scope`]: the record as
//! callers see it and single lookups here; lists and counts in `list`, the filters in
//! `filter`, writes in `write`, the SQLite row decoder in `decode`.

mod decode;
pub(crate) mod filter;
mod frozen;
mod list;
mod visible;
mod write;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

use crate::entity::enterprise;
use crate::{Store, StoreError, StoreResult};
use uplift_domain::eligibility::Rule;
use uplift_domain::money::Money;
use uplift_domain::role::Scope;
use uplift_domain::sme::{self, Industry, SmeFigures};
use uplift_domain::uscc::Uscc;

pub use filter::{EnterpriseFilter, Sort};
pub use frozen::frozen_candidates;
pub use list::{Batches, batches, count, count_by_prefecture, count_filtered, list};
pub use visible::visible_usccs;
pub use write::{NewEnterprise, insert, insert_with};

/// 经营状态 as stored (the domain's `OperatingStatus::key`).
pub const OPERATING: &str = "operating";

/// One enterprise as callers see it: figures back in domain types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enterprise {
    pub id: i64,
    pub uscc: String,
    pub name: String,
    pub province_code: String,
    pub prefecture_code: String,
    pub division_code: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub operating_revenue: Option<Money>,
    pub main_revenue: Option<Money>,
    pub total_assets: Option<Money>,
    pub operating_status: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub size_class: Option<String>,
    pub eligible: Option<bool>,
    pub failed_rules: Option<String>,
}

impl Enterprise {
    /// The rules this enterprise fails, from the stored verdict.
    pub fn failed(&self) -> Vec<Rule> {
        self.failed_rules
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter_map(Rule::from_key)
            .collect()
    }

    pub fn industry(&self) -> Option<Industry> {
        Industry::from_key(&self.industry)
    }

    pub fn figures(&self) -> SmeFigures {
        SmeFigures {
            employees: self.employees.and_then(|e| u64::try_from(e).ok()),
            operating_revenue: self.operating_revenue,
            total_assets: self.total_assets,
        }
    }

    /// The size class and its explanation, recomputed from the figures (the stored class
    /// is for filtering; the rule is the domain's).
    pub fn classification(&self) -> Option<Result<sme::Classification, sme::SmeError>> {
        self.industry().map(|i| sme::classify(i, &self.figures()))
    }
}

impl From<enterprise::Model> for Enterprise {
    fn from(m: enterprise::Model) -> Self {
        Enterprise {
            id: m.id,
            uscc: m.uscc,
            name: m.name,
            province_code: m.province_code,
            prefecture_code: m.prefecture_code,
            division_code: m.division_code,
            industry: m.industry,
            employees: m.employees,
            operating_revenue: m.operating_revenue.map(Money::from_yuan),
            main_revenue: m.main_revenue.map(Money::from_yuan),
            total_assets: m.total_assets.map(Money::from_yuan),
            operating_status: m.operating_status,
            contact_name: m.contact_name,
            contact_phone: m.contact_phone,
            size_class: m.size_class,
            eligible: m.eligible,
            failed_rules: m.failed_rules,
        }
    }
}

/// One enterprise by credit code, or `NotFound` — also when it exists outside the scope.
pub async fn get_by_uscc(store: &Store, scope: &Scope, uscc: &str) -> StoreResult<Enterprise> {
    enterprise::Entity::find()
        .filter(crate::scope::condition(scope))
        .filter(enterprise::Column::Uscc.eq(uscc.trim().to_ascii_uppercase()))
        .one(store.db())
        .await?
        .map(Enterprise::from)
        .ok_or(StoreError::NotFound)
}

pub async fn get_by_id(store: &Store, scope: &Scope, id: i64) -> StoreResult<Enterprise> {
    enterprise::Entity::find_by_id(id)
        .filter(crate::scope::condition(scope))
        .one(store.db())
        .await?
        .map(Enterprise::from)
        .ok_or(StoreError::NotFound)
}

/// The id of an enterprise by credit code, unscoped: only for linking a contact person's
/// account (the system administrator's duty), never for showing enterprise data.
pub async fn id_for_account_link(store: &Store, uscc: &Uscc) -> StoreResult<Option<i64>> {
    Ok(enterprise::Entity::find()
        .filter(enterprise::Column::Uscc.eq(uscc.as_str()))
        .one(store.db())
        .await?
        .map(|e| e.id))
}

/// Enterprises by id, unscoped: only for naming the enterprises of records the caller has
/// already found in the user's scope (participations).
pub async fn by_ids(store: &Store, ids: &[i64]) -> StoreResult<Vec<Enterprise>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        out.extend(
            enterprise::Entity::find()
                .filter(enterprise::Column::Id.is_in(chunk.iter().copied()))
                .all(store.db())
                .await?
                .into_iter()
                .map(Enterprise::from),
        );
    }
    Ok(out)
}

/// The recorded changes of an enterprise's figures, newest first.
pub async fn history(
    store: &Store,
    enterprise_id: i64,
) -> StoreResult<Vec<crate::entity::enterprise_history::Model>> {
    use crate::entity::enterprise_history;
    Ok(enterprise_history::Entity::find()
        .filter(enterprise_history::Column::EnterpriseId.eq(enterprise_id))
        .order_by_desc(enterprise_history::Column::Id)
        .limit(50)
        .all(store.db())
        .await?)
}

/// The county-level codes in use inside a prefecture (for the county filter).
pub async fn counties(store: &Store, prefecture: &str) -> StoreResult<Vec<String>> {
    store.search.counties(store, prefecture).await
}
