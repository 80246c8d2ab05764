//! Legacy Excel 97–2003 workbooks (.xls; WPS's .et is the same container), still how
//! many office templates and older systems hand out a directory.
//!
//! calamine has no streaming reader for this format: it parses every sheet into a
//! grid when the workbook is opened. [`xls_guard`](crate::xls_guard) estimates what
//! that will take from the file's records and refuses workbooks past the
//! [`Limits`]; rows are then made from the grid one at a time.

use std::fs::File;
use std::io::BufReader;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{Data, Range, Reader, Xls};

use crate::cells::normalise_row;
use crate::limits::Limits;
use crate::xlsx_cell::data_to_string;
use crate::xlsx_read::{check_cell, choose_sheet};
use crate::{SheetError, SourceRow, xls_guard};

pub(crate) struct XlsSource {
    range: Range<Data>,
    /// The spreadsheet's 0-based row index of the grid's first row.
    first_row: u64,
    /// The next row of the grid to hand out.
    next: usize,
    sheet_name: String,
    file_size: u64,
    limits: Limits,
}

fn xls_error(e: impl std::fmt::Display) -> SheetError {
    SheetError::Xls(e.to_string())
}

impl XlsSource {
    pub(crate) fn open(
        mut file: File,
        sheet: Option<&str>,
        file_size: u64,
        limits: &Limits,
    ) -> Result<XlsSource, SheetError> {
        xls_guard::check(&mut file, limits)?;
        // calamine indexes into the file's tables without checking them; a
        // damaged workbook must fail this upload, not the thread serving it.
        let opened = catch_unwind(AssertUnwindSafe(|| {
            let mut workbook: Xls<_> = Xls::new(BufReader::new(file)).map_err(xls_error)?;
            let sheet_name = choose_sheet(workbook.sheets_metadata(), sheet)?;
            let range = workbook.worksheet_range(&sheet_name).map_err(xls_error)?;
            Ok::<_, SheetError>((sheet_name, range))
        }));
        let (sheet_name, range) = match opened {
            Ok(result) => result?,
            Err(_) => return Err(xls_error("the workbook is damaged and cannot be read")),
        };
        // Row numbers as the spreadsheet shows them: the range may start below row 1.
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        Ok(XlsSource {
            range,
            first_row,
            next: 0,
            sheet_name,
            file_size,
            limits: *limits,
        })
    }

    pub(crate) fn sheet_name(&self) -> &str {
        &self.sheet_name
    }

    /// The share of the sheet's rows handed out, scaled to the file size.
    pub(crate) fn progress(&self) -> (u64, u64) {
        let total = self.file_size;
        let height = self.range.height() as u64;
        if height == 0 || self.next >= self.range.height() {
            return (total, total);
        }
        let done = u128::from(total) * self.next as u128 / u128::from(height);
        (u64::try_from(done).unwrap_or(total), total)
    }

    pub(crate) fn next_row(&mut self) -> Result<Option<SourceRow>, SheetError> {
        let width = self.range.width();
        while self.next < self.range.height() {
            let index = self.next;
            self.next += 1;
            let mut cells = Vec::with_capacity(width);
            let mut row_bytes = 0u64;
            for col in 0..width {
                let text = self
                    .range
                    .get((index, col))
                    .map(data_to_string)
                    .unwrap_or_default();
                row_bytes += text.len() as u64;
                check_cell(&text, row_bytes, &self.limits)?;
                cells.push(text);
            }
            if normalise_row(&mut cells) {
                return Ok(Some(SourceRow {
                    number: self.first_row + index as u64 + 1,
                    cells,
                }));
            }
        }
        Ok(None)
    }
}
