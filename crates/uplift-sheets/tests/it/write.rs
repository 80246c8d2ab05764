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

// ---------------------------------------------------------------------------
// Typed cells.
// ---------------------------------------------------------------------------

mod typed {
    use std::io::Read;

    use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
    use chrono::NaiveDate;
    use uplift_sheets::{Cell, Format, SheetLayout, SheetWriter, TextEncoding};

    use crate::common::{TempDir, read_all};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn header() -> Vec<Cell> {
        [
            "统一社会信用代码",
            "数量",
            "金额（万元）",
            "成立日期",
            "更新时间",
            "备注",
        ]
        .map(Cell::from)
        .to_vec()
    }

    fn rows() -> Vec<Vec<Cell>> {
        vec![
            vec![
                Cell::from("91430200254434060K"),
                Cell::Integer(12),
                Cell::Decimal {
                    units: 12_345,
                    scale: 4,
                },
                Cell::Date(day(2021, 3, 5)),
                Cell::DateTime(day(2026, 11, 29).and_hms_opt(14, 30, 0).unwrap()),
                Cell::Empty,
            ],
            vec![
                Cell::from("0012"),
                Cell::Integer(-3),
                Cell::Decimal { units: 5, scale: 2 },
                Cell::from(None::<NaiveDate>),
                Cell::DateTime(day(2000, 1, 1).and_hms_opt(0, 0, 0).unwrap()),
                Cell::from("=SUM(B2:B3)"),
            ],
        ]
    }

    fn write(path: &std::path::Path, format: Format) {
        let mut w = SheetWriter::create(path, format, TextEncoding::Utf8, Some("名录")).unwrap();
        w.write_cells(&header()).unwrap();
        for row in rows() {
            w.write_cells(&row).unwrap();
        }
        w.add_sheet("说明", SheetLayout::Notes).unwrap();
        w.write_row(&["填写说明"]).unwrap();
        w.write_row(&["1. 金额单位为万元，保留四位小数。"]).unwrap();
        w.finish().unwrap();
    }

    fn part(path: &std::path::Path, name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn xlsx_numbers_are_numbers_and_dates_are_dates() {
        let dir = TempDir::new("typed-xlsx");
        let path = dir.path("typed.xlsx");
        write(&path, Format::Xlsx);

        let mut book: Xlsx<_> = open_workbook(&path).unwrap();
        assert_eq!(book.sheet_names(), ["名录", "说明"]);
        let range = book.worksheet_range("名录").unwrap();
        let cell = |row: usize, col: usize| range.get((row, col)).cloned().unwrap_or(Data::Empty);
        // Text stays text, leading zeros and formula-like text included.
        assert_eq!(cell(1, 0), Data::String("91430200254434060K".into()));
        assert_eq!(cell(2, 0), Data::String("0012".into()));
        assert_eq!(cell(2, 5), Data::String("=SUM(B2:B3)".into()));
        // Numbers are numbers, so SUM works.
        for (row, expected) in [(1, 12.0), (2, -3.0)] {
            match cell(row, 1) {
                Data::Float(f) => assert_eq!(f, expected),
                Data::Int(i) => assert_eq!(i as f64, expected),
                other => panic!("row {row}: {other:?}"),
            }
        }
        assert_eq!(cell(1, 2), Data::Float(1.2345));
        assert_eq!(cell(2, 2), Data::Float(0.05));
        // Dates are dates: 44260 is 2021-03-05 in Excel's calendar.
        let date = cell(1, 3);
        assert!(date.is_datetime(), "{date:?}");
        match date {
            Data::DateTime(serial) => assert_eq!(serial.as_f64(), 44_260.0),
            other => panic!("{other:?}"),
        }
        let moment = cell(1, 4);
        assert!(moment.is_datetime(), "{moment:?}");
        assert_eq!(cell(2, 3), Data::Empty);
        assert_eq!(cell(1, 5), Data::Empty);

        // And the reader renders them as it renders any workbook.
        let (reader, read) = read_all(&path);
        assert_eq!(reader.header()[2], "金额（万元）");
        assert_eq!(
            read[0].cells,
            [
                "91430200254434060K",
                "12",
                "1.2345",
                "2021-03-05",
                "2026-11-29 14:30:00"
            ]
        );
        assert_eq!(
            read[1].cells,
            ["0012", "-3", "0.05", "", "2000-01-01", "=SUM(B2:B3)"]
        );

        let notes = book.worksheet_range("说明").unwrap();
        assert_eq!(notes.get((0, 0)), Some(&Data::String("填写说明".into())));
    }

    #[test]
    fn xlsx_header_is_frozen_filtered_and_columns_fit() {
        let dir = TempDir::new("typed-layout");
        let path = dir.path("typed.xlsx");
        write(&path, Format::Xlsx);
        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        assert!(
            sheet.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}"
        );
        assert!(sheet.contains(r#"<autoFilter ref="A1:F3"/>"#), "{sheet}");
        // Decimals and dates carry number formats.
        let styles = part(&path, "xl/styles.xml");
        for format in ["0.0000", "0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm"] {
            assert!(
                styles.contains(&format!(r#"formatCode="{format}""#)),
                "{format}: {styles}"
            );
        }
        // The header is bold.
        assert!(styles.contains("<b/>"), "{styles}");

        let widths = column_widths(&sheet);
        // 统一社会信用代码 is eight CJK characters: sixteen columns wide, plus
        // the filter arrow and room; 数量 and a two-digit number are narrow.
        assert!(widths[0] >= 20.0, "{widths:?}");
        assert!(widths[1] < widths[0] / 2.0, "{widths:?}");
        // The notes sheet has no header, no filter and no frozen pane.
        let notes = part(&path, "xl/worksheets/sheet2.xml");
        assert!(!notes.contains("<autoFilter"), "{notes}");
        assert!(!notes.contains("frozen"), "{notes}");
    }

    fn column_widths(sheet: &str) -> Vec<f64> {
        sheet
            .split("<col ")
            .skip(1)
            .map(|col| {
                let width = col.split("width=\"").nth(1).unwrap();
                width[..width.find('"').unwrap()].parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn wide_columns_are_capped() {
        let dir = TempDir::new("typed-cap");
        let path = dir.path("wide.xlsx");
        let mut w = SheetWriter::create(&path, Format::Xlsx, TextEncoding::Utf8, None).unwrap();
        w.write_row(&["备注"]).unwrap();
        w.write_row(&["很长的备注".repeat(40)]).unwrap();
        w.finish().unwrap();
        let widths = column_widths(&part(&path, "xl/worksheets/sheet1.xml"));
        assert!(widths[0] <= 61.0, "{widths:?}");
        assert!(widths[0] >= 59.0, "{widths:?}");
    }

    #[test]
    fn csv_numbers_plain_dates_iso_and_one_table() {
        let dir = TempDir::new("typed-csv");
        let path = dir.path("typed.csv");
        write(&path, Format::Csv);
        let bytes = std::fs::read(&path).unwrap();
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "统一社会信用代码,数量,金额（万元）,成立日期,更新时间,备注\r\n\
             91430200254434060K,12,1.2345,2021-03-05,2026-11-29 14:30:00,\r\n\
             0012,-3,0.05,,2000-01-01 00:00:00,'=SUM(B2:B3)\r\n"
        );
    }
}
