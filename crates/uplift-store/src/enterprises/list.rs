//! Lists and counts of the directory: the search index answers what it can (the scope,
//! the filters, a search term), SQL fetches the page.

use sea_orm::sea_query::{Expr, ExprTrait, NullOrdering, Order};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use uplift_domain::role::Scope;

use super::decode::rows;
use super::{Enterprise, EnterpriseFilter, Sort};
use crate::entity::enterprise;
use crate::scope::{self, Indexed};
use crate::search_index::Term;
use crate::{Page, PageRequest, Store, StoreResult};

/// How a list's search term is answered.
enum Matches {
    /// No term.
    Everything,
    /// What the search index found, ascending, already inside the scope and every filter.
    Ids(Vec<i64>),
    /// A scope of a few assigned enterprises: SQL over those rows is cheaper than asking
    /// the index for a whole province's matches.
    Sql(Condition),
}

async fn matches(
    store: &Store,
    indexed: Indexed,
    filter: &EnterpriseFilter,
) -> StoreResult<Matches> {
    let Some(q) = filter.term() else {
        return Ok(Matches::Everything);
    };
    match indexed {
        Indexed::NotServed => Ok(Matches::Sql(
            Condition::any()
                .add(enterprise::Column::Name.contains(q))
                .add(enterprise::Column::Uscc.starts_with(q.to_ascii_uppercase())),
        )),
        Indexed::Empty => Ok(Matches::Ids(Vec::new())),
        Indexed::Within(within) => match Term::parse(q) {
            Some(term) => Ok(Matches::Ids(
                store.search.search(store, &term, within).await?,
            )),
            None => Ok(Matches::Everything),
        },
    }
}

/// `enterprises.id` is one of `ids`, bound as one value whatever their number (a list of
/// 100,000 placeholders would exceed both databases' limits).
fn id_in(backend: sea_orm::DbBackend, ids: &[i64]) -> Condition {
    if ids.is_empty() {
        return Condition::all().add(Expr::val(1).eq(0));
    }
    let mut list = String::with_capacity(ids.len() * 8);
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            list.push(',');
        }
        list.push_str(&id.to_string());
    }
    let expr = match backend {
        sea_orm::DbBackend::Postgres => Expr::cust_with_values(
            r#""enterprises"."id" = ANY($1::bigint[])"#,
            [format!("{{{list}}}")],
        ),
        _ => Expr::cust_with_values(
            r#""enterprises"."id" IN (SELECT value FROM json_each(?))"#,
            [format!("[{list}]")],
        ),
    };
    Condition::all().add(expr)
}

pub async fn list(
    store: &Store,
    scope: &Scope,
    filter: &EnterpriseFilter,
    page: PageRequest,
) -> StoreResult<Page<Enterprise>> {
    let mut query = enterprise::Entity::find()
        .filter(scope::condition(scope))
        .filter(filter.condition());
    let indexed = scope::indexed(scope, filter);
    // The index's count of its matches, when it answered the whole question.
    let mut found = None;
    match matches(store, indexed, filter).await? {
        Matches::Everything => {}
        Matches::Sql(condition) => query = query.filter(condition),
        Matches::Ids(ids) if filter.sort == Sort::Id => {
            // The index has answered the whole question: its ids are the list, in order.
            // (The SQL filters stay on the page's query as a second check.)
            let offset = usize::try_from(page.offset()).unwrap_or(usize::MAX);
            let per_page = usize::try_from(page.per_page).unwrap_or(usize::MAX);
            let on_page: Vec<i64> = ids.iter().copied().skip(offset).take(per_page).collect();
            let statement = query
                .filter(id_in(store.db_backend(), &on_page))
                .order_by_asc(enterprise::Column::Id)
                .build(store.db_backend());
            let items = rows(store, statement)
                .await?
                .into_iter()
                .map(Enterprise::from)
                .collect();
            return Ok(Page {
                items,
                page: page.page,
                per_page: page.per_page,
                total: ids.len() as u64,
            });
        }
        Matches::Ids(ids) => {
            // Another order: SQL sorts the matches, but their number is known already.
            found = Some(ids.len() as u64);
            query = query.filter(id_in(store.db_backend(), &ids));
        }
    }
    let total = match found {
        Some(total) => total,
        None => {
            let key = total_key(scope, filter);
            let counted = query.clone();
            store
                .counts
                .get_or_count(key, || async move {
                    match indexed {
                        // The term (if any) was blank: the filters alone decide.
                        Indexed::Within(within) => store.search.count(store, within).await,
                        Indexed::Empty => Ok(0),
                        Indexed::NotServed => Ok(counted.count(store.db()).await?),
                    }
                })
                .await?
        }
    };
    let query = match filter.sort {
        Sort::Id => query,
        Sort::Name => query.order_by_asc(enterprise::Column::Name),
        // Unreported figures last on both databases: PostgreSQL puts NULLs first in a
        // descending order, SQLite last.
        Sort::EmployeesDesc => query.order_by_with_nulls(
            enterprise::Column::Employees,
            Order::Desc,
            NullOrdering::Last,
        ),
        Sort::RevenueDesc => query.order_by_with_nulls(
            enterprise::Column::OperatingRevenue,
            Order::Desc,
            NullOrdering::Last,
        ),
    };
    let items = one_page(store, query.order_by_asc(enterprise::Column::Id), page)
        .await?
        .into_iter()
        .map(Enterprise::from)
        .collect();
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// One page of `query`, LIMIT and OFFSET written into the SQL as numbers. Bound as
/// parameters (SeaORM's `limit`/`offset`), SQLite re-prepares the statement at every
/// execution, because a bound LIMIT may change the plan: measured at a tenth of the CPU
/// of a city's list page. The statement cache keeps one statement per page size and
/// offset, and the first pages are the ones read.
async fn one_page(
    store: &Store,
    query: sea_orm::Select<enterprise::Entity>,
    page: PageRequest,
) -> StoreResult<Vec<enterprise::Model>> {
    let backend = store.db_backend();
    let mut statement = query.build(backend);
    statement.sql = format!(
        "{} LIMIT {} OFFSET {}",
        statement.sql,
        page.per_page,
        page.offset()
    );
    rows(store, statement).await
}

/// Every row of a filtered list, in id order, in bounded batches (for exports): the caller
/// asks for the next batch when it has written the last, so a province-wide export never
/// sits in memory.
pub struct Batches {
    store: Store,
    base: sea_orm::Select<enterprise::Entity>,
    source: Source,
}

enum Source {
    /// The search index's matches, in id order, still to fetch from `at`.
    Ids { ids: Vec<i64>, at: usize },
    /// Keyset pages of the SQL query after the last id seen.
    Keyset { after: i64, done: bool },
}

const BATCH: usize = 2_000;

/// The batches of the list with `filter` within `scope`.
pub async fn batches(
    store: &Store,
    scope: &Scope,
    filter: &EnterpriseFilter,
) -> StoreResult<Batches> {
    let base = enterprise::Entity::find()
        .filter(scope::condition(scope))
        .filter(filter.condition());
    let (base, source) = match matches(store, scope::indexed(scope, filter), filter).await? {
        Matches::Ids(ids) => (base, Source::Ids { ids, at: 0 }),
        Matches::Sql(condition) => (
            base.filter(condition),
            Source::Keyset {
                after: 0,
                done: false,
            },
        ),
        Matches::Everything => (
            base,
            Source::Keyset {
                after: 0,
                done: false,
            },
        ),
    };
    Ok(Batches {
        store: store.clone(),
        base,
        source,
    })
}

impl Batches {
    /// The next batch, or `None` at the end.
    pub async fn next(&mut self) -> StoreResult<Option<Vec<Enterprise>>> {
        let query = self.base.clone().order_by_asc(enterprise::Column::Id);
        let rows = match &mut self.source {
            Source::Ids { ids, at } => {
                if *at >= ids.len() {
                    return Ok(None);
                }
                let end = (*at + BATCH).min(ids.len());
                let chunk = &ids[*at..end];
                *at = end;
                query
                    .filter(id_in(self.store.db_backend(), chunk))
                    .all(self.store.db())
                    .await?
            }
            Source::Keyset { after, done } => {
                if *done {
                    return Ok(None);
                }
                let rows = query
                    .filter(enterprise::Column::Id.gt(*after))
                    .limit(BATCH as u64)
                    .all(self.store.db())
                    .await?;
                *done = rows.len() < BATCH;
                if let Some(last) = rows.last() {
                    *after = last.id;
                }
                rows
            }
        };
        Ok(Some(rows.into_iter().map(Enterprise::from).collect()))
    }
}

/// Counts per prefecture within a scope, for dashboards.
/// The key a list's total is remembered under: the scope and the filters, whatever the
/// sort.
fn total_key(scope: &Scope, filter: &EnterpriseFilter) -> String {
    format!(
        "{scope:?}|{:?}",
        EnterpriseFilter {
            sort: Sort::Id,
            ..filter.clone()
        }
    )
}

/// How many enterprises the list with `filter` (its search term aside) shows: from the
/// search index where it serves the scope, remembered under the list's own key, so a
/// count on the home page and the list it links to always agree.
pub async fn count_filtered(
    store: &Store,
    scope: &Scope,
    filter: &EnterpriseFilter,
) -> StoreResult<u64> {
    let filter = EnterpriseFilter {
        q: None,
        ..filter.clone()
    };
    match scope::indexed(scope, &filter) {
        Indexed::Within(within) => {
            store
                .counts
                .get_or_count(total_key(scope, &filter), || async move {
                    store.search.count(store, within).await
                })
                .await
        }
        Indexed::Empty => Ok(0),
        Indexed::NotServed => Ok(list(store, scope, &filter, PageRequest::new(None, Some(1)))
            .await?
            .total),
    }
}

/// A province's enterprises per prefecture (prefectures without any left out), in code
/// order. From the search index: a GROUP BY read every row of a million-row directory
/// (about 2 s on SQLite) on the first view after each change.
pub async fn count_by_prefecture(store: &Store, scope: &Scope) -> StoreResult<Vec<(String, i64)>> {
    let Scope::Province(province) = scope else {
        return Ok(Vec::new());
    };
    let prefectures = uplift_domain::division::prefectures_of(province);
    if prefectures.is_empty() {
        // A province whose prefectures are not tabulated yet: whatever codes the rows hold.
        return Ok(enterprise::Entity::find()
            .select_only()
            .column(enterprise::Column::PrefectureCode)
            .column_as(enterprise::Column::Id.count(), "n")
            .filter(scope::condition(scope))
            .group_by(enterprise::Column::PrefectureCode)
            .order_by_asc(enterprise::Column::PrefectureCode)
            .into_tuple()
            .all(store.db())
            .await?);
    }
    let mut rows = Vec::new();
    for division in prefectures {
        let filter = EnterpriseFilter {
            prefecture: Some(division.code.to_string()),
            ..Default::default()
        };
        let n = count_filtered(store, scope, &filter).await?;
        if n > 0 {
            rows.push((
                division.code.to_string(),
                i64::try_from(n).unwrap_or(i64::MAX),
            ));
        }
    }
    Ok(rows)
}

pub async fn count(store: &Store, scope: &Scope) -> StoreResult<u64> {
    let key = format!("count|{scope:?}");
    store
        .counts
        .get_or_count(key, || async {
            Ok(enterprise::Entity::find()
                .filter(scope::condition(scope))
                .count(store.db())
                .await?)
        })
        .await
}
