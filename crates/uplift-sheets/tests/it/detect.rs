//! Encoding and format detection through the public API.

use uplift_sheets::{Format, OpenOptions, SheetError, SheetReader, TextEncoding};

use crate::common::{TempDir, read_all, read_with};

#[test]
fn gbk_with_chinese_only_after_ascii_rows() {
    let dir = TempDir::new("detect-gbk");
    for ascii_rows in [10, 10_000] {
        let mut text = String::from("code,name\r\n");
        for i in 0..ascii_rows {
            text.push_str(&format!("{i},company {i}\r\n"));
        }
        text.push_str("9,小微企业质量管理\r\n");
        let path = dir.path(&format!("gbk-{ascii_rows}.csv"));
        std::fs::write(&path, encoding_rs::GBK.encode(&text).0).unwrap();
        let (reader, rows) = read_all(&path);
        assert_eq!(
            reader.encoding(),
            Some(TextEncoding::Gb18030),
            "{ascii_rows}"
        );
        let last = rows.last().unwrap();
        assert_eq!(last.cells, ["9", "小微企业质量管理"]);
        assert_eq!(last.number, ascii_rows + 2);
    }
}

#[test]
fn bomless_utf8_is_utf8() {
    let dir = TempDir::new("detect-utf8");
    let path = dir.path("u.csv");
    std::fs::write(&path, "code,name\r\n1,小微企业\r\n").unwrap();
    let (reader, rows) = read_all(&path);
    assert_eq!(reader.encoding(), Some(TextEncoding::Utf8));
    assert_eq!(rows[0].cells, ["1", "小微企业"]);
}

#[test]
fn forced_options_win() {
    let dir = TempDir::new("detect-forced");
    // UTF-8 bytes forced to be read as GB18030 come out as mojibake, which
    // proves the option is honoured.
    let path = dir.path("upload.bin");
    std::fs::write(&path, "名称\r\n企业\r\n").unwrap();
    let opts = OpenOptions {
        encoding: Some(TextEncoding::Gb18030),
        format: Some(Format::Csv),
        ..Default::default()
    };
    let (reader, _) = read_with(&path, &opts);
    assert_eq!(reader.encoding(), Some(TextEncoding::Gb18030));
    assert_ne!(reader.header(), ["名称"]);
}

#[test]
fn unknown_formats_are_refused() {
    let dir = TempDir::new("detect-unknown");
    let doc = dir.path("notes.doc");
    std::fs::write(&doc, [0x7B, 0x5C, 0x72, 0x74, 0x66, 0x31, 0, 0]).unwrap();
    let err = SheetReader::open(&doc, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, SheetError::UnknownFormat), "{err:?}");
    assert_eq!(
        err.message_zh(),
        "无法识别的文件格式：请上传 CSV、XLSX 或 XLS 文件"
    );

    // An OLE2 file that is no workbook is a calamine error, with the way out.
    let xls = dir.path("old.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap();
    let err = SheetReader::open(&xls, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, SheetError::Xls(_)), "{err:?}");
    assert!(
        err.message_zh().contains("另存为 .xlsx"),
        "{}",
        err.message_zh()
    );

    // A zip that is not a workbook is a calamine error, not a panic.
    let zip = dir.path("fake.xlsx");
    std::fs::write(&zip, b"PK\x03\x04garbage").unwrap();
    let err = SheetReader::open(&zip, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, SheetError::Xlsx(_)), "{err:?}");
}

#[test]
fn an_extensionless_upload_is_sniffed() {
    let dir = TempDir::new("detect-sniff");
    let path = dir.path("upload");
    std::fs::write(&path, "a,b\r\n1,2\r\n").unwrap();
    let (reader, rows) = read_all(&path);
    assert_eq!(reader.format(), Format::Csv);
    assert_eq!(rows.len(), 1);
}
