//! A streaming CSV reader that numbers rows the way Excel shows them.
//!
//! The parser is hand-written rather than the `csv` crate because the row
//! number officials see must count blank lines (which `csv` silently skips)
//! while a quoted cell spanning several lines stays one row, and because a
//! stray quote must not be able to pull the rest of a large file into one
//! record in memory.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

use crate::cells::normalise_row;
use crate::{SheetError, SourceRow, TextEncoding};

/// Beyond this a record is almost certainly an unclosed quote.
const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;
/// The XLSX column limit; more cells than this is not a table.
const MAX_FIELDS: usize = 16_384;
const BUFFER: usize = 64 * 1024;

/// Counts the raw bytes read from the file, for progress bars.
struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field: a quote here opens a quoted field.
    StartField,
    Unquoted,
    Quoted,
    /// Saw a quote inside a quoted field: either an escaped quote or the end.
    QuoteInQuoted,
}

pub(crate) struct CsvSource<R> {
    input: BufReader<DecodeReaderBytes<CountingReader<R>, Vec<u8>>>,
    bytes_read: Arc<AtomicU64>,
    file_size: u64,
    /// The row number of the record being parsed.
    row: u64,
    /// The last record ended with CR; a following LF belongs to it.
    pending_lf: bool,
    state: State,
    fields: Vec<String>,
    field: Vec<u8>,
    record_bytes: usize,
    /// `,`, or a tab for the tab-separated text some systems export.
    delimiter: u8,
}

impl<R: Read> CsvSource<R> {
    pub(crate) fn new(file: R, encoding: TextEncoding, file_size: u64) -> CsvSource<R> {
        let bytes_read = Arc::new(AtomicU64::new(0));
        let counting = CountingReader {
            inner: file,
            count: Arc::clone(&bytes_read),
        };
        let encoding = match encoding {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Gb18030 => encoding_rs::GB18030,
        };
        // Decoding UTF-8 too (instead of passing it through) replaces
        // invalid bytes with U+FFFD, so every cell is valid text. A BOM
        // overrides the chosen encoding and is removed.
        let decoder = DecodeReaderBytesBuilder::new()
            .encoding(Some(encoding))
            .bom_override(true)
            .build(counting);
        CsvSource {
            input: BufReader::with_capacity(BUFFER, decoder),
            bytes_read,
            file_size,
            row: 1,
            pending_lf: false,
            state: State::StartField,
            fields: Vec::new(),
            field: Vec::new(),
            record_bytes: 0,
            delimiter: b',',
        }
    }

    /// Fields separated by `delimiter` (ASCII) instead of a comma.
    pub(crate) fn with_delimiter(mut self, delimiter: u8) -> CsvSource<R> {
        self.delimiter = delimiter;
        self
    }

    pub(crate) fn progress(&self) -> (u64, u64) {
        let read = self.bytes_read.load(Ordering::Relaxed);
        (read.min(self.file_size), self.file_size)
    }

    /// The next row that is not blank.
    pub(crate) fn next_row(&mut self) -> Result<Option<SourceRow>, SheetError> {
        while let Some((number, mut cells)) = self.next_record()? {
            if normalise_row(&mut cells) {
                return Ok(Some(SourceRow { number, cells }));
            }
        }
        Ok(None)
    }

    /// The next record, blank or not, with its row number.
    fn next_record(&mut self) -> Result<Option<(u64, Vec<String>)>, SheetError> {
        loop {
            let buf = self.input.fill_buf()?;
            if buf.is_empty() {
                return Ok(self.finish_at_eof());
            }
            let mut used = 0;
            let mut ended = false;
            while used < buf.len() {
                let b = buf[used];
                if self.pending_lf {
                    self.pending_lf = false;
                    if b == b'\n' {
                        used += 1;
                        continue;
                    }
                }
                // Inside a field, copy the run up to the next byte that can end it in
                // one go: fed byte by byte, a province's directory spent most of its
                // parsing time growing field buffers.
                let run = match self.state {
                    State::Unquoted => memchr::memchr3(self.delimiter, b'\r', b'\n', &buf[used..]),
                    State::Quoted => memchr::memchr(b'"', &buf[used..]),
                    State::StartField | State::QuoteInQuoted => Some(0),
                };
                match run {
                    Some(0) => {}
                    Some(n) => {
                        self.field.extend_from_slice(&buf[used..used + n]);
                        used += n;
                        continue;
                    }
                    None => {
                        self.field.extend_from_slice(&buf[used..]);
                        used = buf.len();
                        continue;
                    }
                }
                used += 1;
                if step(
                    &mut self.state,
                    &mut self.fields,
                    &mut self.field,
                    b,
                    self.delimiter,
                ) {
                    self.pending_lf = b == b'\r';
                    ended = true;
                    break;
                }
            }
            self.input.consume(used);
            self.record_bytes += used;
            if ended {
                return Ok(Some(self.take_record()));
            }
            if self.record_bytes > MAX_RECORD_BYTES || self.fields.len() > MAX_FIELDS {
                return Err(SheetError::RowTooLarge { row: self.row });
            }
        }
    }

    fn finish_at_eof(&mut self) -> Option<(u64, Vec<String>)> {
        let pending =
            !self.fields.is_empty() || !self.field.is_empty() || self.state != State::StartField;
        pending.then(|| self.take_record())
    }

    fn take_record(&mut self) -> (u64, Vec<String>) {
        end_field(&mut self.fields, &mut self.field);
        self.state = State::StartField;
        self.record_bytes = 0;
        let number = self.row;
        self.row += 1;
        // The next record most likely has as many fields as this one.
        let width = self.fields.len();
        (
            number,
            std::mem::replace(&mut self.fields, Vec::with_capacity(width)),
        )
    }
}

/// Feeds one byte to the parser; returns true at the end of a record (the
/// record's last field is still in `field`).
///
/// Quoting follows Excel: a quote opens a quoted field only as the first
/// character, `""` inside quotes is a quote, and text after the closing
/// quote is appended as is. CR, LF and CRLF all end a record outside quotes.
/// Bytes are UTF-8 and every special byte is ASCII, so splitting on bytes
/// never splits a character.
fn step(
    state: &mut State,
    fields: &mut Vec<String>,
    field: &mut Vec<u8>,
    b: u8,
    delimiter: u8,
) -> bool {
    let is_end = b == b'\r' || b == b'\n';
    match *state {
        State::StartField | State::Unquoted | State::QuoteInQuoted if is_end => return true,
        State::StartField | State::Unquoted | State::QuoteInQuoted if b == delimiter => {
            end_field(fields, field);
            *state = State::StartField;
        }
        State::StartField if b == b'"' => *state = State::Quoted,
        State::Quoted if b == b'"' => *state = State::QuoteInQuoted,
        State::Quoted => field.push(b),
        State::QuoteInQuoted if b == b'"' => {
            field.push(b);
            *state = State::Quoted;
        }
        State::StartField | State::Unquoted | State::QuoteInQuoted => {
            field.push(b);
            *state = State::Unquoted;
        }
    }
    false
}

/// Moves the field's text into the record; the byte buffer keeps its capacity for the
/// next field, and the cell gets an allocation of exactly its size.
fn end_field(fields: &mut Vec<String>, field: &mut Vec<u8>) {
    let text = match std::str::from_utf8(field) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(field).into_owned(),
    };
    field.clear();
    fields.push(text);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    /// Reads every record of `text`, blank ones included.
    fn parse(text: &str) -> Vec<(u64, Vec<String>)> {
        let bytes = text.as_bytes().to_vec();
        let size = bytes.len() as u64;
        let mut source = CsvSource::new(std::io::Cursor::new(bytes), TextEncoding::Utf8, size);
        let mut out = Vec::new();
        while let Some(record) = source.next_record().unwrap() {
            out.push(record);
        }
        assert_eq!(source.progress(), (size, size));
        out
    }

    fn row(n: u64, cells: &[&str]) -> (u64, Vec<String>) {
        (n, cells.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn quotes_commas_and_newlines() {
        let got = parse("a,\"b,c\",\"d\"\"e\"\r\n\"multi\r\nline\",x\r\n");
        assert_eq!(
            got,
            [
                row(1, &["a", "b,c", "d\"e"]),
                row(2, &["multi\r\nline", "x"])
            ]
        );
    }

    #[test]
    fn blank_lines_count_as_rows() {
        let got = parse("h\n\nx\r\n\r\ny\rz");
        assert_eq!(
            got,
            [
                row(1, &["h"]),
                row(2, &[""]),
                row(3, &["x"]),
                row(4, &[""]),
                row(5, &["y"]),
                row(6, &["z"])
            ]
        );
    }

    #[test]
    fn gb18030_and_bom() {
        let gb = encoding_rs::GB18030
            .encode("名称,地址\r\n企业,\"北京,朝阳\"\r\n")
            .0
            .into_owned();
        let mut source = CsvSource::new(std::io::Cursor::new(gb), TextEncoding::Gb18030, 0);
        assert_eq!(
            source.next_record().unwrap(),
            Some(row(1, &["名称", "地址"]))
        );
        assert_eq!(
            source.next_record().unwrap(),
            Some(row(2, &["企业", "北京,朝阳"]))
        );
        assert_eq!(source.next_record().unwrap(), None);

        let bom = "\u{feff}名称\n".as_bytes().to_vec();
        let mut source = CsvSource::new(std::io::Cursor::new(bom), TextEncoding::Gb18030, 0);
        assert_eq!(source.next_record().unwrap(), Some(row(1, &["名称"])));
    }

    #[test]
    fn an_unclosed_quote_is_bounded() {
        let mut text = String::from("a\n\"");
        text.push_str(&"x".repeat(MAX_RECORD_BYTES + BUFFER));
        let mut source = CsvSource::new(
            std::io::Cursor::new(text.into_bytes()),
            TextEncoding::Utf8,
            0,
        );
        assert_eq!(source.next_record().unwrap(), Some(row(1, &["a"])));
        assert!(matches!(
            source.next_record(),
            Err(SheetError::RowTooLarge { row: 2 })
        ));
    }

    #[test]
    fn fields_longer_than_the_read_buffer() {
        let long = "名".repeat(BUFFER);
        let text = format!("{long},\"{long}\"\"x\"\r\n\"{long}\r\n{long}\"\n");
        assert_eq!(
            parse(&text),
            [
                row(1, &[&long, &format!("{long}\"x")]),
                row(2, &[&format!("{long}\r\n{long}")])
            ]
        );
    }

    #[test]
    fn excel_quirks() {
        assert_eq!(parse("ab\"c,\"x\"y"), [row(1, &["ab\"c", "xy"])]);
        assert_eq!(parse("a,"), [row(1, &["a", ""])]);
        assert_eq!(parse("\"unclosed"), [row(1, &["unclosed"])]);
        assert_eq!(parse(""), []);
    }
}
