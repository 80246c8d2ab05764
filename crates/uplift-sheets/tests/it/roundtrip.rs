//! The same table in every supported input form reads back identically.

use rust_xlsxwriter::{Format as XFormat, Workbook};
use uplift_sheets::{Format, TextEncoding};

use crate::common::{TABLE_CSV, TempDir, expected_header, expected_rows, read_all, table_cells};

fn write_xlsx(path: &std::path::Path) {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in table_cells() {
        for (col, cell) in (0u16..).zip(cells) {
            if !cell.is_empty() {
                sheet.write_string(row, col, cell).unwrap();
            }
        }
    }
    // A trailing row of formatted but empty cells, as Excel leaves behind.
    let bordered = XFormat::new().set_bold();
    for col in 0..4 {
        sheet.write_blank(5, col, &bordered).unwrap();
    }
    workbook.save(path).unwrap();
}

#[test]
fn same_table_in_every_format() {
    let dir = TempDir::new("roundtrip");
    let utf8 = dir.path("utf8.csv");
    std::fs::write(&utf8, TABLE_CSV).unwrap();
    let bom = dir.path("bom.csv");
    std::fs::write(
        &bom,
        [b"\xEF\xBB\xBF".as_slice(), TABLE_CSV.as_bytes()].concat(),
    )
    .unwrap();
    let gb = dir.path("gb.csv");
    std::fs::write(&gb, encoding_rs::GB18030.encode(TABLE_CSV).0).unwrap();
    let xlsx = dir.path("table.xlsx");
    write_xlsx(&xlsx);

    let cases = [
        (&utf8, Format::Csv, Some(TextEncoding::Utf8)),
        (&bom, Format::Csv, Some(TextEncoding::Utf8)),
        (&gb, Format::Csv, Some(TextEncoding::Gb18030)),
        (&xlsx, Format::Xlsx, None),
    ];
    for (path, format, encoding) in cases {
        let (reader, rows) = read_all(path);
        assert_eq!(reader.format(), format, "{path:?}");
        assert_eq!(reader.encoding(), encoding, "{path:?}");
        assert_eq!(reader.header(), expected_header(), "{path:?}");
        assert_eq!(reader.header_number(), 1);
        assert_eq!(rows, expected_rows(), "{path:?}");
        let (done, total) = reader.progress();
        assert_eq!(done, total, "{path:?}");
        assert_eq!(total, std::fs::metadata(path).unwrap().len());
    }
}

#[test]
fn header_below_blank_rows_and_short_rows() {
    let dir = TempDir::new("header-below");
    let path = dir.path("t.csv");
    std::fs::write(&path, "\r\n , \r\n名称,代码,备注\r\n甲\r\n乙,2,x,extra\r\n").unwrap();
    let (reader, rows) = read_all(&path);
    assert_eq!(reader.header(), ["名称", "代码", "备注"]);
    assert_eq!(reader.header_number(), 3);
    assert_eq!(rows[0].number, 4);
    assert_eq!(rows[0].cells, ["甲"]);
    assert_eq!(rows[0].cell(2), "");
    assert_eq!(rows[1].cells, ["乙", "2", "x", "extra"]);
}

#[test]
fn empty_files_have_no_header() {
    let dir = TempDir::new("empty");
    let path = dir.path("t.csv");
    std::fs::write(&path, "\u{feff}\r\n,,\r\n").unwrap();
    let err = uplift_sheets::SheetReader::open(&path, &Default::default()).unwrap_err();
    assert!(matches!(err, uplift_sheets::SheetError::Empty), "{err:?}");
    assert_eq!(err.message_zh(), "文件中没有表头行");
}

#[test]
fn reader_can_move_to_a_blocking_thread() {
    fn send<T: Send>() {}
    send::<uplift_sheets::SheetReader>();
    send::<uplift_sheets::SheetWriter>();
    send::<uplift_sheets::SheetError>();
}
