//! The enterprise directory, always read through the caller's [`Scope`].

use sea_orm::sea_query::{Expr, ExprTrait, NullOrdering, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, QueryTrait, Set,
};
use serde::Serialize;

use crate::audit::WriteTx;
use crate::entity::{assignment, enterprise};
use crate::search_index::{FacetFilter, Reach, Term};
use crate::{Page, PageRequest, Store, StoreError, StoreResult, now};
use uplift_domain::directory::DirectoryRow;
use uplift_domain::eligibility::Rule;
use uplift_domain::money::Money;
use uplift_domain::role::Scope;
use uplift_domain::sme::{self, Industry, SizeClass, SmeFigures};
use uplift_domain::uscc::Uscc;

use crate::screening::{Inputs, Screener};

/// 经营状态 as stored (the domain's `OperatingStatus::key`).
pub const OPERATING: &str = "operating";

/// The rows a scope may see, as a SQL condition. `Nothing` matches no row.
pub fn scope_condition(scope: &Scope) -> Condition {
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
    fn term(&self) -> Option<&str> {
        self.q.as_deref().map(str::trim).filter(|q| !q.is_empty())
    }

    /// The filters besides place, as the search index applies them.
    fn facets(&self) -> FacetFilter {
        FacetFilter {
            industry: self.industry,
            size_class: self.size_class,
            eligible: self.eligible,
            failed_rule: self.failed_rule,
        }
    }
}

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

/// What the search index can say about a scope and a list's filters.
#[derive(Clone, Copy)]
enum Indexed {
    /// Everything the list may show lies within this reach.
    Within(Reach),
    /// A place filter contradicts the scope (or is no division code): nothing matches,
    /// as in SQL.
    Empty,
    /// A scope the index does not serve: assigned enterprises, one enterprise, nothing.
    NotServed,
}

fn indexed(scope: &Scope, filter: &EnterpriseFilter) -> Indexed {
    let mut reach = Reach::default();
    let (slot, code) = match scope {
        Scope::Province(code) => (&mut reach.province, code),
        Scope::City(code) => (&mut reach.prefecture, code),
        Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => return Indexed::NotServed,
    };
    if !Reach::narrow(slot, code) {
        return Indexed::Empty;
    }
    reach.facets = filter.facets();
    for (wanted, slot) in [
        (&filter.prefecture, &mut reach.prefecture),
        (&filter.county, &mut reach.county),
    ] {
        if let Some(code) = wanted
            && !Reach::narrow(slot, code)
        {
            return Indexed::Empty;
        }
    }
    Indexed::Within(reach)
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
        Indexed::Within(reach) => match Term::parse(q) {
            Some(term) => Ok(Matches::Ids(
                store.search.search(store, &term, reach).await?,
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

/// A validated enterprise ready to be written: a directory row.
pub type NewEnterprise = DirectoryRow;

/// Insert one enterprise, screened. (Bulk loading goes through `import`.)
pub async fn insert(tx: &mut WriteTx, new: NewEnterprise) -> StoreResult<Enterprise> {
    let screener = Screener::load(tx.conn()).await?;
    insert_with(tx, new, &screener).await
}

pub async fn insert_with(
    tx: &mut WriteTx,
    new: NewEnterprise,
    screener: &Screener,
) -> StoreResult<Enterprise> {
    let screened = screener.stored(&Inputs {
        uscc: new.uscc.as_str(),
        name: &new.name,
        industry: new.industry,
        figures: SmeFigures {
            employees: new.employees,
            operating_revenue: new.operating_revenue,
            total_assets: new.total_assets,
        },
        main_revenue: new.main_revenue,
        operating_status: new.operating_status,
        contact_name: new.contact_name.as_deref(),
        contact_phone: new.contact_phone.as_deref(),
    });
    let prefecture = new
        .division
        .prefecture()
        .ok_or_else(|| StoreError::Invalid("enterprise.division_is_a_province".into()))?;
    let at = now();
    let model = enterprise::ActiveModel {
        uscc: Set(new.uscc.as_str().to_string()),
        name: Set(new.name.trim().to_string()),
        province_code: Set(new.division.province().as_str().to_string()),
        prefecture_code: Set(prefecture.as_str().to_string()),
        division_code: Set(new.division.as_str().to_string()),
        industry: Set(new.industry.key().to_string()),
        employees: Set(new.employees.and_then(|e| i64::try_from(e).ok())),
        operating_revenue: Set(new.operating_revenue.map(Money::yuan)),
        main_revenue: Set(new.main_revenue.map(Money::yuan)),
        total_assets: Set(new.total_assets.map(Money::yuan)),
        operating_status: Set(new.operating_status.key().to_string()),
        contact_name: Set(new.contact_name),
        contact_phone: Set(new.contact_phone),
        size_class: Set(screened.size_class),
        eligible: Set(Some(screened.eligible)),
        failed_rules: Set(Some(screened.failed_rules)),
        screened_at: Set(Some(at)),
        created_at: Set(at),
        updated_at: Set(at),
        ..Default::default()
    }
    .insert(tx.conn())
    .await
    .map_err(|e| StoreError::unique_as(e, "uscc"))?;
    tx.audit(
        "enterprise.create",
        &format!("enterprise:{}", model.uscc),
        &format!("created {} in {}", model.name, model.division_code),
    )
    .await?;
    Ok(model.into())
}

pub async fn list(
    store: &Store,
    scope: &Scope,
    filter: &EnterpriseFilter,
    page: PageRequest,
) -> StoreResult<Page<Enterprise>> {
    let mut query = enterprise::Entity::find()
        .filter(scope_condition(scope))
        .filter(filter.condition());
    let indexed = indexed(scope, filter);
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
                        Indexed::Within(reach) => store.search.count(store, reach).await,
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

/// The enterprises a built SELECT returns: on SQLite through the fast reader, on a
/// blocking thread (a filtered, sorted page may take a while); otherwise through SeaORM.
async fn rows(store: &Store, statement: sea_orm::Statement) -> StoreResult<Vec<enterprise::Model>> {
    if let Some(reader) = store.reader.clone() {
        return tokio::task::spawn_blocking(move || reader.query(&statement, decode))
            .await
            .map_err(|e| StoreError::Internal(format!("read task: {e}")))?;
    }
    Ok(enterprise::Entity::find()
        .from_raw_sql(statement)
        .all(store.db())
        .await?)
}

/// Decodes `enterprises` rows from the fast reader, columns found once per query.
fn decode(
    columns: &crate::sqlite_read::Columns,
) -> rusqlite::Result<impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<enterprise::Model> + use<>>
{
    use crate::sqlite_read::{timestamp, timestamp_required};
    let at = |name: &str| columns.at(name);
    let (id, uscc, name, province, prefecture, division, industry) = (
        at("id")?,
        at("uscc")?,
        at("name")?,
        at("province_code")?,
        at("prefecture_code")?,
        at("division_code")?,
        at("industry")?,
    );
    let (employees, operating_revenue, main_revenue, total_assets, status) = (
        at("employees")?,
        at("operating_revenue")?,
        at("main_revenue")?,
        at("total_assets")?,
        at("operating_status")?,
    );
    let (contact_name, contact_phone, size_class, eligible, failed_rules) = (
        at("contact_name")?,
        at("contact_phone")?,
        at("size_class")?,
        at("eligible")?,
        at("failed_rules")?,
    );
    let (screened_at, created_at, updated_at) =
        (at("screened_at")?, at("created_at")?, at("updated_at")?);
    Ok(move |row: &rusqlite::Row<'_>| {
        Ok(enterprise::Model {
            id: row.get(id)?,
            uscc: row.get(uscc)?,
            name: row.get(name)?,
            province_code: row.get(province)?,
            prefecture_code: row.get(prefecture)?,
            division_code: row.get(division)?,
            industry: row.get(industry)?,
            employees: row.get(employees)?,
            operating_revenue: row.get(operating_revenue)?,
            main_revenue: row.get(main_revenue)?,
            total_assets: row.get(total_assets)?,
            operating_status: row.get(status)?,
            contact_name: row.get(contact_name)?,
            contact_phone: row.get(contact_phone)?,
            size_class: row.get(size_class)?,
            eligible: row.get(eligible)?,
            failed_rules: row.get(failed_rules)?,
            screened_at: timestamp(row, screened_at)?,
            created_at: timestamp_required(row, created_at)?,
            updated_at: timestamp_required(row, updated_at)?,
        })
    })
}

/// Every row of a filtered list, in id order, fetched in bounded batches (for exports).
pub async fn for_each(
    store: &Store,
    scope: &Scope,
    filter: &EnterpriseFilter,
    mut f: impl FnMut(Enterprise) -> StoreResult<()>,
) -> StoreResult<u64> {
    const BATCH: usize = 2_000;
    let base = enterprise::Entity::find()
        .filter(scope_condition(scope))
        .filter(filter.condition());
    let mut count = 0u64;
    let mut emit = |batch: Vec<enterprise::Model>| -> StoreResult<()> {
        for row in batch {
            count += 1;
            f(row.into())?;
        }
        Ok(())
    };
    match matches(store, indexed(scope, filter), filter).await? {
        Matches::Ids(ids) => {
            for chunk in ids.chunks(BATCH) {
                let batch = base
                    .clone()
                    .filter(id_in(store.db_backend(), chunk))
                    .order_by_asc(enterprise::Column::Id)
                    .all(store.db())
                    .await?;
                emit(batch)?;
            }
        }
        found => {
            let query = match found {
                Matches::Sql(condition) => base.filter(condition),
                _ => base,
            };
            let mut after = 0i64;
            loop {
                let batch = query
                    .clone()
                    .filter(enterprise::Column::Id.gt(after))
                    .order_by_asc(enterprise::Column::Id)
                    .limit(BATCH as u64)
                    .all(store.db())
                    .await?;
                let n = batch.len();
                if let Some(last) = batch.last() {
                    after = last.id;
                }
                emit(batch)?;
                if n < BATCH {
                    break;
                }
            }
        }
    }
    Ok(count)
}

/// One enterprise by credit code, or `NotFound` — also when it exists outside the scope.
pub async fn get_by_uscc(store: &Store, scope: &Scope, uscc: &str) -> StoreResult<Enterprise> {
    enterprise::Entity::find()
        .filter(scope_condition(scope))
        .filter(enterprise::Column::Uscc.eq(uscc.trim().to_ascii_uppercase()))
        .one(store.db())
        .await?
        .map(Enterprise::from)
        .ok_or(StoreError::NotFound)
}

pub async fn get_by_id(store: &Store, scope: &Scope, id: i64) -> StoreResult<Enterprise> {
    enterprise::Entity::find_by_id(id)
        .filter(scope_condition(scope))
        .one(store.db())
        .await?
        .map(Enterprise::from)
        .ok_or(StoreError::NotFound)
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
    match indexed(scope, &filter) {
        Indexed::Within(reach) => {
            store
                .counts
                .get_or_count(total_key(scope, &filter), || async move {
                    store.search.count(store, reach).await
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
            .filter(scope_condition(scope))
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
                .filter(scope_condition(scope))
                .count(store.db())
                .await?)
        })
        .await
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
