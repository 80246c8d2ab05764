//! The enterprise directory as each role may see it: lists, counts, one record with its
//! verdict explained and its history.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use uplift_domain::division::DivisionCode;
use uplift_domain::eligibility::Verdict;
use uplift_domain::permission::Permission;
use uplift_domain::role::Scope;
use uplift_store::screening::{DishonestIndex, Screener, load_rules};

pub use uplift_store::enterprises::{Enterprise, EnterpriseFilter, OPERATING, Sort};

use crate::{App, AppResult, CurrentUser, Error, Page, PageRequest, Refusal, require};

/// A place filter for a city or county outside a regulator's jurisdiction is refused, not
/// quietly replaced by the user's own scope: the official sees that the list is not what
/// she asked for. (An assigned or an own scope is not a territory: a place filter only
/// narrows it.)
pub(crate) fn check_places(scope: &Scope, filter: &EnterpriseFilter) -> AppResult<()> {
    if !matches!(scope, Scope::Province(_) | Scope::City(_)) {
        return Ok(());
    }
    for place in [&filter.prefecture, &filter.county].into_iter().flatten() {
        let reached = DivisionCode::parse(place).is_ok_and(|code| scope.reaches(&code));
        if !reached {
            return Err(Refusal::FilterOutsideScope.into());
        }
    }
    Ok(())
}

/// One page of the directory within the user's scope and the filters.
pub async fn list(
    app: &App,
    user: &CurrentUser,
    filter: &EnterpriseFilter,
    page: PageRequest,
) -> AppResult<Page<Enterprise>> {
    require(user, Permission::ReadEnterprises)?;
    check_places(user.scope(), filter)?;
    Ok(uplift_store::enterprises::list(app.store(), user.scope(), filter, page).await?)
}

/// How many enterprises the list with `filter` shows (its search term aside): the count
/// a home page links to is the total of the very list it opens.
pub async fn count(app: &App, user: &CurrentUser, filter: &EnterpriseFilter) -> AppResult<u64> {
    require(user, Permission::ReadEnterprises)?;
    check_places(user.scope(), filter)?;
    Ok(uplift_store::enterprises::count_filtered(app.store(), user.scope(), filter).await?)
}

/// A province's enterprises per city, in code order (cities without any left out).
pub async fn count_by_city(app: &App, user: &CurrentUser) -> AppResult<Vec<(String, u64)>> {
    require(user, Permission::ReadEnterprises)?;
    let rows = uplift_store::enterprises::count_by_prefecture(app.store(), user.scope()).await?;
    Ok(rows
        .into_iter()
        .map(|(code, n)| (code, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// One enterprise record and what the page says about it.
#[derive(Debug, Clone)]
pub struct Record {
    pub enterprise: Enterprise,
    /// The verdict explained rule by rule, from the same rules that decided it; `None`
    /// when the stored industry is unknown.
    pub verdict: Option<Verdict>,
    /// Recorded changes, newest first: when, and what (`{"field": [before, after]}`).
    pub history: Vec<(DateTime<Utc>, String)>,
}

/// One enterprise by credit code, or `NotFound` — also when it lies outside the scope.
pub async fn get(app: &App, user: &CurrentUser, uscc: &str) -> AppResult<Record> {
    require(user, Permission::ReadEnterprises)?;
    let store = app.store();
    let e = uplift_store::enterprises::get_by_uscc(store, user.scope(), uscc).await?;
    // Only this enterprise's entries of the list are needed, not the whole list.
    let screener = Screener {
        rules: load_rules(store.db()).await?,
        dishonest: DishonestIndex::from_entries(
            uplift_store::dishonest::for_enterprise(store, &e.uscc, &e.name).await?,
        ),
        selected_before: uplift_store::participations::earlier_selections(store.db()).await?,
    };
    let verdict = screener.explain(&e);
    let history = uplift_store::enterprises::history(store, e.id)
        .await?
        .into_iter()
        .map(|h| (h.changed_at, h.changes))
        .collect();
    Ok(Record {
        enterprise: e,
        verdict,
        history,
    })
}

/// The enterprise contact's own record.
pub async fn own(app: &App, user: &CurrentUser) -> AppResult<Option<Enterprise>> {
    require(user, Permission::ReadEnterprises)?;
    match (user.scope(), user.enterprise_id()) {
        (Scope::Enterprise(_), Some(id)) => Ok(Some(
            uplift_store::enterprises::get_by_id(app.store(), user.scope(), id).await?,
        )),
        _ => Ok(None),
    }
}

/// County codes per city for the list's county filter, refreshed every few minutes (a
/// DISTINCT over a city's rows is too dear for every page view).
#[derive(Default)]
pub struct CountyCache {
    map: Mutex<HashMap<String, (Instant, Vec<String>)>>,
}

/// The county-level codes in use inside a city of the user's jurisdiction.
pub async fn counties(app: &App, user: &CurrentUser, city: &str) -> AppResult<Vec<String>> {
    require(user, Permission::ReadEnterprises)?;
    let reached = DivisionCode::parse(city).is_ok_and(|code| user.scope().reaches(&code));
    if !reached {
        return Err(Error::NotFound);
    }
    const FRESH: Duration = Duration::from_secs(300);
    if let Ok(cache) = app.counties.map.lock()
        && let Some((at, codes)) = cache.get(city)
        && at.elapsed() < FRESH
    {
        return Ok(codes.clone());
    }
    let codes = uplift_store::enterprises::counties(app.store(), city).await?;
    if let Ok(mut cache) = app.counties.map.lock() {
        cache.insert(city.to_string(), (Instant::now(), codes.clone()));
    }
    Ok(codes)
}

/// Which of these credit codes the user may open as a record (a list that names
/// enterprises links only those).
pub async fn openable(
    app: &App,
    user: &CurrentUser,
    usccs: &[String],
) -> AppResult<std::collections::HashSet<String>> {
    if !user.role().may(Permission::ReadEnterprises) {
        return Ok(Default::default());
    }
    Ok(
        uplift_store::enterprises::visible_usccs(app.store(), user.scope(), usccs)
            .await?
            .into_iter()
            .collect(),
    )
}

/// The counties of a city with their enterprises and how many of them are eligible, for
/// the city's home page; counties without enterprises left out.
pub async fn count_by_county(
    app: &App,
    user: &CurrentUser,
    city: &str,
) -> AppResult<Vec<(String, u64, u64)>> {
    let mut rows = Vec::new();
    for county in counties(app, user, city).await? {
        let filter = EnterpriseFilter {
            county: Some(county.clone()),
            ..Default::default()
        };
        let total = count(app, user, &filter).await?;
        if total == 0 {
            continue;
        }
        let eligible = count(
            app,
            user,
            &EnterpriseFilter {
                eligible: Some(true),
                ..filter
            },
        )
        .await?;
        rows.push((county, total, eligible));
    }
    Ok(rows)
}
