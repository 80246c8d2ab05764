//! The one translation of a user's [`Scope`] (辖区) into what the store filters by: a SQL
//! condition on the directory, the search index's filter, and the test a write applies to
//! an enterprise it would touch. Reads, counts, exports and imports all ask here, so that
//! "where may this user look or write" is answered once.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition};
use uplift_domain::role::Scope;

use crate::enterprises::filter::EnterpriseFilter;
use crate::entity::{assignment, enterprise};
use crate::search_index::IndexFilter;

/// The rows a scope may see, as a SQL condition. `Nothing` matches no row.
pub fn condition(scope: &Scope) -> Condition {
    match scope {
        Scope::Province(code) => Condition::all().add(enterprise::Column::ProvinceCode.eq(code)),
        Scope::City(code) => Condition::all().add(enterprise::Column::PrefectureCode.eq(code)),
        Scope::Assigned(org) => Condition::all().add(
            enterprise::Column::Id.in_subquery(
                Query::select()
                    .column(assignment::Column::EnterpriseId)
                    .from(assignment::Entity)
                    .and_where(Expr::col(assignment::Column::OrganisationId).eq(*org))
                    .to_owned(),
            ),
        ),
        Scope::Enterprise(id) => Condition::all().add(enterprise::Column::Id.eq(*id)),
        Scope::Nothing => Condition::all().add(Expr::val(1).eq(0)),
    }
}

/// What the search index can say about a scope and a list's filters.
#[derive(Clone, Copy)]
pub(crate) enum Indexed {
    /// Everything the list may show lies within this filter.
    Within(IndexFilter),
    /// A place filter contradicts the scope (or is no division code): nothing matches,
    /// as in SQL.
    Empty,
    /// A scope the index does not serve: assigned enterprises, one enterprise, nothing.
    NotServed,
}

pub(crate) fn indexed(scope: &Scope, filter: &EnterpriseFilter) -> Indexed {
    let mut within = IndexFilter::default();
    let (slot, code) = match scope {
        Scope::Province(code) => (&mut within.province, code),
        Scope::City(code) => (&mut within.prefecture, code),
        Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => return Indexed::NotServed,
    };
    if !IndexFilter::narrow(slot, code) {
        return Indexed::Empty;
    }
    within.facets = filter.facets();
    for (wanted, slot) in [
        (&filter.prefecture, &mut within.prefecture),
        (&filter.county, &mut within.county),
    ] {
        if let Some(code) = wanted
            && !IndexFilter::narrow(slot, code)
        {
            return Indexed::Empty;
        }
    }
    Indexed::Within(within)
}

/// May a writer with this scope change a stored enterprise lying in `province` and
/// `city` (its stored codes)? Only a regulator's territory can hold what an import
/// changes; an assignment or a contact's own record is never written through an import.
pub fn holds(scope: &Scope, province: &str, city: &str) -> bool {
    match scope {
        Scope::Province(code) => province == code,
        Scope::City(code) => city == code,
        Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => false,
    }
}

/// Does a participation lie within the scope? A province sees its campaigns', a city its
/// own city's, a body or unit those assigned to it, an enterprise contact its own.
pub fn holds_participation(
    scope: &Scope,
    p: &crate::entity::participation::Model,
    campaign_province: &str,
) -> bool {
    match scope {
        Scope::Province(code) => campaign_province == code,
        Scope::City(code) => &p.city_code == code,
        Scope::Assigned(org) => {
            p.certification_body_id == Some(*org) || p.support_unit_id == Some(*org)
        }
        Scope::Enterprise(id) => p.enterprise_id == *id,
        Scope::Nothing => false,
    }
}

/// The province a regulator's scope lies in (a city's is its province's); none for the
/// others, who reach campaigns through their participations.
pub fn province_of(scope: &Scope) -> Option<String> {
    match scope {
        Scope::Province(code) => Some(code.clone()),
        Scope::City(code) => code.get(..2).map(|p| format!("{p}0000")),
        Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => None,
    }
}
