//! Writing rows as CSV or XLSX, to a file or into memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format as XlsxFormat, Workbook};

use crate::cell::{Cell, CellRef, XlsxValue};
use crate::csv_write::csv_record;
use crate::{Format, SheetError, TextEncoding};

/// Excel's row limit; a larger export must be CSV.
const MAX_XLSX_ROWS: u32 = 1_048_576;
const MAX_XLSX_COLUMNS: usize = 16_384;
/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// Column widths, in characters of the default font: fitted to the widest
/// cell plus a little room, never so narrow a column header cannot be read,
/// and never wider than a screen can show beside other columns.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;
/// Room for the autofilter's drop-down arrow in a header cell.
const FILTER_ARROW: usize = 2;
/// Decimal places a number cell can show meaningfully (f64 holds ~15 digits).
const MAX_SCALE: usize = 15;

/// What the rows of a sheet are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SheetLayout {
    /// A table: the first row is its header, written bold, frozen so it stays
    /// in view, and given an autofilter over the columns it names.
    Table,
    /// Free rows, e.g. the 说明 (instructions) sheet of an import template: no
    /// header, no filter.
    Notes,
}

enum Out {
    File(BufWriter<File>),
    Memory(Vec<u8>),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Out::File(w) => w.write(buf),
            Out::Memory(v) => v.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Out::File(w) => w.flush(),
            Out::Memory(_) => Ok(()),
        }
    }
}

enum Inner {
    Csv {
        out: Out,
        encoding: TextEncoding,
        /// A later sheet was started: a CSV holds one table, so its rows are
        /// left out (see [`SheetWriter::add_sheet`]).
        later_sheet: bool,
    },
    // Boxed: a workbook and its formats are large, the CSV state is small.
    Xlsx(Box<XlsxOut>),
}

/// Number formats, made once per workbook.
struct Formats {
    bold: XlsxFormat,
    date: XlsxFormat,
    datetime: XlsxFormat,
    /// `0`, `0.0`, `0.00`, … by decimal places.
    decimals: Vec<XlsxFormat>,
}

impl Formats {
    fn new() -> Formats {
        let decimals = (0..=MAX_SCALE)
            .map(|scale| {
                let pattern = if scale == 0 {
                    "0".to_owned()
                } else {
                    format!("0.{}", "0".repeat(scale))
                };
                XlsxFormat::new().set_num_format(pattern)
            })
            .collect();
        Formats {
            bold: XlsxFormat::new().set_bold(),
            date: XlsxFormat::new().set_num_format("yyyy-mm-dd"),
            datetime: XlsxFormat::new().set_num_format("yyyy-mm-dd hh:mm"),
            decimals,
        }
    }
}

/// The sheet rows are being written to.
struct Sheet {
    index: usize,
    layout: SheetLayout,
    next_row: u32,
    /// The widest cell of each column so far, in characters.
    widths: Vec<usize>,
    /// Columns the header names (up to its last non-empty cell).
    header_columns: u16,
}

struct XlsxOut {
    workbook: Workbook,
    formats: Formats,
    sheet: Sheet,
    /// Sheet names used so far, for Excel's rule that they differ.
    names: Vec<String>,
    out: Out,
}

/// Writes rows in a format; used for error reports and exports.
///
/// Call [`SheetWriter::finish`]: dropping a writer without it leaves a CSV
/// possibly unflushed and an XLSX file empty.
pub struct SheetWriter {
    inner: Inner,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

impl SheetWriter {
    /// CSV: UTF-8 gets a BOM (so Excel detects it); GB18030 is encoded as
    /// such, characters it cannot hold replaced the way encoding_rs does.
    /// Lines end in CRLF and text cells that look like formulas get a leading
    /// apostrophe; numbers and dates are written plain, dates as ISO dates.
    ///
    /// XLSX: a first sheet named `sheet_name` (default "Sheet1"; characters
    /// Excel forbids in sheet names become "_", and it is cut to 31
    /// characters) laid out as a [`SheetLayout::Table`]: a bold header row,
    /// frozen, with an autofilter. Text cells are strings (lossless for codes
    /// with leading zeros, and never a formula); [`Cell`]s keep their types.
    /// Columns are fitted to their contents. Rows are streamed to a temporary
    /// file (constant-memory mode). `encoding` is ignored.
    pub fn create(
        path: &Path,
        format: Format,
        encoding: TextEncoding,
        sheet_name: Option<&str>,
    ) -> Result<SheetWriter, SheetError> {
        // Created now, not at finish, so an unwritable path fails before
        // the caller has produced any rows.
        let out = Out::File(BufWriter::new(File::create(path)?));
        SheetWriter::with_out(out, format, encoding, sheet_name)
    }

    /// The same writer into memory, for a small file served at once (an import
    /// template); take the bytes with [`SheetWriter::finish_to_vec`].
    pub fn in_memory(
        format: Format,
        encoding: TextEncoding,
        sheet_name: Option<&str>,
    ) -> Result<SheetWriter, SheetError> {
        SheetWriter::with_out(Out::Memory(Vec::new()), format, encoding, sheet_name)
    }

    fn with_out(
        mut out: Out,
        format: Format,
        encoding: TextEncoding,
        sheet_name: Option<&str>,
    ) -> Result<SheetWriter, SheetError> {
        let inner = match format {
            Format::Csv => {
                if encoding == TextEncoding::Utf8 {
                    out.write_all(UTF8_BOM)?;
                }
                Inner::Csv {
                    out,
                    encoding,
                    later_sheet: false,
                }
            }
            Format::Xlsx => {
                let mut x = XlsxOut {
                    workbook: Workbook::new(),
                    formats: Formats::new(),
                    sheet: Sheet {
                        index: 0,
                        layout: SheetLayout::Table,
                        next_row: 0,
                        widths: Vec::new(),
                        header_columns: 0,
                    },
                    names: Vec::new(),
                    out,
                };
                x.start_sheet(sheet_name.unwrap_or("Sheet1"), SheetLayout::Table)?;
                Inner::Xlsx(Box::new(x))
            }
        };
        Ok(SheetWriter { inner })
    }

    /// Appends one row of text cells.
    pub fn write_row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), SheetError> {
        self.write(cells.iter().map(|c| CellRef::Text(c.as_ref())), cells.len())
    }

    /// Appends one row of typed cells: numbers stay numbers and dates dates,
    /// so a column adds up and sorts in Excel.
    pub fn write_cells(&mut self, cells: &[Cell]) -> Result<(), SheetError> {
        self.write(cells.iter().map(Cell::as_ref), cells.len())
    }

    /// Starts another sheet named `name` (made valid for Excel, and unique);
    /// the rows written next go to it. Use it for the 说明 sheet of an import
    /// template, or a summary beside a table.
    ///
    /// A CSV file holds one table, so in CSV the rows of a later sheet are
    /// left out: a template downloaded as CSV is the table alone, and can be
    /// filled in and uploaded as it is.
    pub fn add_sheet(&mut self, name: &str, layout: SheetLayout) -> Result<(), SheetError> {
        match &mut self.inner {
            Inner::Csv { later_sheet, .. } => {
                *later_sheet = true;
                Ok(())
            }
            Inner::Xlsx(x) => {
                x.end_sheet()?;
                x.start_sheet(name, layout)
            }
        }
    }

    fn write<'a>(
        &mut self,
        cells: impl Iterator<Item = CellRef<'a>>,
        len: usize,
    ) -> Result<(), SheetError> {
        match &mut self.inner {
            Inner::Csv {
                later_sheet: true, ..
            } => Ok(()),
            Inner::Csv { out, encoding, .. } => {
                let line = csv_record(cells.map(CellRef::csv_text));
                match encoding {
                    TextEncoding::Utf8 => out.write_all(line.as_bytes())?,
                    TextEncoding::Gb18030 => {
                        let (bytes, _, _) = encoding_rs::GB18030.encode(&line);
                        out.write_all(&bytes)?;
                    }
                }
                Ok(())
            }
            Inner::Xlsx(x) => x.write_row(cells, len),
        }
    }

    /// Flushes a CSV or assembles and writes an XLSX.
    pub fn finish(self) -> Result<(), SheetError> {
        self.finish_into().map(drop)
    }

    /// Finishes a writer made with [`SheetWriter::in_memory`] and returns its bytes
    /// (nothing for a writer to a file, whose bytes are in the file).
    pub fn finish_to_vec(self) -> Result<Vec<u8>, SheetError> {
        self.finish_into()
    }

    /// Finishes and returns the bytes when writing into memory.
    fn finish_into(self) -> Result<Vec<u8>, SheetError> {
        let out = match self.inner {
            Inner::Csv { mut out, .. } => {
                out.flush()?;
                out
            }
            Inner::Xlsx(mut x) => {
                x.end_sheet()?;
                let XlsxOut {
                    mut workbook,
                    mut out,
                    ..
                } = *x;
                workbook.save_to_writer(&mut out).map_err(xlsx_error)?;
                out.flush()?;
                out
            }
        };
        match out {
            Out::File(_) => Ok(Vec::new()),
            Out::Memory(bytes) => Ok(bytes),
        }
    }
}

impl XlsxOut {
    fn start_sheet(&mut self, name: &str, layout: SheetLayout) -> Result<(), SheetError> {
        let name = unique_name(sanitize_sheet_name(name), &self.names);
        let index = self.names.len();
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(xlsx_error)?;
        sheet.set_name(name.clone()).map_err(xlsx_error)?;
        if layout == SheetLayout::Table {
            // The header stays in view however far down one scrolls.
            sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        }
        self.names.push(name);
        self.sheet = Sheet {
            index,
            layout,
            next_row: 0,
            widths: Vec::new(),
            header_columns: 0,
        };
        Ok(())
    }

    /// What can only be set once all rows are known: widths and the filter.
    fn end_sheet(&mut self) -> Result<(), SheetError> {
        let Sheet {
            index,
            layout,
            next_row,
            ref widths,
            header_columns,
        } = self.sheet;
        let sheet = self
            .workbook
            .worksheet_from_index(index)
            .map_err(xlsx_error)?;
        for (col, &width) in (0u16..).zip(widths) {
            if width > 0 {
                let fitted = (width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
                sheet
                    .set_column_width(col, fitted as f64)
                    .map_err(xlsx_error)?;
            }
        }
        if layout == SheetLayout::Table && header_columns > 0 {
            let last_row = next_row.saturating_sub(1);
            sheet
                .autofilter(0, 0, last_row, header_columns - 1)
                .map_err(xlsx_error)?;
        }
        Ok(())
    }

    fn write_row<'a>(
        &mut self,
        cells: impl Iterator<Item = CellRef<'a>>,
        len: usize,
    ) -> Result<(), SheetError> {
        let row = self.sheet.next_row;
        if row >= MAX_XLSX_ROWS {
            return Err(SheetError::TooManyRows {
                limit: MAX_XLSX_ROWS,
            });
        }
        if len > MAX_XLSX_COLUMNS {
            return Err(SheetError::Xlsx(format!(
                "row {} has {len} cells; XLSX allows {MAX_XLSX_COLUMNS}",
                u64::from(row) + 1
            )));
        }
        let header = row == 0 && self.sheet.layout == SheetLayout::Table;
        if self.sheet.widths.len() < len {
            self.sheet.widths.resize(len, 0);
        }
        let sheet = self
            .workbook
            .worksheet_from_index(self.sheet.index)
            .map_err(xlsx_error)?;
        let formats = &self.formats;
        for (col, cell) in (0u16..).zip(cells) {
            let written = match cell.xlsx_value() {
                XlsxValue::Empty => continue,
                XlsxValue::Text(text) => {
                    let text = truncate_chars(&text, MAX_CELL_CHARS);
                    if text.is_empty() {
                        continue;
                    }
                    if header {
                        sheet.write_string_with_format(row, col, text, &formats.bold)
                    } else {
                        sheet.write_string(row, col, text)
                    }
                }
                XlsxValue::Number(n) => sheet.write_number(row, col, n),
                XlsxValue::Decimal(n, scale) => {
                    let format = formats.decimals.get(usize::from(scale));
                    match format {
                        Some(format) => sheet.write_number_with_format(row, col, n, format),
                        None => sheet.write_number(row, col, n),
                    }
                }
                XlsxValue::Date(d) => match excel_date(d) {
                    Some(date) => sheet.write_datetime_with_format(row, col, &date, &formats.date),
                    // Before 1900 or after 9999 Excel has no date: keep the text.
                    None => sheet.write_string(row, col, cell.csv_text().0),
                },
                XlsxValue::DateTime(dt) => match excel_datetime(dt) {
                    Some(moment) => {
                        sheet.write_datetime_with_format(row, col, &moment, &formats.datetime)
                    }
                    None => sheet.write_string(row, col, cell.csv_text().0),
                },
            };
            written.map_err(xlsx_error)?;
            let mut width = cell.width();
            if header {
                width += FILTER_ARROW;
                self.sheet.header_columns = col + 1;
            }
            if let Some(widest) = self.sheet.widths.get_mut(usize::from(col)) {
                *widest = (*widest).max(width);
            }
        }
        self.sheet.next_row = row + 1;
        Ok(())
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

fn excel_datetime(dt: NaiveDateTime) -> Option<ExcelDateTime> {
    let seconds = f64::from(dt.second()) + f64::from(dt.nanosecond() % 1_000_000_000) / 1e9;
    excel_date(dt.date())?
        .and_hms(dt.hour() as u16, dt.minute() as u8, seconds)
        .ok()
}

/// The same as [`SheetWriter`] into memory, for web downloads of modest size.
pub fn write_to_vec<S: AsRef<str>>(
    rows: impl IntoIterator<Item = Vec<S>>,
    format: Format,
    encoding: TextEncoding,
    sheet_name: Option<&str>,
) -> Result<Vec<u8>, SheetError> {
    let mut writer = SheetWriter::with_out(Out::Memory(Vec::new()), format, encoding, sheet_name)?;
    for row in rows {
        writer.write_row(&row)?;
    }
    writer.finish_into()
}

/// Excel refuses sheet names with `[]:*?/\`, longer than 31 characters,
/// empty, or with an apostrophe at either end; such names come from users
/// (e.g. a district name), so fix them rather than fail the export.
fn sanitize_sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let trimmed: String = cleaned.trim_matches('\'').chars().take(31).collect();
    if trimmed.trim().is_empty() {
        "Sheet1".to_owned()
    } else {
        trimmed
    }
}

/// Excel wants sheet names to differ (ignoring case); a repeated name gets
/// " (2)", " (3)", … within the 31 characters.
fn unique_name(name: String, used: &[String]) -> String {
    let taken = |candidate: &str| {
        used.iter()
            .any(|u| u.to_lowercase() == candidate.to_lowercase())
    };
    if !taken(&name) {
        return name;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let room = 31 - suffix.chars().count();
            let stem: String = name.chars().take(room).collect();
            format!("{stem}{suffix}")
        })
        .find(|candidate| !taken(candidate))
        .unwrap_or(name)
}

fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((byte, _)) => &s[..byte],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_made_valid() {
        assert_eq!(sanitize_sheet_name("朝阳区/海淀区"), "朝阳区_海淀区");
        assert_eq!(sanitize_sheet_name("'x'"), "x");
        assert_eq!(sanitize_sheet_name(""), "Sheet1");
        assert_eq!(sanitize_sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn sheet_names_are_made_unique() {
        let used = vec!["说明".to_owned(), "Sheet1".to_owned()];
        assert_eq!(unique_name("sheet1".into(), &used), "sheet1 (2)");
        assert_eq!(unique_name("名录".into(), &used), "名录");
        let long = "长".repeat(31);
        let renamed = unique_name(long.clone(), &[long]);
        assert_eq!(renamed.chars().count(), 31);
        assert!(renamed.ends_with(" (2)"));
    }

    #[test]
    fn truncation_respects_characters() {
        assert_eq!(truncate_chars("企业名称", 2), "企业");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
