//! The error report of an import: one line per problem — row number, column, value,
//! message in Chinese — written in the same format (and encoding) as the input, so the
//! official opens it with the program that made the file.

use std::path::{Path, PathBuf};

use uplift_sheets::{Format, SheetError, SheetWriter, TextEncoding};

pub const HEADER: [&str; 4] = ["行号", "列", "值", "错误说明"];

/// A problem with one cell of a row, as the report lists it: column, value, message.
pub trait CellProblem {
    fn column_zh(&self) -> &'static str;
    fn value(&self) -> &str;
    fn message_zh(&self) -> String;
}

/// Both kinds of row error carry the column, the cell as found and a message.
macro_rules! cell_problem {
    ($($error:ty),*) => {$(
        impl CellProblem for $error {
            fn column_zh(&self) -> &'static str {
                self.column.header_zh()
            }
            fn value(&self) -> &str {
                &self.value
            }
            fn message_zh(&self) -> String {
                uplift_domain::lang::Localized::message(self, uplift_domain::Lang::Zh)
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
    writer: Option<SheetWriter>,
    lines: u64,
}

impl ErrorReport {
    /// Nothing is created until the first problem: a clean import leaves no file.
    pub fn new(
        dir: &Path,
        job_id: i64,
        format: Format,
        encoding: Option<TextEncoding>,
    ) -> ErrorReport {
        let ext = match format {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        };
        ErrorReport {
            path: dir.join(format!("import-{job_id}-errors.{ext}")),
            format,
            encoding: encoding.unwrap_or(TextEncoding::Utf8),
            writer: None,
            lines: 0,
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
            let mut w =
                SheetWriter::create(&self.path, self.format, self.encoding, Some("错误报告"))?;
            w.write_row(&HEADER)?;
            self.writer = Some(w);
        }
        if let Some(w) = self.writer.as_mut() {
            w.write_row(&[row.to_string().as_str(), column, value, message])?;
        }
        self.lines += 1;
        Ok(())
    }

    /// Every problem of one rejected row, a line each.
    pub fn add_problems<P: CellProblem>(
        &mut self,
        row: u64,
        problems: &[P],
    ) -> Result<(), SheetError> {
        for p in problems {
            self.add(row, p.column_zh(), p.value(), &p.message_zh())?;
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
