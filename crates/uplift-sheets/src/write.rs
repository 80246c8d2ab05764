//! Writing rows as CSV or XLSX, to a file or into memory.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

use crate::csv_write::csv_line;
use crate::{Format, SheetError, TextEncoding};

/// Excel's row limit; a larger export must be CSV.
const MAX_XLSX_ROWS: u32 = 1_048_576;
const MAX_XLSX_COLUMNS: usize = 16_384;
/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

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
    Csv { out: Out, encoding: TextEncoding },
    // Boxed: a workbook and its formats are large, the CSV state is small.
    Xlsx(Box<XlsxOut>),
}

struct XlsxOut {
    workbook: Workbook,
    bold: XlsxFormat,
    next_row: u32,
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
    /// Lines end in CRLF and formula-like cells get a leading apostrophe.
    ///
    /// XLSX: one sheet named `sheet_name` (default "Sheet1"; characters
    /// Excel forbids in sheet names become "_", and it is cut to 31
    /// characters), the first row written bold, every cell a string (lossless
    /// for codes with leading zeros, and never a formula), rows streamed to
    /// a temporary file (constant-memory mode). `encoding` is ignored.
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
                Inner::Csv { out, encoding }
            }
            Format::Xlsx => {
                let mut workbook = Workbook::new();
                let sheet = workbook
                    .add_worksheet_with_constant_memory()
                    .map_err(xlsx_error)?;
                sheet
                    .set_name(sanitize_sheet_name(sheet_name.unwrap_or("Sheet1")))
                    .map_err(xlsx_error)?;
                Inner::Xlsx(Box::new(XlsxOut {
                    workbook,
                    bold: XlsxFormat::new().set_bold(),
                    next_row: 0,
                    out,
                }))
            }
        };
        Ok(SheetWriter { inner })
    }

    /// Appends one row.
    pub fn write_row<S: AsRef<str>>(&mut self, cells: &[S]) -> Result<(), SheetError> {
        match &mut self.inner {
            Inner::Csv { out, encoding } => {
                let line = csv_line(cells);
                match encoding {
                    TextEncoding::Utf8 => out.write_all(line.as_bytes())?,
                    TextEncoding::Gb18030 => {
                        let (bytes, _, _) = encoding_rs::GB18030.encode(&line);
                        out.write_all(&bytes)?;
                    }
                }
                Ok(())
            }
            Inner::Xlsx(x) => {
                let XlsxOut {
                    workbook,
                    bold,
                    next_row,
                    ..
                } = &mut **x;
                let row = *next_row;
                if row >= MAX_XLSX_ROWS {
                    return Err(SheetError::TooManyRows {
                        limit: MAX_XLSX_ROWS,
                    });
                }
                if cells.len() > MAX_XLSX_COLUMNS {
                    return Err(SheetError::Xlsx(format!(
                        "row {} has {} cells; XLSX allows {MAX_XLSX_COLUMNS}",
                        u64::from(row) + 1,
                        cells.len()
                    )));
                }
                let sheet = workbook.worksheet_from_index(0).map_err(xlsx_error)?;
                for (col, cell) in (0u16..).zip(cells) {
                    let text = truncate_chars(cell.as_ref(), MAX_CELL_CHARS);
                    if text.is_empty() {
                        continue;
                    }
                    if row == 0 {
                        sheet.write_string_with_format(row, col, text, bold)
                    } else {
                        sheet.write_string(row, col, text)
                    }
                    .map_err(xlsx_error)?;
                }
                *next_row = row + 1;
                Ok(())
            }
        }
    }

    /// Flushes a CSV or assembles and writes an XLSX.
    pub fn finish(self) -> Result<(), SheetError> {
        self.finish_into().map(drop)
    }

    /// Finishes and returns the bytes when writing into memory.
    fn finish_into(self) -> Result<Vec<u8>, SheetError> {
        let out = match self.inner {
            Inner::Csv { mut out, .. } => {
                out.flush()?;
                out
            }
            Inner::Xlsx(x) => {
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
    fn truncation_respects_characters() {
        assert_eq!(truncate_chars("企业名称", 2), "企业");
        assert_eq!(truncate_chars("ab", 5), "ab");
    }
}
