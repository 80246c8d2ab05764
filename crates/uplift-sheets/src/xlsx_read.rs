//! Streaming XLSX rows from calamine's cell reader.
//!
//! calamine's `XlsxCellReader` borrows the workbook, so it cannot live in
//! the same struct as the workbook without unsafe code. A worker thread owns
//! both and sends finished rows through a small bounded channel: memory stays
//! at a few dozen rows plus calamine's shared-string table, and dropping
//! the reader ends the worker at its next send.
//!
//! calamine reads the file through [`zip_guard`](crate::zip_guard), which
//! checks each part against the [`Limits`] before calamine may inflate it.

use std::fs::File;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Reader, SheetType, SheetVisible, Xlsx};

use crate::cells::normalise_row;
use crate::limits::{Limit, Limits};
use crate::xlsx_cell::cell_to_string;
use crate::zip_guard::{self, GuardHandle, GuardedFile};
use crate::{SheetError, SourceRow};

/// Bytes of rows buffered between the worker and the consumer, at most:
/// the channel holds this divided by [`Limits::max_row_bytes`] rows.
const CHANNEL_BYTES: u64 = 64 * 1024 * 1024;
/// Rows buffered when rows are small; more gains nothing.
const CHANNEL_ROWS: u64 = 256;
/// Excel's column limit (XFD).
const MAX_COLUMNS: usize = 16_384;

type Workbook = Xlsx<GuardedFile>;

enum Msg {
    /// The sheet opened; the rows its `<dimension>` declares (0 if unknown).
    Start {
        rows: u64,
    },
    Row(SourceRow),
    Error(SheetError),
    Done,
}

pub(crate) struct XlsxSource {
    rx: Receiver<Msg>,
    sheet_name: String,
    file_size: u64,
    declared_rows: u64,
    last_row: u64,
    finished: bool,
}

impl XlsxSource {
    /// `file` is open on `path`; calamine gets a second handle of its own, so
    /// the guard can inflate a part while calamine waits to read it.
    pub(crate) fn open(
        file: File,
        path: &Path,
        sheet: Option<&str>,
        file_size: u64,
        limits: &Limits,
    ) -> Result<XlsxSource, SheetError> {
        let (guarded, guard) = zip_guard::open(file, File::open(path)?, limits)?;
        let workbook: Workbook = Xlsx::new(guarded).map_err(|e| guard.explain(e))?;
        guard.check()?;
        let sheet_name = choose_sheet(workbook.sheets_metadata(), sheet)?;
        let capacity = (CHANNEL_BYTES / limits.max_row_bytes.max(1)).clamp(1, CHANNEL_ROWS);
        let (tx, rx) = sync_channel(usize::try_from(capacity).unwrap_or(1));
        let name = sheet_name.clone();
        let limits = *limits;
        std::thread::Builder::new()
            .name("uplift-xlsx-reader".to_owned())
            .spawn(move || stream_sheet(workbook, &name, &tx, &guard, &limits))?;
        let declared_rows = match rx.recv() {
            Ok(Msg::Start { rows }) => rows,
            Ok(Msg::Error(e)) => return Err(e),
            _ => return Err(stopped()),
        };
        Ok(XlsxSource {
            rx,
            sheet_name,
            file_size,
            declared_rows,
            last_row: 0,
            finished: false,
        })
    }

    pub(crate) fn sheet_name(&self) -> &str {
        &self.sheet_name
    }

    /// Coarse progress: the share of the declared rows read so far, scaled
    /// to the file size, because the bytes calamine has inflated from the
    /// zip are not observable. Sheets without a `<dimension>` report 0 until
    /// the end.
    pub(crate) fn progress(&self) -> (u64, u64) {
        let total = self.file_size;
        if self.finished {
            return (total, total);
        }
        if self.declared_rows == 0 {
            return (0, total);
        }
        let read = self.last_row.min(self.declared_rows);
        let done = u128::from(total) * u128::from(read) / u128::from(self.declared_rows);
        (u64::try_from(done).unwrap_or(total), total)
    }

    pub(crate) fn next_row(&mut self) -> Result<Option<SourceRow>, SheetError> {
        if self.finished {
            return Ok(None);
        }
        let msg = self.rx.recv();
        match msg {
            Ok(Msg::Row(row)) => {
                self.last_row = row.number;
                Ok(Some(row))
            }
            Ok(Msg::Done) => {
                self.finished = true;
                Ok(None)
            }
            Ok(Msg::Error(e)) => {
                self.finished = true;
                Err(e)
            }
            // The worker sends Start once, before anything else; a second
            // one, or a worker gone without Done (a panic in calamine),
            // must not pass for a clean end of the sheet.
            Ok(Msg::Start { .. }) | Err(_) => {
                self.finished = true;
                Err(stopped())
            }
        }
    }
}

fn stopped() -> SheetError {
    SheetError::Xlsx("the XLSX reader stopped unexpectedly".to_owned())
}

/// The named sheet, or the first visible worksheet (what Excel shows first),
/// falling back to the first sheet of any kind. Shared with legacy workbooks.
pub(crate) fn choose_sheet(
    sheets: &[calamine::Sheet],
    wanted: Option<&str>,
) -> Result<String, SheetError> {
    if let Some(name) = wanted {
        return match sheets.iter().find(|s| s.name == name) {
            Some(s) => Ok(s.name.clone()),
            None => Err(SheetError::NoSuchSheet {
                name: name.to_owned(),
                available: sheets.iter().map(|s| s.name.clone()).collect(),
            }),
        };
    }
    sheets
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
        .or_else(|| sheets.first())
        .map(|s| s.name.clone())
        .ok_or(SheetError::Empty)
}

/// The worker: reads cells in stream order and sends one message per
/// non-blank row. Every send failing means the consumer is gone, so stop.
fn stream_sheet(
    mut workbook: Workbook,
    name: &str,
    tx: &SyncSender<Msg>,
    guard: &GuardHandle,
    limits: &Limits,
) {
    guard.streaming_sheet();
    let opened = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| guard.explain(e))
        .and_then(|cells| guard.check().map(|()| cells));
    let mut cells = match opened {
        Ok(reader) => reader,
        Err(e) => {
            let _ = tx.send(Msg::Error(e));
            return;
        }
    };
    let dims = cells.dimensions();
    // A missing <dimension> leaves the default A1:A1, which is no estimate.
    let rows = if dims.end.0 > 0 {
        u64::from(dims.end.0) + 1
    } else {
        0
    };
    if tx.send(Msg::Start { rows }).is_err() {
        return;
    }
    let mut row: Option<(u32, Vec<String>)> = None;
    let mut row_bytes = 0u64;
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                let (r, c) = cell.get_position();
                if row.as_ref().is_some_and(|(current, _)| *current != r) {
                    row_bytes = 0;
                    if !send_row(tx, row.take()) {
                        return;
                    }
                }
                let text = cell_to_string(cell.get_value());
                // Blank cells need no slot; gaps are filled when a later
                // cell of the row is placed, which keeps column positions.
                if text.is_empty() {
                    continue;
                }
                // A cell naming a shared string is a few bytes of XML but as long
                // as the string: bound the row before it is kept, let alone sent.
                row_bytes += text.len() as u64;
                if let Err(e) = check_cell(&text, row_bytes, limits) {
                    let _ = tx.send(Msg::Error(e));
                    return;
                }
                // The column decides an allocation; a corrupt reference
                // such as "ZZZZZ1" must not be able to exhaust memory.
                let col = match usize::try_from(c) {
                    Ok(col) if col < MAX_COLUMNS => col,
                    _ => {
                        let _ = tx.send(Msg::Error(SheetError::Xlsx(format!(
                            "cell in row {} is beyond the last column XFD",
                            u64::from(r) + 1
                        ))));
                        return;
                    }
                };
                let (_, values) = row.get_or_insert_with(|| (r, Vec::new()));
                if col >= values.len() {
                    values.resize(col, String::new());
                    values.push(text);
                } else if let Some(slot) = values.get_mut(col) {
                    *slot = text;
                }
            }
            Ok(None) => {
                if send_row(tx, row.take()) {
                    let _ = tx.send(Msg::Done);
                }
                return;
            }
            Err(e) => {
                let _ = tx.send(Msg::Error(guard.explain(e)));
                return;
            }
        }
    }
}

/// A cell's characters and its row's bytes so far against the limits; shared
/// with legacy workbooks.
pub(crate) fn check_cell(text: &str, row_bytes: u64, limits: &Limits) -> Result<(), SheetError> {
    if row_bytes > limits.max_row_bytes {
        return Err(SheetError::LimitExceeded {
            limit: Limit::RowBytes,
            max: limits.max_row_bytes,
            found: row_bytes,
        });
    }
    // A string has at least as many bytes as characters: most cells need no count.
    if text.len() as u64 > limits.max_cell_chars {
        let chars = text.chars().count() as u64;
        if chars > limits.max_cell_chars {
            return Err(SheetError::LimitExceeded {
                limit: Limit::CellChars,
                max: limits.max_cell_chars,
                found: chars,
            });
        }
    }
    Ok(())
}

/// Sends a row unless it is blank; false if the consumer is gone.
fn send_row(tx: &SyncSender<Msg>, row: Option<(u32, Vec<String>)>) -> bool {
    let Some((r, mut cells)) = row else {
        return true;
    };
    if !normalise_row(&mut cells) {
        return true;
    }
    let number = u64::from(r) + 1;
    tx.send(Msg::Row(SourceRow { number, cells })).is_ok()
}
