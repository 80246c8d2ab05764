//! Legacy Excel 97–2003 workbooks (.xls; WPS's .et is the same container), still how
//! many office templates and older systems hand out a directory.
//!
//! calamine has no streaming reader for this format, so the chosen sheet is read whole.
//! That is bounded: such a sheet holds at most 65,536 rows of 256 columns.

use std::fs::File;
use std::io::BufReader;

use calamine::{Reader, Xls};

use crate::cells::normalise_row;
use crate::xlsx_cell::data_to_string;
use crate::xlsx_read::choose_sheet;
use crate::{SheetError, SourceRow};

pub(crate) struct XlsSource {
    rows: std::vec::IntoIter<SourceRow>,
    sheet_name: String,
    file_size: u64,
    total: u64,
    returned: u64,
}

fn xls_error(e: impl std::fmt::Display) -> SheetError {
    SheetError::Xls(e.to_string())
}

impl XlsSource {
    pub(crate) fn open(
        file: File,
        sheet: Option<&str>,
        file_size: u64,
    ) -> Result<XlsSource, SheetError> {
        let mut workbook: Xls<_> = Xls::new(BufReader::new(file)).map_err(xls_error)?;
        let sheet_name = choose_sheet(workbook.sheets_metadata(), sheet)?;
        let range = workbook.worksheet_range(&sheet_name).map_err(xls_error)?;
        // Row numbers as the spreadsheet shows them: the range may start below row 1.
        let first = range.start().map_or(0, |(row, _)| u64::from(row));
        let rows: Vec<SourceRow> = range
            .rows()
            .zip(first..)
            .filter_map(|(cells, index)| {
                let mut cells: Vec<String> = cells.iter().map(data_to_string).collect();
                normalise_row(&mut cells).then_some(SourceRow {
                    number: index + 1,
                    cells,
                })
            })
            .collect();
        Ok(XlsSource {
            total: rows.len() as u64,
            rows: rows.into_iter(),
            sheet_name,
            file_size,
            returned: 0,
        })
    }

    pub(crate) fn sheet_name(&self) -> &str {
        &self.sheet_name
    }

    /// The share of the sheet's rows handed out, scaled to the file size.
    pub(crate) fn progress(&self) -> (u64, u64) {
        let total = self.file_size;
        if self.total == 0 {
            return (total, total);
        }
        let done = u128::from(total) * u128::from(self.returned) / u128::from(self.total);
        (u64::try_from(done).unwrap_or(total), total)
    }

    pub(crate) fn next_row(&mut self) -> Result<Option<SourceRow>, SheetError> {
        let row = self.rows.next();
        if row.is_some() {
            self.returned += 1;
        }
        Ok(row)
    }
}
