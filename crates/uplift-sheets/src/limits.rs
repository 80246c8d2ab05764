//! How much an upload may make the server unpack, parse and hold.
//!
//! An XLSX is a zip of XML, and a legacy XLS is a container whose records the parser
//! expands into a grid of cells: in both a small file can ask for a great deal of
//! memory (a 2 MB workbook whose shared strings unpack to 1 GiB, one 1 GiB cell, a
//! 500-byte .xls declaring four billion rows). Every number here bounds one such
//! amplification, is checked before the parser is given the data it limits, and is
//! reported as [`SheetError::LimitExceeded`](crate::SheetError::LimitExceeded) when
//! an upload goes past it.

/// The bounds an upload must stay within. [`Limits::default`] is meant for the
/// enterprise directories and lists officials upload; pass your own through
/// [`OpenOptions::limits`](crate::OpenOptions::limits) for other jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    /// Files inside an XLSX (zip entries). A workbook has a handful of parts per
    /// sheet (the sheet, its relationships, drawings, comments, printer settings);
    /// 10,000 allows hundreds of sheets, while the zip library's bookkeeping for
    /// the entries stays a few MB.
    pub max_zip_entries: u64,
    /// Unpacked bytes of any one part: a zip entry of an XLSX, or a stream of an
    /// XLS container. The worksheet is read as a stream, so this bounds time more
    /// than memory: 512 MiB of sheet XML is a full 1,048,576-row sheet of about a
    /// dozen columns, and takes seconds, not minutes, to parse. Every other part is
    /// held by the parser and is bounded more tightly by `max_decoded_bytes`.
    pub max_entry_bytes: u64,
    /// Unpacked bytes of all the parts that are read, together (declared sizes
    /// of all entries, too): twice one full sheet.
    pub max_total_bytes: u64,
    /// Unpacked bytes of the XLSX shared-strings table (`xl/sharedStrings.xml`),
    /// which the parser loads whole before the first row. 64 MiB of XML holds
    /// more than a million distinct texts, e.g. five text columns of a
    /// 200,000-row directory in which every value differs.
    pub max_shared_strings_bytes: u64,
    /// Characters in one cell: 32,767 is Excel's own limit, so no file Excel or
    /// WPS wrote has a longer cell. Before parsing, the XML of one cell (and any
    /// other single piece of markup or text) may take at most 12 bytes per
    /// character plus 64 KiB (a numeric character reference takes at most 10,
    /// rich-text markup takes the rest).
    pub max_cell_chars: u64,
    /// The highest row number read, in any format. An XLSX sheet cannot have more
    /// than 1,048,576 rows and an XLS 65,536, so for them this only stops crafted
    /// files; a CSV of 5,000,000 rows is already far more than any city's
    /// directory, and an import of it would run for hours.
    pub max_rows: u64,
    /// Bytes of text in one row of an XLSX or XLS sheet. A cell that refers to a
    /// shared string is 20 bytes of XML but as long as the string, so a row could
    /// otherwise be 16,384 copies of a 32,767-character text. 1 MiB is ten cells
    /// of Excel's maximum length in Chinese; directory rows are a few hundred
    /// bytes. (CSV rows have their own, older bound: 4 MiB, reported as
    /// `RowTooLarge`.)
    pub max_row_bytes: u64,
    /// Memory the parser may build from a workbook before the first row is
    /// handed out, as estimated from the file before it is parsed: for an XLSX
    /// the shared-string table, the styles and the other parts read whole; for
    /// an XLS every sheet (the parser expands each into a full grid) with its
    /// texts and formulas. 256 MiB takes a 65,536-row XLS of twenty columns.
    pub max_decoded_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_zip_entries: 10_000,
            max_entry_bytes: 512 * MIB,
            max_total_bytes: 1024 * MIB,
            max_shared_strings_bytes: 64 * MIB,
            max_cell_chars: 32_767,
            max_rows: 5_000_000,
            max_row_bytes: MIB,
            max_decoded_bytes: 256 * MIB,
        }
    }
}

impl Limits {
    /// The most bytes of XML one cell, or any one piece of text or markup,
    /// may take (see [`Limits::max_cell_chars`]).
    pub(crate) fn max_cell_xml_bytes(&self) -> u64 {
        self.max_cell_chars
            .saturating_mul(12)
            .saturating_add(64 * 1024)
    }
}

/// Which bound an upload went past; see the fields of [`Limits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// [`Limits::max_zip_entries`].
    ZipEntries,
    /// [`Limits::max_entry_bytes`].
    EntryBytes,
    /// [`Limits::max_total_bytes`].
    TotalBytes,
    /// A zip entry unpacks to more than the size its directory declares. That
    /// is a forged or broken file; `max` is the declared size.
    DeclaredSize,
    /// [`Limits::max_shared_strings_bytes`].
    SharedStringsBytes,
    /// [`Limits::max_cell_chars`], counted in the text of a cell.
    CellChars,
    /// [`Limits::max_cell_chars`], counted in the XML bytes of one cell (or of
    /// any one piece of text or markup) before it is parsed.
    CellXmlBytes,
    /// [`Limits::max_rows`].
    Rows,
    /// [`Limits::max_row_bytes`].
    RowBytes,
    /// [`Limits::max_decoded_bytes`].
    DecodedBytes,
}

/// How a limit's numbers read.
enum Unit {
    Bytes,
    Count,
    Chars,
}

impl Limit {
    fn unit(self) -> Unit {
        match self {
            Limit::ZipEntries | Limit::Rows => Unit::Count,
            Limit::CellChars => Unit::Chars,
            Limit::EntryBytes
            | Limit::TotalBytes
            | Limit::DeclaredSize
            | Limit::SharedStringsBytes
            | Limit::CellXmlBytes
            | Limit::RowBytes
            | Limit::DecodedBytes => Unit::Bytes,
        }
    }

    /// What is measured, for the English message.
    pub(crate) fn what_en(self) -> &'static str {
        match self {
            Limit::ZipEntries => "files in the workbook's zip",
            Limit::EntryBytes => "unpacked size of one part of the workbook",
            Limit::TotalBytes => "unpacked size of the workbook",
            Limit::DeclaredSize => "unpacked size of a part against its declared size",
            Limit::SharedStringsBytes => "size of the shared-strings table",
            Limit::CellChars => "characters in one cell",
            Limit::CellXmlBytes => "XML size of one cell",
            Limit::Rows => "row number",
            Limit::RowBytes => "text in one row",
            Limit::DecodedBytes => "memory needed to read the workbook (estimated)",
        }
    }

    /// What is measured, for the Chinese message.
    pub(crate) fn what_zh(self) -> &'static str {
        match self {
            Limit::ZipEntries => "工作簿压缩包内的文件数",
            Limit::EntryBytes => "工作簿单个部件解压后的大小",
            Limit::TotalBytes => "工作簿解压后的总大小",
            Limit::DeclaredSize => "部件解压后的实际大小（与其声明大小相比）",
            Limit::SharedStringsBytes => "共享字符串表的大小",
            Limit::CellChars => "单元格字数",
            Limit::CellXmlBytes => "单个单元格的 XML 大小",
            Limit::Rows => "行号",
            Limit::RowBytes => "单行文字的大小",
            Limit::DecodedBytes => "读取该工作簿所需的内存（估算）",
        }
    }

    /// `max` and `found` as text; in exact bytes when rounding would show
    /// the same figure for both (1.0 MB over a limit of 1.0 MB says nothing).
    fn amounts(self, max: u64, found: u64, amount: fn(Limit, u64) -> String) -> (String, String) {
        let (max_text, found_text) = (amount(self, max), amount(self, found));
        if max_text == found_text && matches!(self.unit(), Unit::Bytes) {
            return (format!("{max} B"), format!("{found} B"));
        }
        (max_text, found_text)
    }

    /// A number with its unit, in English.
    pub(crate) fn amount_en(self, n: u64) -> String {
        match self.unit() {
            Unit::Bytes => bytes_en(n),
            Unit::Count => n.to_string(),
            Unit::Chars => format!("{n} characters"),
        }
    }

    /// A number with its unit, in Chinese.
    pub(crate) fn amount_zh(self, n: u64) -> String {
        match self.unit() {
            Unit::Bytes => bytes_en(n),
            Unit::Count => n.to_string(),
            Unit::Chars => format!("{n} 字"),
        }
    }
}

/// The English text of [`SheetError::LimitExceeded`](crate::SheetError::LimitExceeded).
pub(crate) fn message_en(limit: &Limit, max: &u64, found: &u64) -> String {
    let (limit, max, found) = (*limit, *max, *found);
    let (max, found) = limit.amounts(max, found, Limit::amount_en);
    if limit == Limit::DeclaredSize {
        return format!(
            "a part of the workbook unpacks to more than its declared size of {max} \
             (at least {found}): the file is damaged or forged"
        );
    }
    format!("{}: {found} (the limit is {max})", limit.what_en())
}

/// The Chinese text of [`SheetError::LimitExceeded`](crate::SheetError::LimitExceeded).
pub(crate) fn message_zh(limit: Limit, max: u64, found: u64) -> String {
    let (max, found) = limit.amounts(max, found, Limit::amount_zh);
    if limit == Limit::DeclaredSize {
        return format!(
            "工作簿中有部件解压后超过其声明的大小（声明 {max}，实际至少 {found}），文件已损坏或被篡改，请重新导出后再上传"
        );
    }
    format!(
        "文件超出处理上限：{}为 {found}，上限为 {max}。请检查文件内容，或拆分为较小的文件后再上传",
        limit.what_zh()
    )
}

/// Bytes the way people read them: exact below 1 KiB, else in KB/MB/GB
/// (binary, one decimal), which both languages write the same way.
fn bytes_en(n: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)];
    for (name, size) in UNITS {
        if n >= size {
            // Tenths, computed in integers so no float rounding shows.
            let tenths = u128::from(n) * 10 / u128::from(size);
            return format!("{}.{} {name}", tenths / 10, tenths % 10);
        }
    }
    format!("{n} B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_naturally() {
        assert_eq!(bytes_en(512), "512 B");
        assert_eq!(bytes_en(64 * MIB), "64.0 MB");
        assert_eq!(bytes_en(1536), "1.5 KB");
        assert_eq!(bytes_en(3 << 30), "3.0 GB");
    }

    #[test]
    fn cell_xml_bound_follows_the_character_limit() {
        let limits = Limits::default();
        assert_eq!(limits.max_cell_xml_bytes(), 32_767 * 12 + 65_536);
    }
}
