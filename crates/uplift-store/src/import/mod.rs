//! Bulk imports: a city's enterprise directory and the dishonest list, from CSV (UTF-8 or
//! GBK) or XLSX, streamed and written in batches.
//!
//! A file is read and validated on a blocking thread while the previous batch is being
//! written, so parsing and writing overlap on two cores. Every batch is one transaction
//! that carries its rows, the job's progress and its audit row (on PostgreSQL new rows go in
//! by binary COPY on the batch's own connection, see `pg_tx`): killed at any moment, an
//! import leaves whole batches or nothing, and running the same file again completes it
//! (rows already in are counted as unchanged). Bad rows never stop good ones; they go to an
//! error report in the input's own format.

mod dishonest;
mod enterprises;
mod pg_copy;
mod pg_tx;
mod report;

use std::path::PathBuf;

use uplift_sheets::{Format, TextEncoding};

pub use dishonest::run_dishonest_import;
pub use enterprises::run_enterprise_import;

use crate::jobs::{self, ImportCounts, JobNote};
use crate::{Refusal, Store, StoreError, StoreResult};

/// Record how an import ended on its job: done with its counts and report, or failed
/// with the message the user should read.
pub(crate) async fn finish_job(
    store: &Store,
    job_id: i64,
    outcome: &StoreResult<ImportResult>,
) -> StoreResult<()> {
    match outcome {
        Ok(r) => {
            let note = (!r.ignored_columns.is_empty()).then(|| JobNote::IgnoredColumns {
                columns: r.ignored_columns.clone(),
            });
            jobs::finish(
                store,
                job_id,
                jobs::DONE,
                &r.counts,
                r.error_report.as_ref().and_then(|p| p.to_str()),
                note.as_ref(),
            )
            .await
        }
        Err(e) => {
            let counts = jobs::get(store, job_id)
                .await
                .map(|j| jobs::counts_of(&j))
                .unwrap_or_default();
            let note = match e {
                StoreError::Refused(Refusal::Sheet(detail)) => JobNote::FileUnreadable {
                    detail: detail.clone(),
                },
                other => {
                    tracing::error!(job_id, "import failed: {other}");
                    JobNote::Internal
                }
            };
            jobs::finish(store, job_id, jobs::FAILED, &counts, None, Some(&note)).await
        }
    }
}

/// Rows below the first that may still be the header: a title, a blank line, a "填报单位"
/// line or two above it are common in government sheets; ten is generous for that and
/// small enough that a file with no header at all fails at once.
pub const HEADER_SEARCH_ROWS: usize = 10;

pub const KIND_ENTERPRISES: &str = "import.enterprises";
pub const KIND_DISHONEST: &str = "import.dishonest";

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// XLSX: the sheet to read (default: the first).
    pub sheet: Option<String>,
    /// CSV: the encoding (default: detected).
    pub encoding: Option<TextEncoding>,
    /// Where the importer may write: the rows' divisions must lie in it, and so must
    /// every stored enterprise a row would change. Taken from the signed-in user (or the
    /// operator's `--province`), never from the file.
    pub scope: uplift_domain::role::Scope,
    /// The language of the error report (the uploader's).
    pub lang: uplift_domain::Lang,
    /// Rows per transaction; `None` for the database's own default
    /// ([`default_batch_size`]).
    pub batch_size: Option<usize>,
    /// Where error reports are written.
    pub report_dir: PathBuf,
}

/// Rows per transaction when the caller does not say. Measured on a million rows
/// (BENCHMARKS.md): SQLite is fastest at 5,000 (larger batches overlap reading and writing
/// less); PostgreSQL's binary COPY at 20,000 (a commit per batch costs it more), 9 %
/// faster than 5,000 for 28 MiB more memory.
pub fn default_batch_size(backend: crate::Backend) -> usize {
    match backend {
        crate::Backend::Sqlite => 5_000,
        crate::Backend::Postgres => 20_000,
    }
}

impl ImportOptions {
    pub fn new(report_dir: PathBuf, scope: uplift_domain::role::Scope) -> ImportOptions {
        ImportOptions {
            sheet: None,
            encoding: None,
            scope,
            lang: uplift_domain::Lang::default(),
            batch_size: None,
            report_dir,
        }
    }
}

/// Progress as the reader sees it: rows read so far and bytes of the file.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub counts: ImportCounts,
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// How an import ended.
#[derive(Debug, Clone)]
pub struct ImportResult {
    pub job_id: i64,
    pub counts: ImportCounts,
    /// The error report, when a row was rejected.
    pub error_report: Option<PathBuf>,
    pub format: Format,
    pub encoding: Option<TextEncoding>,
    /// Header cells that named no column and were not imported ("备注", "营业收入(美元)"):
    /// an official should see at once that a column they meant was not read.
    pub ignored_columns: Vec<String>,
}

/// The header cells at `ignored`, blank ones and a sheet's own row numbering (序号, which
/// nearly every government sheet has and nobody means to import) left out: a notice that
/// always appears is a notice nobody reads.
pub(crate) fn ignored_headers(header: &[String], ignored: &[usize]) -> Vec<String> {
    const ROW_NUMBERS: [&str; 6] = ["序号", "编号", "行号", "no", "no.", "#"];
    ignored
        .iter()
        .filter_map(|&i| header.get(i))
        .filter(|h| !h.is_empty() && !ROW_NUMBERS.contains(&h.to_lowercase().as_str()))
        .cloned()
        .collect()
}
