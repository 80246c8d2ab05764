//! Legacy Excel 97–2003 workbooks, from a fixture made with xlwt (no Rust crate writes
//! the format): `crates/uplift/tests/fixtures/directory-6.xls`.

use std::path::PathBuf;

use uplift_sheets::{Format, OpenOptions, SheetError, SheetReader};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../uplift/tests/fixtures/directory-6.xls")
}

#[test]
fn an_xls_sheet_reads_like_its_csv_with_spreadsheet_row_numbers() {
    let mut reader = SheetReader::open(&fixture(), &OpenOptions::default()).unwrap();
    assert_eq!(reader.format(), Format::Xlsx, "reports go out as .xlsx");
    assert_eq!(reader.sheet_name(), Some("企业名录"));
    assert_eq!(reader.header()[0], "统一社会信用代码");
    let rows: Vec<_> = reader.by_ref().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 6);
    // Number cells come out as typed: no ".0", no exponent, decimals kept.
    assert_eq!(
        rows[1].cells,
        [
            "91430200254434060K",
            "株洲联创塑胶制品有限公司",
            "430200",
            "工业",
            "4",
            "254",
            "203.2",
            "312",
            "存续",
            "徐艳",
            "19190913181"
        ]
    );
    // The blank row after the second data row is skipped but still counted.
    let numbers: Vec<u64> = rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [2, 3, 5, 6, 7, 8]);
    assert_eq!(reader.progress().0, reader.progress().1);
}

#[test]
fn a_named_sheet_of_an_xls_is_read_and_a_missing_one_is_listed() {
    let opts = OpenOptions {
        sheet: Some("填表说明".into()),
        ..Default::default()
    };
    let reader = SheetReader::open(&fixture(), &opts).unwrap();
    assert_eq!(reader.header(), ["金额单位：万元"]);

    let opts = OpenOptions {
        sheet: Some("Sheet9".into()),
        ..Default::default()
    };
    match SheetReader::open(&fixture(), &opts) {
        Err(SheetError::NoSuchSheet { available, .. }) => {
            assert_eq!(available, ["企业名录", "填表说明"]);
        }
        other => panic!("{:?}", other.map(|r| r.header().to_vec())),
    }
}
