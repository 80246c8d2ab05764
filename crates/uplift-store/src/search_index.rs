//! The directory's search index: every enterprise's normalised name, credit code and
//! division, held in memory and kept in step with the database.
//!
//! Why in memory: an official searches a name by a two-character 字号 or trade word
//! ("鑫达", "机械"). `name LIKE '%鑫达%'` reads every row of the city; trigram indexes
//! (SQLite FTS5, pg_trgm) need three characters; a bigram index would cost the import a
//! dozen index rows per enterprise. One buffer of a million normalised names is ~40 MB and
//! a SIMD substring scan of it takes milliseconds, on either database.
//!
//! Why it stays correct: before every search the index reads what changed since it last
//! looked — enterprises with a higher id (new rows: ids only grow, and writes are
//! serialised by the audit chain's lock, so they commit in id order) and enterprises named
//! by newer `enterprise_history` rows (every update of an enterprise writes one). So a
//! search sees every committed write, from this process or any other. Enterprises are
//! never deleted; should the table ever shrink, the index is rebuilt.

use std::sync::{Arc, RwLock};

use memchr::memmem;
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
    RelationTrait,
};
use uplift_domain::eligibility::Rule;
use uplift_domain::sme::{Industry, SizeClass};
use uplift_domain::text::normalise_name_into;

use crate::entity::{enterprise, enterprise_history};
use crate::{Store, StoreError, StoreResult};

/// Rows read per query while loading; bounds the memory of one round trip.
const LOAD_PAGE: u64 = 20_000;

/// What a search looks for: a name substring, a credit-code prefix, or both (a term of
/// digits and capitals could be either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    name: Vec<u8>,
    uscc_prefix: Option<Vec<u8>>,
}

impl Term {
    /// `None` for a blank term.
    pub fn parse(q: &str) -> Option<Term> {
        let q = q.trim();
        if q.is_empty() {
            return None;
        }
        let mut name = String::new();
        normalise_name_into(q, &mut name);
        let code = q.to_ascii_uppercase();
        let uscc_prefix = (code.len() <= 18
            && code.bytes().all(|b| b.is_ascii_alphanumeric())
            && code.bytes().any(|b| b.is_ascii_digit()))
        .then(|| code.into_bytes());
        if name.is_empty() && uscc_prefix.is_none() {
            return None;
        }
        Some(Term {
            name: name.into_bytes(),
            uscc_prefix,
        })
    }
}

/// Where results may lie and what they must be: the enterprise's stored province,
/// prefecture and division codes, each equal to the one given (as the SQL filters compare
/// them), and the list's other filters. Built from the caller's scope and the list's
/// filters, so the index answers the whole question and SQL only fetches a page of rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexFilter {
    pub province: Option<u32>,
    pub prefecture: Option<u32>,
    pub county: Option<u32>,
    pub facets: FacetFilter,
}

/// The list's filters besides place, compared as SQL compares the stored columns:
/// `industry = key`, `size_class = key`, `eligible = b`, `failed_rules LIKE '%,key,%'`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FacetFilter {
    pub industry: Option<Industry>,
    pub size_class: Option<SizeClass>,
    pub eligible: Option<bool>,
    pub failed_rule: Option<Rule>,
}

impl FacetFilter {
    fn admits(&self, f: &Facets) -> bool {
        self.industry.is_none_or(|i| f.industry == industry_code(i))
            && self.size_class.is_none_or(|c| f.size_class == size_code(c))
            && self
                .eligible
                .is_none_or(|e| f.eligible == eligible_code(Some(e)))
            && self.failed_rule.is_none_or(|r| f.failed & rule_bit(r) != 0)
    }
}

/// An enterprise's stored industry, size class and verdict as small codes; 0 where the
/// column is empty or holds no known key (which no filter asks for).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Facets {
    industry: u8,
    size_class: u8,
    eligible: u8,
    /// One bit per failed rule, `rule_bit`.
    failed: u8,
}

impl Facets {
    fn of(e: &Entry) -> Facets {
        Facets {
            industry: Industry::from_key(&e.industry).map_or(0, industry_code),
            size_class: e
                .size_class
                .as_deref()
                .and_then(SizeClass::from_key)
                .map_or(0, size_code),
            eligible: eligible_code(e.eligible),
            failed: e.failed_rules.as_deref().map_or(0, |keys| {
                keys.split(',')
                    .filter_map(Rule::from_key)
                    .fold(0, |bits, r| bits | rule_bit(r))
            }),
        }
    }
}

/// Position in `ALL`, from 1 (0 is "none").
fn position_code<T: PartialEq>(all: &[T], x: &T) -> u8 {
    all.iter()
        .position(|y| y == x)
        .and_then(|p| u8::try_from(p + 1).ok())
        .unwrap_or(u8::MAX)
}

fn industry_code(i: Industry) -> u8 {
    position_code(&Industry::ALL, &i)
}

fn size_code(c: SizeClass) -> u8 {
    position_code(&SizeClass::ALL, &c)
}

fn eligible_code(e: Option<bool>) -> u8 {
    match e {
        None => 0,
        Some(true) => 1,
        Some(false) => 2,
    }
}

/// One bit per rule (six of eight).
fn rule_bit(r: Rule) -> u8 {
    1 << (position_code(&Rule::ALL, &r) - 1).min(7)
}

impl IndexFilter {
    /// A six-digit division code as the index stores it.
    pub fn code(s: &str) -> Option<u32> {
        (s.len() == 6).then(|| s.parse().ok()).flatten()
    }

    /// Narrow by one more code; `false` when the within already says otherwise, so nothing
    /// can match.
    pub fn narrow(slot: &mut Option<u32>, code: &str) -> bool {
        match (IndexFilter::code(code), *slot) {
            (None, _) => false,
            (Some(c), Some(old)) => c == old,
            (Some(c), None) => {
                *slot = Some(c);
                true
            }
        }
    }

    fn contains(&self, row: &Row) -> bool {
        let place = &row.place;
        self.province.is_none_or(|p| place.province == p)
            && self.prefecture.is_none_or(|p| place.prefecture == p)
            && self.county.is_none_or(|c| place.division == c)
            && self.facets.admits(&row.facets)
    }
}

/// An enterprise's codes as stored in its row (0 where a code is unreadable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    province: u32,
    prefecture: u32,
    division: u32,
}

impl Place {
    fn of(province: &str, prefecture: &str, division: &str) -> Place {
        Place {
            province: IndexFilter::code(province).unwrap_or(0),
            prefecture: IndexFilter::code(prefecture).unwrap_or(0),
            division: IndexFilter::code(division).unwrap_or(0),
        }
    }
}

/// What the index reads of one enterprise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub id: i64,
    pub province: String,
    pub prefecture: String,
    pub division: String,
    pub uscc: String,
    pub name: String,
    pub industry: String,
    pub size_class: Option<String>,
    pub eligible: Option<bool>,
    pub failed_rules: Option<String>,
}

#[derive(Debug, Clone, Copy)]
struct Row {
    id: i64,
    place: Place,
    facets: Facets,
    /// Where the row's current name starts in `Snapshot::text`.
    start: u32,
    uscc: [u8; 18],
}

/// One name in `text`: its start and the row it belongs to. A row whose name changed has
/// an older span too; it no longer matches `Row::start` and is skipped.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    row: u32,
}

#[derive(Debug, Default)]
struct Snapshot {
    /// Normalised names, each followed by a NUL byte (which no normalised name contains).
    text: String,
    /// In `start` order.
    spans: Vec<Span>,
    /// In id order.
    rows: Vec<Row>,
    max_id: i64,
    max_change: i64,
    /// Bytes of `text` no row points at any more; compacted when they are half of it.
    stale: usize,
}

/// The name that starts at `start` in a snapshot's text, up to its NUL.
fn name_at(text: &str, start: u32) -> &str {
    let rest = text.get(start as usize..).unwrap_or("");
    rest.split('\0').next().unwrap_or(rest)
}

impl Snapshot {
    /// Add or replace one enterprise. `false` when the id is below the highest seen yet
    /// unknown, which the id order rules out; the caller then rebuilds.
    fn upsert(&mut self, e: &Entry) -> bool {
        let id = e.id;
        let start = self.text.len();
        normalise_name_into(&e.name, &mut self.text);
        self.text.push('\0');
        let Ok(start) = u32::try_from(start) else {
            return false;
        };
        let mut code = [b' '; 18];
        for (slot, b) in code.iter_mut().zip(e.uscc.bytes()) {
            *slot = b;
        }
        let place = Place::of(&e.province, &e.prefecture, &e.division);
        let facets = Facets::of(e);
        let index = if id > self.max_id {
            self.rows.push(Row {
                id,
                place,
                facets,
                start,
                uscc: code,
            });
            self.max_id = id;
            self.rows.len() - 1
        } else {
            let Ok(i) = self.rows.binary_search_by_key(&id, |r| r.id) else {
                return false;
            };
            self.stale += name_at(&self.text, self.rows[i].start).len() + 1;
            self.rows[i] = Row {
                id,
                place,
                facets,
                start,
                uscc: code,
            };
            i
        };
        let Ok(row) = u32::try_from(index) else {
            return false;
        };
        self.spans.push(Span { start, row });
        true
    }

    /// Rewrite `text` with only the current names, when stale ones are half of it.
    fn compact_if_worth_it(&mut self) {
        if self.stale * 2 < self.text.len() {
            return;
        }
        let mut text = String::with_capacity(self.text.len() - self.stale);
        let mut spans = Vec::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter_mut().enumerate() {
            let start = text.len();
            text.push_str(name_at(&self.text, row.start));
            text.push('\0');
            row.start = u32::try_from(start).unwrap_or(u32::MAX);
            spans.push(Span {
                start: row.start,
                row: u32::try_from(i).unwrap_or(u32::MAX),
            });
        }
        self.text = text;
        self.spans = spans;
        self.stale = 0;
    }

    /// Ids of the enterprises within `within` that match `term`, ascending.
    fn search(&self, term: &Term, within: &IndexFilter) -> Vec<i64> {
        let mut ids = Vec::new();
        if !term.name.is_empty() {
            let finder = memmem::Finder::new(&term.name);
            let mut span = 0usize;
            let mut last_row = u32::MAX;
            for at in finder.find_iter(self.text.as_bytes()) {
                // The span holding `at`: the last one starting at or before it.
                span += self.spans[span..].partition_point(|s| s.start as usize <= at);
                span = span.saturating_sub(1);
                let Some(s) = self.spans.get(span) else {
                    continue;
                };
                if s.row == last_row {
                    continue;
                }
                let Some(row) = self.rows.get(s.row as usize) else {
                    continue;
                };
                if row.start != s.start {
                    continue;
                }
                last_row = s.row;
                if within.contains(row) {
                    ids.push(row.id);
                }
            }
        }
        if let Some(prefix) = &term.uscc_prefix {
            ids.extend(
                self.rows
                    .iter()
                    .filter(|r| r.uscc.starts_with(prefix) && within.contains(r))
                    .map(|r| r.id),
            );
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// id, province, prefecture, division, credit code, name, industry, size class, verdict,
/// failed rules: as read from the database.
type EntryTuple = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
);

fn entry(
    (id, province, prefecture, division, uscc, name, industry, size_class, eligible, failed_rules): EntryTuple,
) -> Entry {
    Entry {
        id,
        province,
        prefecture,
        division,
        uscc,
        name,
        industry,
        size_class,
        eligible,
        failed_rules,
    }
}

/// A history row's id, then its enterprise as `EntryTuple`.
type HistoryTuple = (
    i64,
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<bool>,
    Option<String>,
);

/// The columns an entry is read from, in `EntryTuple` order.
const ENTRY_COLUMNS: [enterprise::Column; 10] = [
    enterprise::Column::Id,
    enterprise::Column::ProvinceCode,
    enterprise::Column::PrefectureCode,
    enterprise::Column::DivisionCode,
    enterprise::Column::Uscc,
    enterprise::Column::Name,
    enterprise::Column::Industry,
    enterprise::Column::SizeClass,
    enterprise::Column::Eligible,
    enterprise::Column::FailedRules,
];

/// The next page of enterprises after id `after`. On SQLite through the fast reader:
/// loading a province's million names at start-up took 5.6 s through SeaORM.
async fn rows_after(store: &Store, after: i64) -> StoreResult<Vec<EntryTuple>> {
    let select = enterprise::Entity::find()
        .select_only()
        .columns(ENTRY_COLUMNS)
        .filter(enterprise::Column::Id.gt(after))
        .order_by_asc(enterprise::Column::Id)
        .limit(LOAD_PAGE);
    let Some(reader) = store.reader.clone() else {
        return Ok(select.into_tuple().all(store.db()).await?);
    };
    let statement = select.build(store.db_backend());
    tokio::task::spawn_blocking(move || {
        reader.query(&statement, |_| {
            Ok(|row: &rusqlite::Row<'_>| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                    row.get(6)?,
                    row.get(7)?,
                    row.get(8)?,
                    row.get(9)?,
                ))
            })
        })
    })
    .await
    .map_err(|e| StoreError::Internal(format!("search index task: {e}")))?
}

/// The newest history row's id (0 when there is none).
async fn max_history_id(store: &Store) -> StoreResult<i64> {
    let max: Option<i64> = enterprise_history::Entity::find()
        .select_only()
        .column_as(enterprise_history::Column::Id.max(), "m")
        .into_tuple()
        .one(store.db())
        .await?
        .flatten();
    Ok(max.unwrap_or(0))
}

/// The index of one database, shared by every clone of its [`Store`].
#[derive(Debug, Default)]
pub struct SearchIndex {
    snapshot: Arc<RwLock<Snapshot>>,
    /// One catch-up at a time; the others wait for it and find nothing left to read.
    catching_up: tokio::sync::Mutex<()>,
}

impl SearchIndex {
    /// Ids of the enterprises within `within` matching `term`, ascending, as of now.
    pub async fn search(
        &self,
        store: &Store,
        term: &Term,
        within: IndexFilter,
    ) -> StoreResult<Vec<i64>> {
        let term = term.clone();
        self.read_current(store, move |s| s.search(&term, &within))
            .await
    }

    /// How many enterprises lie within `within`, as of now: a list's total without a term,
    /// in milliseconds where SQL counted a city's rows in a fifth of a second.
    pub async fn count(&self, store: &Store, within: IndexFilter) -> StoreResult<u64> {
        self.read_current(store, move |s| {
            s.rows.iter().filter(|r| within.contains(r)).count() as u64
        })
        .await
    }

    /// The county-level division codes in use inside a prefecture, ascending (the list's
    /// county filter); a prefecture-level division code is not one of them.
    pub async fn counties(&self, store: &Store, prefecture: &str) -> StoreResult<Vec<String>> {
        let Some(code) = IndexFilter::code(prefecture) else {
            return Ok(Vec::new());
        };
        let codes = self
            .read_current(store, move |s| {
                let mut codes: Vec<u32> = s
                    .rows
                    .iter()
                    .filter(|r| r.place.prefecture == code && r.place.division != code)
                    .map(|r| r.place.division)
                    .collect();
                codes.sort_unstable();
                codes.dedup();
                codes
            })
            .await?;
        Ok(codes.into_iter().map(|c| format!("{c:06}")).collect())
    }

    /// Catch up, then read the snapshot on a blocking thread: a scan of a province's rows
    /// is milliseconds of CPU, kept off the async workers.
    async fn read_current<T: Send + 'static>(
        &self,
        store: &Store,
        read: impl FnOnce(&Snapshot) -> T + Send + 'static,
    ) -> StoreResult<T> {
        self.catch_up(store).await?;
        let snapshot = self.snapshot.clone();
        tokio::task::spawn_blocking(move || {
            snapshot
                .read()
                .map(|s| read(&s))
                .map_err(|_| StoreError::Internal("search index lock poisoned".into()))
        })
        .await
        .map_err(|e| StoreError::Internal(format!("search task: {e}")))?
    }

    /// Read what changed since the last look. Also called at start-up, so the first
    /// search does not pay for loading the whole directory.
    pub async fn catch_up(&self, store: &Store) -> StoreResult<()> {
        let _one_at_a_time = self.catching_up.lock().await;
        let (max_id, max_change) = self.seen()?;
        let db_max_id: Option<i64> = enterprise::Entity::find()
            .select_only()
            .column_as(enterprise::Column::Id.max(), "m")
            .into_tuple()
            .one(store.db())
            .await?
            .flatten();
        if db_max_id.unwrap_or(0) < max_id {
            // The table was emptied and refilled (a test, a restore): start again.
            self.replace(Snapshot::default())?;
            return self.catch_up_unlocked(store).await;
        }
        let db_max_change = max_history_id(store).await?;
        if db_max_id.unwrap_or(0) == max_id && db_max_change == max_change {
            return Ok(());
        }
        self.read_changes(store, max_id, max_change).await
    }

    /// `catch_up` from an empty snapshot, the lock already held.
    async fn catch_up_unlocked(&self, store: &Store) -> StoreResult<()> {
        self.read_changes(store, 0, 0).await
    }

    async fn read_changes(&self, store: &Store, max_id: i64, max_change: i64) -> StoreResult<()> {
        // A first load reads every row as it is now, so the history written until now has
        // nothing to add: note where it ends (before reading the rows, so nothing written
        // meanwhile is missed) and skip it. A province's re-screening can leave most of a
        // million history rows, which took a first load from 2.2 s to 7.5 s.
        // Otherwise changed rows come first: a row both new and changed is then read with
        // its newest name by the new-rows pass, which only ever appends.
        let history_end = if max_id == 0 {
            Some(max_history_id(store).await?)
        } else {
            if !self.read_history(store, max_id, max_change).await? {
                return self.rebuild(store, max_id).await;
            }
            None
        };
        let mut after = max_id;
        loop {
            let rows = rows_after(store, after).await?;
            let Some(last) = rows.last().map(|r| r.0) else {
                break;
            };
            let done = (rows.len() as u64) < LOAD_PAGE;
            if !self.apply(rows.into_iter().map(entry), Some(last), None)? {
                return self.rebuild(store, max_id).await;
            }
            after = last;
            if done {
                break;
            }
        }
        if let Some(end) = history_end {
            self.apply(std::iter::empty(), None, Some(end))?;
        }
        Ok(())
    }

    /// Apply the enterprises named by history rows after `max_change` (only those the
    /// index holds: ids up to `max_id`); false when the index is out of step.
    async fn read_history(&self, store: &Store, max_id: i64, max_change: i64) -> StoreResult<bool> {
        let mut change_after = max_change;
        loop {
            let changed: Vec<(i64, EntryTuple)> = enterprise_history::Entity::find()
                .select_only()
                .column(enterprise_history::Column::Id)
                .columns(ENTRY_COLUMNS)
                .join(
                    JoinType::InnerJoin,
                    enterprise_history::Relation::Enterprise.def(),
                )
                .filter(enterprise_history::Column::Id.gt(change_after))
                .order_by_asc(enterprise_history::Column::Id)
                .limit(LOAD_PAGE)
                .into_tuple::<HistoryTuple>()
                .all(store.db())
                .await?
                .into_iter()
                .map(|(h, id, p, f, d, u, n, i, c, e, r)| (h, (id, p, f, d, u, n, i, c, e, r)))
                .collect();
            let Some(last) = changed.last().map(|c| c.0) else {
                return Ok(true);
            };
            let done = (changed.len() as u64) < LOAD_PAGE;
            let entries = changed
                .into_iter()
                .map(|(_, e)| entry(e))
                .filter(|e| e.id <= max_id);
            if !self.apply(entries, None, Some(last))? {
                return Ok(false);
            }
            change_after = last;
            if done {
                return Ok(true);
            }
        }
    }

    fn apply(
        &self,
        entries: impl Iterator<Item = Entry>,
        max_id: Option<i64>,
        max_change: Option<i64>,
    ) -> StoreResult<bool> {
        let mut s = self.write_lock()?;
        for e in entries {
            if !s.upsert(&e) {
                return Ok(false);
            }
        }
        if let Some(m) = max_id {
            s.max_id = s.max_id.max(m);
        }
        if let Some(m) = max_change {
            s.max_change = s.max_change.max(m);
        }
        s.compact_if_worth_it();
        Ok(true)
    }

    /// Start again from nothing; `from` is where the failed pass began, and failing from
    /// nothing is an error rather than a loop.
    async fn rebuild(&self, store: &Store, from: i64) -> StoreResult<()> {
        if from == 0 {
            return Err(StoreError::Internal(
                "the search index cannot hold this directory".into(),
            ));
        }
        tracing::warn!("search index out of step with the directory; rebuilding");
        self.replace(Snapshot::default())?;
        Box::pin(self.catch_up_unlocked(store)).await
    }

    fn replace(&self, fresh: Snapshot) -> StoreResult<()> {
        *self.write_lock()? = fresh;
        Ok(())
    }

    fn seen(&self) -> StoreResult<(i64, i64)> {
        let s = self
            .snapshot
            .read()
            .map_err(|_| StoreError::Internal("search index lock poisoned".into()))?;
        Ok((s.max_id, s.max_change))
    }

    fn write_lock(&self) -> StoreResult<std::sync::RwLockWriteGuard<'_, Snapshot>> {
        self.snapshot
            .write()
            .map_err(|_| StoreError::Internal("search index lock poisoned".into()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn snapshot(rows: &[(i64, &str, &str, &str)]) -> Snapshot {
        let mut s = Snapshot::default();
        for row in rows {
            assert!(s.upsert(&at(row)));
        }
        s
    }

    /// An entry from (id, division, code, name), in Hunan.
    fn at(&(id, division, uscc, name): &(i64, &str, &str, &str)) -> Entry {
        Entry {
            id,
            province: "430000".into(),
            prefecture: format!("{}00", &division[..4]),
            division: division.into(),
            uscc: uscc.into(),
            name: name.into(),
            industry: "industry".into(),
            size_class: Some("small".into()),
            eligible: Some(false),
            failed_rules: Some(",main_revenue,".into()),
        }
    }

    fn term(q: &str) -> Term {
        Term::parse(q).unwrap()
    }

    const CHANGSHA: (i64, &str, &str, &str) =
        (1, "430104", "91430104MA4L0000A1", "长沙鑫达机械有限公司");
    const ZHUZHOU: (i64, &str, &str, &str) = (
        2,
        "430202",
        "91430202MA4L0000B2",
        "株洲鑫达电子（集团）有限公司",
    );
    const TCL: (i64, &str, &str, &str) = (3, "430102", "91430102MA4L0000C3", "TCL 长沙 科技");

    #[test]
    fn a_two_character_term_finds_every_name_containing_it() {
        let s = snapshot(&[CHANGSHA, ZHUZHOU, TCL]);
        assert_eq!(s.search(&term("鑫达"), &IndexFilter::default()), vec![1, 2]);
        assert_eq!(s.search(&term("机械"), &IndexFilter::default()), vec![1]);
        assert!(
            s.search(&term("不存在"), &IndexFilter::default())
                .is_empty()
        );
    }

    #[test]
    fn names_compare_without_case_width_or_spaces() {
        let s = snapshot(&[CHANGSHA, ZHUZHOU, TCL]);
        assert_eq!(s.search(&term("tcl长沙"), &IndexFilter::default()), vec![3]);
        assert_eq!(
            s.search(&term("电子(集团)"), &IndexFilter::default()),
            vec![2]
        );
        assert_eq!(
            s.search(&term(" 鑫达 机械 "), &IndexFilter::default()),
            vec![1]
        );
    }

    #[test]
    fn a_term_never_matches_across_two_names() {
        let s = snapshot(&[CHANGSHA, ZHUZHOU]);
        assert!(
            s.search(&term("公司株洲"), &IndexFilter::default())
                .is_empty()
        );
    }

    #[test]
    fn results_stay_inside_the_reach() {
        let s = snapshot(&[CHANGSHA, ZHUZHOU, TCL]);
        let changsha = IndexFilter {
            prefecture: IndexFilter::code("430100"),
            ..IndexFilter::default()
        };
        assert_eq!(s.search(&term("鑫达"), &changsha), vec![1]);
        let county = IndexFilter {
            county: IndexFilter::code("430102"),
            ..changsha
        };
        assert_eq!(s.search(&term("长沙"), &county), vec![3]);
        let elsewhere = IndexFilter {
            province: IndexFilter::code("110000"),
            ..IndexFilter::default()
        };
        assert!(s.search(&term("鑫达"), &elsewhere).is_empty());
    }

    #[test]
    fn a_filter_naming_another_place_than_the_scope_narrows_to_nothing() {
        let mut prefecture = IndexFilter::code("430100");
        assert!(IndexFilter::narrow(&mut prefecture, "430100"));
        assert!(!IndexFilter::narrow(&mut prefecture, "430200"));
        assert!(!IndexFilter::narrow(&mut prefecture, "长沙"));
        let mut none = None;
        assert!(IndexFilter::narrow(&mut none, "430200"));
        assert_eq!(none, IndexFilter::code("430200"));
    }

    #[test]
    fn a_credit_code_prefix_finds_by_code() {
        let s = snapshot(&[CHANGSHA, ZHUZHOU, TCL]);
        assert_eq!(
            s.search(&term("9143010"), &IndexFilter::default()),
            vec![1, 3]
        );
        assert_eq!(
            s.search(&term("91430202ma"), &IndexFilter::default()),
            vec![2]
        );
    }

    #[test]
    fn a_renamed_enterprise_is_found_by_its_new_name_only() {
        let mut s = snapshot(&[CHANGSHA, ZHUZHOU]);
        assert!(s.upsert(&at(&(1, "430104", CHANGSHA.2, "长沙恒信精密铸造有限公司"))));
        assert!(s.search(&term("机械"), &IndexFilter::default()).is_empty());
        assert_eq!(
            s.search(&term("精密铸造"), &IndexFilter::default()),
            vec![1]
        );
        assert_eq!(
            s.search(&term("有限公司"), &IndexFilter::default()),
            vec![1, 2]
        );
    }

    #[test]
    fn stale_names_are_dropped_once_they_are_half_the_text() {
        let mut s = snapshot(&[CHANGSHA, ZHUZHOU]);
        for i in 0..10 {
            let name = format!("株洲第{i}号公司");
            assert!(s.upsert(&at(&(2, "430202", ZHUZHOU.2, &name))));
            s.compact_if_worth_it();
        }
        assert!(s.stale * 2 < s.text.len());
        assert_eq!(s.search(&term("第9号"), &IndexFilter::default()), vec![2]);
        assert!(s.search(&term("第8号"), &IndexFilter::default()).is_empty());
        assert_eq!(s.search(&term("鑫达"), &IndexFilter::default()), vec![1]);
    }

    #[test]
    fn an_unknown_id_below_the_highest_asks_for_a_rebuild() {
        let mut s = snapshot(&[CHANGSHA, TCL]);
        assert!(!s.upsert(&at(&ZHUZHOU)));
    }

    #[test]
    fn the_lists_other_filters_compare_as_sql_compares_the_columns() {
        let mut s = snapshot(&[CHANGSHA, ZHUZHOU, TCL]);
        assert!(s.upsert(&Entry {
            industry: "software_it".into(),
            size_class: Some("micro".into()),
            eligible: Some(true),
            failed_rules: Some(String::new()),
            ..at(&ZHUZHOU)
        }));
        assert!(s.upsert(&Entry {
            size_class: None,
            eligible: None,
            failed_rules: Some(",size_class,operating,".into()),
            ..at(&TCL)
        }));
        let only = |facets: FacetFilter| {
            s.search(
                &term("有限公司"),
                &IndexFilter {
                    facets,
                    ..IndexFilter::default()
                },
            )
        };
        let everything = |facets: FacetFilter| {
            let mut ids = s.search(
                &term("长沙"),
                &IndexFilter {
                    facets,
                    ..IndexFilter::default()
                },
            );
            ids.extend(s.search(
                &term("株洲"),
                &IndexFilter {
                    facets,
                    ..IndexFilter::default()
                },
            ));
            ids.sort_unstable();
            ids
        };
        assert_eq!(only(FacetFilter::default()), vec![1, 2]);
        let industry = |i| FacetFilter {
            industry: Some(i),
            ..FacetFilter::default()
        };
        assert_eq!(only(industry(Industry::Industry)), vec![1]);
        assert_eq!(only(industry(Industry::SoftwareIt)), vec![2]);
        let size = |c| FacetFilter {
            size_class: Some(c),
            ..FacetFilter::default()
        };
        assert_eq!(everything(size(SizeClass::Small)), vec![1]);
        assert_eq!(everything(size(SizeClass::Micro)), vec![2]);
        let verdict = |e| FacetFilter {
            eligible: Some(e),
            ..FacetFilter::default()
        };
        // No verdict yet (NULL) is neither eligible nor ineligible.
        assert_eq!(everything(verdict(true)), vec![2]);
        assert_eq!(everything(verdict(false)), vec![1]);
        let failing = |r| FacetFilter {
            failed_rule: Some(r),
            ..FacetFilter::default()
        };
        assert_eq!(everything(failing(Rule::MainRevenue)), vec![1]);
        assert_eq!(everything(failing(Rule::Operating)), vec![3]);
        assert!(everything(failing(Rule::Contact)).is_empty());
        let both = FacetFilter {
            industry: Some(Industry::Industry),
            failed_rule: Some(Rule::SizeClass),
            ..FacetFilter::default()
        };
        assert_eq!(everything(both), vec![3]);
    }

    #[test]
    fn a_blank_term_is_no_term() {
        assert!(Term::parse("  ").is_none());
        assert!(Term::parse("\u{3000}").is_none());
    }
}
