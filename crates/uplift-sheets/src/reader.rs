//! `SheetReader`: one streaming interface over CSV and XLSX.

use std::fs::File;
use std::path::Path;

use crate::cells::strip_bom;
use crate::csv_read::CsvSource;
use crate::detect::{Kind, detect_delimiter, detect_encoding, detect_format};
use crate::limits::{Limit, Limits};
use crate::xls_read::XlsSource;
use crate::xlsx_read::XlsxSource;
use crate::{Format, OpenOptions, SheetError, SourceRow, TextEncoding};

// Boxed: the CSV state holds its buffers' bookkeeping inline.
enum Source {
    Csv(Box<CsvSource<File>>),
    Xlsx(XlsxSource),
    Xls(XlsSource),
}

impl Source {
    fn next_row(&mut self) -> Result<Option<SourceRow>, SheetError> {
        match self {
            Source::Csv(s) => s.next_row(),
            Source::Xlsx(s) => s.next_row(),
            Source::Xls(s) => s.next_row(),
        }
    }
}

/// A streaming reader of one sheet: the header row, then data rows.
///
/// Memory does not grow with the file: a CSV is decoded and parsed through
/// fixed buffers, and an XLSX sheet is streamed cell by cell (calamine keeps
/// the workbook's shared-string table in memory, which is proportional to
/// the number of distinct texts, not rows, and bounded by [`Limits`]).
///
/// The iterator yields data rows in file order, skipping blank ones. After
/// an error it ends: a stream that went wrong once cannot be trusted to
/// resynchronise on row boundaries.
pub struct SheetReader {
    source: Source,
    format: Format,
    encoding: Option<TextEncoding>,
    header: Vec<String>,
    header_number: u64,
    limits: Limits,
    done: bool,
}

impl SheetReader {
    /// Opens a sheet and reads its header row.
    ///
    /// With `opts.format` unset the format is detected: zip magic bytes mean
    /// XLSX, OLE2 ones a legacy .xls workbook (read as [`Format::Xlsx`]);
    /// otherwise `.csv`/`.txt` or a text file
    /// without extension is CSV. With `opts.encoding` unset a CSV's encoding
    /// is detected: a UTF-8 BOM means UTF-8, otherwise the first 64 KiB that
    /// contain non-ASCII text are checked and valid UTF-8 means UTF-8, else
    /// GB18030 (which also reads GBK).
    ///
    /// An upload that would unpack to, or make the parser build, more than
    /// `opts.limits` allows is refused with [`SheetError::LimitExceeded`],
    /// here or from the iterator, before the memory is taken.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<SheetReader, SheetError> {
        let mut file = File::open(path)?;
        let file_size = file.metadata()?.len();
        let kind = match (opts.format, detect_format(path, &mut file)) {
            (Some(Format::Csv), _) => Kind::Csv,
            // Told "a workbook": the bytes say which kind.
            (Some(Format::Xlsx), Ok(Kind::Xls)) => Kind::Xls,
            (Some(Format::Xlsx), _) => Kind::Xlsx,
            (None, detected) => detected?,
        };
        let format = kind.format();
        let (mut source, encoding) = match kind {
            Kind::Csv => {
                let encoding = match opts.encoding {
                    Some(encoding) => encoding,
                    None => detect_encoding(&mut file)?,
                };
                let delimiter = detect_delimiter(&mut file)?;
                let source = CsvSource::new(file, encoding, file_size).with_delimiter(delimiter);
                (Source::Csv(Box::new(source)), Some(encoding))
            }
            Kind::Xlsx => {
                let source =
                    XlsxSource::open(file, path, opts.sheet.as_deref(), file_size, &opts.limits)?;
                (Source::Xlsx(source), None)
            }
            Kind::Xls => {
                let source = XlsSource::open(file, opts.sheet.as_deref(), file_size, &opts.limits)?;
                (Source::Xls(source), None)
            }
        };
        let Some(first) = source.next_row()? else {
            return Err(SheetError::Empty);
        };
        check_row(&first, &opts.limits)?;
        let SourceRow {
            number: header_number,
            cells: mut header,
        } = first;
        if let Some(cell) = header.first_mut() {
            strip_bom(cell);
        }
        Ok(SheetReader {
            source,
            format,
            encoding,
            header,
            header_number,
            limits: opts.limits,
            done: false,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The CSV encoding used (detected or given); `None` for XLSX.
    pub fn encoding(&self) -> Option<TextEncoding> {
        self.encoding
    }

    /// XLSX: the name of the sheet being read; `None` for CSV.
    pub fn sheet_name(&self) -> Option<&str> {
        match &self.source {
            Source::Csv(_) => None,
            Source::Xlsx(s) => Some(s.sheet_name()),
            Source::Xls(s) => Some(s.sheet_name()),
        }
    }

    /// The first non-blank row, cells trimmed, a UTF-8 BOM removed from the
    /// first cell. Trailing empty cells are dropped as in data rows.
    pub fn header(&self) -> &[String] {
        &self.header
    }

    /// The row number of the header as a spreadsheet shows it (usually 1).
    pub fn header_number(&self) -> u64 {
        self.header_number
    }

    /// Government sheets often open with a title ("长沙市小微企业名录（2022年）"), a
    /// blank line or a "填报单位" line above the real header. `parse` reads a row as a
    /// header; if it refuses the first row, the next rows (up to `within` of them) are
    /// tried, and the first it accepts becomes the header (the rows above it are dropped).
    /// Returns what `parse` made of the header, or, when no row in reach is one, its
    /// complaint about the first row, which stays the header (the rows tried are
    /// consumed: the file cannot be imported anyway).
    pub fn find_header<T, E>(
        &mut self,
        parse: impl Fn(&[String]) -> Result<T, E>,
        within: usize,
    ) -> Result<Result<T, E>, SheetError> {
        let first = parse(&self.header);
        if first.is_ok() {
            return Ok(first);
        }
        for _ in 0..within {
            match self.next() {
                Some(Ok(row)) => {
                    if let Ok(parsed) = parse(&row.cells) {
                        self.header = row.cells;
                        self.header_number = row.number;
                        return Ok(Ok(parsed));
                    }
                }
                Some(Err(e)) => return Err(e),
                None => break,
            }
        }
        Ok(first)
    }

    /// `(done, total)` for a progress bar; `total` is the file size in bytes.
    ///
    /// CSV: raw bytes read from the file so far (read-ahead buffers make it
    /// run up to ~128 KiB ahead of the rows returned). XLSX: the inflated
    /// size of the sheet is not observable, so `done` is the share of the
    /// rows declared in the sheet's dimension that have been returned,
    /// scaled to the file size; it stays 0 for sheets that declare no
    /// dimension. Both report `(total, total)` once the rows are exhausted.
    pub fn progress(&self) -> (u64, u64) {
        match &self.source {
            Source::Csv(s) if self.done => {
                let (_, total) = s.progress();
                (total, total)
            }
            Source::Csv(s) => s.progress(),
            Source::Xlsx(s) => s.progress(),
            Source::Xls(s) => s.progress(),
        }
    }
}

impl Iterator for SheetReader {
    type Item = Result<SourceRow, SheetError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.source.next_row().and_then(|row| {
            row.map(|r| check_row(&r, &self.limits).map(|()| r))
                .transpose()
        }) {
            Ok(Some(row)) => Some(Ok(row)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

impl std::iter::FusedIterator for SheetReader {}

/// The limits every format shares: the row number and the length of a cell.
/// (XLSX and XLS rows are also checked as they are built, before they are kept.)
fn check_row(row: &SourceRow, limits: &Limits) -> Result<(), SheetError> {
    if row.number > limits.max_rows {
        return Err(SheetError::LimitExceeded {
            limit: Limit::Rows,
            max: limits.max_rows,
            found: row.number,
        });
    }
    for cell in &row.cells {
        // A string has at least as many bytes as characters: most cells need no count.
        if cell.len() as u64 > limits.max_cell_chars {
            let chars = cell.chars().count() as u64;
            if chars > limits.max_cell_chars {
                return Err(SheetError::LimitExceeded {
                    limit: Limit::CellChars,
                    max: limits.max_cell_chars,
                    found: chars,
                });
            }
        }
    }
    Ok(())
}

impl std::fmt::Debug for SheetReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SheetReader")
            .field("format", &self.format)
            .field("encoding", &self.encoding)
            .field("sheet_name", &self.sheet_name())
            .field("header", &self.header)
            .finish_non_exhaustive()
    }
}
