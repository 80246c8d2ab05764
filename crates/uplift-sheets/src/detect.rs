//! Sniffing the format of an upload and the encoding of a CSV.

use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use crate::{Format, SheetError, TextEncoding};

/// How much text decides the encoding.
const SAMPLE: usize = 64 * 1024;
/// How far to look for the first non-ASCII byte. GBK exports often start
/// with many pure-ASCII rows (codes, numbers), and an all-ASCII sample says
/// nothing about the encoding. The scan only reads, so it costs I/O, not
/// memory.
const SCAN_LIMIT: u64 = 32 * 1024 * 1024;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// The OLE2 container of legacy .xls (Excel 97–2003, and WPS's .et) workbooks.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// What a file holds, as the reader needs to know it: a legacy workbook reads
/// differently from an XLSX, though both are [`Format::Xlsx`] to the rest of
/// the platform (an error report for a .xls upload is written as .xlsx).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Csv,
    Xlsx,
    Xls,
}

impl Kind {
    pub(crate) fn format(self) -> Format {
        match self {
            Kind::Csv => Format::Csv,
            Kind::Xlsx | Kind::Xls => Format::Xlsx,
        }
    }
}

/// Decides the format from the first bytes and the file name.
///
/// The magic bytes win when they are conclusive (a zip is never a CSV, an
/// OLE2 file is legacy Excel), because officials do rename files. Otherwise
/// the extension decides; a file without an extension is taken as CSV when
/// it looks like text, since uploads are sometimes stored under bare names.
pub(crate) fn detect_format<R: Read + Seek>(path: &Path, file: &mut R) -> Result<Kind, SheetError> {
    let head = read_up_to(file, 8 * 1024)?;
    file.seek(SeekFrom::Start(0))?;
    if head.starts_with(ZIP_MAGIC) {
        return Ok(Kind::Xlsx);
    }
    if head.starts_with(OLE_MAGIC) {
        return Ok(Kind::Xls);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv" | "txt") => Ok(Kind::Csv),
        // An .xlsx that is not a zip cannot be read; say so plainly.
        Some(_) => Err(SheetError::UnknownFormat),
        None if !head.contains(&0) => Ok(Kind::Csv),
        None => Err(SheetError::UnknownFormat),
    }
}

/// The field separator of a text table: a tab when the first line holds tabs and more of
/// them than commas (Excel's and many systems' "text (tab-separated)" export), else a
/// comma. Rewinds the reader. Bytes suffice: neither `,` nor a tab is ever part of a
/// multi-byte character in UTF-8 or GB18030.
pub(crate) fn detect_delimiter<R: Read + Seek>(file: &mut R) -> io::Result<u8> {
    let head = read_up_to(file, SAMPLE);
    file.seek(SeekFrom::Start(0))?;
    let head = head?;
    let first_line = head
        .split(|&b| b == b'\n')
        .find(|line| line.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or_default();
    let count = |byte: u8| first_line.iter().filter(|&&b| b == byte).count();
    Ok(if count(b'\t') > count(b',') {
        b'\t'
    } else {
        b','
    })
}

/// Detects the encoding of a CSV and rewinds the reader.
///
/// A UTF-8 BOM means UTF-8. Otherwise the first 64 KiB that contain
/// non-ASCII bytes decide: valid UTF-8 (a multi-byte sequence cut off at the
/// end of the sample is allowed) means UTF-8, anything else GB18030. A file
/// whose first 32 MiB are pure ASCII is read as UTF-8, which is exact for
/// ASCII in either encoding.
pub(crate) fn detect_encoding<R: Read + Seek>(file: &mut R) -> io::Result<TextEncoding> {
    let result = sniff_encoding(file);
    file.seek(SeekFrom::Start(0))?;
    result
}

fn sniff_encoding<R: Read>(file: &mut R) -> io::Result<TextEncoding> {
    let first = read_up_to(file, SAMPLE)?;
    if first.starts_with(UTF8_BOM) {
        return Ok(TextEncoding::Utf8);
    }
    let mut chunk = first;
    let mut scanned = 0u64;
    loop {
        if let Some(start) = chunk.iter().position(|b| !b.is_ascii()) {
            // The window starts at a byte that follows ASCII, so it is on a
            // character boundary in either encoding.
            let mut window = chunk.split_off(start);
            if window.len() < SAMPLE {
                window.extend(read_up_to(file, SAMPLE - window.len())?);
            }
            return Ok(judge(&window));
        }
        scanned += chunk.len() as u64;
        if chunk.len() < SAMPLE || scanned >= SCAN_LIMIT {
            return Ok(TextEncoding::Utf8);
        }
        chunk = read_up_to(file, SAMPLE)?;
    }
}

/// UTF-8 if the sample is valid UTF-8, allowing a truncated final character.
fn judge(sample: &[u8]) -> TextEncoding {
    match std::str::from_utf8(sample) {
        Ok(_) => TextEncoding::Utf8,
        // `error_len() == None` means the input ended mid-character.
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
        Err(_) => TextEncoding::Gb18030,
    }
}

/// Reads until `limit` bytes or end of file, whichever comes first.
fn read_up_to<R: Read>(file: &mut R, limit: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(limit.min(SAMPLE));
    file.take(limit as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GB18030.encode(s).0.into_owned()
    }

    #[test]
    fn bom_means_utf8() {
        let mut data = UTF8_BOM.to_vec();
        data.extend(gbk("名称\r\n"));
        assert_eq!(
            detect_encoding(&mut Cursor::new(data)).unwrap(),
            TextEncoding::Utf8
        );
    }

    #[test]
    fn plain_utf8_and_gbk() {
        let utf8 = "代码,名称\r\n1,企业\r\n".as_bytes().to_vec();
        assert_eq!(
            detect_encoding(&mut Cursor::new(utf8)).unwrap(),
            TextEncoding::Utf8
        );
        let gb = gbk("代码,名称\r\n1,企业\r\n");
        assert_eq!(
            detect_encoding(&mut Cursor::new(gb)).unwrap(),
            TextEncoding::Gb18030
        );
    }

    #[test]
    fn truncated_utf8_at_the_end_of_the_sample_is_utf8() {
        let mut data = vec![b'a'; SAMPLE - 1];
        data.extend("中文".as_bytes());
        assert_eq!(
            detect_encoding(&mut Cursor::new(data)).unwrap(),
            TextEncoding::Utf8
        );
    }

    #[test]
    fn gbk_after_a_long_ascii_prefix() {
        // Chinese appears only after more than one sample of ASCII.
        let mut data = b"code,amount\r\n".repeat(20_000);
        data.extend(gbk("1,小微企业\r\n"));
        let mut cursor = Cursor::new(data);
        assert_eq!(detect_encoding(&mut cursor).unwrap(), TextEncoding::Gb18030);
        assert_eq!(cursor.position(), 0, "rewound");
    }

    #[test]
    fn a_tab_separated_header_means_tabs() {
        let mut tsv = Cursor::new(
            "\r\n统一社会信用代码\t企业名称\t营业收入(万元)\r\n"
                .as_bytes()
                .to_vec(),
        );
        assert_eq!(detect_delimiter(&mut tsv).unwrap(), b'\t');
        assert_eq!(tsv.position(), 0, "rewound");
        let mut csv = Cursor::new(b"a,b,c\r\n1\t2,3\r\n".to_vec());
        assert_eq!(detect_delimiter(&mut csv).unwrap(), b',');
        let mut one_column = Cursor::new(b"name\r\n".to_vec());
        assert_eq!(detect_delimiter(&mut one_column).unwrap(), b',');
    }

    #[test]
    fn formats() {
        let mut zip = Cursor::new(b"PK\x03\x04rest".to_vec());
        assert_eq!(
            detect_format(Path::new("a.csv"), &mut zip).unwrap(),
            Kind::Xlsx
        );
        let mut text = Cursor::new(b"a,b\r\n".to_vec());
        assert_eq!(
            detect_format(Path::new("a.CSV"), &mut text).unwrap(),
            Kind::Csv
        );
        assert_eq!(
            detect_format(Path::new("upload"), &mut text).unwrap(),
            Kind::Csv
        );
        assert!(matches!(
            detect_format(Path::new("a.xls"), &mut text),
            Err(SheetError::UnknownFormat)
        ));
        // A legacy workbook renamed to .csv is still read as a workbook.
        let mut ole = Cursor::new(OLE_MAGIC.to_vec());
        assert_eq!(
            detect_format(Path::new("a.csv"), &mut ole).unwrap(),
            Kind::Xls
        );
        let mut binary = Cursor::new(vec![0u8, 1, 2]);
        assert!(matches!(
            detect_format(Path::new("upload"), &mut binary),
            Err(SheetError::UnknownFormat)
        ));
    }
}
