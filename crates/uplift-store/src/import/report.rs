//! The error report of an import: one line per problem — row number, column, value,
//! explanation in the uploader's language — written in the same format (and encoding) as
//! the input, so the official opens it with the program that made the file.
//!
//! The reader thread reports the rows it cannot parse or place; the writer reports the
//! rows whose enterprise belongs to someone else, which only the database can tell. Both
//! write to one [`SharedReport`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use uplift_domain::Lang;
use uplift_domain::lang::Localized;
use uplift_sheets::{Format, SheetError, SheetWriter, TextEncoding};

use crate::{StoreError, StoreResult};

fn header(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Zh => ["行号", "列", "值", "错误说明"],
        Lang::En => ["Row", "Column", "Value", "Problem"],
    }
}

/// A problem with one cell of a row, as the report lists it: column, value, explanation.
pub trait CellProblem {
    /// The column as the file names it (the platform's Chinese header).
    fn column_zh(&self) -> &'static str;
    fn value(&self) -> &str;
    fn explain(&self, lang: Lang) -> String;
}

/// Both kinds of row error carry the column, the cell as found and an explanation.
macro_rules! cell_problem {
    ($($error:ty),*) => {$(
        impl CellProblem for $error {
            fn column_zh(&self) -> &'static str {
                self.column.header_zh()
            }
            fn value(&self) -> &str {
                &self.value
            }
            fn explain(&self, lang: Lang) -> String {
                Localized::message(self, lang)
            }
        }
    )*};
}

cell_problem!(
    uplift_domain::directory::RowError,
    uplift_domain::dishonest::DishonestRowError
);

pub struct ErrorReport {
    path: PathBuf,
    format: Format,
    encoding: TextEncoding,
    lang: Lang,
    writer: Option<SheetWriter>,
}

impl ErrorReport {
    /// Nothing is created until the first problem: a clean import leaves no file.
    pub fn new(
        dir: &Path,
        job_id: i64,
        format: Format,
        encoding: Option<TextEncoding>,
        lang: Lang,
    ) -> ErrorReport {
        let ext = match format {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        };
        ErrorReport {
            path: dir.join(format!("import-{job_id}-errors.{ext}")),
            format,
            encoding: encoding.unwrap_or(TextEncoding::Utf8),
            lang,
            writer: None,
        }
    }

    pub fn add(
        &mut self,
        row: u64,
        column: &str,
        value: &str,
        message: &str,
    ) -> Result<(), SheetError> {
        if self.writer.is_none() {
            if let Some(dir) = self.path.parent() {
                std::fs::create_dir_all(dir).map_err(SheetError::from)?;
            }
            let sheet = self.lang.pick("错误报告", "Errors");
            let mut w = SheetWriter::create(&self.path, self.format, self.encoding, Some(sheet))?;
            w.write_row(&header(self.lang))?;
            self.writer = Some(w);
        }
        if let Some(w) = self.writer.as_mut() {
            w.write_row(&[row.to_string().as_str(), column, value, message])?;
        }
        Ok(())
    }

    /// A row refused whole, with the column that decided it.
    pub fn refuse(
        &mut self,
        row: u64,
        column: &str,
        value: &str,
        why: &dyn Localized,
    ) -> Result<(), SheetError> {
        let message = why.message(self.lang);
        self.add(row, column, value, &message)
    }

    /// Every problem of one rejected row, a line each.
    pub fn add_problems<P: CellProblem>(
        &mut self,
        row: u64,
        problems: &[P],
    ) -> Result<(), SheetError> {
        for p in problems {
            let message = p.explain(self.lang);
            self.add(row, p.column_zh(), p.value(), &message)?;
        }
        Ok(())
    }

    /// Close the file; the path when anything was written.
    pub fn finish(self) -> Result<Option<PathBuf>, SheetError> {
        match self.writer {
            Some(w) => {
                w.finish()?;
                Ok(Some(self.path))
            }
            None => Ok(None),
        }
    }
}

fn report_error(e: SheetError) -> StoreError {
    StoreError::Internal(format!("error report: {e}"))
}

/// One report written from the reader thread and the writer task alike. It opens once the
/// reader knows the file's format; problems are rare, so one lock per line is cheap.
#[derive(Clone)]
pub struct SharedReport {
    dir: PathBuf,
    job_id: i64,
    lang: Lang,
    inner: Arc<Mutex<Option<ErrorReport>>>,
}

impl SharedReport {
    pub fn new(dir: &Path, job_id: i64, lang: Lang) -> SharedReport {
        SharedReport {
            dir: dir.to_path_buf(),
            job_id,
            lang,
            inner: Arc::default(),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut ErrorReport) -> Result<T, SheetError>) -> StoreResult<T> {
        let mut guard = self
            .inner
            .lock()
            .map_err(|_| StoreError::Internal("error report lock poisoned".into()))?;
        let report = guard
            .as_mut()
            .ok_or_else(|| StoreError::Internal("error report not opened".into()))?;
        f(report).map_err(report_error)
    }

    /// The input's format and encoding are known: the report takes them.
    pub fn open(&self, format: Format, encoding: Option<TextEncoding>) -> StoreResult<()> {
        let mut guard = self
            .inner
            .lock()
            .map_err(|_| StoreError::Internal("error report lock poisoned".into()))?;
        *guard = Some(ErrorReport::new(
            &self.dir,
            self.job_id,
            format,
            encoding,
            self.lang,
        ));
        Ok(())
    }

    pub fn refuse<C: ReportColumn>(
        &self,
        row: u64,
        column: C,
        value: &str,
        why: &dyn Localized,
    ) -> StoreResult<()> {
        self.with(|r| r.refuse(row, column.header_zh(), value, why))
    }

    pub fn add_problems<P: CellProblem>(&self, row: u64, problems: &[P]) -> StoreResult<()> {
        self.with(|r| r.add_problems(row, problems))
    }

    /// Close the file once reader and writer are done; its path when anything was written.
    pub fn finish(&self) -> StoreResult<Option<PathBuf>> {
        let report = self
            .inner
            .lock()
            .map_err(|_| StoreError::Internal("error report lock poisoned".into()))?
            .take();
        match report {
            Some(r) => r.finish().map_err(report_error),
            None => Ok(None),
        }
    }
}

/// A column a report line can name: the importer's columns.
pub trait ReportColumn {
    fn header_zh(&self) -> &'static str;
}

impl ReportColumn for uplift_domain::directory::Column {
    fn header_zh(&self) -> &'static str {
        uplift_domain::directory::Column::header_zh(*self)
    }
}
