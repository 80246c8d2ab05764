//! XLSX specifics: sheet choice and how typed cells render.

use rust_xlsxwriter::{ExcelDateTime, Format as XFormat, Workbook};
use uplift_sheets::{OpenOptions, SheetError, SheetReader};

use crate::common::{TempDir, read_all, read_with};

fn two_sheets(path: &std::path::Path) {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("说明").unwrap();
    notes.write_string(0, 0, "填写说明").unwrap();
    let list = workbook.add_worksheet();
    list.set_name("企业名录").unwrap();
    list.write_string(0, 0, "企业名称").unwrap();
    list.write_string(1, 0, "甲公司").unwrap();
    workbook.save(path).unwrap();
}

#[test]
fn first_sheet_by_default_and_named_sheet_on_request() {
    let dir = TempDir::new("xlsx-sheets");
    let path = dir.path("two.xlsx");
    two_sheets(&path);

    let (reader, rows) = read_all(&path);
    assert_eq!(reader.sheet_name(), Some("说明"));
    assert_eq!(reader.header(), ["填写说明"]);
    assert!(rows.is_empty());

    let opts = OpenOptions {
        sheet: Some("企业名录".into()),
        ..Default::default()
    };
    let (reader, rows) = read_with(&path, &opts);
    assert_eq!(reader.sheet_name(), Some("企业名录"));
    assert_eq!(reader.header(), ["企业名称"]);
    assert_eq!(rows[0].number, 2);
    assert_eq!(rows[0].cells, ["甲公司"]);
}

#[test]
fn a_missing_sheet_lists_the_available_ones() {
    let dir = TempDir::new("xlsx-missing");
    let path = dir.path("two.xlsx");
    two_sheets(&path);
    let opts = OpenOptions {
        sheet: Some("名单".into()),
        ..Default::default()
    };
    let err = SheetReader::open(&path, &opts).unwrap_err();
    match &err {
        SheetError::NoSuchSheet { name, available } => {
            assert_eq!(name, "名单");
            assert_eq!(available, &["说明", "企业名录"]);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.message_zh(),
        "找不到工作表“名单”（可用：说明、企业名录）"
    );
}

#[test]
fn hidden_first_sheet_is_skipped_by_default() {
    let dir = TempDir::new("xlsx-hidden");
    let path = dir.path("hidden.xlsx");
    let mut workbook = Workbook::new();
    let hidden = workbook.add_worksheet();
    hidden.write_string(0, 0, "lookup").unwrap();
    hidden.set_hidden(true);
    let shown = workbook.add_worksheet();
    shown.write_string(0, 0, "名称").unwrap();
    shown.set_active(true);
    workbook.save(&path).unwrap();
    let (reader, _) = read_all(&path);
    assert_eq!(reader.sheet_name(), Some("Sheet2"));
}

#[test]
fn typed_cells_render_as_specified() {
    let dir = TempDir::new("xlsx-types");
    let path = dir.path("types.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let heads = [
        "整数",
        "小数",
        "电话",
        "布尔",
        "日期",
        "日期时间",
        "时间",
        "空",
        "文本",
    ];
    for (col, head) in (0u16..).zip(heads) {
        sheet.write_string(0, col, head).unwrap();
    }
    let date_fmt = XFormat::new().set_num_format("yyyy-mm-dd");
    let datetime_fmt = XFormat::new().set_num_format("yyyy-mm-dd hh:mm:ss");
    let time_fmt = XFormat::new().set_num_format("hh:mm");
    sheet.write_number(1, 0, 12.0).unwrap();
    sheet.write_number(1, 1, 0.1).unwrap();
    sheet.write_number(1, 2, 13_800_138_000.0).unwrap();
    sheet.write_boolean(1, 3, true).unwrap();
    let day = ExcelDateTime::from_ymd(2021, 3, 5).unwrap();
    sheet
        .write_datetime_with_format(1, 4, &day, &date_fmt)
        .unwrap();
    let moment = ExcelDateTime::from_ymd(2021, 3, 5)
        .unwrap()
        .and_hms(14, 30, 0)
        .unwrap();
    sheet
        .write_datetime_with_format(1, 5, &moment, &datetime_fmt)
        .unwrap();
    let time = ExcelDateTime::from_hms(9, 15, 0).unwrap();
    sheet
        .write_datetime_with_format(1, 6, &time, &time_fmt)
        .unwrap();
    sheet.write_string(1, 8, "0012").unwrap();
    sheet.write_number(2, 1, -2.5).unwrap();
    sheet.write_boolean(2, 3, false).unwrap();
    sheet
        .write_datetime_with_format(2, 4, &moment, &date_fmt)
        .unwrap();
    workbook.save(&path).unwrap();

    let (_, rows) = read_all(&path);
    assert_eq!(
        rows[0].cells,
        [
            "12",
            "0.1",
            "13800138000",
            "TRUE",
            "2021-03-05",
            "2021-03-05 14:30:00",
            "09:15:00",
            "",
            "0012"
        ]
    );
    // A datetime shown with a date-only format still has its time of day:
    // the value, not the display, is what gets imported.
    assert_eq!(
        rows[1].cells,
        ["", "-2.5", "", "FALSE", "2021-03-05 14:30:00"]
    );
}
