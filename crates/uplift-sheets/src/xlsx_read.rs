//! Streaming XLSX rows from calamine's cell reader.
//!
//! calamine's `XlsxCellReader` borrows the workbook, so it cannot live in
//! the same struct as the workbook without unsafe code. A worker thread owns
//! both and sends finished rows through a small bounded channel: memory stays
//! at a few hundred rows plus calamine's shared-string table, and dropping
//! the reader ends the worker at its next send.

use std::fs::File;
use std::io::BufReader;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Reader, SheetType, SheetVisible, Xlsx};

use crate::cells::normalise_row;
use crate::xlsx_cell::cell_to_string;
use crate::{SheetError, SourceRow};

/// Rows buffered between the worker and the consumer.
const CHANNEL_ROWS: usize = 256;
/// Excel's column limit (XFD).
const MAX_COLUMNS: usize = 16_384;

type Workbook = Xlsx<BufReader<File>>;

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

fn xlsx_error(e: impl std::fmt::Display) -> SheetError {
    SheetError::Xlsx(e.to_string())
}

impl XlsxSource {
    pub(crate) fn open(
        file: File,
        sheet: Option<&str>,
        file_size: u64,
    ) -> Result<XlsxSource, SheetError> {
        let workbook: Workbook = Xlsx::new(BufReader::new(file)).map_err(xlsx_error)?;
        let sheet_name = choose_sheet(workbook.sheets_metadata(), sheet)?;
        let (tx, rx) = sync_channel(CHANNEL_ROWS);
        let name = sheet_name.clone();
        std::thread::Builder::new()
            .name("uplift-xlsx-reader".to_owned())
            .spawn(move || stream_sheet(workbook, &name, &tx))?;
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
fn stream_sheet(mut workbook: Workbook, name: &str, tx: &SyncSender<Msg>) {
    let mut cells = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(e) => {
            let _ = tx.send(Msg::Error(xlsx_error(e)));
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
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                let (r, c) = cell.get_position();
                if row.as_ref().is_some_and(|(current, _)| *current != r)
                    && !send_row(tx, row.take())
                {
                    return;
                }
                let text = cell_to_string(cell.get_value());
                // Blank cells need no slot; gaps are filled when a later
                // cell of the row is placed, which keeps column positions.
                if text.is_empty() {
                    continue;
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
                let _ = tx.send(Msg::Error(xlsx_error(e)));
                return;
            }
        }
    }
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
