//! Importing a city's enterprise directory (摸清辖区内小微企业基本情况).

use std::collections::HashMap;
use std::path::Path;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use tokio::sync::mpsc;
use uplift_domain::Lang;
use uplift_domain::directory::{Column, ColumnMap, DirectoryRow, parse_row};
use uplift_domain::lang::Localized;
use uplift_domain::money::Money;
use uplift_sheets::{OpenOptions, SheetReader};

use super::report::ErrorReport;
use super::{ImportOptions, ImportResult, Progress, Restriction};
use crate::audit::Actor;
use crate::entity::{enterprise, enterprise_history};
use crate::jobs::{self, ImportCounts};
use crate::screening::{Inputs, Screener};
use crate::{Store, StoreError, StoreResult, now};

/// A valid row, classified and screened on the reader thread (the writer's thread is
/// the bottleneck of a bulk load), with the values of its INSERT ready.
struct PreparedRow {
    uscc: String,
    /// Kept for comparing with a stored row (merge mode only).
    fields: Option<Fields>,
    screened: crate::screening::Stored,
    values: Vec<sea_orm::Value>,
}

/// What the reader thread hands to the writer: valid rows, and what it counted.
struct Batch {
    rows: Vec<PreparedRow>,
    /// Rows read and rejected while this batch filled.
    counts: ImportCounts,
    first_row: u64,
    last_row: u64,
    bytes_done: u64,
    bytes_total: u64,
}

/// How the reader thread ended.
struct ReaderEnd {
    report: Option<std::path::PathBuf>,
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
    let reader = SheetReader::open(
        path,
        &OpenOptions {
            sheet: opts.sheet.clone(),
            encoding: opts.encoding,
            format: None,
        },
    )
    .map_err(|e| StoreError::Invalid(e.message_zh()))?;
    let map = ColumnMap::from_header(reader.header())
        .map_err(|e| StoreError::Invalid(e.message(Lang::Zh)))?;
    let screener = Screener::load(store.db()).await?;
    let mode = prepare(store, job_id, actor).await?;

    let (tx_batches, mut rx_batches) = mpsc::channel::<Batch>(2);
    let reader_opts = opts.clone();
    let reader_screener = screener.clone();
    let reader_task = tokio::task::spawn_blocking(move || {
        read_all(
            reader,
            map,
            &reader_opts,
            &reader_screener,
            mode,
            job_id,
            tx_batches,
        )
    });

    let mut counts = ImportCounts::default();
    while let Some(batch) = rx_batches.recv().await {
        let written = match write_batch(store, job_id, actor, batch, &counts, mode).await {
            Ok(w) => w,
            Err(e) => {
                finish_bulk(store, mode, actor).await?;
                return Err(e);
            }
        };
        counts.add(&written.0);
        on_progress(&Progress {
            counts,
            bytes_done: written.1,
            bytes_total: written.2,
        });
    }
    let end = reader_task
        .await
        .map_err(|e| StoreError::Internal(format!("reader thread: {e}")));
    finish_bulk(store, mode, actor).await?;
    let end = end??;
    Ok(ImportResult {
        job_id,
        counts,
        error_report: end.report,
        format: end.format,
        encoding: end.encoding,
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
    for name in crate::db::DIRECTORY_INDEX_NAMES {
        tx.conn()
            .execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
            .await?;
    }
    tx.audit(
        "enterprise.import.bulk",
        &format!("job:{job_id}"),
        "empty directory: indexes dropped for a bulk load, rebuilt at the end",
    )
    .await?;
    tx.commit().await?;
    Ok(Mode::Bulk)
}

/// After a bulk load (finished or failed): build the indexes. A duplicate cannot exist
/// (the reader refuses a code seen before in the file, and the directory was empty).
async fn finish_bulk(store: &Store, mode: Mode, _actor: &Actor) -> StoreResult<()> {
    if mode == Mode::Bulk {
        if store.backend() == crate::Backend::Postgres {
            store
                .db()
                .execute_unprepared("SET maintenance_work_mem = '256MB'")
                .await?;
        }
        store.ensure_indexes().await?;
    }
    Ok(())
}

fn outside(row: &DirectoryRow, restriction: &Restriction) -> Option<String> {
    if let Some(p) = &restriction.province
        && row.division.province().as_str() != p
    {
        return Some(format!("不在本次导入的省份（{p}）范围内"));
    }
    if let Some(p) = &restriction.prefecture
        && row.prefecture().map(|d| d.as_str().to_string()).as_deref() != Some(p.as_str())
    {
        return Some(format!("不在本辖区（{p}）范围内，市州只能导入本辖区的企业"));
    }
    None
}

/// The reader thread: parse, validate, report, batch.
fn read_all(
    mut reader: SheetReader,
    map: ColumnMap,
    opts: &ImportOptions,
    screener: &Screener,
    mode: Mode,
    job_id: i64,
    out: mpsc::Sender<Batch>,
) -> StoreResult<ReaderEnd> {
    let format = reader.format();
    let encoding = reader.encoding();
    let mut report = ErrorReport::new(&opts.report_dir, job_id, format, encoding);
    let report_err =
        |e: uplift_sheets::SheetError| StoreError::Internal(format!("error report: {e}"));
    // A credit code seen earlier in this file, with its row: a later copy is a mistake
    // the official should see, not a silent overwrite.
    let mut seen: HashMap<[u8; 18], u64> = HashMap::new();
    let batch_size = opts.batch_size.max(1);
    let mut batch = new_batch();
    while let Some(item) = reader.next() {
        let row = item.map_err(|e| StoreError::Invalid(e.message_zh()))?;
        if batch.first_row == 0 {
            batch.first_row = row.number;
        }
        batch.last_row = row.number;
        batch.counts.read += 1;
        match parse_row(&map, &row.cells) {
            Ok(parsed) => {
                let key = uscc_key(parsed.uscc.as_str());
                if let Some(reason) = outside(&parsed, &opts.restriction) {
                    report
                        .add(
                            row.number,
                            Column::Division.header_zh(),
                            parsed.division.as_str(),
                            &reason,
                        )
                        .map_err(report_err)?;
                    batch.counts.rejected += 1;
                } else if let Some(first) = seen.get(&key) {
                    report
                        .add(
                            row.number,
                            Column::Uscc.header_zh(),
                            parsed.uscc.as_str(),
                            &format!("与第 {first} 行的统一社会信用代码重复"),
                        )
                        .map_err(report_err)?;
                    batch.counts.rejected += 1;
                } else if let Some(prepared) = prepare_row(&parsed, screener, mode) {
                    seen.insert(key, row.number);
                    batch.rows.push(prepared);
                } else {
                    report
                        .add(
                            row.number,
                            Column::Division.header_zh(),
                            parsed.division.as_str(),
                            "行政区划代码不在任何市州内",
                        )
                        .map_err(report_err)?;
                    batch.counts.rejected += 1;
                }
            }
            Err(errors) => {
                for e in &errors {
                    report
                        .add(
                            row.number,
                            e.column.header_zh(),
                            &e.value,
                            &e.message(Lang::Zh),
                        )
                        .map_err(report_err)?;
                }
                batch.counts.rejected += 1;
            }
        }
        if batch.rows.len() >= batch_size {
            let (done, total) = reader.progress();
            batch.bytes_done = done;
            batch.bytes_total = total;
            let full = std::mem::replace(&mut batch, new_batch());
            if out.blocking_send(full).is_err() {
                // The writer stopped (an error): its error is the one to report.
                return Ok(ReaderEnd {
                    report: report.finish().map_err(report_err)?,
                    format,
                    encoding,
                });
            }
        }
    }
    let (done, total) = reader.progress();
    batch.bytes_done = done;
    batch.bytes_total = total;
    if batch.counts.read > 0 {
        let _ = out.blocking_send(batch);
    }
    Ok(ReaderEnd {
        report: report.finish().map_err(report_err)?,
        format,
        encoding,
    })
}

fn prepare_row(row: &DirectoryRow, screener: &Screener, mode: Mode) -> Option<PreparedRow> {
    let fields = Fields::of_row(row)?;
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
    let mut values = Vec::with_capacity(INSERT_COLUMNS.len());
    let kept = match mode {
        Mode::Merge => Some(fields.clone()),
        Mode::Bulk => None,
    };
    push_values(&mut values, row.uscc.as_str(), fields, &screened, now());
    let fields = kept;
    Some(PreparedRow {
        uscc: row.uscc.as_str().to_string(),
        fields,
        screened,
        values,
    })
}

fn new_batch() -> Batch {
    Batch {
        rows: Vec::new(),
        counts: ImportCounts::default(),
        first_row: 0,
        last_row: 0,
        bytes_done: 0,
        bytes_total: 0,
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

impl Fields {
    fn of_row(row: &DirectoryRow) -> Option<Fields> {
        Some(Fields {
            name: row.name.clone(),
            province_code: row.division.province().as_str().to_string(),
            prefecture_code: row.prefecture()?.as_str().to_string(),
            division_code: row.division.as_str().to_string(),
            industry: row.industry.key().to_string(),
            employees: row.employees.and_then(|e| i64::try_from(e).ok()),
            operating_revenue: row.operating_revenue.map(Money::yuan),
            main_revenue: row.main_revenue.map(Money::yuan),
            total_assets: row.total_assets.map(Money::yuan),
            operating_status: row.operating_status.key().to_string(),
            contact_name: row.contact_name.clone(),
            contact_phone: row.contact_phone.clone(),
        })
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

/// Write one batch in one transaction: new rows inserted, changed rows updated with a
/// history row, unchanged rows left alone; then the job's progress and an audit row.
async fn write_batch(
    store: &Store,
    job_id: i64,
    actor: &Actor,
    batch: Batch,
    before: &ImportCounts,
    mode: Mode,
) -> StoreResult<(ImportCounts, u64, u64)> {
    let mut counts = batch.counts;
    let mut tx = store.write(actor).await?;
    let codes: Vec<&str> = if mode == Mode::Merge {
        batch.rows.iter().map(|r| r.uscc.as_str()).collect()
    } else {
        Vec::new()
    };
    let mut existing: HashMap<String, enterprise::Model> = HashMap::with_capacity(codes.len());
    for chunk in codes.chunks(1_000) {
        let found = enterprise::Entity::find()
            .filter(enterprise::Column::Uscc.is_in(chunk.iter().copied()))
            .all(tx.conn())
            .await?;
        for m in found {
            existing.insert(m.uscc.clone(), m);
        }
    }
    let at = now();
    let mut inserts: Vec<sea_orm::Value> =
        Vec::with_capacity(batch.rows.len() * INSERT_COLUMNS.len());
    let (first_row, last_row, bytes_done, bytes_total) = (
        batch.first_row,
        batch.last_row,
        batch.bytes_done,
        batch.bytes_total,
    );
    for row in batch.rows {
        match existing.get(row.uscc.as_str()) {
            None => {
                inserts.extend(row.values);
                counts.inserted += 1;
            }
            Some(old) => {
                let Some(fields) = row.fields else {
                    return Err(StoreError::Internal("merge row without fields".into()));
                };
                let old_fields = Fields::of_model(old);
                if old_fields == fields {
                    counts.unchanged += 1;
                    continue;
                }
                let changes = old_fields.diff(&fields);
                let mut model = active_model(&row.uscc, fields, &row.screened, at);
                model.id = sea_orm::Set(old.id);
                model.created_at = sea_orm::Set(old.created_at);
                enterprise::Entity::update(model).exec(tx.conn()).await?;
                enterprise_history::Entity::insert(enterprise_history::ActiveModel {
                    enterprise_id: sea_orm::Set(old.id),
                    job_id: sea_orm::Set(Some(job_id)),
                    changed_at: sea_orm::Set(at),
                    changes: sea_orm::Set(changes.to_string()),
                    ..Default::default()
                })
                .exec(tx.conn())
                .await?;
                counts.updated += 1;
            }
        }
    }
    insert_rows(&tx, inserts).await?;
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
            first_row, last_row, counts.inserted, counts.updated, counts.unchanged, counts.rejected
        ),
    )
    .await?;
    tx.commit().await?;
    Ok((counts, bytes_done, bytes_total))
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

/// Rows per INSERT: SQLite binds at most 32,766 values, PostgreSQL 65,535; 19 × 1,000 fits both.
const ROWS_PER_INSERT: usize = 1_000;

fn push_values(
    out: &mut Vec<sea_orm::Value>,
    uscc: &str,
    f: Fields,
    screened: &crate::screening::Stored,
    at: chrono::DateTime<chrono::Utc>,
) {
    out.extend([
        uscc.into(),
        f.name.into(),
        f.province_code.into(),
        f.prefecture_code.into(),
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

/// One multi-row INSERT per 1,000 rows, its SQL text the same every time (so the driver
/// reuses the prepared statement) and no ORM model per row: this is the hot path of a
/// province-wide load.
async fn insert_rows(tx: &crate::audit::WriteTx, values: Vec<sea_orm::Value>) -> StoreResult<()> {
    let width = INSERT_COLUMNS.len();
    let backend = tx.conn().get_database_backend();
    if backend == sea_orm::DbBackend::Postgres {
        return insert_rows_unnest(tx, values).await;
    }
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

/// How each of `INSERT_COLUMNS` travels in an UNNEST array. The driver binds arrays
/// without NULL elements, so nullable columns travel as text with '' for NULL.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PgColumn {
    Text,
    NullableText,
    NullableBigInt,
    Bool,
    Timestamp,
}

const PG_COLUMNS: [PgColumn; 19] = {
    use PgColumn::*;
    [
        Text,
        Text,
        Text,
        Text,
        Text,
        Text,
        NullableBigInt,
        NullableBigInt,
        NullableBigInt,
        NullableBigInt,
        Text,
        NullableText,
        NullableText,
        NullableText,
        Bool,
        Text,
        Timestamp,
        Timestamp,
        Timestamp,
    ]
};

fn as_text(v: sea_orm::Value) -> String {
    use sea_orm::Value;
    match v {
        Value::String(Some(s)) => s,
        Value::BigInt(Some(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// PostgreSQL: one INSERT … SELECT FROM UNNEST(column arrays) per batch — nineteen
/// parameters however many rows, parsed once, close to COPY without leaving the
/// transaction that carries the batch's audit row.
async fn insert_rows_unnest(
    tx: &crate::audit::WriteTx,
    values: Vec<sea_orm::Value>,
) -> StoreResult<()> {
    use sea_orm::Value;
    use sea_orm::sea_query::ArrayType;
    let width = INSERT_COLUMNS.len();
    let rows = values.len() / width;
    if rows == 0 {
        return Ok(());
    }
    let mut columns: Vec<Vec<Value>> = (0..width).map(|_| Vec::with_capacity(rows)).collect();
    for (i, v) in values.into_iter().enumerate() {
        let col = i % width;
        let v = match PG_COLUMNS[col] {
            PgColumn::NullableText | PgColumn::NullableBigInt | PgColumn::Text => {
                Value::String(Some(as_text(v)))
            }
            PgColumn::Bool | PgColumn::Timestamp => v,
        };
        columns[col].push(v);
    }
    let mut params = Vec::with_capacity(width);
    let mut select = Vec::with_capacity(width);
    for (i, kind) in PG_COLUMNS.iter().enumerate() {
        let (ty, expr) = match kind {
            PgColumn::Text => ("text", format!("c{i}")),
            PgColumn::NullableText => ("text", format!("NULLIF(c{i}, '')")),
            PgColumn::NullableBigInt => ("text", format!("NULLIF(c{i}, '')::bigint")),
            PgColumn::Bool => ("bool", format!("c{i}")),
            PgColumn::Timestamp => ("timestamptz", format!("c{i}")),
        };
        params.push(format!("${}::{ty}[]", i + 1));
        select.push(expr);
    }
    let names: Vec<String> = (0..width).map(|i| format!("c{i}")).collect();
    let sql = format!(
        "INSERT INTO enterprises ({}) SELECT {} FROM UNNEST({}) AS u({})",
        INSERT_COLUMNS.join(", "),
        select.join(", "),
        params.join(", "),
        names.join(", ")
    );
    let arrays: Vec<Value> = columns
        .into_iter()
        .zip(PG_COLUMNS.iter())
        .map(|(col, kind)| {
            let ty = match kind {
                PgColumn::Bool => ArrayType::Bool,
                PgColumn::Timestamp => ArrayType::ChronoDateTimeUtc,
                _ => ArrayType::String,
            };
            Value::Array(ty, Some(Box::new(col)))
        })
        .collect();
    tx.conn()
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            sql,
            arrays,
        ))
        .await?;
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
    screened: &crate::screening::Stored,
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
