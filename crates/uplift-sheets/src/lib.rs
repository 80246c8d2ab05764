//! Spreadsheets in and out: streaming readers for the enterprise directories
//! that city officials upload (CSV in UTF-8 or GBK/GB18030, or XLSX) and
//! writers for error reports and exports.
//!
//! Reading never holds a whole file in memory: CSV is decoded and parsed as a
//! stream, and XLSX is read with calamine's streaming cell reader on a worker
//! thread that hands rows over through a small bounded channel. What an upload
//! may unpack to (zip bombs, huge cells, crafted legacy workbooks) is bounded
//! by [`Limits`], checked before the parser is given the data. Every row
//! carries the row number a spreadsheet program would show for it, so error
//! reports can point officials at the right line.

mod cell;
mod cells;
mod csv_read;
mod csv_write;
mod detect;
mod error;
mod limits;
mod reader;
mod write;
mod xls_guard;
mod xls_read;
mod xlsx_cell;
mod xlsx_read;
mod xml_scan;
mod zip_guard;

pub use cell::Cell;
pub use error::SheetError;
pub use limits::{Limit, Limits};
pub use reader::SheetReader;
pub use write::{SheetLayout, SheetWriter, write_to_vec};

/// The container format of a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Csv,
    Xlsx,
}

/// The text encoding of a CSV file.
///
/// GBK files are read as GB18030, which is a superset of GBK, so there is no
/// separate variant for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    Utf8,
    Gb18030,
}

/// How to open a sheet; the defaults detect everything.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// XLSX: the sheet to read; `None` reads the first visible worksheet.
    pub sheet: Option<String>,
    /// CSV: the encoding; `None` detects it (see [`SheetReader::open`]).
    pub encoding: Option<TextEncoding>,
    /// `None` detects the format from the magic bytes and the extension.
    pub format: Option<Format>,
    /// What an upload may unpack to and hold; see [`Limits`].
    pub limits: Limits,
}

/// One data row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    /// 1-based row number as a spreadsheet program shows it (the header is
    /// usually row 1). Blank rows are skipped but still counted, and a CSV
    /// cell spanning several lines is one row, as in Excel.
    pub number: u64,
    /// The cells, trimmed of ASCII and full-width spaces. Trailing empty
    /// cells are dropped, so a row may be shorter than the header; use
    /// [`SourceRow::cell`] to read a column that may be missing.
    pub cells: Vec<String>,
}

impl SourceRow {
    /// The cell in column `index` (0-based), or "" if the row is shorter.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", String::as_str)
    }
}
