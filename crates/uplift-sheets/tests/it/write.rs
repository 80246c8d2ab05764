//! SheetWriter output, read back and inspected byte by byte.

use uplift_sheets::{Format, SheetReader, SheetWriter, TextEncoding, write_to_vec};

use crate::common::{TempDir, read_all, strings};

fn rows() -> Vec<Vec<&'static str>> {
    vec![
        vec!["行号", "错误", "原值"],
        vec!["2", "企业名称不能为空", ""],
        vec!["3", "信用代码格式有误，应为18位", "91110105MA01,ABCD"],
        vec!["4", "含\"引号\"和\n换行", "=HYPERLINK(\"http://x\")"],
        vec!["5", "", "0012"],
    ]
}

#[test]
fn round_trip_every_format() {
    let dir = TempDir::new("write-roundtrip");
    let cases = [
        ("u.csv", Format::Csv, TextEncoding::Utf8),
        ("g.csv", Format::Csv, TextEncoding::Gb18030),
        ("x.xlsx", Format::Xlsx, TextEncoding::Utf8),
    ];
    for (name, format, encoding) in cases {
        let path = dir.path(name);
        let mut writer = SheetWriter::create(&path, format, encoding, Some("错误报告")).unwrap();
        for row in rows() {
            writer.write_row(&row).unwrap();
        }
        writer.finish().unwrap();

        let (reader, read) = read_all(&path);
        assert_eq!(reader.format(), format);
        if format == Format::Csv {
            assert_eq!(reader.encoding(), Some(encoding), "{name}");
        } else {
            assert_eq!(reader.sheet_name(), Some("错误报告"));
        }
        assert_eq!(reader.header(), strings(&rows()[0]));
        let formula = if format == Format::Csv {
            // CSV must defuse; the apostrophe is part of the value then.
            "'=HYPERLINK(\"http://x\")"
        } else {
            // XLSX holds it as a string cell, which never evaluates.
            "=HYPERLINK(\"http://x\")"
        };
        let expected = vec![
            strings(&["2", "企业名称不能为空"]),
            strings(&["3", "信用代码格式有误，应为18位", "91110105MA01,ABCD"]),
            strings(&["4", "含\"引号\"和\n换行", formula]),
            strings(&["5", "", "0012"]),
        ];
        assert_eq!(
            read.iter().map(|r| r.cells.clone()).collect::<Vec<_>>(),
            expected,
            "{name}"
        );
        assert_eq!(
            read.iter().map(|r| r.number).collect::<Vec<_>>(),
            [2, 3, 4, 5],
            "{name}"
        );
    }
}

#[test]
fn csv_bytes_bom_crlf_and_defusing() {
    let utf8 = write_to_vec(rows(), Format::Csv, TextEncoding::Utf8, None).unwrap();
    assert!(utf8.starts_with(b"\xEF\xBB\xBF"));
    let text = std::str::from_utf8(&utf8[3..]).unwrap();
    assert!(text.starts_with("行号,错误,原值\r\n2,企业名称不能为空,\r\n"));
    assert!(text.contains("\"91110105MA01,ABCD\""));
    assert!(text.contains("\"含\"\"引号\"\"和\n换行\",\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"));
    assert!(text.ends_with("5,,0012\r\n"));
    // Every line end outside the multi-line cell is CRLF.
    assert_eq!(text.matches("\r\n").count(), 5);
    assert_eq!(text.matches('\n').count(), 6);

    let gb = write_to_vec(rows(), Format::Csv, TextEncoding::Gb18030, None).unwrap();
    assert!(!gb.starts_with(b"\xEF\xBB\xBF"));
    assert!(std::str::from_utf8(&gb).is_err(), "really GB18030");
    let (decoded, _, bad) = encoding_rs::GB18030.decode(&gb);
    assert!(!bad);
    assert_eq!(decoded, text);
}

#[test]
fn xlsx_into_memory_matches_a_file() {
    let dir = TempDir::new("write-vec");
    let bytes = write_to_vec(rows(), Format::Xlsx, TextEncoding::Gb18030, None).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let path = dir.path("from-vec.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let (reader, read) = read_all(&path);
    assert_eq!(reader.sheet_name(), Some("Sheet1"));
    assert_eq!(read.len(), 4);

    let csv = write_to_vec(rows(), Format::Csv, TextEncoding::Utf8, None).unwrap();
    let path = dir.path("file.csv");
    let mut writer = SheetWriter::create(&path, Format::Csv, TextEncoding::Utf8, None).unwrap();
    for row in rows() {
        writer.write_row(&row).unwrap();
    }
    writer.finish().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), csv);
}

#[test]
fn an_unwritable_path_fails_at_create() {
    let dir = TempDir::new("write-fail");
    let path = dir.path("missing-dir").join("x.xlsx");
    assert!(SheetWriter::create(&path, Format::Xlsx, TextEncoding::Utf8, None).is_err());
    // And nothing half-made is readable as a sheet.
    assert!(SheetReader::open(&path, &Default::default()).is_err());
}
