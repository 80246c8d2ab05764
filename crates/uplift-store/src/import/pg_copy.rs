//! PostgreSQL's binary COPY format, written by the reader thread so that the writer only
//! streams a buffer. Binary rather than text: nothing to escape here, and PostgreSQL reads
//! integers and timestamps without parsing them.
//! (<https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9.4>)

use chrono::{DateTime, Utc};

/// Signature, flags (no OIDs) and an empty header extension.
pub(super) const HEADER: &[u8] = b"PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0";

/// The end of the data: a tuple with -1 fields.
pub(super) const TRAILER: &[u8] = &(-1i16).to_be_bytes();

/// Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00:00 UTC).
const PG_EPOCH_MICROS: i64 = 946_684_800_000_000;

/// Appends one tuple's fields to a buffer; the caller writes exactly the number of
/// fields it announced in `start`, in the column order of its COPY statement.
pub(super) struct Tuple<'a> {
    buf: &'a mut Vec<u8>,
}

impl<'a> Tuple<'a> {
    pub(super) fn start(buf: &'a mut Vec<u8>, fields: i16) -> Tuple<'a> {
        buf.extend_from_slice(&fields.to_be_bytes());
        Tuple { buf }
    }

    fn field(&mut self, bytes: &[u8]) -> &mut Self {
        // A field longer than i32::MAX cannot come out of a sheet cell; saturating keeps
        // this infallible and PostgreSQL would refuse the malformed tuple anyway.
        let len = i32::try_from(bytes.len()).unwrap_or(i32::MAX);
        self.buf.extend_from_slice(&len.to_be_bytes());
        self.buf.extend_from_slice(bytes);
        self
    }

    pub(super) fn null(&mut self) -> &mut Self {
        self.buf.extend_from_slice(&(-1i32).to_be_bytes());
        self
    }

    /// `text` and `varchar`.
    pub(super) fn text(&mut self, s: &str) -> &mut Self {
        self.field(s.as_bytes())
    }

    pub(super) fn opt_text(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.text(s),
            None => self.null(),
        }
    }

    pub(super) fn opt_bigint(&mut self, n: Option<i64>) -> &mut Self {
        match n {
            Some(n) => self.field(&n.to_be_bytes()),
            None => self.null(),
        }
    }

    pub(super) fn bool(&mut self, b: bool) -> &mut Self {
        self.field(&[u8::from(b)])
    }

    /// `timestamptz`: microseconds since PostgreSQL's epoch, as an 8-byte integer.
    pub(super) fn timestamptz(&mut self, at: DateTime<Utc>) -> &mut Self {
        let micros = at.timestamp_micros() - PG_EPOCH_MICROS;
        self.field(&micros.to_be_bytes())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_length_prefixed_big_endian() {
        let mut buf = Vec::new();
        Tuple::start(&mut buf, 4)
            .text("ab")
            .null()
            .opt_bigint(Some(258))
            .bool(true);
        assert_eq!(
            buf,
            [
                0, 4, // four fields
                0, 0, 0, 2, b'a', b'b', // "ab"
                255, 255, 255, 255, // NULL
                0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2, // 258
                0, 0, 0, 1, 1, // true
            ]
        );
    }

    #[test]
    fn timestamps_count_from_2000() {
        let mut buf = Vec::new();
        let at = DateTime::parse_from_rfc3339("2000-01-01T00:00:01Z")
            .unwrap()
            .with_timezone(&Utc);
        Tuple::start(&mut buf, 1).timestamptz(at);
        assert_eq!(&buf[6..], &1_000_000i64.to_be_bytes());
    }

    #[test]
    fn header_is_the_documented_nineteen_bytes() {
        assert_eq!(HEADER.len(), 19);
        assert_eq!(&HEADER[..11], b"PGCOPY\n\xff\r\n\0");
    }
}
