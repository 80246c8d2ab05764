//! Importing a city's enterprise directory (摸清辖区内小微企业基本情况).

use std::collections::HashMap;
use std::path::Path;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tokio::sync::mpsc;
use uplift_domain::directory::{Column, ColumnMap, DirectoryRow, parse_row};
use uplift_domain::division::DivisionCode;
use uplift_domain::import_refusal::ImportRefusal;
use uplift_domain::lang::Localized;
use uplift_domain::money::Money;
use uplift_domain::role::Scope;
use uplift_sheets::{OpenOptions, SheetReader};

use super::pg_copy::{self, Tuple};
use super::pg_tx::{PgConn, PgWriteTx};
use super::report::SharedReport;
use super::{ImportOptions, ImportResult, Progress};
use crate::audit::{Actor, WriteTx};
use crate::directory_keys;
use crate::entity::{enterprise, enterprise_history};
use crate::jobs::{self, ImportCounts};
use crate::screening::{Inputs, Screener, Stored};
use crate::{Backend, Refusal, Store, StoreError, StoreResult, now};

/// Merge mode: what the writer compares with a stored row of the same credit code.
struct MergeRow {
    /// The row's number in the file, for the error report.
    row: u64,
    uscc: String,
    fields: Fields,
    screened: Stored,
}

/// The valid rows of a batch, classified, screened and encoded for their INSERT on the
/// reader thread (the writer's side is the bottleneck of a bulk load), in file order.
enum Inserts {
    /// SQLite: the values of a multi-row INSERT, `INSERT_COLUMNS.len()` per row.
    Values(Vec<sea_orm::Value>),
    /// PostgreSQL: binary COPY tuples back to back; row i ends at `ends[i]`.
    Copy { data: Vec<u8>, ends: Vec<usize> },
}

/// What the reader thread hands to the writer: valid rows, and what it counted.
struct Batch {
    inserts: Inserts,
    /// Merge mode only: one per row of `inserts`, in the same order.
    merge: Vec<MergeRow>,
    /// Rows read and rejected while this batch filled.
    counts: ImportCounts,
    /// `created_at` of the batch's new rows.
    at: chrono::DateTime<chrono::Utc>,
    first_row: u64,
    last_row: u64,
    bytes_done: u64,
    bytes_total: u64,
}

/// The reader thread's side of its link to the writer: full batches go out, emptied COPY
/// buffers come back.
struct Channel {
    batches: mpsc::Sender<Batch>,
    spares: std::sync::mpsc::Receiver<Vec<u8>>,
}

/// How the reader thread ended.
struct ReaderEnd {
    format: uplift_sheets::Format,
    encoding: Option<uplift_sheets::TextEncoding>,
}

/// Run an import under an existing job (created by the caller so that a web page can
/// show it at once). Progress goes to `on_progress` after each committed batch.
pub async fn run_enterprise_import(
    store: &Store,
    job_id: i64,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> StoreResult<ImportResult> {
    let outcome = run(store, job_id, path, opts, actor, on_progress).await;
    store.forget_counts();
    super::finish_job(store, job_id, &outcome).await?;
    if let Ok(result) = &outcome {
        let mut tx = store.write(actor).await?;
        tx.audit(
            "enterprise.import.finish",
            &format!("job:{job_id}"),
            &format!(
                "{}: read {}, inserted {}, updated {}, unchanged {}, rejected {}",
                path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
                result.counts.read,
                result.counts.inserted,
                result.counts.updated,
                result.counts.unchanged,
                result.counts.rejected
            ),
        )
        .await?;
        tx.commit().await?;
    }
    outcome
}

async fn run(
    store: &Store,
    job_id: i64,
    path: &Path,
    opts: &ImportOptions,
    actor: &Actor,
    on_progress: &(dyn Fn(&Progress) + Send + Sync),
) -> StoreResult<ImportResult> {
    let report = SharedReport::new(&opts.report_dir, job_id, opts.lang);
    let mut reader = SheetReader::open(
        path,
        &OpenOptions {
            sheet: opts.sheet.clone(),
            encoding: opts.encoding,
            format: None,
            ..OpenOptions::default()
        },
    )
    .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?;
    let map = reader
        .find_header(ColumnMap::from_header, super::HEADER_SEARCH_ROWS)
        .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?
        .map_err(|e| StoreError::Refused(Refusal::Sheet(e.message(uplift_domain::Lang::Zh))))?;
    let ignored_columns = super::ignored_headers(reader.header(), map.ignored());
    let screener = Screener::load(store.db()).await?;
    let mode = prepare(store, job_id, actor).await?;
    let shape = Shape {
        mode,
        backend: store.backend(),
    };

    let (tx_batches, mut rx_batches) = mpsc::channel::<Batch>(2);
    // COPY buffers go back to the reader: a fresh megabyte-sized buffer per batch is
    // fresh pages from the kernel, zeroed each time.
    let (recycle, spares) = std::sync::mpsc::channel::<Vec<u8>>();
    let reader_opts = opts.clone();
    let reader_screener = screener.clone();
    let reader_report = report.clone();
    let reader_task = tokio::task::spawn_blocking(move || {
        read_all(
            reader,
            map,
            &reader_opts,
            &reader_screener,
            shape,
            &reader_report,
            Channel {
                batches: tx_batches,
                spares,
            },
        )
    });

    let owner = Owner {
        scope: &opts.scope,
        report: &report,
    };
    let mut counts = ImportCounts::default();
    while let Some(batch) = rx_batches.recv().await {
        let written =
            match write_batch(store, job_id, actor, batch, &counts, &recycle, &owner).await {
                Ok(w) => w,
                Err(e) => {
                    finish_bulk(store, mode).await?;
                    return Err(e);
                }
            };
        counts.add(&written.counts);
        on_progress(&Progress {
            counts,
            bytes_done: written.bytes_done,
            bytes_total: written.bytes_total,
        });
    }
    let end = reader_task
        .await
        .map_err(|e| StoreError::Internal(format!("reader thread: {e}")));
    finish_bulk(store, mode).await?;
    let end = end??;
    Ok(ImportResult {
        job_id,
        counts,
        error_report: report.finish()?,
        format: end.format,
        encoding: end.encoding,
        ignored_columns,
    })
}

/// How batches are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Look each credit code up; insert, update or leave alone.
    Merge,
    /// The directory was empty: insert everything, with the indexes built once at the end.
    Bulk,
}

/// What the reader prepares batches for: the write mode and the database.
#[derive(Debug, Clone, Copy)]
struct Shape {
    mode: Mode,
    backend: Backend,
}

/// Choose the mode. A bulk load needs the directory empty and no other import running
/// (nothing else may write enterprises while the unique index is down).
async fn prepare(store: &Store, job_id: i64, actor: &Actor) -> StoreResult<Mode> {
    store.ensure_indexes().await?;
    let others = crate::entity::job::Entity::find()
        .filter(crate::entity::job::Column::Status.eq(jobs::RUNNING))
        .filter(crate::entity::job::Column::Kind.eq(super::KIND_ENTERPRISES))
        .filter(crate::entity::job::Column::Id.ne(job_id))
        .filter(crate::entity::job::Column::UpdatedAt.gt(now() - chrono::Duration::minutes(2)))
        .count(store.db())
        .await?;
    let mut tx = store.write(actor).await?;
    let empty = enterprise::Entity::find().one(tx.conn()).await?.is_none();
    if !empty || others > 0 {
        return Ok(Mode::Merge);
    }
    for name in directory_keys::DIRECTORY_INDEX_NAMES {
        tx.conn()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
            .await?;
    }
    let keys = match store.backend() {
        Backend::Postgres => directory_keys::drop_keys_pg(tx.conn()).await?,
        Backend::Sqlite => false,
    };
    tx.audit(
        "enterprise.import.bulk",
        &format!("job:{job_id}"),
        if keys {
            "empty directory: indexes, primary key and its foreign keys dropped for a bulk \
             load, rebuilt at the end"
        } else {
            "empty directory: indexes dropped for a bulk load, rebuilt at the end"
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Mode::Bulk)
}

/// After a bulk load (finished or failed): build the indexes. A duplicate cannot exist
/// (the reader refuses a code seen before in the file, and the directory was empty).
async fn finish_bulk(store: &Store, mode: Mode) -> StoreResult<()> {
    match (mode, store.backend()) {
        (Mode::Merge, _) => Ok(()),
        (Mode::Bulk, Backend::Sqlite) => store.ensure_indexes().await,
        (Mode::Bulk, Backend::Postgres) => {
            build_indexes_pg(store).await?;
            store.ensure_keys_pg().await
        }
    }
}

/// The directory's indexes, the primary key's among them, built side by side (for two
/// builds on a million rows: 2.8–3.4 s against 3.3–4.5 s one after the other; each build
/// also uses PostgreSQL's parallel workers). The key constraints then attach to them.
async fn build_indexes_pg(store: &Store) -> StoreResult<()> {
    let mut builds = tokio::task::JoinSet::new();
    let statements = directory_keys::directory_indexes()
        .into_iter()
        .chain([directory_keys::primary_key_index()]);
    for stmt in statements {
        let store = store.clone();
        builds.spawn(async move { build_index_pg(&store, stmt).await });
    }
    // Wait for every build, even after a failure; report the first failure.
    let mut outcome = Ok(());
    while let Some(done) = builds.join_next().await {
        let built = done
            .map_err(|e| StoreError::Internal(format!("index build: {e}")))
            .and_then(|built| built);
        if outcome.is_ok() {
            outcome = built;
        }
    }
    outcome
}

/// One index in its own transaction (so each build gets a connection of its own and the
/// builds run side by side), with more sort memory than the server's default: SET LOCAL,
/// so the setting ends with the transaction and never lingers on a pooled connection.
async fn build_index_pg(
    store: &Store,
    stmt: sea_orm_migration::prelude::IndexCreateStatement,
) -> StoreResult<()> {
    use sea_orm::TransactionTrait;
    let tx = store.db().begin().await?;
    tx.execute_unprepared("SET LOCAL maintenance_work_mem = '256MB'")
        .await?;
    tx.execute(&stmt).await?;
    tx.commit().await?;
    Ok(())
}

/// Why a row's place refuses it, if it does: outside the importer's jurisdiction.
fn outside(row: &DirectoryRow, scope: &Scope) -> Option<ImportRefusal> {
    if scope.contains_division(&row.division) {
        return None;
    }
    Some(match scope {
        Scope::City(city) => ImportRefusal::OutsideCity { city: city.clone() },
        Scope::Province(province) => ImportRefusal::OutsideProvince {
            province: province.clone(),
        },
        // Only a regulator's scope imports; the use case refuses the others earlier.
        Scope::Assigned(_) | Scope::Enterprise(_) | Scope::Nothing => {
            ImportRefusal::OutsideProvince {
                province: String::new(),
            }
        }
    })
}

/// The reader thread: parse, validate, report, batch.
fn read_all(
    mut reader: SheetReader,
    map: ColumnMap,
    opts: &ImportOptions,
    screener: &Screener,
    shape: Shape,
    report: &SharedReport,
    out: Channel,
) -> StoreResult<ReaderEnd> {
    let format = reader.format();
    let encoding = reader.encoding();
    report.open(format, encoding)?;
    // A credit code seen earlier in this file, with its row: a later copy is a mistake
    // the official should see, not a silent overwrite.
    // Sized from the file (a directory row is ~125 bytes) so a province's million codes
    // are not rehashed as the map grows; capped for files that are not directories.
    let (_, file_bytes) = reader.progress();
    let expected_rows = usize::try_from(file_bytes / 125)
        .unwrap_or(0)
        .min(4_000_000);
    // foldhash, not SipHash: the keys are checked credit codes, and hashing them was a
    // visible share of the reader's time.
    let mut seen: HashMap<[u8; 18], u64, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(expected_rows, Default::default());
    let batch_size = opts
        .batch_size
        .unwrap_or_else(|| super::default_batch_size(shape.backend))
        .max(1);
    let mut batch = new_batch(shape, batch_size, None);
    while let Some(item) = reader.next() {
        let row = item.map_err(|e| StoreError::Refused(Refusal::Sheet(e.message_zh())))?;
        if batch.first_row == 0 {
            batch.first_row = row.number;
        }
        batch.last_row = row.number;
        batch.counts.read += 1;
        match parse_row(&map, &row.cells) {
            Ok(parsed) => {
                let key = uscc_key(parsed.uscc.as_str());
                if let Some(refusal) = outside(&parsed, &opts.scope) {
                    report.refuse(
                        row.number,
                        Column::Division,
                        parsed.division.as_str(),
                        &refusal,
                    )?;
                    batch.counts.rejected += 1;
                } else if let Some(first) = seen.get(&key) {
                    report.refuse(
                        row.number,
                        Column::Uscc,
                        parsed.uscc.as_str(),
                        &ImportRefusal::DuplicateOf { first_row: *first },
                    )?;
                    batch.counts.rejected += 1;
                } else if add_row(&mut batch, &parsed, screener, row.number) {
                    seen.insert(key, row.number);
                } else {
                    report.refuse(
                        row.number,
                        Column::Division,
                        parsed.division.as_str(),
                        &ImportRefusal::NoCity,
                    )?;
                    batch.counts.rejected += 1;
                }
            }
            Err(errors) => {
                report.add_problems(row.number, &errors)?;
                batch.counts.rejected += 1;
            }
        }
        if batch.inserts.len() >= batch_size {
            let (done, total) = reader.progress();
            batch.bytes_done = done;
            batch.bytes_total = total;
            let spare = out.spares.try_recv().ok();
            let full = std::mem::replace(&mut batch, new_batch(shape, batch_size, spare));
            if out.batches.blocking_send(full).is_err() {
                // The writer stopped (an error): its error is the one to report.
                return Ok(ReaderEnd { format, encoding });
            }
        }
    }
    let (done, total) = reader.progress();
    batch.bytes_done = done;
    batch.bytes_total = total;
    if batch.counts.read > 0 {
        let _ = out.batches.blocking_send(batch);
    }
    Ok(ReaderEnd { format, encoding })
}

/// Classify and screen a valid row and add it to the batch; false when its division lies
/// in no prefecture.
fn add_row(batch: &mut Batch, row: &DirectoryRow, screener: &Screener, number: u64) -> bool {
    let Some(fields) = RowFields::of_row(row) else {
        return false;
    };
    let screened = screener.stored(&Inputs {
        uscc: row.uscc.as_str(),
        name: &row.name,
        industry: row.industry,
        figures: row.sme_figures(),
        main_revenue: row.main_revenue,
        operating_status: row.operating_status,
        contact_name: row.contact_name.as_deref(),
        contact_phone: row.contact_phone.as_deref(),
    });
    let uscc = row.uscc.as_str();
    batch.inserts.push(uscc, &fields, &screened, batch.at);
    if batch.merge.capacity() > 0 {
        batch.merge.push(MergeRow {
            row: number,
            uscc: uscc.to_string(),
            fields: Fields::of_row(&fields),
            screened,
        });
    }
    true
}

/// An empty batch; merge mode keeps each row's fields, which `merge.capacity()` tells.
fn new_batch(shape: Shape, rows: usize, spare: Option<Vec<u8>>) -> Batch {
    Batch {
        inserts: Inserts::new(shape.backend, rows, spare),
        merge: match shape.mode {
            Mode::Merge => Vec::with_capacity(rows),
            Mode::Bulk => Vec::new(),
        },
        counts: ImportCounts::default(),
        at: now(),
        first_row: 0,
        last_row: 0,
        bytes_done: 0,
        bytes_total: 0,
    }
}

/// Bytes a directory row takes in binary COPY, about: sizes the buffer once per batch.
const COPY_BYTES_PER_ROW: usize = 320;

impl Inserts {
    /// Empty, for `rows` rows; a PostgreSQL batch reuses `spare`, an earlier batch's buffer.
    fn new(backend: Backend, rows: usize, spare: Option<Vec<u8>>) -> Inserts {
        match backend {
            Backend::Sqlite => Inserts::Values(Vec::with_capacity(rows * INSERT_COLUMNS.len())),
            Backend::Postgres => Inserts::Copy {
                data: match spare {
                    Some(mut data) => {
                        data.clear();
                        data
                    }
                    None => Vec::with_capacity(rows * COPY_BYTES_PER_ROW),
                },
                ends: Vec::with_capacity(rows),
            },
        }
    }

    fn len(&self) -> usize {
        match self {
            Inserts::Values(v) => v.len() / INSERT_COLUMNS.len(),
            Inserts::Copy { ends, .. } => ends.len(),
        }
    }

    fn push(
        &mut self,
        uscc: &str,
        f: &RowFields<'_>,
        screened: &Stored,
        at: chrono::DateTime<chrono::Utc>,
    ) {
        match self {
            Inserts::Values(v) => push_values(v, uscc, f, screened, at),
            Inserts::Copy { data, ends } => {
                push_tuple(data, uscc, f, screened, at);
                ends.push(data.len());
            }
        }
    }

    /// Only the rows whose `new` is true (merge mode: the rest exist already).
    fn keep(self, new: &[bool]) -> Inserts {
        if new.iter().all(|n| *n) {
            return self;
        }
        match self {
            Inserts::Values(v) => {
                let width = INSERT_COLUMNS.len();
                let mut kept = Vec::with_capacity(v.len());
                let mut values = v.into_iter();
                for &n in new {
                    let row = values.by_ref().take(width);
                    if n {
                        kept.extend(row);
                    } else {
                        row.for_each(drop);
                    }
                }
                Inserts::Values(kept)
            }
            Inserts::Copy { data, ends } => {
                let mut kept = Vec::with_capacity(data.len());
                let mut kept_ends = Vec::with_capacity(ends.len());
                let mut start = 0;
                for (&end, &n) in ends.iter().zip(new) {
                    if n {
                        kept.extend_from_slice(&data[start..end]);
                        kept_ends.push(kept.len());
                    }
                    start = end;
                }
                Inserts::Copy {
                    data: kept,
                    ends: kept_ends,
                }
            }
        }
    }
}

fn uscc_key(code: &str) -> [u8; 18] {
    let mut key = [0u8; 18];
    for (k, b) in key.iter_mut().zip(code.bytes()) {
        *k = b;
    }
    key
}

/// The stored fields an import may change, in a comparable form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fields {
    name: String,
    province_code: String,
    prefecture_code: String,
    division_code: String,
    industry: String,
    employees: Option<i64>,
    operating_revenue: Option<i64>,
    main_revenue: Option<i64>,
    total_assets: Option<i64>,
    operating_status: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
}

/// The same fields borrowed from a parsed row: a bulk load encodes them for its INSERT
/// without copying a string per field.
struct RowFields<'a> {
    name: &'a str,
    province_code: DivisionCode,
    prefecture_code: DivisionCode,
    division_code: &'a str,
    industry: &'static str,
    employees: Option<i64>,
    operating_revenue: Option<i64>,
    main_revenue: Option<i64>,
    total_assets: Option<i64>,
    operating_status: &'static str,
    contact_name: Option<&'a str>,
    contact_phone: Option<&'a str>,
}

impl<'a> RowFields<'a> {
    /// None when the division lies in no prefecture.
    fn of_row(row: &'a DirectoryRow) -> Option<RowFields<'a>> {
        Some(RowFields {
            name: &row.name,
            province_code: row.division.province(),
            prefecture_code: row.prefecture()?,
            division_code: row.division.as_str(),
            industry: row.industry.key(),
            employees: row.employees.and_then(|e| i64::try_from(e).ok()),
            operating_revenue: row.operating_revenue.map(Money::yuan),
            main_revenue: row.main_revenue.map(Money::yuan),
            total_assets: row.total_assets.map(Money::yuan),
            operating_status: row.operating_status.key(),
            contact_name: row.contact_name.as_deref(),
            contact_phone: row.contact_phone.as_deref(),
        })
    }
}

impl Fields {
    fn of_row(f: &RowFields<'_>) -> Fields {
        Fields {
            name: f.name.to_string(),
            province_code: f.province_code.as_str().to_string(),
            prefecture_code: f.prefecture_code.as_str().to_string(),
            division_code: f.division_code.to_string(),
            industry: f.industry.to_string(),
            employees: f.employees,
            operating_revenue: f.operating_revenue,
            main_revenue: f.main_revenue,
            total_assets: f.total_assets,
            operating_status: f.operating_status.to_string(),
            contact_name: f.contact_name.map(str::to_string),
            contact_phone: f.contact_phone.map(str::to_string),
        }
    }

    fn of_model(m: &enterprise::Model) -> Fields {
        Fields {
            name: m.name.clone(),
            province_code: m.province_code.clone(),
            prefecture_code: m.prefecture_code.clone(),
            division_code: m.division_code.clone(),
            industry: m.industry.clone(),
            employees: m.employees,
            operating_revenue: m.operating_revenue,
            main_revenue: m.main_revenue,
            total_assets: m.total_assets,
            operating_status: m.operating_status.clone(),
            contact_name: m.contact_name.clone(),
            contact_phone: m.contact_phone.clone(),
        }
    }

    /// What changed, as {"field": [before, after]}.
    fn diff(&self, new: &Fields) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        macro_rules! cmp {
            ($($f:ident),*) => {$(
                if self.$f != new.$f {
                    out.insert(stringify!($f).into(), serde_json::json!([self.$f, new.$f]));
                }
            )*};
        }
        cmp!(
            name,
            division_code,
            industry,
            employees,
            operating_revenue,
            main_revenue,
            total_assets,
            operating_status,
            contact_name,
            contact_phone
        );
        serde_json::Value::Object(out)
    }
}

/// What a batch is written through: SeaORM's transaction (SQLite), or a raw sqlx one on
/// PostgreSQL, where new rows go in by COPY. Either holds the audit chain's lock from its
/// first statement and commits rows, progress and audit row together.
trait BatchTx: Sized {
    type Conn: ConnectionTrait;
    fn conn(&self) -> &Self::Conn;
    /// Insert the rows; returns the COPY buffer for reuse.
    async fn insert(&self, inserts: Inserts) -> StoreResult<Option<Vec<u8>>>;
    async fn audit(&mut self, action: &str, object: &str, summary: &str) -> StoreResult<()>;
    async fn commit(self, store: &Store) -> StoreResult<()>;
}

impl BatchTx for WriteTx {
    type Conn = sea_orm::DatabaseTransaction;

    fn conn(&self) -> &Self::Conn {
        WriteTx::conn(self)
    }

    async fn insert(&self, inserts: Inserts) -> StoreResult<Option<Vec<u8>>> {
        match inserts {
            Inserts::Values(values) => insert_rows(self, values).await.map(|()| None),
            Inserts::Copy { .. } => Err(StoreError::Internal(
                "COPY rows for a SeaORM transaction".into(),
            )),
        }
    }

    async fn audit(&mut self, action: &str, object: &str, summary: &str) -> StoreResult<()> {
        WriteTx::audit(self, action, object, summary).await
    }

    async fn commit(self, _store: &Store) -> StoreResult<()> {
        WriteTx::commit(self).await
    }
}

impl BatchTx for PgWriteTx {
    type Conn = PgConn;

    fn conn(&self) -> &Self::Conn {
        PgWriteTx::conn(self)
    }

    async fn insert(&self, inserts: Inserts) -> StoreResult<Option<Vec<u8>>> {
        match inserts {
            Inserts::Copy { data, ends } if ends.is_empty() => Ok(Some(data)),
            Inserts::Copy { data, .. } => {
                let sql = format!(
                    "COPY enterprises ({}) FROM STDIN (FORMAT binary)",
                    INSERT_COLUMNS.join(", ")
                );
                self.copy_in(&sql, &[pg_copy::HEADER, &data, pg_copy::TRAILER])
                    .await?;
                Ok(Some(data))
            }
            Inserts::Values(_) => Err(StoreError::Internal(
                "INSERT values for a PostgreSQL COPY".into(),
            )),
        }
    }

    async fn audit(&mut self, action: &str, object: &str, summary: &str) -> StoreResult<()> {
        PgWriteTx::audit(self, action, object, summary).await
    }

    async fn commit(self, store: &Store) -> StoreResult<()> {
        PgWriteTx::commit(self, store).await
    }
}

/// Write one batch in one transaction.
async fn write_batch(
    store: &Store,
    job_id: i64,
    actor: &Actor,
    batch: Batch,
    before: &ImportCounts,
    recycle: &std::sync::mpsc::Sender<Vec<u8>>,
    owner: &Owner<'_>,
) -> StoreResult<Progress> {
    let (written, spare) = match store.backend() {
        Backend::Sqlite => {
            let tx = store.write(actor).await?;
            write_batch_in(tx, store, job_id, batch, before, owner).await?
        }
        Backend::Postgres => {
            let tx = PgWriteTx::begin(store, actor).await?;
            write_batch_in(tx, store, job_id, batch, before, owner).await?
        }
    };
    if let Some(buffer) = spare {
        // The reader may have finished; the buffer is then simply dropped.
        let _ = recycle.send(buffer);
    }
    Ok(written)
}

/// New rows inserted, changed rows updated with a history row, unchanged rows left
/// alone; then the job's progress and an audit row.
async fn write_batch_in<T: BatchTx>(
    mut tx: T,
    store: &Store,
    job_id: i64,
    batch: Batch,
    before: &ImportCounts,
    owner: &Owner<'_>,
) -> StoreResult<(Progress, Option<Vec<u8>>)> {
    let mut counts = batch.counts;
    let inserts = if batch.merge.is_empty() {
        batch.inserts
    } else {
        let merged = merge_existing(tx.conn(), job_id, batch.merge, &mut counts, owner).await?;
        for (uscc, from, to) in &merged.moved {
            tx.audit(
                "enterprise.move",
                &format!("enterprise:{uscc}"),
                &format!("division {from} -> {to} (job {job_id})"),
            )
            .await?;
        }
        batch.inserts.keep(&merged.new)
    };
    counts.inserted += inserts.len() as u64;
    let spare = tx.insert(inserts).await?;
    let mut total = *before;
    total.add(&counts);
    // Progress in bytes of the file; the counts say rows.
    jobs::progress(
        tx.conn(),
        job_id,
        batch.bytes_done,
        batch.bytes_total,
        &total,
    )
    .await?;
    tx.audit(
        "enterprise.import.batch",
        &format!("job:{job_id}"),
        &format!(
            "rows {}–{}: inserted {}, updated {}, unchanged {}, rejected {}",
            batch.first_row,
            batch.last_row,
            counts.inserted,
            counts.updated,
            counts.unchanged,
            counts.rejected
        ),
    )
    .await?;
    tx.commit(store).await?;
    let written = Progress {
        counts,
        bytes_done: batch.bytes_done,
        bytes_total: batch.bytes_total,
    };
    Ok((written, spare))
}

/// Whose enterprises a batch may change, and where a refused row is reported.
struct Owner<'a> {
    scope: &'a Scope,
    report: &'a SharedReport,
}

/// What merging a batch found.
struct Merged {
    /// Per row of the batch, whether it is new (to be inserted).
    new: Vec<bool>,
    /// Enterprises that moved to another city of the province: (uscc, from, to).
    moved: Vec<(String, String, String)>,
}

/// Merge mode: look the batch's credit codes up; update the changed rows (with a history
/// row each) and count the unchanged ones. A stored enterprise outside the importer's
/// scope is not touched: its row is refused and reported, and counted like any refused
/// row, so the counts say nothing about it.
async fn merge_existing<C: ConnectionTrait>(
    conn: &C,
    job_id: i64,
    rows: Vec<MergeRow>,
    counts: &mut ImportCounts,
    owner: &Owner<'_>,
) -> StoreResult<Merged> {
    let mut existing: HashMap<String, enterprise::Model> = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(1_000) {
        let found = enterprise::Entity::find()
            .filter(enterprise::Column::Uscc.is_in(chunk.iter().map(|r| r.uscc.as_str())))
            .all(conn)
            .await?;
        for m in found {
            existing.insert(m.uscc.clone(), m);
        }
    }
    let at = now();
    let mut new = Vec::with_capacity(rows.len());
    let mut moved = Vec::new();
    for row in rows {
        let Some(old) = existing.get(row.uscc.as_str()) else {
            new.push(true);
            continue;
        };
        new.push(false);
        if !crate::scope::holds(owner.scope, &old.province_code, &old.prefecture_code) {
            owner.report.refuse(
                row.row,
                Column::Uscc,
                &row.uscc,
                &ImportRefusal::RegisteredElsewhere,
            )?;
            counts.rejected += 1;
            continue;
        }
        let old_fields = Fields::of_model(old);
        if old_fields == row.fields {
            counts.unchanged += 1;
            continue;
        }
        let changes = old_fields.diff(&row.fields);
        if old_fields.prefecture_code != row.fields.prefecture_code {
            moved.push((
                row.uscc.clone(),
                old_fields.division_code.clone(),
                row.fields.division_code.clone(),
            ));
        }
        let mut model = active_model(&row.uscc, row.fields, &row.screened, at);
        model.id = sea_orm::Set(old.id);
        model.created_at = sea_orm::Set(old.created_at);
        enterprise::Entity::update(model).exec(conn).await?;
        enterprise_history::Entity::insert(enterprise_history::ActiveModel {
            enterprise_id: sea_orm::Set(old.id),
            job_id: sea_orm::Set(Some(job_id)),
            changed_at: sea_orm::Set(at),
            changes: sea_orm::Set(changes.to_string()),
            ..Default::default()
        })
        .exec(conn)
        .await?;
        counts.updated += 1;
    }
    Ok(Merged { new, moved })
}

/// The columns a new enterprise row is written with, in order.
const INSERT_COLUMNS: [&str; 19] = [
    "uscc",
    "name",
    "province_code",
    "prefecture_code",
    "division_code",
    "industry",
    "employees",
    "operating_revenue",
    "main_revenue",
    "total_assets",
    "operating_status",
    "contact_name",
    "contact_phone",
    "size_class",
    "eligible",
    "failed_rules",
    "screened_at",
    "created_at",
    "updated_at",
];

/// Rows per INSERT: SQLite binds at most 32,766 values; 19 × 1,000 fits.
const ROWS_PER_INSERT: usize = 1_000;

fn push_values(
    out: &mut Vec<sea_orm::Value>,
    uscc: &str,
    f: &RowFields<'_>,
    screened: &Stored,
    at: chrono::DateTime<chrono::Utc>,
) {
    out.extend([
        uscc.into(),
        f.name.into(),
        f.province_code.as_str().into(),
        f.prefecture_code.as_str().into(),
        f.division_code.into(),
        f.industry.into(),
        f.employees.into(),
        f.operating_revenue.into(),
        f.main_revenue.into(),
        f.total_assets.into(),
        f.operating_status.into(),
        f.contact_name.into(),
        f.contact_phone.into(),
        screened.size_class.clone().into(),
        Some(screened.eligible).into(),
        Some(screened.failed_rules.clone()).into(),
        Some(at).into(),
        at.into(),
        at.into(),
    ]);
}

/// The same row as a binary COPY tuple, in the order of `INSERT_COLUMNS`.
fn push_tuple(
    out: &mut Vec<u8>,
    uscc: &str,
    f: &RowFields<'_>,
    screened: &Stored,
    at: chrono::DateTime<chrono::Utc>,
) {
    Tuple::start(out, INSERT_COLUMNS.len() as i16)
        .text(uscc)
        .text(f.name)
        .text(f.province_code.as_str())
        .text(f.prefecture_code.as_str())
        .text(f.division_code)
        .text(f.industry)
        .opt_bigint(f.employees)
        .opt_bigint(f.operating_revenue)
        .opt_bigint(f.main_revenue)
        .opt_bigint(f.total_assets)
        .text(f.operating_status)
        .opt_text(f.contact_name)
        .opt_text(f.contact_phone)
        .opt_text(screened.size_class.as_deref())
        .bool(screened.eligible)
        .text(&screened.failed_rules)
        .timestamptz(at)
        .timestamptz(at)
        .timestamptz(at);
}

/// SQLite: one multi-row INSERT per 1,000 rows, its SQL text the same every time (so the
/// driver reuses the prepared statement) and no ORM model per row: this is the hot path of
/// a province-wide load.
async fn insert_rows(tx: &WriteTx, values: Vec<sea_orm::Value>) -> StoreResult<()> {
    let width = INSERT_COLUMNS.len();
    let backend = tx.conn().get_database_backend();
    let mut values = values.into_iter().peekable();
    let mut cached: Option<(usize, String)> = None;
    while values.peek().is_some() {
        let chunk: Vec<sea_orm::Value> = values.by_ref().take(ROWS_PER_INSERT * width).collect();
        let rows = chunk.len() / width;
        let sql = match &cached {
            Some((n, sql)) if *n == rows => sql.clone(),
            _ => {
                let sql = insert_sql(backend, rows);
                cached = Some((rows, sql.clone()));
                sql
            }
        };
        tx.conn()
            .execute_raw(sea_orm::Statement::from_sql_and_values(backend, sql, chunk))
            .await?;
    }
    Ok(())
}

fn insert_sql(backend: sea_orm::DbBackend, rows: usize) -> String {
    let width = INSERT_COLUMNS.len();
    let mut sql = format!(
        "INSERT INTO enterprises ({}) VALUES ",
        INSERT_COLUMNS.join(", ")
    );
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push(',');
        }
        sql.push('(');
        for c in 0..width {
            if c > 0 {
                sql.push(',');
            }
            n += 1;
            match backend {
                sea_orm::DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

fn active_model(
    uscc: &str,
    f: Fields,
    screened: &Stored,
    at: chrono::DateTime<chrono::Utc>,
) -> enterprise::ActiveModel {
    use sea_orm::{NotSet, Set};
    enterprise::ActiveModel {
        id: NotSet,
        uscc: Set(uscc.to_string()),
        name: Set(f.name),
        province_code: Set(f.province_code),
        prefecture_code: Set(f.prefecture_code),
        division_code: Set(f.division_code),
        industry: Set(f.industry),
        employees: Set(f.employees),
        operating_revenue: Set(f.operating_revenue),
        main_revenue: Set(f.main_revenue),
        total_assets: Set(f.total_assets),
        operating_status: Set(f.operating_status),
        contact_name: Set(f.contact_name),
        contact_phone: Set(f.contact_phone),
        size_class: Set(screened.size_class.clone()),
        eligible: Set(Some(screened.eligible)),
        failed_rules: Set(Some(screened.failed_rules.clone())),
        screened_at: Set(Some(at)),
        created_at: Set(at),
        updated_at: Set(at),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn row(n: u8) -> RowFields<'static> {
        RowFields {
            name: "长沙一号精密机械有限公司",
            province_code: DivisionCode::parse("430000").unwrap(),
            prefecture_code: DivisionCode::parse("430100").unwrap(),
            division_code: "430104",
            industry: "industry",
            employees: Some(i64::from(n)),
            operating_revenue: None,
            main_revenue: Some(1),
            total_assets: None,
            operating_status: "operating",
            contact_name: None,
            contact_phone: Some("13800138000"),
        }
    }

    fn screened() -> Stored {
        Stored {
            eligible: true,
            failed_rules: ",".into(),
            size_class: Some("micro".into()),
        }
    }

    fn filled(backend: Backend) -> Inserts {
        let mut inserts = Inserts::new(backend, 3, None);
        for n in 1..=3 {
            inserts.push("91430100MA4L000000", &row(n), &screened(), now());
        }
        inserts
    }

    /// The employees figure of each row left, which tells the rows apart.
    fn employees(inserts: &Inserts) -> Vec<i64> {
        match inserts {
            Inserts::Values(v) => v
                .chunks(INSERT_COLUMNS.len())
                .map(|r| match &r[6] {
                    sea_orm::Value::BigInt(Some(n)) => *n,
                    _ => -1,
                })
                .collect(),
            Inserts::Copy { data, ends } => {
                // Every test row has the same text, so the field sits at the same offset.
                let at = employees_offset(data);
                let starts = std::iter::once(0).chain(ends.iter().copied());
                starts
                    .zip(ends)
                    .map(|(start, _)| {
                        let bytes = &data[start + at..start + at + 8];
                        i64::from_be_bytes(bytes.try_into().unwrap())
                    })
                    .collect()
            }
        }
    }

    /// Where the 7th field's bytes begin in a tuple (after the field count and six fields).
    fn employees_offset(tuple: &[u8]) -> usize {
        let mut at = 2;
        for _ in 0..6 {
            let len = i32::from_be_bytes(tuple[at..at + 4].try_into().unwrap());
            at += 4 + usize::try_from(len.max(0)).unwrap();
        }
        at + 4
    }

    #[test]
    fn keeping_the_new_rows_drops_the_existing_ones_in_both_encodings() {
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let kept = filled(backend).keep(&[true, false, true]);
            assert_eq!(kept.len(), 2);
            assert_eq!(employees(&kept), [1, 3]);
            assert_eq!(employees(&filled(backend).keep(&[true; 3])), [1, 2, 3]);
            assert_eq!(filled(backend).keep(&[false; 3]).len(), 0);
        }
    }
}
