//! What an import refused, given back: the first problems to show on the job's page, and
//! the rejected rows themselves in the input's own format (and encoding), with its header,
//! so that the official fixes them in the program that made the file and uploads that file
//! again. The error report (row, column, value, explanation) names the rows; the upload is
//! read once more to copy them before it is deleted.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use uplift_domain::directory::ColumnMap;
use uplift_domain::dishonest::DishonestColumnMap;
use uplift_sheets::{OpenOptions, SheetError, SheetReader, SheetWriter, TextEncoding};
use uplift_store::import::{HEADER_SEARCH_ROWS, ImportResult};

use super::ImportKind;

/// One line of the error report: the row as a spreadsheet numbers it, the column, the
/// value found and why it was refused (in the uploader's language).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: String,
    pub column: String,
    pub value: String,
    pub message: String,
}

/// Where the rejected rows of a job are kept: beside its error report, same format.
pub(crate) fn path_for(report: &Path, job_id: i64) -> PathBuf {
    let ext = report.extension().and_then(|e| e.to_str()).unwrap_or("csv");
    report.with_file_name(format!("import-{job_id}-rejected.{ext}"))
}

/// The first `limit` lines of an error report.
pub(crate) fn first_problems(report: &Path, limit: usize) -> Result<Vec<Problem>, SheetError> {
    let reader = SheetReader::open(report, &OpenOptions::default())?;
    let mut out = Vec::new();
    for row in reader.take(limit) {
        let row = row?;
        out.push(Problem {
            row: row.cell(0).to_string(),
            column: row.cell(1).to_string(),
            value: row.cell(2).to_string(),
            message: row.cell(3).to_string(),
        });
    }
    Ok(out)
}

/// The row numbers an error report names.
fn rejected_numbers(report: &Path) -> Result<BTreeSet<u64>, SheetError> {
    let reader = SheetReader::open(report, &OpenOptions::default())?;
    let mut numbers = BTreeSet::new();
    for row in reader {
        if let Ok(n) = row?.cell(0).parse::<u64>() {
            numbers.insert(n);
        }
    }
    Ok(numbers)
}

/// Copy the rows the error report names from the upload into a file of the input's
/// format beside the report (blocking: run it off the runtime). `None` when nothing was
/// rejected, or the upload's header cannot be found again.
pub(crate) fn save(
    kind: ImportKind,
    upload: &Path,
    sheet: Option<String>,
    encoding: Option<TextEncoding>,
    result: &ImportResult,
) -> Result<Option<PathBuf>, SheetError> {
    let Some(report) = &result.error_report else {
        return Ok(None);
    };
    let wanted = rejected_numbers(report)?;
    let Some(&last) = wanted.last() else {
        return Ok(None);
    };
    let mut reader = SheetReader::open(
        upload,
        &OpenOptions {
            sheet,
            encoding,
            ..OpenOptions::default()
        },
    )?;
    // The header the importer found (a title above it is not copied).
    let found = match kind {
        ImportKind::Enterprises => reader
            .find_header(ColumnMap::from_header, HEADER_SEARCH_ROWS)?
            .is_ok(),
        ImportKind::Dishonest => reader
            .find_header(DishonestColumnMap::from_header, HEADER_SEARCH_ROWS)?
            .is_ok(),
    };
    if !found {
        return Ok(None);
    }
    let path = path_for(report, result.job_id);
    let mut writer = SheetWriter::create(
        &path,
        reader.format(),
        reader.encoding().unwrap_or(TextEncoding::Utf8),
        Some(reader.sheet_name().unwrap_or("被拒绝的行")),
    )?;
    writer.write_row(reader.header())?;
    for row in reader {
        let row = row?;
        if wanted.contains(&row.number) {
            writer.write_row(&row.cells)?;
        }
        if row.number >= last {
            break;
        }
    }
    writer.finish()?;
    Ok(Some(path))
}
